"""Parsing and rendering of lxml trees: body text (lines; tables as tab-separated grid rows) and
sanitized HTML.

Everything here walks trees with ``etree.iterwalk`` or ``iter()``, never Python recursion, so deeply nested
broken markup cannot hit the recursion limit.
"""

from __future__ import annotations

import functools
import html
import re
from itertools import accumulate
from urllib.parse import urljoin

from lxml import etree

from govreports.extract.normalise import _WS_RUN, fold, join_cjk

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
_LEAF_BLOCKS = _HTML_BLOCKS & _INLINE_CONTAINERS  # blocks whose text render_html emits without a <p>
_MAX_COLSPAN = 64
_LONG_CELL = 400  # a "cell" holding this much text is page layout, not data

_HAS_TABLE = etree.XPath("boolean(.//table)")
# smart strings: getparent() of each value is its cell
_COLSPANS = etree.XPath("descendant::*/@colspan")
_ROWSPANS = etree.XPath("descendant::*/@rowspan")
_HAS_BLOCK = etree.XPath("boolean(.//p | .//div | .//table | .//li | .//h1 | .//h2 | .//h3)")

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


@functools.lru_cache(maxsize=4096)  # the report tables read a few values ("2", "3") for hundreds of cells
def _span(value: str | None, cap: int) -> int:
    """A rowspan/colspan attribute value as a count in 1..cap."""
    if value is None:
        return 1
    try:
        return max(1, min(int(value.strip() or 1), cap))
    except ValueError:
        return 1


class TableKinds:
    """Decides, once per table, whether it is a data table (rendered as a grid) or page layout. A data
    table's cells are read then, once, for both renderers."""

    def __init__(self) -> None:
        self._cache: dict = {}
        self._cells: dict = {}  # cell -> text, for render_html's walk through tables it does not build whole
        self._tables: dict = {}  # data table -> (rows, plain HTML)
        self._grids: dict = {}  # data table -> its expanded grid (render_text's, and the statistics parser's)

    def grid(self, table) -> list[list[str]]:
        """The data table's rowspan/colspan-expanded grid, built once; callers must not change it."""
        hit = self._grids.get(table)
        if hit is None:
            hit = self._grids[table] = table_grid(self.rows(table))
        return hit

    def cell_text(self, cell) -> str:
        """cell_text, memoised: both renderers need it."""
        hit = self._cells.get(cell)
        if hit is None:
            hit = self._cells[cell] = cell_text(cell)
        return hit

    def is_data(self, table) -> bool:
        hit = self._cache.get(table)
        if hit is None:
            read = _read_table(table)
            hit = self._cache[table] = read is not None
            if read is not None:
                self._tables[table] = read
        return hit

    def rows(self, table) -> list[tuple]:
        """A data table's rows: (cells, texts, colspan attributes, rowspan attributes); the attribute lists
        are None for rows without spans."""
        self.is_data(table)
        return self._tables[table][0]

    def plain_html(self, table, media_cells: set) -> str:
        """What render_html's walk would produce inside a data table that holds only sections, rows and
        cells without links or images, with blank text between them; "" for any other table."""
        self.is_data(table)
        rows, inner = self._tables[table]
        if inner and not (media_cells and any(cell in media_cells for row in rows for cell in row[0])):
            return inner
        for cells, texts, _, _ in rows:  # the walk reads the cells as they were when the table was read
            self._cells.update(zip(cells, texts, strict=True))
        return ""


def _read_table(table) -> tuple[list[tuple], str] | None:
    """(rows, plain HTML or "") of a data table, None for page layout.

    Comprehensions and joins over the whole table rather than statements per row or cell: on table-heavy
    pages the cells were most of the extraction time."""
    if _HAS_TABLE(table):
        return None  # tables holding tables are layout
    trs, layout, plain = _row_elements(table)
    rows_cells = [tr.getchildren() for tr in trs]  # built in C: a third of what list(tr) costs
    cells, tags, texts, sizes, tails = _cell_columns(rows_cells)
    if tags.count("td") + tags.count("th") != len(tags):
        plain = False  # comments or other elements between the cells
        rows_cells = [[cell for cell in row if cell.tag in ("td", "th")] for row in rows_cells]
        cells, tags, texts, sizes, tails = _cell_columns(rows_cells)
    joined = "".join(texts)
    if any(sizes) or not _is_folded(joined):
        texts = [cell_text(cell) if size else fold(text) for cell, text, size in zip(cells, texts, sizes, strict=True)]
        joined = "".join(texts)
    if len(joined) > _LONG_CELL and max(map(len, texts)) > _LONG_CELL:
        return None

    ends = list(accumulate(map(len, rows_cells)))
    starts = [0, *ends][:-1]
    rows = [(row, texts[start:end], None, None) for row, start, end in zip(rows_cells, starts, ends, strict=True)]
    colspans = {value.getparent(): str(value) for value in _COLSPANS(table)}
    rowspans = {value.getparent(): str(value) for value in _ROWSPANS(table)}
    width = max(map(len, rows_cells), default=0)
    if colspans or rowspans:
        # the rows holding a span attribute; a row that holds one only on a non-cell child, which the
        # general path gave all-None spans, reads the same as a row without
        spanned = colspans.keys() | rowspans.keys()
        for i, row in enumerate(rows_cells):
            if spanned.isdisjoint(row):
                continue
            cols = [colspans.get(cell) for cell in row]
            rows[i] = (row, rows[i][1], cols, [rowspans.get(cell) for cell in row])
            width = max(width, len(row) + sum(_span(value, _MAX_COLSPAN) - 1 for value in cols if value is not None))
    if width < 2:
        return None

    gaps = "".join(filter(None, tails))
    if not plain or (gaps and not gaps.isspace()):
        return rows, ""
    if "&" in joined or "<" in joined or ">" in joined:
        texts = [html.escape(text, quote=False) for text in texts]
    if colspans or rowspans:
        attrs = {
            cell: _span_attrs(rowspans.get(cell), colspans.get(cell)) for cell in colspans.keys() | rowspans.keys()
        }
        pieces = [
            f"<{tag}{attrs.get(cell, '')}>{text}</{tag}>" for cell, tag, text in zip(cells, tags, texts, strict=True)
        ]
    else:
        pieces = [f"<{tag}>{text}</{tag}>" for tag, text in zip(tags, texts, strict=True)]
    rows_html = ["<tr>" + "".join(pieces[start:end]) + "</tr>" for start, end in zip(starts, ends, strict=True)]
    return rows, "".join([rows_html[item] if isinstance(item, int) else item for item in layout])


def _row_elements(table) -> tuple[list, list, bool]:
    """(rows, layout, plain so far). The rows are ./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr, met in that
    (document) order by a walk over the table's children and sections. The layout lists section tags and
    row numbers in document order, for the plain HTML; plain means nothing but sections and rows, with
    blank text between them."""
    trs = []
    layout: list = []
    between = [table.text]
    plain = True
    for part in table.getchildren():
        tag = part.tag
        if tag == "tr":
            layout.append(len(trs))
            trs.append(part)
        elif tag in ("thead", "tbody", "tfoot"):
            between.append(part.text)
            layout.append(f"<{tag}>")
            for tr in part.getchildren():
                if tr.tag == "tr":
                    layout.append(len(trs))
                    trs.append(tr)
                    between.append(tr.tail)
                else:
                    plain = False
            layout.append(f"</{tag}>")
        else:
            plain = False
            continue
        between.append(part.tail)
    between += [tr.text for tr in trs]
    gaps = "".join(filter(None, between))
    return trs, layout, plain and (not gaps or gaps.isspace())


def _cell_columns(rows_cells: list[list]) -> tuple[tuple, ...]:
    """(cells, tags, texts of leaves, child counts, tails), each flattened over the rows."""
    cells = [cell for row in rows_cells for cell in row]
    if not cells:
        return (), (), (), (), ()
    # a comprehension per column: a tuple per cell, transposed by zip, cost half as much again
    return (
        tuple(cells),
        tuple([cell.tag for cell in cells]),
        tuple([cell.text or "" for cell in cells]),
        tuple(map(len, cells)),
        tuple([cell.tail for cell in cells]),
    )


def _is_folded(text: str) -> bool:
    """fold(text) == text for text without spaces: every other character fold() touches is unprintable."""
    return " " not in text and text.isprintable()


def cell_text(cell) -> str:
    """A cell's text nodes joined CJK-aware: "法律"/"服务"/"机构" in three <p>s → 法律服务机构,
    but "1"/"0" → "1 0".
    (Formatting tags are unwrapped before this, so separate text nodes are separate runs.)"""
    if len(cell) == 0:
        return fold(cell.text or "")
    if len(cell) == 1 and not len(child := cell[0]) and isinstance(child.tag, str):
        # one childless element (a Word paste's <p>): what itertext() would yield, without its per-node cost
        parts = [t for t in (cell.text, child.text, child.tail) if t and not t.isspace()]
    else:
        parts = [t for t in cell.itertext() if not t.isspace()]
    if len(parts) == 1:
        return fold(parts[0])  # what join_cjk makes of one piece; most cells are one <p> of text
    return join_cjk([fold(t) for t in parts])


def table_grid(rows: list[tuple]) -> list[list[str]]:
    """Expand rowspan/colspan into a grid.

    A row-spanning cell's text is repeated in each row it covers (row labels such as 三、本年度办理结果
    stay with every sub-row); the extra columns of a column-spanning cell are empty, so a number spanning
    three columns is not read as three numbers."""
    grid: list[list[str]] = []
    carry: dict[int, list] = {}  # column -> [rows still covered, text]

    def take(col: int) -> str:
        entry = carry[col]
        entry[0] -= 1
        if entry[0] <= 0:
            del carry[col]
        return entry[1]

    for r, (_, texts, cols, spans) in enumerate(rows):
        if not carry and cols is None and spans is None:
            grid.append(list(texts))
            continue
        out: list[str] = []
        for i, text in enumerate(texts):
            while len(out) in carry:
                out.append(take(len(out)))
            colspan_attr = cols[i] if cols else None
            rowspan_attr = spans[i] if spans else None
            if colspan_attr is None and rowspan_attr is None:
                out.append(text)
                continue
            colspan = _span(colspan_attr, _MAX_COLSPAN)
            rowspan = _span(rowspan_attr, len(rows) - r)
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
    for row in kinds.grid(table):
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


def _safe_url(base: str, value: str | None) -> str:
    value = (value or "").strip()
    if not value or value.startswith("#") or value.lower().startswith(("javascript:", "vbscript:", "data:")):
        return ""
    try:
        return urljoin(base, value)
    except ValueError:
        return ""


def _text(s: str) -> str:
    if "  " in s or not s.isprintable():  # else no run of more than a plain space: nothing to collapse
        core = s.strip()
        if core and "  " not in core and core.isprintable():  # runs only at the ends (indentation)
            s = (" " if s[0] != core[0] else "") + core + (" " if s[-1] != core[-1] else "")
        else:
            s = _WS_RUN.sub(" ", s)
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


def _span_attrs(rowspan: str | None, colspan: str | None) -> str:
    out = ""
    if rowspan and rowspan.strip().isdigit():
        out += f' rowspan="{int(rowspan)}"'
    if colspan and colspan.strip().isdigit():
        out += f' colspan="{int(colspan)}"'
    return out


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
                attrs = _span_attrs(el.get("rowspan"), el.get("colspan")) if tag in ("td", "th") else ""
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
                src = _safe_url(base_url, el.get("src"))
                if src:
                    buf.append(f'<img src="{html.escape(src)}" alt="{html.escape(el.get("alt") or "")}">')
            elif tag == "a":
                href = _safe_url(base_url, el.get("href"))
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
