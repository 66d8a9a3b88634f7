"""Find the report body in a parsed page: Hanweb content markers, known CMS containers, a text-density
fallback, and the block of a page that only points at its attached file.

Cleaning the chrome out of the body is ``chrome``'s job, listing its attachments ``attachment_links``'.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from itertools import compress
from operator import methodcaller
from urllib.parse import urlsplit

from lxml import etree

from govreports.extract.attachment_links import is_attachment_link
from govreports.extract.attachments import ENDS_IN_ATTACHMENT_SUFFIX, POINTER_BLOCK
from govreports.extract.htmltree import is_element, parse_html, text_length, text_of
from govreports.extract.normalise import fold, squash
from govreports.extract.tables import TableKinds

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


@dataclass
class Body:
    """Where the report body is; ``chrome.clean_body`` cleans it, ``attachment_links`` lists its files."""

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
        any(ENDS_IN_ATTACHMENT_SUFFIX.search(urlsplit(a.get("href") or "").path) for a in el.iter("a"))
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
_SIDEBAR = re.compile(
    r"(?:^|[-_\s])(?:side\w*|aside|left|right|sidebar|rightbox|leftbox|r_box|l_box)(?:[-_\s\d]|$)", re.I
)
_MAINISH = re.compile(r"main|content|article|detail|con\b|zw|wz", re.I)
_MAX_POINTER_TEXT = 1200
_MAX_DENSE_BESIDE_POINTER = 1500


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
        if not is_attachment_link(a):
            continue
        for el in a.iterancestors():
            if el is body or el.tag in ("body", "html"):
                break
            if el.tag not in _SCORED_TAGS:
                continue
            text = text_of(el)
            if len(text) > _MAX_POINTER_TEXT:
                break
            if POINTER_BLOCK.search(text):
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
