"""PDF: pdfplumber (pdfminer.six underneath). Ruled tables become tables; paragraph text is read from the
characters outside the tables, so table rows are not repeated as paragraphs. Pages with images but no text
layer at all make the document ``needs_ocr``."""

from __future__ import annotations

import io
import re

from pipelines.documents.base import CORRUPT, ENCRYPTED, NEEDS_OCR, Cell, DocumentText, failure, finish
from pipelines.documents.layout import Line, cell_text, paragraphs

_CID = re.compile(r"\(cid:\d+\)")
_EPS = 1.0


def read_pdf(data: bytes) -> DocumentText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            return failure(ENCRYPTED, "pdf", "the PDF needs a password to open")
        if isinstance(cause, PDFEncryptionError):
            return failure(ENCRYPTED, "pdf", f"the PDF's encryption is not supported: {cause}")
        return failure(CORRUPT, "pdf", f"the PDF cannot be parsed ({type(cause).__name__}: {cause})"[:300])
    try:
        with pdf:
            return _read_pages(pdf)
    except Exception as exc:  # a damaged object stream deep inside a page
        return failure(CORRUPT, "pdf", f"the PDF is damaged ({type(exc).__name__}: {exc})"[:300])


def _read_pages(pdf) -> DocumentText:
    try:
        pages = pdf.pages
    except Exception as exc:
        return failure(CORRUPT, "pdf", f"the PDF's page tree cannot be read ({type(exc).__name__})")
    if not pages:
        return failure(CORRUPT, "pdf", "the PDF has no pages (truncated or damaged)")
    blocks: list = []
    image_pages = 0
    cid_chars = 0
    for page in pages:
        page_blocks, has_images, cids = _read_page(page)
        blocks.extend(page_blocks)
        image_pages += has_images
        cid_chars += cids
        page.close()  # drops the page's cached layout objects
    result = finish(blocks, "pdf", pages=len(pages))
    if result.ok and cid_chars > len(result.text) // 2:
        return failure(NEEDS_OCR, "pdf", "the text layer has no Unicode mapping (glyph ids only)", len(pages))
    if not result.ok and image_pages:
        return failure(
            NEEDS_OCR, "pdf", f"no text layer: {image_pages} of {len(pages)} page(s) are images (a scan)", len(pages)
        )
    if not result.ok:
        result.message = "the PDF has neither text nor images"
    return result


def _read_page(page) -> tuple[list, bool, int]:
    """(blocks in reading order, whether the page holds images, count of unmapped (cid:N) glyphs)."""
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
    cids = sum(len(_CID.findall(line.text)) for line in lines)
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
    return items, bool(page.images), cids


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
