"""PDF. Pages without any vector path (so without ruled tables) are read by PDFium (pypdfium2, the C library
Chrome uses: ten pages of dense Chinese in about 0.1 s); pages with paths go through pdfplumber (pdfminer.six,
about 0.15 s a page), whose ruled-table finder turns their tables into grids. Paragraph text on those pages
is read from the characters outside the tables, so table rows are not repeated as paragraphs. Pages with
images but no text layer at all make the document ``needs_ocr``."""

from __future__ import annotations

import io
import re

from pipelines.documents.base import CORRUPT, ENCRYPTED, NEEDS_OCR, Cell, DocumentText, failure, finish
from pipelines.documents.layout import Line, cell_text, group_pieces, paragraphs

_CID = re.compile(r"\(cid:\d+\)")
_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff]")
_EPS = 1.0
_PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


def read_pdf(data: bytes) -> DocumentText:
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-4096:]:
        return failure(CORRUPT, "pdf", "the PDF is truncated (no %%EOF marker at the end)")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR:
            return failure(ENCRYPTED, "pdf", "the PDF needs a password to open")
        return failure(CORRUPT, "pdf", f"the PDF cannot be parsed ({exc})"[:300])
    try:
        return _read_document(doc, data)
    except Exception as exc:  # a damaged object deep inside a page
        return failure(CORRUPT, "pdf", f"the PDF is damaged ({type(exc).__name__}: {exc})"[:300])
    finally:
        doc.close()


def _read_document(doc, data: bytes) -> DocumentText:
    import pypdfium2.raw as pdfium_c

    count = len(doc)
    if not count:
        return failure(CORRUPT, "pdf", "the PDF has no pages (truncated or damaged)")
    per_page: list[list | None] = []
    image_pages = 0
    unmapped = 0
    for index in range(count):
        page = doc[index]
        try:
            kinds = {obj.type for obj in page.get_objects()}
            image_pages += pdfium_c.FPDF_PAGEOBJ_IMAGE in kinds
            if pdfium_c.FPDF_PAGEOBJ_PATH in kinds:
                per_page.append(None)  # lines or boxes: maybe a table, read with pdfplumber below
                continue
            lines = _pdfium_lines(page)
            unmapped += sum(len(_UNMAPPED.findall(line.text)) for line in lines)
            per_page.append(paragraphs(lines))
        finally:
            page.close()
    if any(blocks is None for blocks in per_page):
        failed = _plumber_pages(data, per_page)
        if failed is not None:
            return failed
    blocks = [block for page_blocks in per_page for block in page_blocks or []]
    result = finish(blocks, "pdf", pages=count)
    if result.ok and (unmapped + len(_CID.findall(result.text))) * 2 > len(result.text):
        return failure(NEEDS_OCR, "pdf", "the text layer has no Unicode mapping (glyph ids only)", count)
    if not result.ok and image_pages:
        return failure(NEEDS_OCR, "pdf", f"no text layer: {image_pages} of {count} page(s) are images (a scan)", count)
    if not result.ok:
        result.message = "the PDF has neither text nor images"
    return result


def _pdfium_lines(page) -> list[Line]:
    """Lines from PDFium's characters in content order, top-down coordinates. The loose character boxes
    (ascent to descent of the font) are used: tight glyph boxes are empty for fonts that are not embedded."""
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP: positions no longer line up; read it as one run
            return [Line(0.0, 0.0, 0.0, 0.0, line, 10.0) for line in text.splitlines()]
        runs: list[list] = []  # [baseline y, x0, x1, text, size]
        run: list | None = None
        for i, ch in enumerate(text):
            if ch in "\r\n":
                run = None
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            size = top - bottom
            if size <= 0 or ch.isspace():
                if run is not None:
                    run[3] += " "
                continue
            y = height - bottom
            if run is not None and abs(y - run[0]) < 0.5 * size and run[2] - size <= left < run[2] + 1.5 * size:
                run[3] += ch
                run[2] = right
            else:
                run = [y, left, right, ch, size]
                runs.append(run)
        return group_pieces([tuple(r) for r in runs])
    finally:
        textpage.close()


def _plumber_pages(data: bytes, per_page: list) -> DocumentText | None:
    """Fill the pages left as None with pdfplumber's reading; a DocumentText if pdfplumber fails."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        return failure(CORRUPT, "pdf", f"the PDF cannot be parsed ({type(cause).__name__}: {cause})"[:300])
    with pdf:
        pages = pdf.pages
        for index, blocks in enumerate(per_page):
            if blocks is None and index < len(pages):
                per_page[index] = _read_page(pages[index])
                pages[index].close()  # drops the page's cached layout objects
    return None


def _read_page(page) -> list:
    """pdfplumber: blocks in reading order, ruled tables as tables."""
    tables = page.find_tables() if (page.lines or page.rects or page.curves) else []
    tables = [t for t in tables if len(t.rows) >= 1 and len(t.columns) >= 2]
    bboxes = [t.bbox for t in tables]
    text_page = page
    if bboxes:

        def outside(obj) -> bool:
            if obj.get("object_type") != "char":
                return True
            cx = (obj["x0"] + obj["x1"]) / 2
            cy = (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in bboxes)

        text_page = page.filter(outside)
    raw_lines = text_page.extract_text_lines(return_chars=True)
    items: list = []
    lines = [
        Line(d["x0"], d["x1"], d["top"], d["bottom"], d["text"], d["chars"][0]["size"] if d["chars"] else 10.0)
        for d in raw_lines
    ]
    # paragraphs between tables are joined within each stretch, so a paragraph never swallows a table
    stretch: list[Line] = []
    table_tops = sorted((t.bbox[1], i) for i, t in enumerate(tables))
    ti = 0
    for line in lines:
        while ti < len(table_tops) and table_tops[ti][0] <= line.top:
            items.extend(paragraphs(stretch))
            stretch = []
            items.append(_table_rows(tables[table_tops[ti][1]]))
            ti += 1
        stretch.append(line)
    items.extend(paragraphs(stretch))
    for _, i in table_tops[ti:]:
        items.append(_table_rows(tables[i]))
    return items


def _table_rows(table) -> list[list[Cell]]:
    """Anchor cells with their spans, worked out from the cell rectangles against the row and column lines."""
    texts = table.extract()
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
