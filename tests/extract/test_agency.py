"""Agency identity: the full name behind the short forms pages print, one key per body."""

from __future__ import annotations

import pytest

from govreports.extract import extract
from govreports.extract.metadata import agency_key, identify_agency, signature
from govreports.extract.metadata.agency import canonical, short_form_of
from tests.paths import REAL_PAGES

BODY = ("<p>根据《中华人民共和国政府信息公开条例》规定，现公布本机关政府信息公开工作年度报告。</p>"
        "<p>一、总体情况</p><p>本年度主动公开政府信息一百二十条，办理政府信息公开申请十件。</p>"
        "<p>二、主动公开政府信息情况</p><p>全年通过门户网站公开文件若干件，均按期办结。</p>")


@pytest.mark.parametrize(("short", "full"), [
    ("县发改局", "沭阳县发展和改革局"),  # contraction 发改 = 发展和改革, level 县 = the county's
    ("区政府办", "思明区人民政府办公室"),  # 政府办 = 人民政府办公室
    ("市人社局", "宜春市人力资源和社会保障局"),
    ("住建局", "鼓楼区住房和城乡建设局"),  # no level: the body right after the place
    ("卫健委", "岳西县卫生健康委员会"),
    ("省发改委", "浙江省发展和改革委员会"),
    ("县教体局", "岳西县教育体育局"),  # not in the table: characters in order, same kind of body
    ("市监局", "沛县市场监督管理局"),
    ("人力资源社会保障局", "宜春市人力资源和社会保障局"),  # 和 or not, one body
])
def test_a_short_form_is_matched_onto_its_full_name(short, full):
    assert short_form_of(short, full)


@pytest.mark.parametrize(("short", "full"), [
    ("市人社局", "宿迁市沭阳县人力资源和社会保障局"),  # the city's bureau, not the county's
    ("县教育局", "岳西县财政局"),
    ("区政府办", "思明区人民政府"),  # the office is not the government
    ("县发改局", "沭阳县发展和改革委员会"),  # 局 is not 委
    ("县政府", "沭阳县发展和改革局"),
])
def test_a_short_form_of_another_body_does_not_match(short, full):
    assert not short_form_of(short, full)


def test_canonical_spells_out_contractions_and_keeps_written_names():
    assert canonical("县政府办") == canonical("县人民政府办公室") == "县人民政府办公室"
    assert canonical("某某区街道办事处") == "某某区街道办事处"  # 街道办 inside the full word stays
    assert canonical("人力资源和社会保障局") == canonical("人力资源社会保障局")
    assert canonical("平潭综合实验区管委会") == "平潭综合实验区管理委员会"


def test_signature_is_the_body_above_the_closing_date():
    assert signature(["正文。", "沭阳县发展和改革局", "2024年1月20日"]) == "沭阳县发展和改革局"
    assert signature(["正文。", "思明区人民政府办公室 二〇二二年一月十八日"]) == "思明区人民政府办公室"
    assert signature(["正文。", "张三", "2024年1月20日"]) == ""  # a person
    assert signature(["2024年1月20日召开会议。", "正文最后一段。"]) == ""


def _page(title_html: str, info: str, body_end: str = "", crumb: str = "", site: str = "") -> str:
    meta = f"<meta name='SiteName' content='{site}'>" if site else ""
    return (f"<html><head>{meta}{title_html}</head><body>{crumb}<div class='info'>{info}</div>"
            f"<div class='TRS_Editor'>{BODY}{body_end}</div></body></html>")


def test_a_county_department_printed_short_gets_its_full_name_from_the_site():
    html = _page("<title>2023年政府信息公开工作年度报告_沭阳县人民政府</title>", "发布时间：2024-01-17 来源：县发改局",
                 site="沭阳县人民政府")
    result = extract(html.encode(), "http://www.shuyang.gov.cn/fgj/2024/0117/1.html")
    assert result["agency_raw"] == "县发改局"
    assert result["agency"] == "沭阳县发展和改革局"
    assert result["region"]["county"] == "沭阳县"


def test_an_office_printed_short_gets_the_name_its_signature_gives():
    # unlike the first page in every way the family allows: no <title> (a centred bold heading instead), a
    # district office instead of a bureau, the full name in the signature, no site name, a date in Chinese
    html = ("<div><p align='center'><b>2021年度政府信息公开工作年度报告</b></p>"
            "<p>作者：区政府办</p>" + BODY
            + "<p style='text-align:right'>思明区人民政府办公室</p><p style='text-align:right'>二〇二二年一月十八日</p></div>")
    result = extract(html.encode(), "http://www.siming.gov.cn/xxgk/ndbg/2.html")
    assert result["title"] == "2021年度政府信息公开工作年度报告"  # the heading is the title …
    assert "2021年度政府信息公开工作年度报告" not in result["body_text"]  # … and leaves the body
    assert result["agency_raw"] == "区政府办"
    assert result["agency"] == "思明区人民政府办公室"
    assert result["agency_key"] == "思明区人民政府办公室"


def test_the_breadcrumb_names_the_department_a_city_site_prints_short():
    crumb = "<div class='position'>当前位置：<a>首页</a> &gt; <a>部门信息公开</a> &gt; <a>宜春市人力资源和社会保障局</a></div>"
    html = _page("<title>中国宜春</title>", "来源：市人社局 发布时间：2022-01-25", crumb=crumb, site="中国宜春")
    result = extract(html.encode(), "http://www.yichun.gov.cn/rsj/1.html")
    assert result["agency"] == "宜春市人力资源和社会保障局"


def test_the_title_decides_whose_report_it_is():
    # a bureau's report posted with the county government as 来源, and a county's posted by its office
    bureau = identify_agency("平潭县人民政府", title="平潭综合实验区地方税务局2013年信息公开年度报告")
    county = identify_agency("岳西县人民政府办公室", title="岳西县2021年政府信息公开工作年度报告")
    zone = identify_agency("平潭综合实验区管委会办公室", title="平潭综合实验区2023年度政府信息公开工作年度报告")
    street = identify_agency("思明区鹭江街道办事处", title="鹭江街道2020年政府信息公开工作年度报告")
    assert bureau.agency == "平潭综合实验区地方税务局"
    assert county.agency == "岳西县人民政府" and county.raw == "岳西县人民政府办公室"
    assert zone.agency == "平潭综合实验区管理委员会"
    assert street.agency == "思明区鹭江街道办事处"  # the 来源's spelling, with its district


def test_one_body_is_one_key_across_years_and_spellings():
    site = "www.shuyang.gov.cn"
    spellings = [
        identify_agency("县发改局", title="2021年政府信息公开工作年度报告", site_name="沭阳县人民政府", site=site),
        identify_agency("沭阳县发改局", title="2022年度政府信息公开年报", site=site),
        identify_agency("", title="沭阳县发展和改革局2023年政府信息公开年度报告", site="other.example"),
        identify_agency("沭阳县发展改革局", issuers=["沭阳县发展和改革局"], site=site),
    ]
    assert {one.key for one in spellings} == {"沭阳县发展改革局"}
    assert {one.agency for one in spellings} == {"沭阳县发展和改革局"}


def test_a_body_named_without_a_place_is_kept_apart_per_site():
    assert agency_key("教育局", "a.example") != agency_key("教育局", "b.example")
    assert agency_key("岳西县教育局", "a.example") == agency_key("岳西县教育局", "b.example") == "岳西县教育局"


def test_the_index_table_gives_the_full_name_the_source_line_shortens():
    index = ("<table class='xxgk'><tr><td>索引号：</td><td>014314799/2024-00002</td><td>发布机构：</td>"
             "<td>泗洪县住房和城乡建设局</td></tr><tr><td>公开日期：</td><td>2024-01-17</td></tr></table>")
    html = _page("<title>2023年度信息公开年报</title>", "来源：住建局 发布时间：2024-01-17 10:00", crumb=index)
    result = extract(html.encode(), "http://www.sihong.gov.cn/zjj/2.html")
    assert result["agency_raw"] == "泗洪县住房和城乡建设局"  # 发布机构 is read before 来源 …
    assert result["agency"] == "泗洪县住房和城乡建设局"
    other_year = _page("<title>2022年度信息公开年报</title>", "来源：县住建局", site="泗洪县人民政府")
    earlier = extract(other_year.encode(), "http://www.sihong.gov.cn/zjj/1.html")
    assert earlier["agency_raw"] == "县住建局"  # … and another year prints only the short form
    assert earlier["agency_key"] == result["agency_key"] == "泗洪县住房城乡建设局"


@pytest.mark.skipif(not REAL_PAGES.is_dir(), reason=f"{REAL_PAGES} not found (CI puts the real pages there)")
def test_real_pages_of_one_zone_are_one_agency_across_years():
    # pingtan's reports printed 来源 平潭县人民政府 (2019–2022) and 平潭综合实验区管委会办公室 (2023, 2024); the title
    # names the zone alone each year. Its tax bureau's 2013 report is the bureau's, whatever its 来源 says.
    def read(name: str) -> dict:
        return extract((REAL_PAGES / name).read_bytes(), "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/x.htm")

    zone = [read(f"pingtan_nb_{year}.html") for year in range(2019, 2024)] + [read("pingtan_nb_2024_shiyanqu.html")]
    assert {page["agency_raw"] for page in zone} == {"平潭县人民政府", "平潭综合实验区管委会办公室"}
    assert {page["agency"] for page in zone} == {"平潭综合实验区管理委员会"}
    assert len({page["agency_key"] for page in zone}) == 1
    assert read("pingtan_nb_2013_dishui.html")["agency"] == "平潭综合实验区地方税务局"
