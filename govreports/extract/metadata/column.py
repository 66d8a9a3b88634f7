"""The column a page sits in: the ColumnName meta, else the 当前位置 breadcrumb's last column."""

from __future__ import annotations

import re

from lxml import etree

from govreports.extract.metadata.dates import DATE
from govreports.extract.metadata.title import CLASS_VALUES, ID_VALUES, REPORTISH, TITLE_YEAR
from govreports.extract.normalise import CJK, fold, squash

_CRUMB_TEXTS = etree.XPath("//body//text()[contains(., '位置')]")
_CRUMB_LABEL = re.compile(r"[\u4e00-\u9fff]{0,6}位置\s*[:：]?\s*")  # 当前位置：, 您当前所在位置：
_CRUMB_WORDS = ("crumb", "position", "location")
_BY_CLASS = etree.XPath("//body//*[@class = $value]")
_BY_ID = etree.XPath("//body//*[@id = $value]")
_CRUMB_SEPS = r">|＞|»|›|→|/|\\|\||｜|-{1,2}>"
_CRUMB_SPLIT = re.compile(rf"(\x00|\s*(?:{_CRUMB_SEPS})\s*)")
_CRUMB_SEP_ONLY = re.compile(rf"\s*(?:{_CRUMB_SEPS})\s*")
_NOT_COLUMN = {
    "头部", "底部", "页头", "页脚", "首页", "主页", "网站首页", "正文", "详情", "内容", "详细内容", "正文内容", "文章",
    "浏览文章", "阅读",
}


def _crumb_items(box) -> list[str]:
    """The trail's items: element texts split at separators (>, », /); where separators are used the trail ends
    at the first two items with none between them (字号 大 中 小 打印 after the trail)."""
    parts: list[str] = []

    def walk(el) -> None:
        parts.append("\x00")
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        parts.append("\x00")

    walk(box)
    tokens: list[str | None] = []  # None: a separator
    for piece in _CRUMB_SPLIT.split("".join(parts)):
        if piece == "\x00":
            continue
        if _CRUMB_SEP_ONLY.fullmatch(piece):
            tokens.append(None)
        elif fold(piece):
            tokens.append(fold(piece))
    while tokens and (tokens[0] is None or _CRUMB_LABEL.fullmatch(tokens[0])):
        tokens.pop(0)
    if tokens and _CRUMB_LABEL.match(tokens[0]):
        tokens[0] = _CRUMB_LABEL.sub("", tokens[0], count=1).strip()
    if None not in tokens:
        return [t for t in tokens if t]
    items: list[str] = []
    for k, token in enumerate(tokens):
        if token is None:
            continue
        if items and tokens[k - 1] is not None:
            break
        items.append(token)
    return items


def _last_column(items: list[str], title: str) -> str:
    for item in reversed(items):
        key = squash(item)
        if not 2 <= len(key) <= 20 or key in _NOT_COLUMN or (len(key) > 8 and key in squash(title)):
            continue
        if _CRUMB_LABEL.fullmatch(key) or not re.search(f"[{CJK}]", key):
            continue  # the label itself, an icon
        if DATE.search(key) or (TITLE_YEAR.search(key) and REPORTISH.search(key)):
            continue  # the article itself, closing the trail
        return item
    return ""


def _column_of(box, title: str) -> str:
    items = _crumb_items(box)
    return _last_column(items, title) if items and sum(map(len, items)) <= 200 else ""


def _crumb_boxes(root) -> list:
    # the attribute values alone, read in C, usually show that nothing says crumb; a predicate per element was
    # milliseconds on large pages
    out = []
    for values, finder in ((CLASS_VALUES(root), _BY_CLASS), (ID_VALUES(root), _BY_ID)):
        joined = "\n".join(values).lower()
        if not any(word in joined for word in _CRUMB_WORDS):
            continue
        for value in dict.fromkeys(v for v in values if any(word in v.lower() for word in _CRUMB_WORDS)):
            out += [el for el in finder(root, value=value) if len(el) < 30]
            if len(out) >= 3:
                return out[:3]
    return out


def _trail_boxes(root, stream: str):
    """Elements that may hold the 当前位置 trail: the label's element and up to two of its ancestors, then
    elements whose class or id says crumb / position / location."""
    for text in _CRUMB_TEXTS(root) if "位置" in stream else ():
        if len(text) > 40 or not _CRUMB_LABEL.search(text):
            continue
        box = text.getparent()
        if box is not None and text.is_tail:
            box = box.getparent()
        for _ in range(3):  # the label's element, then up to the one that holds the trail's links
            if box is None or len(box) > 30:
                break
            yield box
            box = box.getparent()
        break
    yield from _crumb_boxes(root)  # a trail without a label


def column(root, metas: dict, title: str = "", stream: str = "位置") -> str:
    """ColumnName meta, else the last item of the 当前位置 breadcrumb that names a column (not 正文, not the
    article's own title). Read before the chrome is stripped."""
    if metas.get("columnname") and squash(metas["columnname"]) not in _NOT_COLUMN:
        return metas["columnname"]
    for box in _trail_boxes(root, stream):
        found = _column_of(box, title)
        if found:
            return found
    return ""


def breadcrumb(root, stream: str = "位置") -> list[str]:
    """The items of the page's 当前位置 trail (首页, 信息公开, 县发改局 …), [] when it has none."""
    for box in _trail_boxes(root, stream):
        items = _crumb_items(box)
        if items and sum(map(len, items)) <= 200:
            return items
    return []
