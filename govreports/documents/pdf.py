"""PDF, read with PDFium (pypdfium2, the C library Chrome uses: ten pages of dense Chinese in about 0.1 s).
Pages with vector paths may hold ruled tables: pdf_objects.py builds pdfplumber-style edges from PDFium's path
objects and pdf_tables.py runs pdfplumber's own table geometry on them, filling the cells with PDFium's characters,
so tables become grids; paragraph text on those pages is read from the characters outside the tables, so table
rows are not repeated as paragraphs. pdfplumber (pdfminer.six, about 0.15 s a page) reads a page only where that route
does not decide (a rotated page, characters outside the BMP, a path PDFium cannot describe), or throughout with
``read_pdf(data, tables="pdfplumber")``, the former reading, kept to compare against. Pages with images but no
text layer at all make the document ``needs_ocr``."""

from __future__ import annotations

import io
import re

from govreports.documents.base import CORRUPT, ENCRYPTED, NEEDS_OCR, DocumentText, failure, finish
from govreports.documents.heading import heading_lines
from govreports.documents.layout import Line, paragraphs
from govreports.documents.pdf_objects import chars_to_lines, object_kinds, page_chars, restore_dropped_text
from govreports.documents.pdf_tables import interleave, read_ruled_page, table_rows

_CID = re.compile(r"\(cid:\d+\)")
_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff]")
_PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


def read_pdf(data: bytes, tables: str = "pdfium") -> DocumentText:
    """``tables="pdfplumber"`` reads every page with paths through pdfplumber (the slower former route)."""
    import pypdfium2 as pdfium

    if tables not in ("pdfium", "pdfplumber"):
        raise ValueError(f"tables must be 'pdfium' or 'pdfplumber', not {tables!r}")

    if b"%%EOF" not in data[-4096:]:
        return failure(CORRUPT, "pdf", "the PDF is truncated (no %%EOF marker at the end)")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR:
            return failure(ENCRYPTED, "pdf", "the PDF needs a password to open")
        return failure(CORRUPT, "pdf", f"the PDF cannot be parsed ({exc})"[:300])
    try:
        return _read_document(doc, data, tables == "pdfium")
    except Exception as exc:  # a damaged object deep inside a page
        return failure(CORRUPT, "pdf", f"the PDF is damaged ({type(exc).__name__}: {exc})"[:300])
    finally:
        doc.close()


def _read_document(doc, data: bytes, ruled_by_pdfium: bool) -> DocumentText:
    import pypdfium2.raw as pdfium_c

    count = len(doc)
    if not count:
        return failure(CORRUPT, "pdf", "the PDF has no pages (truncated or damaged)")
    per_page: list[list | None] = []
    heading: list[str] | None = None  # read from the first page that has text
    image_pages = 0
    unmapped = 0
    for index in range(count):
        page = doc[index]
        try:
            kinds = object_kinds(page)
            image_pages += pdfium_c.FPDF_PAGEOBJ_IMAGE in kinds
            if pdfium_c.FPDF_PAGEOBJ_PATH in kinds:  # lines or boxes: maybe a table
                # None where PDFium's route does not decide: that page is read by pdfplumber below
                blocks = read_ruled_page(page) if ruled_by_pdfium else None
                if blocks is not None:
                    unmapped += sum(len(_UNMAPPED.findall(b)) for b in _block_texts(blocks))
                if heading is None and blocks:
                    heading = heading_lines(_pdfium_lines(page))
                per_page.append(blocks)
                continue
            lines = _pdfium_lines(page)
            if heading is None and lines:
                heading = heading_lines(lines)
            unmapped += sum(len(_UNMAPPED.findall(line.text)) for line in lines)
            per_page.append(paragraphs(lines))
        finally:
            page.close()
    if any(blocks is None for blocks in per_page):
        failed = _plumber_pages(data, per_page)
        if failed is not None:
            return failed
    blocks = [block for page_blocks in per_page for block in page_blocks or []]
    result = finish(blocks, "pdf", pages=count, heading=heading)
    if result.ok and (unmapped + len(_CID.findall(result.text))) * 2 > len(result.text):
        return failure(NEEDS_OCR, "pdf", "the text layer has no Unicode mapping (glyph ids only)", count)
    if not result.ok and image_pages:
        return failure(NEEDS_OCR, "pdf", f"no text layer: {image_pages} of {count} page(s) are images (a scan)", count)
    if not result.ok:
        result.message = "the PDF has neither text nor images"
    return result


def _block_texts(blocks: list):
    for block in blocks:
        if isinstance(block, str):
            yield block
        else:
            yield from (cell.text for row in block for cell in row)


def _pdfium_lines(page) -> list[Line]:
    """Lines from PDFium's characters in content order, top-down coordinates. The loose character boxes
    (ascent to descent of the font) are used: tight glyph boxes are empty for fonts that are not embedded."""
    restore_dropped_text(page)  # if some text objects stay unseen, their characters are lost as before
    textpage = page.get_textpage()
    try:
        chars = page_chars(textpage, page.get_height(), mark_generated=False)
        if chars is None:  # characters outside the BMP: positions no longer line up; read it as one run
            text = textpage.get_text_range(0, textpage.count_chars())
            return [Line(0.0, 0.0, 0.0, 0.0, line, 10.0) for line in text.splitlines()]
        return chars_to_lines(chars)
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
    lines = [
        Line(d["x0"], d["x1"], d["top"], d["bottom"], d["text"], d["chars"][0]["size"] if d["chars"] else 10.0)
        for d in raw_lines
    ]
    return interleave(lines, [(t.bbox[1], table_rows(t, t.extract())) for t in tables])
