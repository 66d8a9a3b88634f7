"""Rendering a cleaned body tree: text lines (data tables as tab-separated grid rows) and sanitized HTML.

Both walk the tree with ``etree.iterwalk``, never Python recursion, so deeply nested broken markup cannot hit
the recursion limit.
"""

from __future__ import annotations

import html
import re

from lxml import etree

from govreports.extract.normalise import WHITESPACE_RUN, fold
from govreports.extract.safe_urls import safe_link
from govreports.extract.tables import TableKinds, span_attrs

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dir div dl dt fieldset "  # noqa: SIM905
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main menu nav ol "
    "p pre section summary table tbody td tfoot th thead tr ul".split()
)
_HTML_BLOCKS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li"])
_TABLE_PARTS = frozenset(["table", "thead", "tbody", "tfoot", "tr", "td", "th"])
_INLINE_CONTAINERS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"])
_LEAF_BLOCKS = _HTML_BLOCKS & _INLINE_CONTAINERS  # blocks whose text render_html emits without a <p>
_HAS_BLOCK = etree.XPath("boolean(.//p | .//div | .//table | .//li | .//h1 | .//h2 | .//h3)")


def _table_lines(table, kinds: TableKinds) -> list[str]:
    lines = []
    for row in kinds.text_grid(table):  # a merged cell once: repeating it reads badly and inflates search
        end = len(row)
        while end and not row[end - 1]:
            end -= 1  # trailing empty cells carry no position information
        if end:
            lines.append("\t".join(row[:end]))
    return lines


def render_text(root, kinds: TableKinds | None = None) -> list[str]:
    """Lines of text: one per paragraph/block or <br>-separated run; data tables one line per grid row."""
    kinds = kinds or TableKinds()
    lines: list[str] = []
    buf: list[str] = []

    # Whitespace that would start a line is not buffered: fold() strips it, and between blocks (the
    # newlines of the source) it would cost a fold per block.
    def flush() -> None:
        if buf:
            line = fold("".join(buf))
            buf.clear()
            if line:
                lines.append(line)

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:  # the body runs twice per element: lean on purpose
        tag = el.tag
        if not isinstance(tag, str):  # comments / PIs: only their tail is text
            if event == "end" and el is not root and (tail := el.tail) and (buf or not tail.isspace()):
                buf.append(tail)
            continue
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                flush()
                if tag == "table" and el is not root and kinds.is_data(el):
                    lines.extend(_table_lines(el, kinds))
                    walker.skip_subtree()
                    continue
                if tag in _LEAF_BLOCKS and el is not root and not len(el):
                    # a paragraph without children (most, once formatting is unwrapped) is one line
                    if (text := el.text) and (line := fold(text)):
                        lines.append(line)
                    walker.skip_subtree()
                    continue
            if (text := el.text) and (buf or not text.isspace()):
                buf.append(text)
        else:
            if buf and tag in BLOCK_TAGS:
                flush()
            if el is not root and (tail := el.tail) and (buf or not tail.isspace()):
                buf.append(tail)
    flush()
    return lines


def _text(s: str) -> str:
    if "  " in s or not s.isprintable():  # else no run of more than a plain space: nothing to collapse
        core = s.strip()
        if core and "  " not in core and core.isprintable():  # runs only at the ends (indentation)
            s = (" " if s[0] != core[0] else "") + core + (" " if s[-1] != core[-1] else "")
        else:
            s = WHITESPACE_RUN.sub(" ", s)
    if "&" in s or "<" in s or ">" in s:
        s = html.escape(s, quote=False)
    return s


def _trim_br(content: str) -> str:
    """Strip whitespace and <br> from both ends (string methods: a regex anchored at $ rescans every position)."""
    content = content.strip()
    while content.startswith("<br>"):
        content = content[4:].lstrip()
    while content.endswith("<br>"):
        content = content[:-4].rstrip()
    return content


def render_html(root, base_url: str, kinds: TableKinds | None = None) -> str:
    """Sanitized HTML: p, h1–h6, ul/ol/li, data tables (rowspan/colspan kept), a (absolute href), img
    (absolute src, alt), br. Other elements are unwrapped; loose text runs between blocks become <p>."""
    kinds = kinds or TableKinds()
    out: list[str] = []
    buf: list[str] = []
    stack: list[str | None] = []  # what each open element emitted

    def innermost() -> str | None:
        for tag in reversed(stack):
            if tag and tag != "a":
                return tag
        return None

    # As in render_text, whitespace that would start a run is not buffered: _trim_br() strips it.
    def flush() -> None:
        if not buf:
            return
        content = _trim_br("".join(buf))
        buf.clear()
        if not content:
            return
        if innermost() in _INLINE_CONTAINERS:
            out.append(content)
        else:
            out.append(f"<p>{content}</p>")

    media_cells = set()  # cells holding links or images take the slow, element-by-element path
    for media in root.iter("a", "img"):
        for cell in media.iterancestors("td", "th"):
            media_cells.add(cell)
            break
    data_depth = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            if event == "end" and el is not root and (tail := el.tail) and (buf or not tail.isspace()):
                buf.append(_text(tail))
            continue
        if event == "start":
            emitted: str | None = None
            if el is root:
                pass
            elif tag == "table" and kinds.is_data(el) and (inner := kinds.plain_html(el, media_cells)):
                flush()
                out.append("<table>")
                out.append(inner)
                walker.skip_subtree()
                emitted = "/table"
            elif tag == "table" and kinds.is_data(el):
                data_depth += 1
                flush()
                emitted = "table"
                out.append("<table>")
            elif tag in _TABLE_PARTS and data_depth:
                flush()
                emitted = tag
                attrs = span_attrs(el.get("rowspan"), el.get("colspan")) if tag in ("td", "th") else ""
                out.append(f"<{tag}{attrs}>")
                if tag in ("td", "th") and el not in media_cells:
                    # plain cells: their text in one run, without walking the <p>s a Word paste puts inside
                    out.append(html.escape(kinds.cell_text(el), quote=False))
                    walker.skip_subtree()
                    emitted = "/" + tag  # closed already; the end event only pops it
            elif tag in _LEAF_BLOCKS and not len(el):
                # a paragraph without children (most, once formatting is unwrapped): what the walk would
                # emit for it, at once
                flush()
                out.append(f"<{tag}>")
                if (text := el.text) and (content := _trim_br(_text(text))):
                    out.append(content)
                walker.skip_subtree()
                emitted = "/" + tag  # closed at its end event
            elif tag in _HTML_BLOCKS:
                flush()
                emitted = tag
                out.append(f"<{tag}>")
            elif tag in BLOCK_TAGS:
                flush()
            elif tag == "br":
                buf.append("<br>")
            elif tag == "img":
                src = safe_link(base_url, el.get("src"))
                if src:
                    buf.append(f'<img src="{html.escape(src)}" alt="{html.escape(el.get("alt") or "")}">')
            elif tag == "a":
                href = safe_link(base_url, el.get("href"))
                if href and not _HAS_BLOCK(el):
                    emitted = "a"
                    buf.append(f'<a href="{html.escape(href)}">')
            stack.append(emitted)
            if (text := el.text) and not (emitted and emitted[0] == "/") and (buf or not text.isspace()):
                buf.append(_text(text))
        else:  # every start pushed exactly once, skipped subtrees included
            emitted = stack[-1]
            if emitted is None:
                stack.pop()
                if buf and tag in BLOCK_TAGS:
                    flush()
            elif emitted[0] == "/":
                stack.pop()
                out.append(f"<{emitted}>")
            elif emitted == "a":
                stack.pop()
                buf.append("</a>")
            else:
                if emitted != "table":
                    flush()  # before popping, so the text lands inside this element
                stack.pop()
                flush()
                out.append(f"</{emitted}>")
                if emitted == "table":
                    data_depth -= 1
            if el is not root and (tail := el.tail) and (buf or not tail.isspace()):
                buf.append(_text(tail))
    flush()
    return re.sub(r"<(p|h[1-6]|li)>\s*</\1>", "", "".join(out))
