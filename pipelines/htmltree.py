"""Parsing and rendering of lxml trees: body text (lines; tables as tab-separated grid rows) and
sanitized HTML.

Everything here walks trees with ``etree.iterwalk`` or ``iter()``, never Python recursion, so deeply nested
broken markup cannot hit the recursion limit.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from lxml import etree

from pipelines.normalise import _WS_RUN, fold, join_cjk

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dir div dl dt fieldset "  # noqa: SIM905
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main menu nav ol "
    "p pre section summary table tbody td tfoot th thead tr ul".split()
)
DROP_TAGS = tuple(
    "script style noscript template iframe frame object embed applet svg canvas map button "  # noqa: SIM905
    "input select textarea link meta head title audio video source param".split()
)
_HTML_BLOCKS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li"])
_TABLE_PARTS = frozenset(["table", "thead", "tbody", "tfoot", "tr", "td", "th"])
_INLINE_CONTAINERS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"])
_MAX_COLSPAN = 64
_LONG_CELL = 400  # a "cell" holding this much text is page layout, not data

_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
_HAS_TABLE = etree.XPath("boolean(.//table)")
_HAS_BLOCK = etree.XPath("boolean(.//p | .//div | .//table | .//li | .//h1 | .//h2 | .//h3)")

# Plain etree, not lxml.html: lxml.html resolves a Python element class for every proxy it creates, which
# was a sixth of the extraction time on table-heavy pages.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=True, no_network=True, huge_tree=True)
_DOC_END = re.compile(r"</(?:html|body)\s*>", re.I)
_STRING = etree.XPath("string()", smart_strings=False)
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
    return _STRING(el)


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


def _span(cell, name: str, cap: int) -> int:
    if cell.get(name) is None:
        return 1
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), cap))
    except ValueError:
        return 1


class TableKinds:
    """Decides, once per table, whether it is a data table (rendered as a grid) or page layout."""

    def __init__(self) -> None:
        self._cache: dict = {}
        self._cells: dict = {}

    def cell_text(self, cell) -> str:
        """cell_text, memoised: both renderers need it."""
        hit = self._cells.get(cell)
        if hit is None:
            hit = self._cells[cell] = cell_text(cell)
        return hit

    def is_data(self, table) -> bool:
        hit = self._cache.get(table)
        if hit is None:
            hit = self._cache[table] = _is_data_table(table, self.cell_text)
        return hit


def _is_data_table(table, cell_text) -> bool:
    if _HAS_TABLE(table):
        return False  # tables holding tables are layout
    width = 0
    for tr in _ROWS(table):
        n = 0
        for cell in tr:
            if cell.tag in ("td", "th"):
                if len(cell_text(cell)) > _LONG_CELL:
                    return False
                n += _span(cell, "colspan", _MAX_COLSPAN)
        width = max(width, n)
    return width >= 2


def cell_text(cell) -> str:
    """A cell's text nodes joined CJK-aware: "法律"/"服务"/"机构" in three <p>s → 法律服务机构,
    but "1"/"0" → "1 0".
    (Formatting tags are unwrapped before this, so separate text nodes are separate runs.)"""
    if len(cell) == 0:
        return fold(cell.text or "")
    return join_cjk([fold(t) for t in cell.itertext() if not t.isspace()])


def table_grid(table, cell_text) -> list[list[str]]:
    """Expand rowspan/colspan into a grid.

    A row-spanning cell's text is repeated in each row it covers (row labels such as 三、本年度办理结果
    stay with every sub-row); the extra columns of a column-spanning cell are empty, so a number spanning
    three columns is not read as three numbers."""
    rows = _ROWS(table)
    grid: list[list[str]] = []
    carry: dict[int, list] = {}  # column -> [rows still covered, text]

    def take(col: int) -> str:
        entry = carry[col]
        entry[0] -= 1
        if entry[0] <= 0:
            del carry[col]
        return entry[1]

    for r, tr in enumerate(rows):
        out: list[str] = []
        for cell in tr:
            if not is_element(cell) or cell.tag not in ("td", "th"):
                continue
            while len(out) in carry:
                out.append(take(len(out)))
            text = cell_text(cell)
            colspan = _span(cell, "colspan", _MAX_COLSPAN)
            rowspan = _span(cell, "rowspan", len(rows) - r)
            for k in range(colspan):
                slot = text if k == 0 else ""
                if rowspan > 1:
                    carry[len(out)] = [rowspan - 1, slot]
                out.append(slot)
        for col in sorted(c for c in list(carry) if c >= len(out)):
            out.extend([""] * (col - len(out)))
            out.append(take(col))
        grid.append(out)
    return grid


def _table_lines(table, kinds: TableKinds) -> list[str]:
    lines = []
    for row in table_grid(table, kinds.cell_text):
        while row and not row[-1]:
            row.pop()  # trailing empty cells carry no position information
        if any(row):
            lines.append("\t".join(row))
    return lines


def render_text(root, kinds: TableKinds | None = None) -> list[str]:
    """Lines of text: one per paragraph/block or <br>-separated run; data tables one line per grid row."""
    kinds = kinds or TableKinds()
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = fold("".join(buf))
            buf.clear()
            if line:
                lines.append(line)

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # comments / PIs: only their tail is text
            if event == "end" and el is not root and el.tail:
                buf.append(el.tail)
            continue
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                flush()
            if tag == "table" and el is not root and kinds.is_data(el):
                lines.extend(_table_lines(el, kinds))
                walker.skip_subtree()
                continue
            if el.text:
                buf.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
            if el is not root and el.tail:
                buf.append(el.tail)
    flush()
    return lines


def _safe_url(base: str, value: str | None) -> str:
    value = (value or "").strip()
    if not value or value.startswith("#") or value.lower().startswith(("javascript:", "vbscript:", "data:")):
        return ""
    try:
        return urljoin(base, value)
    except ValueError:
        return ""


def _text(s: str) -> str:
    return html.escape(_WS_RUN.sub(" ", s), quote=False)


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
            if event == "end" and el is not root and el.tail:
                buf.append(_text(el.tail))
            continue
        if event == "start":
            emitted: str | None = None
            if el is root:
                pass
            elif tag == "table" and kinds.is_data(el):
                data_depth += 1
                flush()
                emitted = "table"
                out.append("<table>")
            elif tag in _TABLE_PARTS and data_depth:
                flush()
                emitted = tag
                attrs = "".join(
                    f' {n}="{int(el.get(n))}"'
                    for n in ("rowspan", "colspan")
                    if tag in ("td", "th") and (el.get(n) or "").strip().isdigit()
                )
                out.append(f"<{tag}{attrs}>")
                if tag in ("td", "th") and el not in media_cells:
                    # plain cells: their text in one run, without walking the <p>s a Word paste puts inside
                    out.append(html.escape(kinds.cell_text(el), quote=False))
                    walker.skip_subtree()
                    emitted = "/" + tag  # closed already; the end event only pops it
            elif tag in _HTML_BLOCKS:
                flush()
                emitted = tag
                out.append(f"<{tag}>")
            elif tag in BLOCK_TAGS:
                flush()
            elif tag == "br":
                buf.append("<br>")
            elif tag == "img":
                src = _safe_url(base_url, el.get("src"))
                if src:
                    buf.append(f'<img src="{html.escape(src)}" alt="{html.escape(el.get("alt") or "")}">')
            elif tag == "a":
                href = _safe_url(base_url, el.get("href"))
                if href and not _HAS_BLOCK(el):
                    emitted = "a"
                    buf.append(f'<a href="{html.escape(href)}">')
            stack.append(emitted)
            if el.text and not (emitted and emitted[0] == "/"):
                buf.append(_text(el.text))
        else:
            emitted = stack[-1] if stack else None
            if emitted and emitted not in ("a", "table") and emitted[0] != "/":
                flush()  # before popping, so the text lands inside this element
            if stack:
                stack.pop()
            if emitted and emitted[0] == "/":
                out.append(f"<{emitted}>")
            elif emitted == "a":
                buf.append("</a>")
            elif emitted:
                flush()
                out.append(f"</{emitted}>")
                if emitted == "table":
                    data_depth -= 1
            elif tag in BLOCK_TAGS:
                flush()
            if el is not root and el.tail:
                buf.append(_text(el.tail))
    flush()
    return re.sub(r"<(p|h[1-6]|li)>\s*</\1>", "", "".join(out))
