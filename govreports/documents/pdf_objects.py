"""What PDFium says about a page, in the shapes pdfminer and pdfplumber use: its characters in top-down
coordinates, its page objects (inside Form XObjects too), and its path objects as pdfplumber-style edges (a path
split at each moveto; a two-point subpath is a line, a closed axis-aligned four-point one a rectangle with four
edges, anything else a curve whose consecutive points give edges). ``pdf_tables`` finds tables on those edges.
"""

from __future__ import annotations

import ctypes
import itertools
from typing import NamedTuple

from govreports.documents.layout import Line, group_pieces

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
                line_edges.append(make_edge(min(x0, x1), max(x0, x1), top, bottom, "h" if top == bottom else "v"))
                continue
            if shape in ("mlllh", "mllll"):
                (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
                square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                    y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
                )
                if pts[0] == pts[4] and square:
                    left, right = min(x0, x2), max(x0, x2)
                    top, bottom = height - max(y0, y2), height - min(y0, y2)
                    rect_edges.append(make_edge(left, right, top, top, "h"))
                    rect_edges.append(make_edge(left, right, bottom, bottom, "h"))
                    rect_edges.append(make_edge(left, left, top, bottom, "v"))
                    rect_edges.append(make_edge(right, right, top, bottom, "v"))
                    continue
            flipped = [(px, height - py) for px, py in pts]
            for (px0, py0), (px1, py1) in itertools.pairwise(flipped):
                orientation = "v" if px0 == px1 else ("h" if py0 == py1 else None)
                curve_edges.append(make_edge(min(px0, px1), max(px0, px1), min(py0, py1), max(py0, py1), orientation))
    return line_edges + rect_edges + curve_edges


def make_edge(x0: float, x1: float, top: float, bottom: float, orientation: str | None) -> dict:
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
