"""The HTML and plain-text paths read the same metadata with the same functions: a page and the text dump of it
give the same agency, dates, year, site code, 索引号, 文号 and topic."""

from __future__ import annotations

import html

import pytest

from govreports.extract.page import extract_page
from govreports.extract.plaintext import extract_text

TITLE = "某某县2019年政府信息公开工作年度报告"
BODY = [
    "一、总体情况",
    "2019年，本县认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开，各项工作取得新进展。",
    "本年度共收到政府信息公开申请3件，均已按期答复，没有因政府信息公开被申请行政复议或提起行政诉讼。",
]
FIELDS = ("agency", "agency_raw", "agency_key", "published_at", "written_at", "year", "site_code", "index_no", "doc_no", "topic", "region")


def _both(info: list[str], footer: tuple[str, ...] | list[str] = (), title: str = TITLE) -> tuple[dict, dict]:
    """(the HTML page, the text dump) of one report: title, info lines, body, footer."""
    def paragraphs(lines):
        return "".join(f"<p>{html.escape(line)}</p>" for line in lines)

    page = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div class='info'>{paragraphs(info)}</div>"
        f"<div class='TRS_Editor'>{paragraphs(BODY)}</div><div class='footer'>{paragraphs(footer)}</div></body></html>"
    )
    url = "http://www.example.gov.cn/info/1.html"  # no date in it: dates come from the labels alone
    return extract_page(page.encode(), url), extract_text("\n".join([title, *info, *BODY, *footer]), url)


def _agree(page: dict, text: dict) -> None:
    assert {f: text[f] for f in FIELDS} == {f: page[f] for f in FIELDS}
    assert text["body_text"] == page["body_text"] == "\n".join(BODY)


def test_unknown_source_gives_way_to_an_author_naming_a_body():
    page, text = _both(["来源：未知 作者：县政府办"])
    assert page["agency_raw"] == text["agency_raw"] == "县政府办"
    assert page["agency"] == text["agency"] == "某某县人民政府"  # the title's county
    _agree(page, text)


@pytest.mark.parametrize("source", ["本网站", "暂无", "本站"])
def test_a_source_that_names_no_body_falls_back_to_the_title(source):
    page, text = _both([f"来源：{source}"])
    assert page["agency_raw"] == text["agency_raw"] == "某某县"
    assert page["agency"] == text["agency"] == "某某县人民政府"
    _agree(page, text)


def test_dates_year_and_codes_agree():
    page, text = _both(
        ["索 引 号：11530302MB1234567X/2020-00012", "文 号：某府办〔2020〕3号", "主题分类：综合政务",
         "成文日期：2020年1月10日", "发布时间：2020-01-20 10:30  来源：某某县人民政府办公室  浏览次数：12"],
        footer=["主办单位：某某县人民政府办公室 网站标识码：5303000001", "版权所有：某某县人民政府 滇ICP备12345678号"],
    )
    assert text["published_at"] == "2020-01-20T10:30:00+08:00"
    assert text["written_at"] == "2020-01-10"
    assert text["site_code"] == "5303000001"
    assert text["index_no"] == "11530302MB1234567X/2020-00012" and text["doc_no"] == "某府办〔2020〕3号"
    assert text["agency_raw"] == "某某县人民政府办公室" and text["year"] == 2019
    assert text["agency"] == "某某县人民政府"
    _agree(page, text)


def test_the_signing_date_is_never_the_publication_date():
    page, text = _both(["成文日期：2020-01-05"])
    assert page["published_at"] == text["published_at"] == ""
    assert page["written_at"] == text["written_at"] == "2020-01-05"
    _agree(page, text)


def test_year_from_the_statistics_period_and_from_a_first_quarter_date():
    title = "某某县政府信息公开工作年度报告"
    page, text = _both(["发布日期：2020-02-03"], title=title)
    assert page["year"] == text["year"] == 2019
    _agree(page, text)


def test_an_untitled_report_names_its_body_in_its_opening():
    opening = "现就某某县人民政府办公室2019年度政府信息公开工作情况报告如下。"
    text = extract_text("\n".join([opening, *BODY]))
    assert text["agency"] == "某某县人民政府办公室"
