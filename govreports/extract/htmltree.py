"""Parsing HTML into an lxml tree, and the small helpers every reader of that tree uses: an element's text,
its length, removing a subtree. Tables are read in ``tables``, trees rendered to text and HTML in ``render``.

Everything here walks trees with ``etree.iterwalk`` or ``iter()``, never Python recursion, so deeply nested
broken markup cannot hit the recursion limit.
"""

from __future__ import annotations

import re

from lxml import etree

DROP_TAGS = tuple(
    "script style noscript template iframe frame object embed applet svg canvas map button "  # noqa: SIM905
    "input select textarea link meta head title audio video source param".split()
)

# Plain etree, not lxml.html: lxml.html resolves a Python element class for every proxy it creates, which
# was a sixth of the extraction time on table-heavy pages.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=True, no_network=True, huge_tree=True)
_DOC_END = re.compile(r"</(?:html|body)\s*>", re.I)
_STRING = etree.XPath("string()", smart_strings=False)
_STRING_LENGTH = etree.XPath("string-length()")
# Formatting tags carry no structure; unwrapping them (in C) shrinks Word-pasted bodies several-fold
# before the Python walks over them.
INLINE_TAGS = tuple(
    "span font b strong em i u s strike small big o:p nobr tt label abbr cite mark time ins sub "  # noqa: SIM905
    "sup q code var kbd bdo".split()
)


def parse_html(text: str):
    """Parse decoded text. Re-encoded as UTF-8 bytes with the encoding forced, because lxml refuses str input
    that carries an XML encoding declaration and would otherwise honour a stale <meta charset>."""
    # libxml2 2.14 drops everything after the first </html>, and content after </body> lands outside <body>;
    # CMS pages that include a whole header document put both in the middle of the page. Both end tags are
    # optional, so removing them all is what a browser effectively does.
    text = _DOC_END.sub("", text)
    root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    if root is None:
        raise etree.ParserError("Document is empty")
    if _cut_at_depth_limit(_PARSER.error_log):
        root = parse_without_depth_limit(text)
    unwrap_media(root)
    return root


# libxml2 stops at 2,048 nested elements (even with huge_tree) and lxml returns what it had, without an
# exception: the rest of the page is gone. CMS pages with thousands of unclosed <font> or <div> reach it.
DEPTH_LIMIT_NOTE = "page nested deeper than libxml2's 2,048 levels, read again with Python's html.parser"
REPARSED = "data-govreports-reparsed"  # set on the root of a tree read by parse_without_depth_limit


def _cut_at_depth_limit(error_log) -> bool:
    return any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT
               for error in error_log.filter_levels([etree.ErrorLevels.FATAL]))


def parse_without_depth_limit(text: str):
    """The page parsed by BeautifulSoup on Python's html.parser, which has no depth limit, and copied into an
    lxml tree (the one the readers walk) without recursion. Slower than libxml2 by far: only for the pages
    libxml2 cuts. Names lxml cannot hold (``o:p``, ``w:sdt``) become <span>; such attributes are left out.

    Elements deeper than ``KEPT_DEPTH`` are hung beside their parent instead of inside it: the text keeps its
    order, and any reader's walk that looks at each element's ancestors stays short."""
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction, Tag

    soup = BeautifulSoup(text, "html.parser")
    root = etree.Element("html")
    made = {id(soup): (root, 0)}  # soup node id -> (its element, that element's depth)
    last_child: dict[int, object] = {}  # parent id -> the last element put into it (where text goes: its tail)
    for node in soup.descendants:  # document order, by a generator that follows next_element (no recursion)
        parent, depth = made.get(id(node.parent), (None, 0))
        if parent is None:  # inside something left out
            continue
        if isinstance(node, Tag):
            if node.name == "html" and parent is root:
                made[id(node)] = (root, 0)
                continue
            if depth >= KEPT_DEPTH:  # below the cap, elements become siblings, in document order
                parent, depth = parent.getparent(), depth - 1
            el = etree.SubElement(parent, node.name if _NAME.fullmatch(node.name) else "span")
            for name, value in node.attrs.items():
                if _NAME.fullmatch(name):
                    el.set(name, " ".join(value) if isinstance(value, list) else value)
            made[id(node)] = (el, depth + 1)
            last_child[id(node.parent)] = el
        elif not isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
            previous = last_child.get(id(node.parent))
            if previous is None:
                parent.text = (parent.text or "") + node
            else:
                previous.tail = (previous.tail or "") + node
    if root.find("body") is None:  # html.parser adds no implied <body>: the readers expect one
        body = etree.SubElement(root, "body")
        for child in [child for child in root if child is not body and child.tag != "head"]:
            body.append(child)
    root.set(REPARSED, "1")
    return root


KEPT_DEPTH = 256
_NAME = re.compile(r"[A-Za-z_][\w.-]*")
# Elements the HTML parser nests what follows into, though browsers do not: <embed> is void (it has no end
# tag, so a bare <embed src="….pdf"> swallowed every paragraph after it), and an <object> left open does the
# same. What they swallowed is put back after them, from the first block onwards; an <object>'s own
# fallback (its <param>s, a line of text before any block) stays inside and is dropped with it.
_MEDIA = ("embed", "object")
_BLOCKS = frozenset(["p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                     "article", "center", "blockquote", "pre"])


def unwrap_media(root) -> None:
    for el in list(root.iter(*_MEDIA)):
        children = list(el)
        if el.tag == "embed":
            first = 0
        else:
            first = next((i for i, child in enumerate(children) if child.tag in _BLOCKS), len(children))
        moved = children[first:]
        if not moved and not (el.tag == "embed" and el.text):
            continue
        tail = el.tail or ""
        if el.tag == "embed":
            el.tail, el.text = el.text, None
        else:
            el.tail = None
        anchor = el
        for child in moved:
            anchor.addnext(child)  # keeps child.tail with it
            anchor = child
        anchor.tail = (anchor.tail or "") + tail


def text_of(el) -> str:
    """All text inside el (not its tail), concatenated."""
    if len(el) == 0:
        return el.text or ""  # a leaf (most links and cells): no XPath evaluation needed
    return _STRING(el)


def link_texts(html: str) -> list[str]:
    """The text of every link in an HTML fragment (a rendered body), empty texts left out."""
    if "<a" not in html:
        return []
    try:
        root = parse_html(f"<html><body>{html}</body></html>")
    except (etree.ParserError, ValueError):
        return []
    return [text for text in (text_of(a).strip() for a in root.iter("a")) if text]


def text_length(el) -> int:
    """len(text_of(el)), counted in C without building the string in Python."""
    return int(_STRING_LENGTH(el))


def drop_tree(el) -> None:
    """Remove el and its subtree but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def is_element(el) -> bool:
    return isinstance(el.tag, str)
