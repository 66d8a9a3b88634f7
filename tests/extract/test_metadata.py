"""Metadata fields, one small test per field and page, plus the parsers they rest on."""

from __future__ import annotations

import json

import pytest

from govreports.extract.metadata import parse_date, report_year, split_head_title, title_head, url_date
from govreports.extract.page import extract_page
from tests.paths import PAGES

URLS = json.loads((PAGES / "urls.json").read_text(encoding="utf-8"))


def field(name: str, key: str):
    return extract_page((PAGES / name).read_bytes(), URLS[name])[key]


EXPECTED = {
    "trs_report_2021.html": {
        "title": "青禾县2021年政府信息公开工作年度报告",
        "published_at": "2022-01-28T09:30:00+08:00",
        "year": 2021,
        "agency": "青禾县人民政府",  # the county's report (its title names the county alone) …
        "agency_raw": "青禾县人民政府办公室",  # … published by the government's office
        "agency_key": "青禾县人民政府|www.qinghe.gov.cn",  # a fictional county: no region code, so per site
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
        "agency_raw": "云岭市林业和草原局",
        "site_name": "云岭市人民政府门户网站",
        "site_code": "5303000099",
        "index_no": "11530300MB0A12345X/2021-00031",
        "doc_no": "",
    },
    "kaipuyun_report_2020.html": {
        "title": "石桥街道2020年政府信息公开工作年度报告",
        "published_at": "2021-02-16T14:57:00+08:00",
        "year": 2020,
        "agency": "曲水区石桥街道办事处",  # the title's 石桥街道, as the 来源 spells its 办事处
        "site_name": "曲水区人民政府",
        "site_code": "5303020007",
        "index_no": "115303020155123456/2021-00007",
        "doc_no": "",
    },
    "oldtable_gbk_2012.html": {
        "title": "柳溪县2012年政府信息公开工作年度报告",
        "published_at": "2013-03-05",
        "year": 2012,
        "agency": "柳溪县人民政府",  # the title names the county alone
        "agency_raw": "县政府办",  # 作者：县政府办 names a body
        "site_name": "柳溪县人民政府",
        "site_code": "",
        "index_no": "",
        "doc_no": "",
    },
    "generic_stats_2022.html": {
        "title": "白沙镇2022年政府信息公开工作年度报告",
        "published_at": "2023-01-31T16:05:12+08:00",
        "year": 2022,
        "agency": "白沙镇人民政府",
        "agency_raw": "白沙镇党政办",  # the town government's office publishes its report
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
        ("某局二〇二〇年度政府信息公开工作年度报告", "", "2021-01-20", 2020),
        ("2021年1月发布：某局2020年度政府信息公开工作年度报告", "", "2021-01-20", 2020),  # two years: 年度 wins
        ("2021年某县关于2020年政府信息公开工作年度报告", "", "2021-01-20", 2020),  # the one the report's name follows
        ("2021年1月某县2020年、2019年情况", "", "2021-01-20", 2021),  # nothing tells them apart: the first
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


def page(head: str = "", body: str = "", url: str = "http://www.example.gov.cn/art/2022/1/20/art_1_2.html") -> dict:
    html = f"<html><head>{head}<title>某县2021年政府信息公开工作年度报告</title></head><body>{body}" + (
        "<div class='TRS_Editor'><p>一、总体情况</p><p>本年度主动公开政府信息若干条。</p></div></body></html>"
    )
    return extract_page(html.encode(), url)


INDEX_TABLE = (
    "<table class='xxgk'><tr><td>索 引 号：</td><td>001/2022-00001</td><td>主题分类：</td><td>综合政务</td></tr>"
    "<tr><td>发布机构：</td><td>某县人民政府办公室</td><td>成文日期：</td><td>2022年1月10日</td></tr>"
    "<tr><td>主 题 词：</td><td>年报</td><td>发布日期：</td><td>2022-01-20</td></tr></table>"
)


def test_written_at_from_the_index_table_and_published_at_from_its_publish_date():
    result = page(body=INDEX_TABLE)
    assert result["written_at"] == "2022-01-10"
    assert result["published_at"] == "2022-01-20"


def test_spaced_written_date_label_is_never_the_publish_date():
    body = "<ul><li>成 文 日 期：2022-01-05</li><li>发 布 日 期：2022-01-21</li></ul>"
    result = page(body=body, url="http://www.example.gov.cn/info/1.html")
    assert result["written_at"] == "2022-01-05"
    assert result["published_at"] == "2022-01-21"


def test_written_at_empty_without_index_table():
    assert page(body="<p>发布时间：2022-01-20 09:30</p>")["written_at"] == ""


def test_topic_from_zhuti_fenlei_not_from_zhutici():
    assert page(body=INDEX_TABLE)["topic"] == "综合政务"
    assert page(body="<p>主题词：年报 政务公开</p>")["topic"] == ""


def test_topic_from_fenlei():
    assert page(body="<table><tr><th>分类：</th><td>政府信息公开年报</td></tr></table>")["topic"] == "政府信息公开年报"


def test_author_naming_a_body_is_the_agency():
    result = page(body="<p>发布时间：2022-01-20 作者：县政府办 浏览次数：8</p>")
    assert result["agency_raw"] == "县政府办"
    assert result["agency"] == "某县人民政府"  # the title's county, whose office published it


def test_author_naming_a_person_is_not_the_agency():
    result = page(body="<p>发布时间：2022-01-20 作者：王芳 浏览次数：8</p>")
    assert result["agency_raw"] == ""  # 王芳 names no body
    assert result["agency"] == "某县人民政府"  # the title's county


def test_source_beats_author():
    assert page(body="<p>来源：某县教育局 作者：县政府办</p>")["agency"] == "某县教育局"


def test_column_from_column_name_meta():
    head = '<meta name="ColumnName" content="政府信息公开年报">'
    body = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>'
    assert page(head=head, body=body)["column"] == "政府信息公开年报"


def test_column_from_breadcrumb_skips_the_article_and_the_font_size_links():
    body = (
        '<div class="crumbs">您所在的位置：<a href="/">首页</a> » <a href="/zwgk/">政务公开</a> » '
        '<a href="/zwgk/ndbg/">年度报告</a> » 正文 <span>字号：<a href="#">大</a> <a href="#">小</a></span></div>'
    )
    result = page(body=body)
    assert result["column"] == "年度报告"
    assert "当前位置" not in result["body_text"] and "您所在的位置" not in result["body_text"]


def test_column_from_a_list_breadcrumb_without_separators():
    body = '<div class="breadcrumb"><span>当前位置：</span><ul><li><a href="/">首页</a></li><li><a href="/a/">信息公开年报</a></li></ul></div>'
    assert page(body=body)["column"] == "信息公开年报"


def test_column_from_an_unlabelled_crumb_box():
    body = '<div class="m-crumb"><a href="/m/">首页</a> &gt; <a href="/m/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>'
    assert page(body=body)["column"] == "政府信息公开年报"


def test_column_meta_that_is_template_junk_is_ignored():
    head = '<meta name="ColumnName" content="头部">'
    body = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/nb/">政务公开年报</a></div>'
    assert page(head=head, body=body)["column"] == "政务公开年报"


def test_no_column():
    assert page()["column"] == ""


def test_title_head_is_the_text_before_the_year():
    assert title_head("福州市平潭县2021年度政府信息公开工作年度报告") == "福州市平潭县"
    assert title_head("1-10月德清县固定资产投资结构趋稳趋优") == ""


def test_region_from_agency_site_and_title_head():
    head = '<meta name="SiteName" content="福州市平潭县人民政府"><meta name="ContentSource" content="平潭县教育局">'
    assert page(head=head)["region"] == {"province": "福建省", "city": "福州市", "county": "平潭县", "code": "350128"}


def test_region_ignores_places_a_news_title_mentions():
    html = (
        '<html><head><meta name="SiteName" content="浙江省发展和改革委员会"><title>1-10月德清县投资运行情况</title></head>'
        "<body><div class='TRS_Editor'><p>投资运行平稳。</p></div></body></html>"
    )
    assert extract_page(html.encode(), "http://fzggw.zj.gov.cn/a.html")["region"]["code"] == "330000"
