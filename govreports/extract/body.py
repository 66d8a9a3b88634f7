"""Find the report body in a parsed page, strip the chrome inside it, and collect its attachments."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from itertools import compress
from operator import methodcaller
from urllib.parse import urljoin, urlsplit

from lxml import etree

from govreports.extract.htmltree import (
    DROP_TAGS,
    INLINE_TAGS,
    TableKinds,
    drop_tree,
    is_element,
    parse_html,
    text_length,
    text_of,
)
from govreports.extract.normalise import fold, similar, squash

# --- known CMS containers, most specific first ----------------------------------------------------
_SELECTORS: tuple[tuple[str, str, str], ...] = (  # (label, what to match, value)
    ("div.TRS_Editor", "class", "TRS_Editor"),
    ("div.TRS_UEDITOR", "class", "TRS_UEDITOR"),
    ("#UCAP-CONTENT", "id", "UCAP-CONTENT"),
    ("ucapcontent", "tag", "ucapcontent"),
    (".pages_content", "class", "pages_content"),
    ("#zoomcon", "id", "zoomcon"),
    ("#zoom", "id", "zoom"),
    (".article-content", "class", "article-content"),
    (".article_content", "class", "article_content"),
    (".xxgk_content", "class", "xxgk_content"),
    (".bt_content", "class", "bt_content"),
    ("#fontzoom", "id", "fontzoom"),
)
# Raw-text probes decide whether the element scan is needed at all; the scan reads the class of the usual
# container tags, because XPath contains(@class, …) over a whole page cost milliseconds.
_PROBES = tuple(
    "TRS_Editor TRS_UEDITOR UCAP-CONTENT ucapcontent pages_content zoom article-content "  # noqa: SIM905
    "article_content xxgk_content bt_content".split()
)
_CLASS_PROBES = (
    "TRS_Editor",
    "TRS_UEDITOR",
    "pages_content",
    "article-content",
    "article_content",
    "xxgk_content",
    "bt_content",
)
_CLASS_HINT = re.compile("|".join(_CLASS_PROBES))
_CLASS_OF = methodcaller("get", "class", "")
_SCAN_TAGS = ("div", "td", "section", "article")
_SCAN_TAGS_NOT_TD = ("div", "section", "article")
_TD_CLASSES = etree.XPath("descendant-or-self::td/@class", smart_strings=False)
# libxml2 indexes HTML id attributes, so id() is a hash lookup where a scan costs a millisecond
_BY_ID = etree.XPath("id('UCAP-CONTENT') | id('zoomcon') | id('zoom') | id('fontzoom')")
_MARKERS = (
    (
        re.compile(r"<meta\s[^>]*?name\s*=\s*[\"']?ContentStart\b[^>]*>", re.I),
        re.compile(r"<meta\s[^>]*?name\s*=\s*[\"']?ContentEnd\b[^>]*>", re.I),
        "<meta name=ContentStart>",
    ),
    (
        re.compile(r"<!--\s*ZJEG_RSS\.content\.begin\s*-->", re.I),
        re.compile(r"<!--\s*ZJEG_RSS\.content\.end\s*-->", re.I),
        "<!--ZJEG_RSS.content.begin-->",
    ),
)
_START_META = etree.XPath("descendant-or-self::meta[@name='ContentStart']")  # from the root element

# --- report markers: boost a generic block that carries the template's section headings -----------
REPORT_MARKERS = re.compile(
    r"[一二三四五六][、.．]\s*(?:总体情况|概述|主动公开|收到和处理|依申请|政府信息公开行政复议|因政府信息公开|"
    r"存在的主要问题|政府信息公开工作存在|其他需要报告)"
)

_CONTAINER_TAGS = frozenset(
    "div td th table tbody tr section article main center form body ul ol dl dd aside nav "  # noqa: SIM905
    "header footer".split()
)
_SCORED_TAGS = frozenset(["div", "td", "section", "article", "main", "center", "form", "body", "dd"])
_MIN_CONTAINER_TEXT = 30
_MIN_FALLBACK_TEXT = 150

# --- chrome inside the body -----------------------------------------------------------------------
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
_LEAF_BLOCK = etree.XPath("boolean(.//p | .//div | .//table | .//h1 | .//h2 | .//h3 | .//h4 | .//li)")

ATTACHMENT_EXT = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|ofd|zip|rar)$", re.I)
_EXT_ANYWHERE = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|ofd|zip|rar)", re.I)
_URL_STRIPPED = str.maketrans("", "", "\t\r\n")
_LINK_HREFS = etree.XPath("descendant-or-self::a/@href", smart_strings=False)
_LINK_TEXTS = etree.XPath("descendant-or-self::a//text()", smart_strings=False)


def _may_be_file(url: str) -> bool:
    return _EXT_ANYWHERE.search(url.translate(_URL_STRIPPED)) is not None


@dataclass
class Body:
    container: object | None  # lxml element holding the body, cleaned in place
    source: str  # which selector / method found it, for diagnostics
    anchor: object | None = None  # element in the page tree near the body, for attachments "around" it
    empty_reason: str = ""
    kinds: TableKinds = field(default_factory=TableKinds)


def _has_content(el) -> bool:
    text = text_of(el)
    # fold() removes nothing but whitespace and zero-width characters, so a short prefix that holds enough
    # of anything else settles it without folding a whole body
    if len(squash(text[:200])) >= _MIN_CONTAINER_TEXT or len(fold(text)) >= _MIN_CONTAINER_TEXT:
        return True
    return (
        any(ATTACHMENT_EXT.search(urlsplit(a.get("href") or "").path) for a in el.iter("a"))
        or el.find(".//img") is not None
    )


def _by_markers(text: str) -> tuple[object, str] | None:
    for start_re, end_re, label in _MARKERS:
        start = start_re.search(text)
        if not start:
            continue
        end = end_re.search(text, start.end())
        if not end:
            continue
        fragment = text[start.end() : end.start()]
        if not fragment.strip():
            continue
        body = parse_html("<html><body>" + fragment + "</body></html>").find("body")
        if body is not None and _has_content(body):
            return body, label
    return None


def _by_selectors(root, text: str) -> tuple[object, str, list[str]] | None:
    if not any(needle in text for needle in _PROBES):
        return None
    tokens = [(el, el.tag, set(), el.get("id")) for el in _BY_ID(root)]
    tokens += [(el, el.tag, set(), "") for el in root.iter("ucapcontent")]
    if any(needle in text for needle in _CLASS_PROBES):
        # No selector can match the other elements. Reading an attribute costs lxml about a microsecond
        # here, so the scan is kept in C (map/compress), and data-table cells, usually most of the
        # candidates, are left out unless one of their class values (read in bulk) names a container.
        tags = _SCAN_TAGS if _CLASS_HINT.search("\x00".join(_TD_CLASSES(root))) else _SCAN_TAGS_NOT_TD
        els = list(root.iter(*tags))
        for el in compress(els, map(_CLASS_HINT.search, map(_CLASS_OF, els))):
            tokens.append((el, el.tag, set(el.get("class").split()), ""))
    empty: list[str] = []
    for label, kind, value in _SELECTORS:
        if kind == "class":
            matches = [el for el, tag, cls, id_ in tokens if value in cls]
        elif kind == "id":
            matches = [el for el, tag, cls, id_ in tokens if id_ == value]
        else:
            matches = [el for el, tag, cls, id_ in tokens if tag == value]
        if not matches:
            continue
        best = matches[0] if len(matches) == 1 else max(matches, key=lambda el: len(text_of(el)))
        if _has_content(best):
            return best, label, empty
        empty.append(label)
    return (None, "", empty) if empty else None


def _fallback(root) -> tuple[object | None, str]:
    """Score blocks by the text reachable without crossing another container (paragraph text), penalise
    link text, boost report section markers; then widen to the parent while sibling blocks also score."""
    body = root.find("body")
    if body is None:
        body = root
    els = list(body.iter(etree.Element))
    # one dict of tuples, and comments told apart by their absence from it: this loop visits every element
    # of the page, and per-element calls and dict stores were most of its cost. getchildren() builds the
    # list in C, a third of what iterating an element costs.
    stats: dict = {}  # element -> (text, link text, reachable text, reachable link text)
    for el in reversed(els):
        own = el.text
        t = r = len(own.strip()) if own else 0
        lk = rl = 0
        for child in el.getchildren():
            tail = child.tail
            if tail:
                n = len(tail.strip())
                t += n
                r += n
            sub = stats.get(child)
            if sub is None:
                continue
            t += sub[0]
            lk += sub[1]
            if child.tag not in _CONTAINER_TAGS:
                r += sub[0]
                rl += sub[1]
        stats[el] = (t, t, r, r) if el.tag == "a" else (t, lk, r, rl)

    def score(el) -> float:
        _, _, r, rl = stats[el]
        if r <= 0:
            return 0.0
        plain = r - rl
        return plain * (plain / r)

    ranked = heapq.nlargest(5, body.iter(*_SCORED_TAGS), key=score)  # = sorted(…, reverse=True)[:5]
    if not ranked or score(ranked[0]) <= 0:
        return None, "no content container and no text block dense enough"
    best, best_score = None, -1.0
    for el in ranked:
        s = score(el)
        markers = len(set(REPORT_MARKERS.findall(text_of(el))))
        s *= 1 + 0.5 * min(markers, 4)
        if s > best_score:
            best, best_score = el, s
    base = score(best)
    for _ in range(3):
        parent = best.getparent()
        if parent is None or parent is body.getparent() or parent.tag not in _SCORED_TAGS:
            break
        siblings = [c for c in parent if is_element(c) and c is not best and c.tag in _CONTAINER_TAGS]
        if not any(score(c) >= 0.3 * base for c in siblings):
            break
        best = parent
    best_text, best_link = stats[best][:2]
    plain = best_text - best_link
    text = text_of(best)
    dense = (
        plain >= _MIN_FALLBACK_TEXT
        and best_link <= 0.5 * max(best_text, 1)
        and (text.count("。") >= 2 or REPORT_MARKERS.search(text))
    )
    if not dense:
        return None, "no content container and no text block dense enough"
    return best, "generic text-density fallback"


# --- pointer pages: the body only says "详见附件" next to a link to the report file ---------------------
_POINTER = re.compile(r"见附件|附件下载|下载附件|附件\s*[:：]|相关附件|附件\d\s*[:：]|请下载|点击下载")
_SIDEBAR = re.compile(
    r"(?:^|[-_\s])(?:side\w*|aside|left|right|sidebar|rightbox|leftbox|r_box|l_box)(?:[-_\s\d]|$)", re.I
)
_MAINISH = re.compile(r"main|content|article|detail|con\b|zw|wz", re.I)
_MAX_POINTER_TEXT = 1200
_MAX_DENSE_BESIDE_POINTER = 1500


def _is_attachment_link(a) -> bool:
    href = a.get("href") or ""
    if not _may_be_file(href):
        return False
    try:
        path = urlsplit(href.strip().translate(_URL_STRIPPED)).path
    except ValueError:
        return False
    return bool(ATTACHMENT_EXT.search(path) or ATTACHMENT_EXT.search(fold(text_of(a))))


def _in_sidebar(el, stop) -> bool:
    """Whether el or an ancestor below stop is named like a side column (side, left, right, aside)."""
    for node in (el, *el.iterancestors()):
        if node is stop:
            return False
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag == "aside" or (_SIDEBAR.search(names) and not _MAINISH.search(names)):
            return True
    return False


def _pointer_block(root):
    """The smallest block around an attachment link that also says where the report is (详见附件 …), outside
    sidebars: the body of a page that only points to its file."""
    body = root.find("body")
    if body is None:
        body = root
    for a in body.iter("a"):
        if not _is_attachment_link(a):
            continue
        for el in a.iterancestors():
            if el is body or el.tag in ("body", "html"):
                break
            if el.tag not in _SCORED_TAGS:
                continue
            text = text_of(el)
            if len(text) > _MAX_POINTER_TEXT:
                break
            if _POINTER.search(text):
                if _in_sidebar(el, body):
                    break
                return el
    return None


def find_body(root, text: str) -> Body:
    """Locate the body: Hanweb markers, then known CMS containers, then the generic density fallback."""
    marked = _by_markers(text)
    if marked:
        anchors = _START_META(root)
        return Body(marked[0], marked[1], anchor=anchors[0].getparent() if anchors else None)
    selected = _by_selectors(root, text)
    if selected and selected[0] is not None:
        return Body(selected[0], selected[1], anchor=selected[0])
    container, how = _fallback(root)
    if "附件" in text and (container is None or not REPORT_MARKERS.search(text_of(container))):
        pointer = _pointer_block(root)
        # a long text block is a report in its own right; a short one beside the pointer is a sidebar box
        if pointer is not None and (
            container is None
            or (container not in pointer.iterancestors() and text_length(container) < _MAX_DENSE_BESIDE_POINTER)
        ):
            container, how = pointer, "attachment pointer block"
    if container is None:
        if selected:
            how = (
                f"content container {', '.join(selected[2])} is empty (filled by JavaScript?) and no text "
                "block dense enough"
            )
        return Body(None, "", empty_reason=how)
    return Body(container, how, anchor=container)


# --- cleaning -------------------------------------------------------------------------------------


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


def _drop_repeated_title(container, title: str) -> None:
    target = squash(title)
    if len(target) < 4:
        return
    acc, seen = "", []
    for el in container.iter(*_TITLE_TAGS):
        if el.tag in ("p", "div", "center") and _LEAF_BLOCK(el):
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


# --- attachments ----------------------------------------------------------------------------------


_SITE_CHROME = re.compile(r"(?:^|[-_\s])(?:nav|navbar|menu|header|head|top|footer|foot|bottom)(?:[-_\s\d]|$)", re.I)
_AROUND_LEVELS = 6


def _holds_site_chrome(el) -> bool:
    for child in el.getchildren():
        if not is_element(child):
            continue
        if child.tag in ("nav", "header", "footer"):
            return True
        if _SITE_CHROME.search(f"{child.get('class') or ''} {child.get('id') or ''}"):
            return True
    return False


def _around(anchor):
    """The anchor's nearest ancestors that do not add much text: where 附件 lists sit. Up to the article
    wrapper (the element that also holds the heading), never into the site-wide nav, header or footer."""
    if anchor is None:
        return None
    base = text_length(anchor)
    scope = anchor
    for parent in list(anchor.iterancestors())[:_AROUND_LEVELS]:
        if parent.tag in ("body", "html") or text_length(parent) > base * 1.5 + 300:
            break
        if _holds_site_chrome(parent):
            break
        scope = parent
        if parent.find(".//h1") is not None or any(
            "title" in (c.get("class") or "") for c in parent.iterchildren("div", "h2", "h3", "td")
        ):
            break
    return scope


def _links_may_hold_attachments(scope) -> bool:
    """Whether any link could pass the per-link test in find_attachments, from all hrefs and all link text
    read at once. A link's text is a contiguous run of the joined text, so whatever matches in it matches
    there."""
    texts = "".join(_LINK_TEXTS(scope))
    return "附" in texts or bool(_EXT_ANYWHERE.search(texts)) or _may_be_file("\x00".join(_LINK_HREFS(scope)))


def find_attachments(body: Body, base_url: str) -> list[dict]:
    seen: set[str] = set()
    out: list[dict] = []
    # urljoin costs more than everything else here, and most links are navigation. A resolved path can
    # only end in an attachment extension if the href spells it (urlsplit drops tabs and newlines first)
    # or, for an href without a path, if the base URL does.
    base_may_match = _may_be_file(base_url)
    for scope in (body.container, _around(body.anchor)):
        if scope is None or not (base_may_match or _links_may_hold_attachments(scope)):
            continue
        for a in scope.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.lower().startswith(("javascript:", "mailto:", "#")):
                continue
            raw = text_of(a)
            if not (base_may_match or _may_be_file(href) or "附" in raw or _EXT_ANYWHERE.search(raw)):
                continue  # fold() only touches whitespace, so neither test below could pass
            name = fold(raw)
            try:
                url = urljoin(base_url, href)
                path = urlsplit(url).path
            except ValueError:
                continue
            # download scripts (downfile.jsp?filename=…pdf) hide the type in the query; the link text shows it
            if not (ATTACHMENT_EXT.search(path) or name.startswith("附件") or ATTACHMENT_EXT.search(name)):
                continue
            if url not in seen:
                seen.add(url)
                out.append({"url": url, "name": name})
    return out
