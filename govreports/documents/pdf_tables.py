"""Ruled tables read with PDFium. pdfminer's pure-Python content-stream parser made pdfplumber cost 0.1-0.3 s a
page with a table; here PDFium (C) gives the path objects and the characters, and pdfplumber's own table geometry
(the module-level functions of ``pdfplumber.table``: snap, join, intersections, cells, tables) runs on edges
built the way pdfminer and pdfplumber build them (a path split at each moveto; a two-point subpath is a line, a
closed axis-aligned four-point one a rectangle with four edges, anything else a curve whose consecutive points
give edges), so the same tables come out. Cell text follows pdfplumber's ``extract_text`` (lines clustered by top
within 3 pt, a word break at a space or a gap over 3 pt); paragraphs come from the characters outside the tables.

``read_ruled_page`` returns None where this route does not decide and the caller falls back to pdfplumber: a
rotated page, characters outside the BMP (PDFium's character indexes no longer match the text), a path PDFium
cannot describe, or a text object PDFium's text page would leave out even after ``restore_dropped_text``.
"""

from __future__ import annotations

import ctypes
import itertools
from typing import NamedTuple

from govreports.documents.base import Cell
from govreports.documents.layout import Line, cell_text, group_pieces, paragraphs

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
_MAX_FORM_DEPTH = 15  # as pypdfium2's get_objects


class Char(NamedTuple):
    """A PDFium character in top-down coordinates (the loose box: font ascent to descent)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    generated: bool  # a space or line break PDFium inferred, not in the content stream


def page_chars(textpage, height: float, mark_generated: bool = True) -> list[Char] | None:
    """Every character of the text page in content order; None when the text holds characters outside the BMP
    (PDFium counts them as two, so indexes and text no longer line up). Without ``mark_generated`` every
    character's ``generated`` is False (saves a call a character where it does not matter)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:
        return None
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    out = []
    for i, ch in enumerate(text):
        if ch in "\r\n":
            out.append(Char(ch, 0.0, 0.0, 0.0, 0.0, True))
            continue
        # the loose box: tight glyph boxes are empty for fonts that are not embedded
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
            raise pdfium.PdfiumError("Failed to get charbox.")
        generated = mark_generated and pdfium_c.FPDFText_IsGenerated(raw, i) == 1
        out.append(Char(ch, rect.left, rect.right, height - rect.top, height - rect.bottom, generated))
    return out


def chars_to_lines(chars: list[Char | None]) -> list[Line]:
    """Visual lines from characters in content order (None: a character left out, which ends a run). Runs of
    characters on one baseline without a wide gap become pieces; ``group_pieces`` makes lines of them."""
    runs: list[list] = []  # [baseline y, x0, x1, text, size]
    run: list | None = None
    for char in chars:
        if char is None or char.text in "\r\n":
            run = None
            continue
        size = char.bottom - char.top
        if size <= 0 or char.text.isspace():
            if run is not None:
                run[3] += " "
            continue
        y = char.bottom
        if run is not None and abs(y - run[0]) < 0.5 * size and run[2] - size <= char.x0 < run[2] + 1.5 * size:
            run[3] += char.text
            run[2] = char.x1
        else:
            run = [y, char.x0, char.x1, char.text, size]
            runs.append(run)
    return group_pieces([tuple(r) for r in runs])


# ------------------------------------------------------------------------------------------------- edges


def _multiply(m, n) -> tuple:
    """The matrix m then n (PDF order: a point p maps to p·m·n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _objects(page, kinds: tuple[int, ...] | None, with_matrix: bool = True):
    """(raw object, type, matrix to page space or None) for the page's objects of the given types (None: all),
    Form XObjects descended into as pypdfium2's get_objects does (their objects' matrices are relative to the
    form)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    form = pdfium_c.FPDF_PAGEOBJ_FORM

    def walk(count_objects, get_object, parent, outer: tuple | None, depth: int):
        for i in range(count_objects(parent)):
            obj = get_object(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kinds is not None and kind != form and kind not in kinds:
                continue
            own = None
            if with_matrix:
                if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                    raise pdfium.PdfiumError("Failed to get the matrix of a page object.")
                own = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kinds is None or kind in kinds:
                yield obj, kind, own
            if kind == form and depth < _MAX_FORM_DEPTH:
                yield from walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, own, depth + 1)

    yield from walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, (1, 0, 0, 1, 0, 0), 0)


def object_kinds(page) -> set[int]:
    """The FPDF_PAGEOBJ_* types present on the page, inside Form XObjects too."""
    return {kind for _, kind, _ in _objects(page, None, with_matrix=False)}


def restore_dropped_text(page) -> bool:
    """Let PDFium's text page see every text object; False if some stay unseen. PDFium leaves out a text object
    whose bounds have no width, and a one-character object in a font it has no glyphs for (a CJK font not embedded,
    as reportlab's STSong-Light or iText's, on a host without CJK fonts) has bounds of one point: a wrapped cell's
    last character, a paragraph's lone last character would be lost. Stroked text has its bounds widened by half
    the line width, so such objects are switched to fill+stroke (nothing here renders the page) and their bounds
    recomputed. Call before ``page.get_textpage()``."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    seen = True
    for obj, _, _ in _objects(page, (pdfium_c.FPDF_PAGEOBJ_TEXT,), with_matrix=False):
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top) or right.value - left.value >= 0.01:
            continue
        pdfium_c.FPDFTextObj_SetTextRenderMode(obj, pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE)
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 0, 0)  # recomputes the bounds
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        seen = seen and right.value - left.value >= 0.01
    return seen


def _paths(page) -> list[tuple[list[tuple[str, float, float]], tuple]] | None:
    """Every path object of the page, Form XObjects included: (segments as (kind, x, y) with kind "m", "l",
    "c" (one of a Bézier's three points) or "h" (close), the object's matrix to page space). None if PDFium
    cannot describe a segment."""
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_float(), ctypes.c_float()
    kinds = {pdfium_c.FPDF_SEGMENT_LINETO: "l", pdfium_c.FPDF_SEGMENT_BEZIERTO: "c", pdfium_c.FPDF_SEGMENT_MOVETO: "m"}
    out: list = []
    for obj, _, matrix in _objects(page, (pdfium_c.FPDF_PAGEOBJ_PATH,)):
        segments = []
        for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, s)
            if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                return None
            kind = kinds.get(pdfium_c.FPDFPathSegment_GetType(segment))
            if kind is None:
                return None
            segments.append((kind, x.value, y.value))
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                segments.append(("h", x.value, y.value))
        out.append((segments, matrix))
    return out


def _subpaths(segments: list[tuple[str, float, float]]):
    """pdfminer's painting units: the path cut at each moveto, as (shape, points), a Bézier reduced to its end
    point and a close to the subpath's start (pdfminer's conventions; its ``re`` is ``mlllh``)."""
    shape: list[str] = []
    points: list[tuple[float, float]] = []
    pending_curve = 0
    for kind, x, y in segments:
        if kind == "m":
            if shape:
                yield "".join(shape), points
            shape, points, pending_curve = ["m"], [(x, y)], 0
        elif not shape:
            continue  # a path must begin with a moveto (pdfminer drops it too)
        elif kind == "c":
            pending_curve += 1
            if pending_curve == 3:  # control point, control point, end point
                shape.append("c")
                points.append((x, y))
                pending_curve = 0
        elif kind == "h":
            shape.append("h")
            points.append(points[0])
        else:
            shape.append("l")
            points.append((x, y))
    if shape:
        yield "".join(shape), points


def page_edges(page, height: float) -> list[dict] | None:
    """The page's edges as pdfplumber's ``page.edges`` (lines, then rectangle edges, then curve edges), in
    top-down coordinates; None where PDFium cannot describe a path."""
    paths = _paths(page)
    if paths is None:
        return None
    line_edges: list[dict] = []
    rect_edges: list[dict] = []
    curve_edges: list[dict] = []
    for segments, (a, b, c, d, e, f) in paths:
        for shape, raw_points in _subpaths(segments):
            pts = [(a * px + c * py + e, b * px + d * py + f) for px, py in raw_points]
            # pdfminer drops a redundant lineto back to the start before a close
            if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
                shape = shape[:-2] + "h"
                del pts[-2]
            if shape in ("ml", "mlh"):
                (x0, y0), (x1, y1) = pts[0], pts[1]
                top, bottom = height - max(y0, y1), height - min(y0, y1)
                line_edges.append(_edge(min(x0, x1), max(x0, x1), top, bottom, "h" if top == bottom else "v"))
                continue
            if shape in ("mlllh", "mllll"):
                (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
                square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                    y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
                )
                if pts[0] == pts[4] and square:
                    left, right = min(x0, x2), max(x0, x2)
                    top, bottom = height - max(y0, y2), height - min(y0, y2)
                    rect_edges.append(_edge(left, right, top, top, "h"))
                    rect_edges.append(_edge(left, right, bottom, bottom, "h"))
                    rect_edges.append(_edge(left, left, top, bottom, "v"))
                    rect_edges.append(_edge(right, right, top, bottom, "v"))
                    continue
            flipped = [(px, height - py) for px, py in pts]
            for (px0, py0), (px1, py1) in itertools.pairwise(flipped):
                orientation = "v" if px0 == px1 else ("h" if py0 == py1 else None)
                curve_edges.append(_edge(min(px0, px1), max(px0, px1), min(py0, py1), max(py0, py1), orientation))
    return line_edges + rect_edges + curve_edges


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str | None) -> dict:
    return {
        "object_type": "edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


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
