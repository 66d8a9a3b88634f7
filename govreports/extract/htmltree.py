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
    return root


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
