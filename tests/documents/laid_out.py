"""Report files laid out the way real ones are, drawn line by line (reportlab's canvas for PDF, python-docx
for DOCX): headings over two or three lines, centred and larger, letter-spaced or not; body paragraphs with a
first-line indent; a right-aligned signature; ruled tables that may run over a page break. Everything invented."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from tests.demo_portal.documents import _CJK_FONT, _register_cjk_font


@dataclass
class HeadingLine:
    text: str
    size: float = 18.0
    align: str = "centre"  # "centre" | "left" | "right"
    spacing: float = 0.0  # extra space between characters (letter-spacing), in points


@dataclass
class Page:
    heading: list[HeadingLine] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)  # right-aligned closing lines
    # ruled table rows (cell texts) drawn after the paragraphs; a short row's last cell spans the rest
    table: list[list[str]] = field(default_factory=list)
    table_widths: list[float] = field(default_factory=list)
    # the first table row at a page break: "ruled", "no-top-rule" (its top rule lost, its vertical rules kept)
    # or "unruled" (no rule around it at all)
    first_row: str = "ruled"
    header: list[str] = field(default_factory=list)  # small left-aligned lines above the heading (索引号 …)


_LEFT, _RIGHT, _TOP, _HEIGHT = 72.0, 523.0, 770.0, 842.0
_BODY = 12.0


def _wrap(text: str, indent: float, size: float) -> list[tuple[float, str]]:
    """(x offset, text) per line: CJK text broken at the line width, the first line indented."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, line, x = [], "", indent
    limit = _RIGHT - _LEFT
    for ch in text:
        advance = stringWidth(ch, _CJK_FONT, size)
        if x + advance > limit + 0.01:
            out.append((indent if not out else 0.0, line))
            line, x = "", 0.0
        line += ch
        x += advance
    if line:
        out.append((indent if not out else 0.0, line))
    return out


def make_report_pdf(pages: list[Page]) -> bytes:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_cjk_font()
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595.0, _HEIGHT), invariant=1)
    for page in pages:
        y = _TOP
        for text in page.header:
            pdf.setFont(_CJK_FONT, 9)
            pdf.drawString(_LEFT, y, text)
            y -= 16
        if page.header:
            y -= 14
        for line in page.heading:
            width = stringWidth(line.text, _CJK_FONT, line.size) + max(len(line.text) - 1, 0) * line.spacing
            x = {"centre": (_LEFT + _RIGHT - width) / 2, "left": _LEFT, "right": _RIGHT - width}[line.align]
            obj = pdf.beginText(x, y)
            obj.setFont(_CJK_FONT, line.size)
            obj.setCharSpace(line.spacing)
            obj.textLine(line.text)
            pdf.drawText(obj)
            y -= line.size * 1.6
        if page.heading:
            y -= 12
        pdf.setFont(_CJK_FONT, _BODY)
        for paragraph in page.paragraphs:
            for dx, text in _wrap(paragraph, 2 * _BODY, _BODY):
                pdf.drawString(_LEFT + dx, y, text)
                y -= _BODY * 1.6
        for text in page.signature:
            pdf.drawString(_RIGHT - stringWidth(text, _CJK_FONT, _BODY), y, text)
            y -= _BODY * 1.6
        if page.table:
            y = _table(pdf, page, y - 6)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _table(pdf, page: Page, y: float) -> float:
    """Rows of cell texts; a row shorter than the table lets its last cell span the remaining columns."""
    width = max(len(row) for row in page.table)
    widths = page.table_widths or [(_RIGHT - _LEFT) / width] * width
    row_height = 22.0
    xs = [_LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    top = y
    pdf.setLineWidth(0.6)
    pdf.setFont(_CJK_FONT, 9)
    for r, row in enumerate(page.table):
        bottom = top - row_height
        if r or page.first_row == "ruled":
            pdf.line(xs[0], top, xs[-1], top)
        edges = [xs[c] for c in range(len(row))] + [xs[-1]]
        for x in edges if r or page.first_row != "unruled" else ():
            pdf.line(x, top, x, bottom)
        for c, text in enumerate(row):
            if text:
                pdf.drawString(xs[c] + 3, bottom + 7, text)
        top = bottom
    pdf.line(xs[0], top, xs[-1], top)
    return top - 12


def make_report_docx(heading: list[tuple[str, str, float]], paragraphs: list[str], signature: list[str]) -> bytes:
    """A DOCX: heading paragraphs as (text, "centre"/"left", size in points), body paragraphs at 12 pt with a
    first-line indent, the signature right-aligned."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    for text, align, size in heading:
        p = doc.add_paragraph()
        if align == "centre":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = True
    for text in paragraphs:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(24)
        p.add_run(text).font.size = Pt(12)
    for text in signature:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(text).font.size = Pt(12)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
