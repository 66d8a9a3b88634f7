"""Metadata fields, one small test per field and page, plus the parsers they rest on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.metadata import parse_date, report_year, split_head_title, url_date
from pipelines.page import extract_page

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
URLS = json.loads((PAGES / "urls.json").read_text(encoding="utf-8"))


def field(name: str, key: str):
    return extract_page((PAGES / name).read_bytes(), URLS[name])[key]


EXPECTED = {
    "trs_report_2021.html": {
        "title": "青禾县2021年政府信息公开工作年度报告",
        "published_at": "2022-01-28T09:30:00+08:00",
        "year": 2021,
        "agency": "青禾县人民政府办公室",
        "site_name": "青禾县人民政府",
        "site_code": "3699000123",
        "index_no": "008765432/2022-00005",
        "doc_no": "青政办〔2022〕3号",
    },
    "hanweb_report_2020.html": {
        "title": "云岭市林业和草原局2020年度政府信息公开工作年度报告",
        "published_at": "2021-01-20",
        "year": 2020,
        "agency": "云岭市林业和草原局",
        "site_name": "云岭市人民政府门户网站",
        "site_code": "5303000099",
        "index_no": "11530300MB0A12345X/2021-00031",
        "doc_no": "",
    },
    "kaipuyun_report_2020.html": {
        "title": "石桥街道2020年政府信息公开工作年度报告",
        "published_at": "2021-02-16T14:57:00+08:00",
        "year": 2020,
        "agency": "曲水区石桥街道办事处",
        "site_name": "曲水区人民政府",
        "site_code": "5303020007",
        "index_no": "115303020155123456/2021-00007",
        "doc_no": "",
    },
    "oldtable_gbk_2012.html": {
        "title": "柳溪县2012年政府信息公开工作年度报告",
        "published_at": "2013-03-05",
        "year": 2012,
        "agency": "县政府办",  # 作者：县政府办 names a body
        "site_name": "柳溪县人民政府",
        "site_code": "",
        "index_no": "",
        "doc_no": "",
    },
    "generic_stats_2022.html": {
        "title": "白沙镇2022年政府信息公开工作年度报告",
        "published_at": "2023-01-31T16:05:12+08:00",
        "year": 2022,
        "agency": "白沙镇党政办",
        "site_name": "白沙镇人民政府",
        "site_code": "4400000321",
        "index_no": "114406000070000001/2023-00001",
        "doc_no": "白府〔2023〕2号",
    },
    "nobody_list.html": {
        "title": "政府信息公开年报",
        "published_at": "",
        "year": None,
        "agency": "",
        "site_name": "青禾县人民政府",
        "site_code": "3699000123",
        "index_no": "",
        "doc_no": "",
    },
}
CASES = [(page, key, value) for page, fields in EXPECTED.items() for key, value in fields.items()]


@pytest.mark.parametrize(("page", "key", "value"), CASES, ids=[f"{p.split('.')[0]}-{k}" for p, k, _ in CASES])
def test_field(page, key, value):
    assert field(page, key) == value


def test_hanweb_attachment_named_by_link_text():
    assert field("hanweb_report_2020.html", "attachments") == [
        {
            "url": "http://www.yunling.gov.cn/module/download/downfile.jsp?classid=0&filename=2021012009123456.pdf",
            "name": "云岭市林业和草原局2020年度政府信息公开工作年度报告.pdf",
        }
    ]


def test_kaipuyun_attachment_is_absolute():
    assert field("kaipuyun_report_2020.html", "attachments") == [
        {
            "url": "http://www.qushui.gov.cn/zfxxgk/ndbg/202102/P020210216555666777.docx",
            "name": "附件1：石桥街道2020年政府信息公开工作年度报告.docx",
        }
    ]


def test_related_report_links_are_not_attachments():
    assert field("trs_report_2021.html", "attachments") == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2021-02-16 14:57", "2021-02-16T14:57:00+08:00"),
        ("2021-02-16 14:57:09", "2021-02-16T14:57:09+08:00"),
        ("2021/2/6", "2021-02-06"),
        ("2021年2月16日", "2021-02-16"),
        ("２０２１年２月１６日", "2021-02-16"),
        ("2021.02.16", "2021-02-16"),
        ("2021-02-30", ""),
        ("无", ""),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("http://x.gov.cn/zwgk/202101/t20210112_2252094.shtml", "2021-01-12"),
        ("http://x.gov.cn/art/2021/1/20/art_1229_123456.html", "2021-01-20"),
        ("http://www.gov.cn/zhengce/content/2019-02/15/content_5365945.htm", "2019-02-15"),
        ("http://x.gov.cn/show.asp?id=1234", ""),
    ],
)
def test_url_date(url, iso):
    assert url_date(url) == iso


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("发布日期：二〇二一年二月十六日", "2021-02-16"),
        ("发布日期：二○一三年十二月三十一日", "2013-12-31"),
        ("发布时间：Feb 16, 2021", "2021-02-16"),  # dateparser, the last resort
    ],
)
def test_date_in_info_line(line, iso):
    body = "<div class='TRS_Editor'><p>正文内容足够长的一段文字。</p></div>"
    page = f"<html><body><div>{line}</div>{body}</body></html>"
    assert extract_page(page.encode(), "http://x.gov.cn/a.html")["published_at"] == iso


def test_title_suffix_split():
    title, suffix = split_head_title(
        "某县2020年政府信息公开工作年度报告_年报_某县人民政府",
        {"sitename": "某县人民政府", "columnname": "年报"},
    )
    assert title == "某县2020年政府信息公开工作年度报告"
    assert suffix == "某县人民政府"


def test_title_keeps_hyphenated_years():
    title, _ = split_head_title("某市2021-2025年规划 - 某市人民政府", {})
    assert title == "某市2021-2025年规划"


@pytest.mark.parametrize(
    ("title", "body", "published", "year"),
    [
        ("某局2020年度政府信息公开工作年度报告", "", "2021-01-20", 2020),
        ("某局二〇一三年政府信息公开工作年度报告", "", "", 2013),
        (
            "政府信息公开工作年度报告",
            "本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。",
            "2019-03-01",
            2018,
        ),
        ("政府信息公开工作年度报告", "", "2019-03-01", 2018),
        ("政府信息公开工作年度报告", "", "2019-06-01", None),
    ],
)
def test_report_year(title, body, published, year):
    assert report_year(title, body, published) == year


def test_agency_from_title_when_nothing_else():
    page = (
        "<html><head><title>某市教育局2019年政府信息公开工作年度报告</title></head><body>"
        "<div class='TRS_Editor'><p>本年度我局主动公开信息若干条。</p></div></body></html>"
    )
    assert extract_page(page.encode(), "http://x.gov.cn/a.html")["agency"] == "某市教育局"


def test_label_inside_a_sentence_is_not_a_label():
    page = (
        "<html><head><title>某县财政局2017年政府信息公开工作年度报告</title></head><body>"
        "<p>本站信息仅供参考，请以发布单位正式文本为准。</p>"
        "<p>发布时间：2018-3-5 10:50:00&nbsp;&nbsp;来源：某县财政局&nbsp;&nbsp;点击数：568</p></body></html>"
    )
    result = extract_page(page.encode(), "http://x.gov.cn/show.asp?id=1")
    assert result["agency"] == "某县财政局"
    assert result["published_at"] == "2018-03-05T10:50:00+08:00"
