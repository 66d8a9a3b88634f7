"""extract_page's contract: the exact keys and types, only InputError subclasses, on any bytes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.extract.errors import InputError, NotHTMLError, UndecodableError
from govreports.extract.page import extract_page
from tests.contract import EXTRACT_KEYS
from tests.paths import PAGES

URLS = json.loads((PAGES / "urls.json").read_text(encoding="utf-8"))
KEYS = EXTRACT_KEYS
STR_KEYS = KEYS - {"year", "attachments", "stats_summary", "region", "kind_confidence", "flags"}
TRS = (PAGES / "trs_report_2021.html").read_bytes()
SUMMARY_KEYS = {"requests_new", "requests_carried_over", "requests_processed", "granted", "partially_granted",
                "carried_forward", "reviews_total", "lawsuits_direct_total", "lawsuits_after_review_total", "identity_ok"}


def check_shape(result: dict, url: str) -> None:
    assert set(result) == KEYS
    assert result["url"] == url
    for key in STR_KEYS:
        assert isinstance(result[key], str), key
    assert result["year"] is None or isinstance(result["year"], int)
    summary = result["stats_summary"]
    assert summary is None or set(summary) == SUMMARY_KEYS
    if summary is not None:
        assert all(v is None or type(v) is int for k, v in summary.items() if k != "identity_ok")
        assert isinstance(summary["identity_ok"], bool)
    assert all(set(a) == {"url", "name"} for a in result["attachments"])
    assert isinstance(result["flags"], list) and all(isinstance(flag, str) for flag in result["flags"])
    assert bool(result["body_text"]) != bool(result["empty_reason"])
    assert set(result["region"]) == {"province", "city", "county", "code"}
    assert all(isinstance(v, str) for v in result["region"].values())
    assert result["region"]["code"] == "" or len(result["region"]["code"]) == 6
    assert isinstance(result["kind_confidence"], float) and 0.0 <= result["kind_confidence"] <= 1.0
    assert bool(result["kind"]) or not result["body_text"]
    for key in ("published_at", "written_at"):
        assert result[key] == "" or len(result[key]) in (10, 25), (key, result[key])


@pytest.mark.parametrize("name", sorted(URLS))
def test_shape_on_every_fixture(name):
    check_shape(extract_page((PAGES / name).read_bytes(), URLS[name]), URLS[name])


def test_urls_json_lists_every_fixture_page():
    assert set(URLS) == {p.name for p in PAGES.glob("*.html")}


@pytest.mark.parametrize(
    ("body", "error", "words"),
    [
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", NotHTMLError, "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, NotHTMLError, "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, NotHTMLError, "OLE2"),
        (b'{"total": 20, "data": [{"title": "\xe5\xb9\xb4\xe6\x8a\xa5"}]}', NotHTMLError, "JSON"),
        (
            "本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。".encode(),
            NotHTMLError,
            "no HTML tags",
        ),
        (b"", NotHTMLError, "empty"),
        (b"   \n\t ", NotHTMLError, "empty"),
        (b"<html>" + b"\x00" * 200, UndecodableError, "NUL"),
    ],
)
def test_input_errors(body, error, words):
    with pytest.raises(error, match=words) as info:
        extract_page(body, "http://x.gov.cn/a")
    assert "\n" not in str(info.value)


def test_input_errors_are_value_errors():
    assert issubclass(UndecodableError, InputError) and issubclass(NotHTMLError, InputError)
    assert issubclass(InputError, ValueError)


def run_anything(body: bytes) -> None:
    try:
        result = extract_page(body, "http://x.gov.cn/a.html")
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check_shape(result, "http://x.gov.cn/a.html")


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise_anything_else(body):
    run_anything(body)


@FAST
@given(st.integers(min_value=0, max_value=len(TRS)))
def test_truncated_html_never_raises_anything_else(cut):
    run_anything(TRS[:cut])


TAGS = st.sampled_from(
    [
        "div",
        "p",
        "table",
        "tr",
        "td",
        "span",
        "font",
        "br",
        "a",
        "ul",
        "li",
        "meta",
        "script",
        "style",
        "h1",
        "b",
        "img",
        "!--",
    ]
)


@FAST
@given(st.lists(st.tuples(TAGS, st.booleans(), st.text(max_size=12)), max_size=80))
def test_tag_soup_never_raises_anything_else(parts):
    soup = "".join(f"<{'/' if close else ''}{tag}>{text}" for tag, close, text in parts)
    run_anything(f"<html><body>{soup}".encode())


def test_five_thousand_nested_divs():
    body = (
        "<html><body>" + "<div>" * 5000 + "一、总体情况。本年度主动公开。" * 20 + "</div>" * 5000 + "</body></html>"
    ).encode()
    run_anything(body)


def test_deep_unclosed_tables_and_fonts():
    body = ("<html><body>" + "<table><tr><td><font>" * 3000 + "报告。" * 50).encode()
    run_anything(body)


def test_huge_colspan_is_capped():
    body = (
        '<html><body><div class="TRS_Editor"><p>正文第一段足够长，超过三十个字符。</p><table>'
        '<tr><td colspan="100000000">甲</td><td rowspan="99999999">乙</td></tr><tr><td>丙</td></tr>'
        "</table></div></body></html>"
    ).encode()
    result = extract_page(body, "http://x.gov.cn/a.html")
    assert len(result["body_text"]) < 2000


def test_new_metadata_keys_on_a_report_page():
    result = extract_page(TRS, URLS["trs_report_2021.html"])
    assert result["kind"] == "政府信息公开工作年度报告"
    assert result["kind_confidence"] >= 0.9
    assert result["written_at"] == "2022-01-25"
    assert result["column"] == "政府信息公开年报"


def test_kind_of_a_decoy_page():
    html = (
        "<html><head><title>某市2022年政府工作报告_某市人民政府</title></head><body><h1>某市2022年政府工作报告</h1>"
        "<div class='TRS_Editor'><p>各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议。</p></div></body></html>"
    )
    result = extract_page(html.encode(), "http://www.example.gov.cn/zwgk/202201/t20220110_1.html")
    assert (result["kind"], result["kind_confidence"]) == ("政府工作报告", 0.9)
    assert result["region"] == {"province": "", "city": "", "county": "", "code": ""}
