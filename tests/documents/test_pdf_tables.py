"""Ruled PDF tables read with PDFium (govreports/documents/pdf_objects.py and pdf_tables.py) against the former
pdfplumber reading (``read_pdf(data, tables="pdfplumber")``): the same text, tables and html on every PDF the demo
portal serves and the demo writers make, plus hand-drawn rulings (lines, rectangles, thin filled bars, closed paths
and curves, a Form XObject, a scaled grid). Real files, no mocks."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest

from govreports.documents.pdf import read_pdf
from govreports.documents.pdf_tables import read_ruled_page
from tests.demo_portal import documents as writers
from tests.documents import test_readers as test_documents
from tests.paths import DEMO_ROOT

FIXTURES = sorted(DEMO_ROOT.rglob("*.pdf"))

PARAGRAPHS = [
    "某某市人民政府办公室2020年政府信息公开工作年度报告",
    "本报告由某某市人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。",
    "一、总体情况",
    "二、政府信息公开行政复议、行政诉讼情况",
]
MERGES = test_documents.MERGES[0]
TABLE = test_documents.TABLE
# narrow columns: cell text wraps, some cells end in a line of one character
WIDE = [
    ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    ["本年新收政府信息公开申请数量", "6", "2", "0", "0", "0", "0", "8"],
    ["（三）不予公开", "1", "0", "0", "0", "0", "0", "1"],
]


def _made_pdfs() -> dict[str, bytes]:
    return {
        "report with merges": writers.make_pdf(PARAGRAPHS, [TABLE], [MERGES], table_positions=[3]),
        "tables only": writers.make_pdf([], [TABLE, WIDE], [MERGES, []]),
        "wrapped cells": writers.make_pdf(
            PARAGRAPHS, [WIDE, TABLE], [[], MERGES], table_positions=[2, 4], title="年报"
        ),
        "ten pages": writers.make_pdf(
            [f"（{i}）本年度本机关主动公开政府信息{i}条，依申请公开办理{i * 3}件。" * 3 for i in range(60)],
            [TABLE] * 3,
            [MERGES] * 3,
            table_positions=[5, 30, 55],
        ),
        "no tables": writers.make_pdf(PARAGRAPHS),
    }


def _same(data: bytes) -> tuple:
    new, old = read_pdf(data), read_pdf(data, tables="pdfplumber")
    assert new.status == old.status and new.pages == old.pages
    assert new.text == old.text
    assert new.tables == old.tables
    assert new.html == old.html
    return new, old


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(DEMO_ROOT)))
def test_demo_portal_pdfs_read_the_same(path):
    doc, _ = _same(path.read_bytes())
    assert doc.ok


def test_demo_portal_has_ruled_pdfs():
    assert len(FIXTURES) >= 10
    assert sum(bool(read_pdf(p.read_bytes()).tables) for p in FIXTURES) >= 10


@pytest.mark.parametrize("name", list(_made_pdfs()))
def test_made_pdfs_read_the_same(name):
    data = _made_pdfs()[name]
    doc, _ = _same(data)
    assert doc.ok
    if name != "no tables":
        with pdfium.PdfDocument(data) as pdf:  # PDFium decided every page itself, no pdfplumber fallback
            assert all(read_ruled_page(pdf[i]) is not None for i in range(len(pdf)))


def test_lone_last_character_of_a_wrapped_cell_is_kept():
    """A one-character text object in a font PDFium has no glyphs for (STSong-Light is not embedded and the host
    has no CJK font) has bounds without width, and PDFium's text page drops such objects: 商业企业 wrapped as
    商业企 / 业 came back as 商业企. pdf_objects.restore_dropped_text widens their bounds first."""
    doc, _ = _same(writers.make_pdf([], [WIDE]))
    assert doc.tables[0][0] == WIDE[0]
    assert doc.tables[0][2][0] == "（三）不予公开"


def test_lone_last_character_of_a_paragraph_is_kept():
    """The same on a page without paths (read by PDFium alone before this change too): 39 characters wrap to a
    last line of one character, which PDFium's text page used to drop."""
    text = "本机关认真贯彻落实政府信息公开各项工作要求主动公开政府信息一千二百三十四条依申请"
    assert read_pdf(writers.make_pdf([text])).text == text


def _ruled_pdf(style: str, rotate: int = 0) -> bytes:
    """A 3×3 ruled table drawn in the given style with reportlab's canvas, a caption above and a line below."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    writers._register_cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    if rotate:
        c.setPageRotation(rotate)
    c.setFont("STSong-Light", 11)
    c.drawString(72, 780, "表一 Table one: 行政复议情况")
    xs, ys = [72, 200, 300, 420], [760, 736, 712, 688]
    rows = [["项目", "Count", "本年新增"], ["行政复议", "12", "3 cases"], ["行政诉讼", "7", "法律服务机构"]]

    def lines(cv) -> None:
        for x in xs:
            cv.line(x, ys[0], x, ys[-1])
        for y in ys:
            cv.line(xs[0], y, xs[-1], y)

    def cells(cv) -> None:
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                cv.drawString(xs[j] + 4, ys[i + 1] + 8, text)

    if style == "lines":
        lines(c)
    elif style == "rects":  # every cell a stroked rectangle (the re operator)
        for i in range(3):
            for j in range(3):
                c.rect(xs[j], ys[i + 1], xs[j + 1] - xs[j], ys[i] - ys[i + 1], stroke=1, fill=0)
    elif style == "filled":  # rules as thin filled bars, as Word exports draw them
        for x in xs:
            c.rect(x - 0.25, ys[-1], 0.5, ys[0] - ys[-1], stroke=0, fill=1)
        for y in ys:
            c.rect(xs[0], y - 0.25, xs[-1] - xs[0], 0.5, stroke=0, fill=1)
    elif style == "polyline":  # the border one closed path; curves (rounded corners, a circle) elsewhere
        path = c.beginPath()
        path.moveTo(xs[0], ys[0])
        for x, y in ((xs[-1], ys[0]), (xs[-1], ys[-1]), (xs[0], ys[-1])):
            path.lineTo(x, y)
        path.close()
        c.drawPath(path, stroke=1, fill=0)
        for x in xs[1:-1]:
            c.line(x, ys[0], x, ys[-1])
        for y in ys[1:-1]:
            c.line(xs[0], y, xs[-1], y)
        c.roundRect(72, 600, 200, 40, 8)
        c.circle(400, 620, 20)
    elif style == "form":  # the ruling inside a Form XObject placed with its own matrix
        c.beginForm("grid")
        lines(c)
        c.endForm()
        c.saveState()
        c.translate(0, -20)
        c.doForm("grid")
        c.restoreState()
        ys = [y - 20 for y in ys]
    if style == "scaled":  # ruling and text under one transformation
        c.saveState()
        c.translate(36, 150)
        c.scale(0.8, 0.8)
        lines(c)
        cells(c)
        c.restoreState()
    else:
        cells(c)
    c.drawString(72, 640, "表后的段落文字，说明上表。")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("style", ["lines", "rects", "filled", "polyline", "form", "scaled"])
def test_drawn_rulings_read_the_same(style):
    data = _ruled_pdf(style)
    doc, _ = _same(data)
    assert doc.tables == [
        [["项目", "Count", "本年新增"], ["行政复议", "12", "3 cases"], ["行政诉讼", "7", "法律服务机构"]]
    ]
    assert doc.text.split("\n")[0] == "表一 Table one: 行政复议情况"
    assert doc.text.split("\n")[-1] == "表后的段落文字，说明上表。"
    with pdfium.PdfDocument(data) as pdf:
        assert read_ruled_page(pdf[0]) is not None


def test_rotated_page_falls_back_to_pdfplumber():
    """pdfminer turns a rotated page upright; the PDFium route does not, so it leaves such a page to pdfplumber."""
    data = _ruled_pdf("lines", rotate=90)
    with pdfium.PdfDocument(data) as pdf:
        assert read_ruled_page(pdf[0]) is None
    doc, _ = _same(data)
    assert doc.ok and len(doc.tables) == 1


def test_text_outside_tables_keeps_wide_gaps_as_tabs():
    """The one difference found: text outside the ruled tables is read as on pages without paths, so a row of
    words with wide gaps between them (an unruled table row) keeps them as tabs and stands alone; pdfplumber's
    text lines had single spaces, and paragraphs() then joined the row to the line above. Rendered
    (page.render(scale=1.5)), "12" and "3 cases" sit on one baseline 100 pt apart, below the line above: the
    tabbed reading is the right one."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("Helvetica", 11)
    for x in (72, 200):
        c.line(x, 760, x, 700)
    for y in (760, 730, 700):
        c.line(72, y, 200, y)
    c.drawString(76, 740, "Ruled A")
    c.drawString(76, 710, "Ruled B")
    c.drawString(72, 660, "Items counted this year were as follows:")
    c.drawString(72, 644, "Appeals")
    c.drawString(200, 644, "12")
    c.drawString(300, 644, "3 cases")
    c.showPage()
    c.save()
    data = buf.getvalue()
    new, old = read_pdf(data), read_pdf(data, tables="pdfplumber")
    assert new.tables == old.tables == []  # one column: not a table for either route
    assert new.text.split("\n")[-1] == "Appeals\t12\t3 cases"
    assert "Appeals 12 3 cases" in old.text and "\t" not in old.text


def test_tables_argument_is_checked():
    with pytest.raises(ValueError):
        read_pdf(writers.make_pdf(PARAGRAPHS), tables="camelot")
