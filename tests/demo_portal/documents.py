"""Writers of real report-like attachment files (PDF, DOCX, DOC, WPS, XLSX, XLS, OFD, ZIP) for the tests and
the demo portal.

Each takes ``paragraphs`` (one string per paragraph) and ``tables`` (rows of cell strings). ``merges`` gives,
per table (a list parallel to ``tables``), the merged cells as ``(row, col, rowspan, colspan)``: the merged
cell shows the text of its top-left grid cell and the other grid cells it covers are ignored. Tables come after
the paragraphs unless ``table_positions`` says, per table, after how many paragraphs it goes.

PDF, DOCX, XLSX, OFD and ZIP output is byte-for-byte deterministic for the same input (the demo portal's
committed fixtures are regenerated and compared in a test). DOC, WPS and XLS go through LibreOffice and are
not. Heavy libraries are imported inside the functions: the demo server imports this package at runtime.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from html import escape

Merge = tuple[int, int, int, int]  # (row, col, rowspan, colspan)
FIXED_ZIP_TIME = (2021, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CJK_FONT = "STSong-Light"  # reportlab's built-in CID font: Adobe-GB1, not embedded; pdfplumber reads it back


def _table_merges(merges: Sequence[Sequence[Merge]] | None, index: int) -> list[Merge]:
    if not merges or index >= len(merges):
        return []
    return list(merges[index] or [])


def _covered(merges: list[Merge]) -> set[tuple[int, int]]:
    """Grid cells hidden under a merge (every cell of it but the top-left)."""
    hidden = set()
    for row, col, rowspan, colspan in merges:
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                if (r, c) != (row, col):
                    hidden.add((r, c))
    return hidden


def _blocks(paragraphs: Sequence[str], tables: Sequence, table_positions: Sequence[int] | None) -> list:
    """Paragraphs (str) and table indexes (int) in document order."""
    positions = list(table_positions) if table_positions is not None else [len(paragraphs)] * len(tables)
    out: list = []
    for i, paragraph in enumerate(paragraphs):
        out.extend(t for t, pos in enumerate(positions) if pos == i)
        out.append(paragraph)
    out.extend(t for t, pos in enumerate(positions) if pos >= len(paragraphs))
    return out


def _width(table: Sequence[Sequence[str]]) -> int:
    return max((len(row) for row in table), default=0)


def _deterministic_zip(data: bytes) -> bytes:
    """The same OOXML package rewritten with fixed member timestamps (member order kept)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = src.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time whatever was set
                content = _MODIFIED.sub(rb"\g<1>2021-01-01T00:00:00Z\g<2>", content)
            dst.writestr(fixed, content)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------- PDF


def _register_cjk_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if _CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_CJK_FONT))


def make_pdf(
    paragraphs: Sequence[str],
    tables: Sequence[Sequence[Sequence[str]]] = (),
    merges: Sequence[Sequence[Merge]] | None = None,
    table_positions: Sequence[int] | None = None,
    title: str = "",
) -> bytes:
    """A text PDF (reportlab, CJK via the STSong-Light CID font) with tables drawn as ruled grids, so
    pdfplumber finds them. Paragraphs get a two-character first-line indent like real reports."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_cjk_font()
    body = ParagraphStyle("body", fontName=_CJK_FONT, fontSize=11, leading=18, firstLineIndent=22, wordWrap="CJK")
    heading = ParagraphStyle("title", parent=body, fontSize=16, leading=24, firstLineIndent=0, alignment=1)
    cell_style = ParagraphStyle("cell", fontName=_CJK_FONT, fontSize=9, leading=12, wordWrap="CJK")
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        invariant=1,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title=title or "report",
        author="govreports demo",
        creator="govreports demo",
    )
    story: list = []
    if title:
        story.append(Paragraph(escape(title), heading))
    for block in _blocks(paragraphs, tables, table_positions):
        if isinstance(block, str):
            story.append(Paragraph(escape(block), body))
            continue
        table = tables[block]
        width = _width(table)
        table_merges = _table_merges(merges, block)
        hidden = _covered(table_merges)
        data = [
            [
                Paragraph(escape(row[c]) if c < len(row) and (r, c) not in hidden else "", cell_style)
                for c in range(width)
            ]
            for r, row in enumerate(table)
        ]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        for row, col, rowspan, colspan in table_merges:
            style.append(("SPAN", (col, row), (col + colspan - 1, row + rowspan - 1)))
        col_width = doc.width / max(width, 1)
        story.append(Spacer(1, 6))
        story.append(Table(data, colWidths=[col_width] * width, style=TableStyle(style)))
        story.append(Spacer(1, 6))
    doc.build(story)
    return buf.getvalue()


def make_image_only_pdf(pages: int = 1) -> bytes:
    """A scanned report: each page is one greyscale image of "text lines" (dark bars), no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (420, 594), 255)
    draw = ImageDraw.Draw(image)
    for i in range(24):
        y = 60 + i * 20
        draw.rectangle((50 + (20 if i % 6 == 0 else 0), y, 370 - (i * 37) % 90, y + 8), fill=40)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    reader = ImageReader(image)
    for _ in range(pages):
        pdf.drawImage(reader, 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_encrypted_pdf(
    paragraphs: Sequence[str] = ("2020年政府信息公开工作年度报告",),
    tables: Sequence[Sequence[Sequence[str]]] = (),
    user_password: str = "secret",
    owner_password: str = "owner",
    algorithm: str = "AES-128",
) -> bytes:
    """make_pdf's output encrypted with pypdf. ``user_password=""`` gives what most government PDFs are: an
    owner password that only restricts printing/copying, readable by anyone. Not deterministic (random IDs)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(paragraphs, tables))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def html_error_page_as_pdf(kind: str = "404") -> bytes:
    """What a portal serves at a dead attachment link with a .pdf name: an HTML error (or login) page."""
    if kind == "login":
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>用户登录</title></head>\n'
            '<body><form action="/login" method="post"><p>请先登录后下载附件</p>'
            '<input name="username"><input type="password" name="password"><button>登录</button></form>'
            "</body></html>\n"
        ).encode()
    return (
        '<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>404 页面不存在</title></head>\n'
        '<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p><a href="/">返回首页</a></body>\n</html>\n'
    ).encode()


# ---------------------------------------------------------------------------------------------------- Word


def make_docx(
    paragraphs: Sequence[str],
    tables: Sequence[Sequence[Sequence[str]]] = (),
    merges: Sequence[Sequence[Merge]] | None = None,
    table_positions: Sequence[int] | None = None,
) -> bytes:
    """A DOCX (python-docx) with paragraphs and bordered tables in order; deterministic bytes."""
    import datetime

    from docx import Document

    doc = Document()
    for block in _blocks(paragraphs, tables, table_positions):
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        table = tables[block]
        width = _width(table)
        grid = doc.add_table(rows=len(table), cols=width)
        grid.style = "Table Grid"
        table_merges = _table_merges(merges, block)
        for row, col, rowspan, colspan in table_merges:
            grid.cell(row, col).merge(grid.cell(row + rowspan - 1, col + colspan - 1))
        hidden = _covered(table_merges)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if (r, c) not in hidden:
                    grid.cell(r, c).text = value
    fixed = datetime.datetime(2021, 1, 1, 0, 0, 0)
    props = doc.core_properties
    props.created = props.modified = props.last_printed = fixed
    props.author = props.last_modified_by = "govreports demo"
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _deterministic_zip(buf.getvalue())


def make_doc(
    paragraphs: Sequence[str],
    tables: Sequence[Sequence[Sequence[str]]] = (),
    merges: Sequence[Sequence[Merge]] | None = None,
    table_positions: Sequence[int] | None = None,
) -> bytes:
    """A Word 97–2003 .doc (OLE2 with a WordDocument stream): make_docx converted by LibreOffice headless.
    Needs soffice (Debian libreoffice-writer-nogui); about three seconds; not deterministic.

    The DOCX goes through ODT first: a .doc LibreOffice 7 writes straight from a python-docx DOCX holds its
    tables in a form antiword reads but LibreOffice's own .doc import flattens into one paragraph; the .doc
    written from ODT reads back with its tables (as Word-made .doc files do)."""
    from govreports.documents.convert import soffice_convert

    odt = soffice_convert(make_docx(paragraphs, tables, merges, table_positions), "docx", "odt")
    return soffice_convert(odt, "odt", "doc:MS Word 97")


def make_wps(
    paragraphs: Sequence[str],
    tables: Sequence[Sequence[Sequence[str]]] = (),
    merges: Sequence[Sequence[Merge]] | None = None,
    table_positions: Sequence[int] | None = None,
) -> bytes:
    """A .wps as WPS Office (金山 WPS 文字) saves it: in practice the Word 97 binary format (OLE2 with a
    WordDocument stream) under another extension, so this is make_doc's output; only the file name differs."""
    return make_doc(paragraphs, tables, merges, table_positions)


# ---------------------------------------------------------------------------------------------------- Excel


def _cell_value(value: str):
    """Numbers as numbers, like a real statistics sheet."""
    text = value.strip()
    if text.isascii() and text.lstrip("-").isdigit() and len(text) < 16:
        return int(text)
    return value


def make_xlsx(
    tables: Sequence[Sequence[Sequence[str]]],
    merges: Sequence[Sequence[Merge]] | None = None,
    sheet_names: Sequence[str] | None = None,
) -> bytes:
    """An XLSX (openpyxl), one sheet per table, integers stored as numbers; deterministic bytes."""
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for i, table in enumerate(tables):
        name = sheet_names[i] if sheet_names and i < len(sheet_names) else f"Sheet{i + 1}"
        ws = wb.create_sheet(name)
        hidden = _covered(_table_merges(merges, i))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value != "" and (r, c) not in hidden:
                    ws.cell(row=r + 1, column=c + 1, value=_cell_value(value))
        for row, col, rowspan, colspan in _table_merges(merges, i):
            ws.merge_cells(start_row=row + 1, start_column=col + 1, end_row=row + rowspan, end_column=col + colspan)
    fixed = datetime.datetime(2021, 1, 1, 0, 0, 0)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = wb.properties.lastModifiedBy = "govreports demo"
    buf = io.BytesIO()
    wb.save(buf)
    return _deterministic_zip(buf.getvalue())


def make_xls(
    tables: Sequence[Sequence[Sequence[str]]],
    merges: Sequence[Sequence[Merge]] | None = None,
    sheet_names: Sequence[str] | None = None,
) -> bytes:
    """An Excel 97–2003 .xls: make_xlsx converted by LibreOffice headless (Debian libreoffice-calc-nogui);
    not deterministic."""
    from govreports.documents.convert import soffice_convert

    return soffice_convert(make_xlsx(tables, merges, sheet_names), "xlsx", "xls:MS Excel 97")


# ---------------------------------------------------------------------------------------------------- OFD

_OFD_NS = "http://www.ofdspec.org/2016"
_PAGE_W, _PAGE_H = 210.0, 297.0  # mm, A4
_MARGIN = 25.0
_FONT_SIZE = 3.9  # mm, about 11 pt
_LINE_GAP = 6.5


def _ofd_lines(paragraphs: Sequence[str]) -> list[tuple[float, str]]:
    """(x offset, text) per visual line: paragraphs wrapped at the text width, first lines indented two
    characters."""
    per_line = int((_PAGE_W - 2 * _MARGIN) // _FONT_SIZE)
    lines = []
    for paragraph in paragraphs:
        text = paragraph
        first = True
        while text or first:
            room = per_line - (2 if first else 0)
            lines.append((2 * _FONT_SIZE if first else 0.0, text[:room]))
            text = text[room:]
            first = False
    return lines


def make_ofd(paragraphs: Sequence[str]) -> bytes:
    """An OFD (GB/T 33190, the format of 数科/福昕 government documents): OFD.xml → Doc_0/Document.xml →
    Doc_0/Pages/Page_N/Content.xml with one TextObject per half visual line (so a reader has to group text
    objects into lines by their Y). Deterministic bytes."""
    lines = _ofd_lines(paragraphs)
    per_page = int((_PAGE_H - 2 * _MARGIN) // _LINE_GAP)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    next_id = [10]

    def new_id() -> int:
        next_id[0] += 1
        return next_id[0]

    files: dict[str, bytes] = {}
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    files["OFD.xml"] = (
        f'{head}<ofd:OFD xmlns:ofd="{_OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
        "<ofd:DocID>6f6664646f630000000000000000000a</ofd:DocID><ofd:Creator>govreports demo</ofd:Creator>"
        "<ofd:CreationDate>2021-01-01</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    ).encode()
    files["Doc_0/PublicRes.xml"] = (
        f'{head}<ofd:Res xmlns:ofd="{_OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
    ).encode()
    page_refs = []
    for n, page_lines in enumerate(pages):
        objects = []
        for i, (indent, text) in enumerate(page_lines):
            y = _MARGIN + i * _LINE_GAP
            half = (len(text) + 1) // 2
            x = _MARGIN + indent
            for part in (text[:half], text[half:]):
                if not part:
                    continue
                width = len(part) * _FONT_SIZE
                delta = f"g {len(part) - 1} {_FONT_SIZE}" if len(part) > 1 else ""
                delta_attr = f' DeltaX="{delta}"' if delta else ""
                objects.append(
                    f'<ofd:TextObject ID="{new_id()}" Boundary="{x:.2f} {y:.2f} {width:.2f} {_FONT_SIZE + 1:.2f}" '
                    f'Font="2" Size="{_FONT_SIZE}"><ofd:FillColor Value="0 0 0"/>'
                    f'<ofd:TextCode X="0" Y="{_FONT_SIZE:.2f}"{delta_attr}>{escape(part, quote=False)}</ofd:TextCode>'
                    "</ofd:TextObject>"
                )
                x += width
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
            f'{head}<ofd:Page xmlns:ofd="{_OFD_NS}"><ofd:Content><ofd:Layer ID="{new_id()}">'
            + "".join(objects)
            + "</ofd:Layer></ofd:Content></ofd:Page>"
        ).encode()
        page_refs.append(f'<ofd:Page ID="{new_id()}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    files["Doc_0/Document.xml"] = (
        f'{head}<ofd:Document xmlns:ofd="{_OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>{next_id[0]}</ofd:MaxUnitID>'
        f"<ofd:PageArea><ofd:PhysicalBox>0 0 {_PAGE_W:.0f} {_PAGE_H:.0f}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
        + "".join(page_refs)
        + "</ofd:Pages></ofd:Document>"
    ).encode()
    return make_zip(files)


# ---------------------------------------------------------------------------------------------------- ZIP


class _GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is stored in GBK without the UTF-8 flag, as ZIP tools on Chinese Windows write it."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def make_zip(members: dict[str, bytes], gbk_names: bool = False) -> bytes:
    """A ZIP of the members in the given order, fixed timestamps (deterministic). ``gbk_names`` stores the
    names in GBK with the UTF-8 flag unset (Python's zipfile then reads them back as cp437 mojibake)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = (_GbkZipInfo if gbk_names else zipfile.ZipInfo)(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()
