"""Data tables in an lxml tree: telling them from page layout, reading their cells once, and expanding
rowspan/colspan into grids (the rows of render_text, and what the statistics parser reads).
"""

from __future__ import annotations

import functools
import html
from itertools import accumulate

from lxml import etree

from govreports.extract.normalise import fold, join_cjk

_MAX_COLSPAN = 64
_LONG_CELL = 400  # a "cell" holding this much text is page layout, not data

_HAS_TABLE = etree.XPath("boolean(.//table)")
# smart strings: getparent() of each value is its cell
_COLSPANS = etree.XPath("descendant::*/@colspan")
_ROWSPANS = etree.XPath("descendant::*/@rowspan")


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

    def text_grid(self, table) -> list[list[str]]:
        """The grid as body text shows it: a row-spanning cell's text in its first row only."""
        return table_grid(self.rows(table), fill=False)

    def cell_text(self, cell) -> str:
        """cell_text, memoised: both renderers need it."""
        hit = self._cells.get(cell)
        if hit is None:
            hit = self._cells[cell] = cell_text(cell)
        return hit

    def is_data(self, table) -> bool:
        hit = self._cache.get(table)
        if hit is None:
            read = read_table(table)
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


def read_table(table) -> tuple[list[tuple], str] | None:
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
            cell: span_attrs(rowspans.get(cell), colspans.get(cell)) for cell in colspans.keys() | rowspans.keys()
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


def table_grid(rows: list[tuple], fill: bool = True) -> list[list[str]]:
    """Expand rowspan/colspan into a grid.

    A row-spanning cell's text is repeated in each row it covers (row labels such as 三、本年度办理结果
    stay with every sub-row: what the statistics parser reads); with ``fill=False`` it stands in its first
    row only and the rows below hold an empty cell there (what body text shows: a merged cell once). The
    extra columns of a column-spanning cell are empty, so a number spanning three columns is not read as
    three numbers."""
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
                    carry[len(out)] = [rowspan - 1, slot if fill else ""]
                out.append(slot)
        for col in sorted(c for c in list(carry) if c >= len(out)):
            out.extend([""] * (col - len(out)))
            out.append(take(col))
        grid.append(out)
    return grid


def span_attrs(rowspan: str | None, colspan: str | None) -> str:
    """The rowspan/colspan attributes a cell keeps in sanitized HTML: plain numbers only."""
    out = ""
    if rowspan and rowspan.strip().isdigit():
        out += f' rowspan="{int(rowspan)}"'
    if colspan and colspan.strip().isdigit():
        out += f' colspan="{int(colspan)}"'
    return out
