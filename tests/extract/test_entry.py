"""govreports.extract.extract, the one public entry: a page or a report file told by its bytes, a text dump when
asked; read, the same with the crawl's extras; and the result type every path fills."""

from __future__ import annotations

import pytest

from govreports.extract import extract, read
from govreports.extract.errors import NotHTMLError, UndecodableError
from govreports.extract.page import extract_page
from govreports.extract.plaintext import extract_text_bytes
from govreports.extract.result import EXTRACTION_KEYS, empty_extraction
from govreports.store import REPORT_COLUMNS
from tests.paths import PAGES

URL = "http://www.example.gov.cn/zwgk/202201/t20220110_1.html"
TRS = (PAGES / "trs_report_2021.html").read_bytes()
TEXT = "某县教育局2020年政府信息公开工作年度报告\n来源：某县教育局\n一、总体情况\n本年度主动公开政府信息若干条。\n"


def _pdf() -> bytes:
    from tests.demo_portal import documents

    return documents.make_pdf(["平潭县2021年政府信息公开工作年度报告", "一、总体情况。平潭县人民政府主动公开信息1234条。"], [])


def test_a_page_is_extract_page():
    assert extract(TRS, URL) == extract_page(TRS, URL)
    assert "stats" in read(TRS, URL) and "stats" not in extract(TRS, URL)


def test_a_file_is_told_by_its_bytes_and_says_what_it_is():
    result = extract(_pdf(), "http://www.example.gov.cn/a.html", list_date="2022-01-20")
    assert set(result) == EXTRACTION_KEYS | {"file"}
    assert result["file"]["format"] == "pdf" and result["file"]["status"] == "ok"
    assert result["published_at"] == "2022-01-20" and result["agency_raw"] == "平潭县"
    assert result["agency"] == "平潭县人民政府" and result["agency_key"] == "平潭县人民政府"  # a real county: keyed by name alone
    full = read(_pdf(), "http://www.example.gov.cn/a.pdf")
    assert full["document"].format == "pdf" and full["body_source"] == "http://www.example.gov.cn/a.pdf"


def test_plain_text_when_asked():
    body = TEXT.encode("gb18030")
    assert extract(body, "u", plain_text=True) == extract_text_bytes(body, "u")
    assert extract(body, "u", plain_text=True)["agency"] == "某县教育局"
    with pytest.raises(NotHTMLError):
        extract(body, "u")  # not asked: text is not a page
    with pytest.raises(UndecodableError):
        extract(b"\x00\x01\x02\x03" * 100, "u", plain_text=True)
    assert "file" in extract(_pdf(), "u", plain_text=True)  # a report file saved as .txt is still the file


def test_every_path_fills_every_key_of_the_result():
    assert set(empty_extraction("u")) == EXTRACTION_KEYS
    assert set(extract(TRS, URL)) == set(extract(TEXT.encode(), "u", plain_text=True)) == EXTRACTION_KEYS


def test_storage_keeps_every_result_field_but_the_empty_reason():
    stored = {key for key in EXTRACTION_KEYS if key != "region"} | {f"region_{part}" for part in empty_extraction("u")["region"]}
    assert stored - {"empty_reason"} <= set(REPORT_COLUMNS)
    assert "empty_reason" not in REPORT_COLUMNS
