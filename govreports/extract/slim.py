"""Memory bounded per page: big pages are slimmed before they are parsed, and read as text past a limit.

Measured on a 26 MB report pasted from Word (every run a styled <span>, tables of styled cells): the lxml tree
alone cost 250 MB, about ten times the markup, and the decoded copies of the page another 130 MB. What makes
such pages big carries no text: scripts, styles, comments, images inlined as data: URIs, ``style``
attributes, Word's ``class=MsoNormal`` and the <span>/<font> wrappers left bare without them (which the
cleaner unwraps anyway). A page past ``SLIM_ABOVE`` bytes loses them before decoding, on its bytes (every
pattern starts at "<" or a space inside a tag, and neither can be the second byte of a GBK character); a
style that may hide its element is kept, since hidden blocks are chrome or spam to be told apart.

If the slimmed markup is still past ``MAX_PARSED`` bytes or ``MAX_PARSED_TAGS`` tags, no tree is built at all:
its text is read line by line as a text dump (``govreports.extract.plaintext``), which costs a few copies of
the text. Small pages (nearly all) are untouched.
"""

from __future__ import annotations

import html
import re

SLIM_ABOVE = 2 * 1024 * 1024
# What a tree costs goes by its elements more than its bytes: 2.4 MB of slimmed table markup (226,000
# elements) cost 85 MB to parse, clean and render; prose costs far less a byte. Real report pages hold a
# few thousand tags.
MAX_PARSED = 8 * 1024 * 1024
MAX_PARSED_TAGS = 300_000  # "<" characters: about half as many elements


def too_large_to_parse(body: bytes) -> bool:
    """Whether the (slimmed) page would cost more than about 100 MB as a tree: read it as text instead."""
    return len(body) > MAX_PARSED or body.count(b"<") > MAX_PARSED_TAGS

# Long runs that go whole: scripts and styles, comments (not Hanweb's body markers, <!--ZJEG_RSS.content.begin-->),
# and data: URIs (their attribute stays, empty).
_BULKY = re.compile(
    rb"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--(?!\s*ZJEG_RSS).*?-->|"
    rb"""(\s(?:src|href)\s*=\s*)(?:"data:[^"]*"|'data:[^']*')""",
    re.I | re.S,
)
# Short ones inside tags: presentation attributes nothing reads, Word's classes and languages, and styles
# unless they may hide their element (a wider test than HIDING_STYLE's, so that no hiding style goes; the
# replacement is a constant, so the whole substitution runs in C).
_MAY_HIDE = rb"none|hidden|:\s*-|size\s*:\s*0"
_IN_TAGS = re.compile(
    rb"""\s(?:style\s*=\s*(?:"(?![^"]*(?:%s))[^"]*"|'(?![^']*(?:%s))[^']*')|"""
    rb"""(?:width|height|align|valign|bgcolor|border|cellpadding|cellspacing|nowrap|face|size|color|lang|"""
    rb"""class(?=\s*=\s*["']?Mso))(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?)""" % (_MAY_HIDE, _MAY_HIDE),
    re.I,
)
_BARE_INLINE = re.compile(rb"</?(?:span|font|o:p)\s*>", re.I)
_CHUNK = 1024 * 1024  # bytes of markup copied at a time
_UTF16_BOM = (b"\xff\xfe", b"\xfe\xff")


def slim_markup(body: bytes) -> bytes:
    """The page without what carries no text, for a page past ``SLIM_ABOVE`` bytes (others come back as they
    are). UTF-16 pages, whose ASCII is two bytes wide, are left as they are.

    One pass over the page, copying at most ``_CHUNK`` bytes at a time: a chain of ``re.sub`` would hold
    several full copies of a big page at once, and one ``sub`` with a function over a million matches
    allocates a piece per match."""
    if len(body) <= SLIM_ABOVE or body.startswith(_UTF16_BOM) or b"\x00" in body[:1024]:
        return body
    out: list[bytes] = []
    position = 0
    for match in _BULKY.finditer(body):
        _slim_tags(body, position, match.start(), out)
        if match.group(2):  # a data: URI: the attribute stays, empty
            out.append(match.group(2) + b'""')
        position = match.end()
    _slim_tags(body, position, len(body), out)
    return b"".join(out)


def _slim_tags(body: bytes, start: int, end: int, out: list[bytes]) -> None:
    while start < end:
        stop = min(start + _CHUNK, end)
        if stop < end:  # cut before a tag, so no attribute is split (one that is stays as it was)
            cut = body.rfind(b"<", start + 1, stop)
            stop = cut if cut > start else stop
        out.append(_BARE_INLINE.sub(b"", _IN_TAGS.sub(b"", body[start:stop])))
        start = stop


_BLOCK_BREAK = re.compile(r"<(?:/?(?:p|div|tr|li|h[1-6]|table|section|article|ul|ol|dl|dt|dd|center|blockquote)"
                          r"\b[^>]*|br\s*/?)>", re.I)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def markup_text(text: str) -> str:
    """The text of markup too large to parse, one block a line and table cells split by tabs: what a text
    dump of the page holds, for the plain-text reader."""
    head_end = text.find("<body")
    title = re.search(r"<title[^>]*>(.*?)</title>", text[: head_end if head_end > 0 else 65536], re.I | re.S)
    text = text[head_end:] if head_end > 0 else text
    # a cell is one field of its row, whatever paragraphs it holds; then every block is a line
    text = _BLOCK_BREAK.sub("\n", _CELL.sub(_cell_text, text))
    lines = html.unescape(_TAG.sub("", text))
    return (html.unescape(title.group(1)).strip() + "\n" if title else "") + lines


def _cell_text(match: re.Match) -> str:
    return _TAG.sub("", _BLOCK_BREAK.sub(" ", match.group(1))).strip() + "\t"
