"""Ruled tables read with PDFium. pdfminer's pure-Python content-stream parser made pdfplumber cost 0.1-0.3 s a
page with a table; here PDFium (C) gives the path objects and the characters, and pdfplumber's own table geometry
(the module-level functions of ``pdfplumber.table``: snap, join, intersections, cells, tables) runs on edges
built the way pdfminer and pdfplumber build them (``pdf_objects.page_edges``), so the same tables come out. Cell
text follows pdfplumber's ``extract_text`` (lines clustered by top within 3 pt, a word break at a space or a gap
over 3 pt); paragraphs come from the characters outside the tables.

``read_ruled_page`` returns None where this route does not decide and the caller falls back to pdfplumber: a
rotated page, characters outside the BMP (PDFium's character indexes no longer match the text), a path PDFium
cannot describe, or a text object PDFium's text page would leave out even after ``restore_dropped_text``.
"""

from __future__ import annotations

from govreports.documents.base import Cell
from govreports.documents.layout import Line, cell_text, paragraphs
from govreports.documents.pdf_objects import (
    Char,
    chars_to_lines,
    make_edge,
    page_chars,
    page_edges,
    restore_dropped_text,
)

_EPS = 1.0
# pdfplumber's TableSettings defaults (find_tables() with no settings), which the pdfplumber route uses
_SNAP = 3
_JOIN = 3
_EDGE_MIN_LENGTH = 3
_EDGE_MIN_LENGTH_PREFILTER = 1
_INTERSECTION = 3
# pdfplumber's extract_text defaults, used for cell text
_X_TOLERANCE = 3
_Y_TOLERANCE = 3


def find_tables(edges: list[dict]) -> list:
    """pdfplumber's TableFinder with the default "lines" settings, on the given edges. pdfplumber.Table objects
    without a page: their ``rows``, ``columns`` and ``bbox`` work, ``extract`` does not (see ``table_texts``)."""
    from pdfplumber.table import (
        Table,
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    v = filter_edges(edges, "v", min_length=_EDGE_MIN_LENGTH_PREFILTER)
    h = filter_edges(edges, "h", min_length=_EDGE_MIN_LENGTH_PREFILTER)
    merged = merge_edges(v + h, _SNAP, _SNAP, _JOIN, _JOIN)
    merged = filter_edges(merged, min_length=_EDGE_MIN_LENGTH)
    cells = intersections_to_cells(edges_to_intersections(merged, _INTERSECTION, _INTERSECTION))
    return [Table(None, group) for group in cells_to_tables(cells)]


def close_open_ends(edges: list[dict]) -> list[dict]:
    """A table continued over a page break may lose its top rule on the next page (or its bottom rule on the
    first): its first row is then no cell and its text falls out of the table. Its vertical rules still reach
    where the rule was: where three or more of them end at one height with no horizontal rule there, and a
    horizontal rule elsewhere spans the same width (the table is ruled, not a layout of vertical lines), the
    missing rule is added from the leftmost to the rightmost."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    added = []
    for end in ("top", "bottom"):
        ends: dict[int, list[dict]] = {}
        for edge in vertical:
            ends.setdefault(round(edge[end] / _SNAP), []).append(edge)
        for group in ends.values():
            if len(group) < 3:
                continue
            y = sum(e[end] for e in group) / len(group)
            x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
            ruled = any(abs(h["top"] - y) <= _SNAP and h["x0"] < x1 and h["x1"] > x0 for h in horizontal)
            spanned = any(h["x0"] <= x0 + _SNAP and h["x1"] >= x1 - _SNAP for h in horizontal)
            if not ruled and spanned:
                added.append(make_edge(x0, x1, y, y, "h"))
    return edges + added if added else edges


# ------------------------------------------------------------------------------------------------- text


def _within(placed: list[tuple[float, float, Char]], bbox) -> list[tuple[float, float, Char]]:
    """pdfplumber's Table.extract test: the character's centre in the box, right and bottom sides open."""
    x0, top, x1, bottom = bbox
    return [p for p in placed if x0 <= p[0] < x1 and top <= p[1] < bottom]


def _cluster(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's make_cluster_dict: sorted distinct values chained while each is within tolerance of the last."""
    out: dict[float, int] = {}
    index = -1
    last = None
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            index += 1
        out[value] = index
        last = value
    return out


def extract_text(chars: list[Char]) -> str:
    """pdfplumber's ``utils.extract_text`` with its defaults, for horizontal text: lines clustered by top,
    characters ordered by x0, a new word at a blank character, at a step back, at a gap over 3 pt or a change
    of top over 3 pt; words clustered by top again, joined by a space, lines by a newline."""
    if not chars:
        return ""
    line_of = _cluster([c.top for c in chars], _Y_TOLERANCE)
    lines: dict[int, list[Char]] = {}
    for char in chars:
        lines.setdefault(line_of[char.top], []).append(char)
    words: list[tuple[float, str]] = []  # (top of the first character, text)
    for index in sorted(lines):
        word: list[Char] = []
        for char in sorted(lines[index], key=lambda c: c.x0):
            if char.text.isspace():
                if word:
                    words.append((word[0].top, "".join(c.text for c in word)))
                word = []
                continue
            prev = word[-1] if word else None
            if prev is not None and (
                char.x0 < prev.x0 or char.x0 > prev.x1 + _X_TOLERANCE or abs(char.top - prev.top) > _Y_TOLERANCE
            ):
                words.append((word[0].top, "".join(c.text for c in word)))
                word = []
            word.append(char)
        if word:
            words.append((word[0].top, "".join(c.text for c in word)))
    word_line = _cluster([top for top, _ in words], _Y_TOLERANCE)
    grouped: dict[int, list[str]] = {}
    for top, text in words:
        grouped.setdefault(word_line[top], []).append(text)
    return "\n".join(" ".join(grouped[i]) for i in sorted(grouped))


def table_texts(table, placed: list[tuple[float, float, Char]]) -> list[list[str | None]]:
    """As pdfplumber's ``Table.extract()``: per row, per cell (None where a merged cell covers it). ``placed``:
    the characters with their centres, (x, y, char)."""
    placed = _within(placed, table.bbox)
    out = []
    for row in table.rows:
        in_row = _within(placed, row.bbox)
        out.append(
            [None if cell is None else extract_text([p[2] for p in _within(in_row, cell)]) for cell in row.cells]
        )
    return out


# ------------------------------------------------------------------------------------------------- blocks


def table_rows(table, texts: list[list[str | None]]) -> list[list[Cell]]:
    """Anchor cells with their spans, worked out from the cell rectangles against the row and column lines."""
    rows = table.rows
    tops = [row.bbox[1] for row in rows]
    lefts = [col.bbox[0] for col in table.columns]
    out: list[list[Cell]] = []
    for r, row in enumerate(rows):
        anchors = []
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                continue  # covered by a merged cell above or to the left
            _, _, x1, bottom = bbox
            rowspan = sum(1 for top in tops[r:] if top < bottom - _EPS) or 1
            colspan = sum(1 for left in lefts[c:] if left < x1 - _EPS) or 1
            value = texts[r][c] if r < len(texts) and c < len(texts[r]) else ""
            anchors.append(Cell(cell_text(value), rowspan, colspan))
        out.append(anchors)
    return out


def interleave(lines: list[Line], tables: list[tuple[float, list[list[Cell]]]]) -> list:
    """Blocks in reading order from the lines outside the tables and the tables as (top, rows): paragraphs are
    joined within each stretch between tables, so a paragraph never swallows a table."""
    items: list = []
    stretch: list[Line] = []
    order = sorted(range(len(tables)), key=lambda i: tables[i][0])
    ti = 0
    for line in lines:
        while ti < len(order) and tables[order[ti]][0] <= line.top:
            items.extend(paragraphs(stretch))
            stretch = []
            items.append(tables[order[ti]][1])
            ti += 1
        stretch.append(line)
    items.extend(paragraphs(stretch))
    for i in order[ti:]:
        items.append(tables[i][1])
    return items


def read_ruled_page(page) -> list | None:
    """Blocks of a page that has path objects, read with PDFium; None where pdfplumber must decide (see the
    module docstring)."""
    if page.get_rotation() % 360:
        return None  # pdfminer turns a rotated page upright; PDFium's coordinates here are unrotated
    height = page.get_height()
    edges = page_edges(page, height)
    if edges is None or not restore_dropped_text(page):
        return None
    textpage = page.get_textpage()
    try:
        chars = page_chars(textpage, height)
    finally:
        textpage.close()
    if chars is None:
        return None
    edges = close_open_ends(edges)
    tables = [t for t in find_tables(edges) if len(t.rows) >= 1 and len(t.columns) >= 2] if edges else []
    # pdfplumber has only the content stream's characters, not PDFium's inferred spaces and line breaks
    placed = [((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2, c) for c in chars if not c.generated]
    bboxes = [t.bbox for t in tables]

    def outside(char: Char) -> bool:
        cx = (char.x0 + char.x1) / 2
        cy = (char.top + char.bottom) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in bboxes)

    lines = chars_to_lines([c if c.text in "\r\n" or outside(c) else None for c in chars])
    return interleave(lines, [(t.bbox[1], table_rows(t, table_texts(t, placed))) for t in tables])
