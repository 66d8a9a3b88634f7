"""Reports published as files: the signature date, and Word/Excel documents saved as web pages."""

from __future__ import annotations

import pytest

from govreports.documents import read_document
from govreports.documents.sniff import office_html
from govreports.extract import extract
from govreports.extract.attachments import is_document
from govreports.extract.metadata import closing_date

_WORD_NS = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" '
            'xmlns="http://www.w3.org/TR/REC-html40">')
_REPORT_BODY = ("<p>某县农业农村局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>2023年，我局认真贯彻落实"
                "《中华人民共和国政府信息公开条例》，主动公开政府信息。</p><p>某县农业农村局</p><p>2024年1月25日</p>")


@pytest.mark.parametrize("lines, date", [
    (["……", "岳西县人民政府办公室", "2024年1月21日"], "2024-01-21"),
    (["……", "某县教育局", "二〇二四年一月二十一日"], "2024-01-21"),
    (["……", "２０２３年３月５日 印发"], "2023-03-05"),
    (["2024年1月21日", "正文", "还有", "很多", "行"], ""),  # a date alone, but not at the end
    (["统计期限自2023年1月1日起至2023年12月31日止。"], ""),  # a date in a sentence is not a signature
])
def test_closing_date_is_the_signature_date_at_the_end(lines, date):
    assert closing_date(lines) == date


@pytest.mark.parametrize("head, kind", [
    (_WORD_NS + "<head><meta name=ProgId content=Word.Document></head>", "doc"),
    ('<html><head><meta name="ProgId" content="Word.Document"><meta name=Generator content="Microsoft Word 15">', "doc"),
    ('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>', "xls"),
    ("<html><head><meta name=ProgId content='Excel.Sheet'></head>", "xls"),
    ("<html><head><title>关于Word.Document格式的说明</title></head><body>Word文档</body>", ""),
    ("<!DOCTYPE html><html><head><title>某县2023年政府信息公开工作年度报告</title></head>", ""),
])
def test_office_documents_saved_as_web_pages_are_told_by_their_markers(head, kind):
    assert office_html(head.encode()) == kind
    assert is_document(head.encode()) is bool(kind)


def test_a_word_web_page_reads_as_a_doc_and_extracts_as_a_file():
    data = f"{_WORD_NS}<head><meta charset=utf-8><title>x</title></head><body>{_REPORT_BODY}</body></html>".encode()
    document = read_document(data, "report.doc")
    assert (document.status, document.format, document.mime) == ("ok", "doc", "text/html")
    result = extract(data, "http://x.test/group1/M00/a.doc", list_title="县农业农村局")
    assert result["file"]["format"] == "doc"
    assert result["title"] == "某县农业农村局2023年政府信息公开工作年度报告"
    assert result["published_at"] == result["written_at"] == "2024-01-25"
