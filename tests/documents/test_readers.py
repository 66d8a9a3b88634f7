"""Attachment reading (govreports.documents) on real files made by tests.demo_portal.documents, with the real
converters (LibreOffice headless for DOC/WPS/XLS). No mocks."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from govreports.documents import (
    CONVERTER_MISSING,
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    NEEDS_OCR,
    NOT_A_DOCUMENT,
    OK,
    TOO_LARGE,
    UNSUPPORTED,
    archive,
    read_document,
    sniff,
)
from govreports.extract.htmltree import parse_html
from govreports.extract.render import render_text
from govreports.extract.tables import TableKinds
from tests.demo_portal import documents as writers

PARAGRAPHS = [
    "某某市人民政府办公室2020年政府信息公开工作年度报告",
    "本报告由某某市人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况等内容。",
    "一、总体情况",
    "2020年，本机关认真贯彻落实政府信息公开各项工作要求，主动公开政府信息1234条。",
    "二、政府信息公开行政复议、行政诉讼情况",
    "三、存在的主要问题及改进情况",
]
TABLE = [
    ["项目", "", "本年新增", "累计"],
    ["行政复议", "维持", "12", "30"],
    ["", "纠正", "3", "5"],
    ["行政诉讼", "", "2", "7"],
]
MERGES = [[(0, 0, 1, 2), (1, 0, 2, 1), (3, 0, 1, 2)]]
# what every reader must give back for TABLE in its grids: row spans repeated down, column spans leave empty cells
GRID = [
    ["项目", "", "本年新增", "累计"],
    ["行政复议", "维持", "12", "30"],
    ["行政复议", "纠正", "3", "5"],
    ["行政诉讼", "", "2", "7"],
]
# and in its text: a merged cell once, in its first row
TABLE_LINES = ["项目\t\t本年新增\t累计", "行政复议\t维持\t12\t30", "\t纠正\t3\t5", "行政诉讼\t\t2\t7"]


@pytest.fixture(scope="module")
def office_files() -> dict[str, bytes]:
    """The LibreOffice-made files, converted once for the module (about two seconds each)."""
    with ThreadPoolExecutor(2) as pool:  # each conversion has its own LibreOffice profile: they run in parallel
        doc = pool.submit(writers.make_doc, PARAGRAPHS, [TABLE], MERGES, table_positions=[5])
        xls = pool.submit(writers.make_xls, [TABLE, [["名称", "数量"], ["公开", "9"]]], MERGES, ["统计", "其他"])
        return {"doc": doc.result(), "xls": xls.result()}


def _html_lines(fragment: str) -> list[str]:
    """The html rendered back to text by the HTML body's own renderer."""
    root = parse_html(f"<html><body>{fragment}</body></html>")
    return render_text(root.find("body"), TableKinds())


def _check_report(doc, fmt: str) -> None:
    assert doc.status == OK, doc.message
    assert doc.format == fmt
    assert doc.message == ""
    lines = doc.text.split("\n")
    assert PARAGRAPHS[0] in lines
    assert PARAGRAPHS[1] in lines  # a paragraph wrapped over lines comes back whole
    assert "一、总体情况" in lines
    assert doc.tables == [GRID]
    for line in TABLE_LINES:
        assert lines.count(line) == 1
    assert (
        lines.index("二、政府信息公开行政复议、行政诉讼情况") < lines.index(TABLE_LINES[0]) < lines.index(PARAGRAPHS[5])
    )
    assert "<table>" in doc.html and 'rowspan="2"' in doc.html and 'colspan="2"' in doc.html
    assert "<p>一、总体情况</p>" in doc.html
    # the html reads back through the HTML body's renderer as the same lines
    assert _html_lines(doc.html) == lines


def test_pdf_text_and_tables():
    data = writers.make_pdf(PARAGRAPHS, [TABLE], MERGES, table_positions=[5])
    doc = read_document(data, "附件1.pdf", "application/pdf")
    _check_report(doc, "pdf")
    assert doc.pages == 1
    assert doc.mime == "application/pdf"
    # table cells are not repeated as paragraph text
    assert doc.text.count("维持") == 1


def test_docx_text_and_tables():
    doc = read_document(writers.make_docx(PARAGRAPHS, [TABLE], MERGES, table_positions=[5]), "a.docx")
    _check_report(doc, "docx")
    assert doc.pages is None


def test_doc_via_libreoffice(office_files):
    doc = read_document(office_files["doc"], "report.doc")
    _check_report(doc, "doc")
    assert doc.mime == "application/msword"


def test_wps_is_word_binary_told_by_name(office_files):
    doc = read_document(office_files["doc"], "http://x.gov.cn/downfile.jsp?filename=%E5%B9%B4%E6%8A%A5.wps")
    _check_report(doc, "wps")
    assert sniff(office_files["doc"], "", "application/kswps") == "wps"
    assert sniff(office_files["doc"], "附件.doc") == "doc"
    assert sniff(office_files["xls"], "附件.wps") == "xls"  # the bytes decide; the name only tells wps from doc


def test_xlsx_sheets_and_merges():
    data = writers.make_xlsx([TABLE, [["名称", "数量"], ["公开", "9"]]], MERGES, ["统计", "其他"])
    doc = read_document(data, "a.xlsx")
    assert doc.status == OK and doc.format == "xlsx"
    assert doc.tables == [GRID, [["名称", "数量"], ["公开", "9"]]]
    assert doc.text.split("\n") == ["统计", *TABLE_LINES, "其他", "名称\t数量", "公开\t9"]
    assert _html_lines(doc.html) == doc.text.split("\n")


def test_xls_via_xlrd(office_files):
    doc = read_document(office_files["xls"], "a.xls")
    assert doc.status == OK, doc.message
    assert doc.format == "xls" and doc.mime == "application/vnd.ms-excel"
    assert doc.tables == [GRID, [["名称", "数量"], ["公开", "9"]]]
    assert 'rowspan="2"' in doc.html


def test_ofd_lines_grouped_by_y():
    long = "本机关按照《中华人民共和国政府信息公开条例》要求，认真做好政府信息公开工作。" * 4
    data = writers.make_ofd(["2020年政府信息公开工作年度报告", long, "一、总体情况"])
    doc = read_document(data, "a.ofd")
    assert doc.status == OK and doc.format == "ofd" and doc.pages == 1
    assert doc.text.split("\n") == ["2020年政府信息公开工作年度报告", long, "一、总体情况"]
    assert doc.html.count("<p>") == 3


def test_writers_are_deterministic():
    for make in (
        lambda: writers.make_pdf(PARAGRAPHS, [TABLE], MERGES),
        lambda: writers.make_docx(PARAGRAPHS, [TABLE], MERGES),
        lambda: writers.make_xlsx([TABLE], MERGES),
        lambda: writers.make_ofd(PARAGRAPHS),
        writers.make_image_only_pdf,
        lambda: writers.make_zip({"报告.pdf": b"%PDF-1.4", "b.txt": b"x"}, gbk_names=True),
    ):
        first = make()
        time.sleep(0.01)
        assert make() == first


def test_owner_password_only_pdf_reads():
    doc = read_document(writers.make_encrypted_pdf(PARAGRAPHS[:2], user_password=""), "a.pdf")
    assert doc.status == OK
    assert PARAGRAPHS[1] in doc.text


def test_user_password_pdf_is_encrypted():
    doc = read_document(writers.make_encrypted_pdf(PARAGRAPHS[:2], user_password="secret"), "a.pdf")
    assert doc.status == ENCRYPTED and doc.format == "pdf"
    assert "password" in doc.message


def test_truncated_and_garbage_pdf_are_corrupt():
    data = writers.make_pdf(PARAGRAPHS, [TABLE], MERGES)
    for broken in (data[: len(data) // 2], b"%PDF-1.7\n" + bytes(range(256)) * 20):
        doc = read_document(broken, "a.pdf")
        assert doc.status == CORRUPT and doc.format == "pdf" and doc.message


def test_empty_bytes():
    doc = read_document(b"", "a.pdf")
    assert doc.status == EMPTY and doc.message


def test_html_served_as_pdf():
    doc = read_document(writers.html_error_page_as_pdf(), "a.pdf", "application/pdf")
    assert doc.status == NOT_A_DOCUMENT and doc.format == "html"
    assert "error page" in doc.message and "404" in doc.message
    login = read_document(writers.html_error_page_as_pdf("login"), "a.pdf")
    assert login.status == NOT_A_DOCUMENT and "login page" in login.message


def test_word_saved_as_web_page_is_a_document():
    data = (
        '<html xmlns:w="urn:schemas-microsoft-com:office:word"><head><title>年报</title></head><body>'
        "<p>一、总体情况</p><table><tr><td>项目</td><td>数量</td></tr></table></body></html>"
    ).encode()
    doc = read_document(data, "report.doc")
    assert doc.status == OK and doc.text == "一、总体情况\n项目\t数量"


def test_image_only_pdf_needs_ocr():
    doc = read_document(writers.make_image_only_pdf(), "scan.pdf")
    assert doc.status == NEEDS_OCR and doc.pages == 1 and doc.text == ""
    assert "image" in doc.message


def test_zip_with_pdf_and_docx_and_gbk_names():
    pdf = writers.make_pdf(PARAGRAPHS[:2])
    docx = writers.make_docx(["附件二：统计表"], [TABLE], MERGES)
    data = writers.make_zip({"附件/2020年年报.pdf": pdf, "统计表.docx": docx}, gbk_names=True)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] != "附件/2020年年报.pdf"  # cp437 mojibake
    doc = read_document(data, "附件.zip")
    assert doc.status == OK and doc.format == "zip"
    assert [(name, member.status) for name, member in doc.members] == [
        ("附件/2020年年报.pdf", OK),
        ("统计表.docx", OK),
    ]
    assert PARAGRAPHS[1] in doc.text and "附件二：统计表" in doc.text
    assert doc.tables == [GRID]
    assert "<table>" in doc.html


def test_nested_zip_one_level_only():
    docx = writers.make_docx(["内层文档"])
    inner = writers.make_zip({"inner.docx": docx})
    doc = read_document(writers.make_zip({"inner.zip": inner}), "a.zip")
    assert doc.status == OK and "内层文档" in doc.text
    deeper = read_document(writers.make_zip({"outer.zip": writers.make_zip({"inner.zip": inner})}), "a.zip")
    assert deeper.status == UNSUPPORTED and "ZIP inside a ZIP" in deeper.message


def test_zip_bomb_guard():
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("bomb.txt", "w", force_zip64=True) as fh,
    ):
        chunk = b"\0" * (8 << 20)
        for _ in range(archive.MAX_TOTAL_BYTES // len(chunk) + 1):
            fh.write(chunk)
    doc = read_document(buf.getvalue(), "a.zip")
    assert doc.status == TOO_LARGE and "unpacks to" in doc.message
    many = writers.make_zip({f"{i}.txt": b"x" for i in range(archive.MAX_MEMBERS + 1)})
    doc = read_document(many, "a.zip")
    assert doc.status == TOO_LARGE and "files" in doc.message


def test_rar_and_png_unsupported():
    rar = read_document(b"Rar!\x1a\x07\x01\x00" + bytes(64), "a.rar")
    assert rar.status == UNSUPPORTED and "RAR" in rar.message
    png = read_document(b"\x89PNG\r\n\x1a\n" + bytes(64), "a.pdf")
    assert png.status == UNSUPPORTED and png.format == "png"


def test_converter_missing(office_files, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    doc = read_document(office_files["doc"], "a.doc")
    assert doc.status == CONVERTER_MISSING
    assert "libreoffice-writer-nogui" in doc.message


def test_never_raises_on_damaged_files():
    samples = [
        writers.make_docx(PARAGRAPHS, [TABLE], MERGES),
        writers.make_xlsx([TABLE], MERGES),
        writers.make_ofd(PARAGRAPHS),
        writers.make_pdf(PARAGRAPHS, [TABLE], MERGES),
    ]
    for data in samples:
        for cut in (10, 100, len(data) // 3, len(data) - 30):
            doc = read_document(data[:cut], "x")
            assert doc.status in (CORRUPT, UNSUPPORTED, EMPTY, OK), doc
            assert doc.status == OK or doc.message
    ole = read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "a.doc")
    assert ole.status == CORRUPT


def test_ten_page_pdf_is_read_whole():
    # its speed is in bench/documents.py
    paragraphs = [
        f"（{i}）本年度本机关主动公开政府信息{i}条，依申请公开办理{i * 3}件，行政复议{i}件，行政诉讼{i % 4}件。" * 2
        for i in range(110)
    ]
    data = writers.make_pdf(paragraphs, [TABLE] * 3, MERGES * 3, table_positions=[10, 50, 90])
    doc = read_document(data, "a.pdf")
    assert doc.status == OK and doc.pages == 10
    assert doc.tables == [GRID] * 3


def test_import_is_light():
    code = (
        "import sys, govreports.documents\n"
        "heavy = {'pdfplumber', 'pdfminer', 'docx', 'openpyxl', 'xlrd', 'olefile'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
