"""Clean a found body in place: scripts, hidden elements, share/print widgets, info lines, index tables,
navigation blocks and the repeated title go; data tables stay."""

from __future__ import annotations

import re

from lxml import etree

from govreports.extract.body import Body
from govreports.extract.htmltree import DROP_TAGS, INLINE_TAGS, drop_tree, is_element, text_of
from govreports.extract.normalise import fold, similar, squash
from govreports.extract.tables import TableKinds

_WIDGET = re.compile(
    r"(?:^|[-_\s])(?:share|bdshare|bds|fenxiang|print|printer|dayin|close|guanbi|jiucuo|qrcode|ewm|erweima|"
    r"sweep|prenext|pre_next|pagenav|breadcrumb|crumb|position|location|xglj|xgxx|xgwz|related|relnews|"
    r"toolbar|fontsize|zihao|article_extend|article_attr|article-attr|function_icon|small-title)(?:[-_\s\d]|$)",
    re.I,
)
_ATTRIBUTED = etree.XPath("descendant::*[@hidden or @class or @id or @style]")
# Separate expressions: a predicate per element, or a union of node sets, costs libxml2 several times more.
_HAS_HIDDEN_ATTR = etree.XPath("boolean(descendant::*/@hidden)")
_STYLES = etree.XPath("descendant::*/@style", smart_strings=False)
_CLASSES = etree.XPath("descendant::*/@class", smart_strings=False)
_IDS = etree.XPath("descendant::*/@id", smart_strings=False)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TOKENS_ONLY = re.compile(
    r"(?:[\s|｜/、:：\[\]【】()（）]|展开阅读全文|点击展开全文|点击查看全文|展开全文|查看全文|阅读全文|收起全文|打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭|我要纠错|纠错|收藏本页|"
    r"加入收藏|收藏|分享到|分享|返回顶部|返回|保存本页|微信|微博|QQ空间|QQ|复制链接|字体|字号|默认|超大|放大|缩小|"
    r"正常|大|中|小|[+＋\-－A])+"
)
_CHROME_PREFIX = re.compile(
    r"(?:扫一扫|用微信扫|手机扫描|手机扫一扫|【?[(（]?责任编辑|分享到|"
    # these words also open ordinary sentences, so only as labels: followed by a colon or alone
    r"(?:上一篇|下一篇|上一条|下一条|上篇|下篇|当前位置|您的位置|您现在的位置|您当前所在位置|您所在的位置|"
    r"所在位置|当前的位置|相关链接|相关阅读|相关文章|相关稿件|关联稿件|相关新闻|推荐阅读|延伸阅读|相关信息)"
    r"\s*(?:[:：>》]|$))"
)
_FOOTER_WORDS = re.compile(r"网站标识码|版权所有|ICP备|公网安备|技术支持[:：]|主办单位[:：]|承办单位[:：]")
_INFO_LABEL = (
    r"(?:发布时间|发布日期|信息来源|文章来源|来源|作者|浏览次数|点击数|点击量|访问量|阅读次数|"
    r"浏览量|发布者|字体|字号|时(?<![\u4e00-\u9fff]时)间|日(?<![\u4e00-\u9fff]日)期)\s*[:：]"
)
_INFO = re.compile(_INFO_LABEL)
_INDEX_LABELS = re.compile(
    r"索\s*引\s*号|发\s*布\s*机\s*构|发\s*文\s*机\s*关|成\s*文\s*日\s*期|发\s*文\s*日\s*期|发\s*布\s*日\s*期|"
    r"公\s*开\s*日\s*期|文\s*号|主\s*题\s*分\s*类|主\s*题\s*词|公\s*开\s*方\s*式|公\s*开\s*范\s*围|"
    r"有\s*效\s*性|时\s*效|生\s*成\s*日\s*期|责\s*任\s*部\s*门|信\s*息\s*来\s*源"
)
_CHROME_CHECK_TAGS = frozenset(
    "p div li ul ol dl dd dt section h1 h2 h3 h4 h5 h6 center table".split()  # noqa: SIM905
)
_TITLE_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "center", "strong", "b", "font", "span")
_BLOCK_TAGS = ("p", "div", "table", "h1", "h2", "h3", "h4", "li")




def _may_hold_hidden_or_widgets(container) -> bool:
    """Whether any element could be dropped as hidden or as a widget. The attribute values alone, read in
    C, usually say there is nothing to find — far cheaper than the per-element scan over a Word-pasted
    body (thousands of styled spans)."""
    if _HAS_HIDDEN_ATTR(container):
        return True
    # one string: a match across two styles only costs the exact scan, and the regex is slow per value
    styles = "\n".join(set(_STYLES(container)))
    if _mentions(styles, ("display", "visibility")) and _HIDDEN_STYLE.search(styles):
        return True
    names = set(_CLASSES(container))
    names.update(_IDS(container))
    return any(_WIDGET.search(value) for value in names)


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether a case-insensitive regex for one of these words could match: substring tests on the
    lower-cased text, unless it holds ſ, İ or ı, which re.I matches to s and i but lower() keeps."""
    low = text.lower()
    return any(word in low for word in words) or "\u017f" in text or "\u0130" in text or "\u0131" in text


def _is_hidden(el) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _is_widget(el) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(names) and bool(_WIDGET.search(names)) and len(fold(text_of(el))) <= 60


def _is_index_table(text: str) -> bool:
    labels = {squash(m) for m in _INDEX_LABELS.findall(text)}
    return len(labels) >= 3 and bool(labels & {"索引号", "文号", "发布机构", "发文机关"})


def is_chrome_text(t: str) -> bool:
    """True for a short block whose whole text is site chrome (info line, widget labels, breadcrumbs …)."""
    if not t:
        return False
    if len(t) <= 40 and _TOKENS_ONLY.fullmatch(t):
        return True
    if len(t) > 150:
        return False
    if _CHROME_PREFIX.match(t) or _FOOTER_WORDS.search(t):
        return True
    if ":" not in t and "：" not in t:
        return False  # every _INFO label ends in a colon; the scans below are the costly part
    if _INFO.match(t):
        return True
    return len({m.group(0)[:2] for m in _INFO.finditer(t)}) >= 2


def _chrome_block(el, kinds: TableKinds) -> bool:
    raw = text_of(el)
    listish = el.tag in ("table", "ul", "dl", "div", "ol")
    if len(raw) > (800 if listish else 400):
        return False
    t = fold(raw)
    if listish and _is_index_table(t):
        return True
    if el.tag == "table" and kinds.is_data(el):
        return False
    return is_chrome_text(t)


def _holds_blocks(el) -> bool:
    """Whether a block (p, div, table, h1–h4, li) is below el: the first one in document order settles it, so a
    wrapper answers at its first child. An XPath over the whole subtree, asked of every wrapper in turn, was
    quadratic in the nesting: 42 s for a page nested 2,000 <div>s deep."""
    return next(el.iterdescendants(*_BLOCK_TAGS), None) is not None


def _drop_repeated_title(container, title: str) -> None:
    target = squash(title)
    if len(target) < 4:
        return
    acc, seen = "", []
    for el in container.iter(*_TITLE_TAGS):
        if el.tag in ("p", "div", "center") and _holds_blocks(el):
            continue
        t = squash(text_of(el))
        if not t:
            continue
        if any(s in el.iterancestors() for s in seen):
            continue
        acc += t
        seen.append(el)
        # near-equality: the heading in the body may differ from the title by a character (2019年 / 2019年度)
        if acc == target or (len(acc) >= 0.8 * len(target) and similar(acc, target, 0.9)):
            for s in seen:
                drop_tree(s)
            return
        if len(acc) > len(target) + 4 or len(seen) >= 3:
            return


def clean_body(body: Body, title: str) -> None:
    """Remove scripts, hidden elements, widgets, info/index/navigation blocks and the repeated title."""
    container = body.container
    etree.strip_elements(container, *DROP_TAGS, with_tail=False)
    etree.strip_tags(container, etree.Comment, etree.ProcessingInstruction)
    if _may_hold_hidden_or_widgets(container):
        total = len(text_of(container))
        for el in _ATTRIBUTED(container):
            if (_is_hidden(el) and len(text_of(el)) * 2 < total) or _is_widget(el):
                drop_tree(el)
    etree.strip_tags(container, *INLINE_TAGS)
    doomed = []
    walker = etree.iterwalk(container, events=("start",))
    for _, el in walker:
        if el is container or not is_element(el):
            continue
        if el.tag in _CHROME_CHECK_TAGS and _chrome_block(el, body.kinds):
            doomed.append(el)
            walker.skip_subtree()
        elif el.tag == "table" and body.kinds.is_data(el):
            walker.skip_subtree()
    for el in doomed:
        drop_tree(el)
    if title:
        _drop_repeated_title(container, title)
