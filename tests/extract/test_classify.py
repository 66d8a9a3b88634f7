import pytest

from govreports.extract.classify import (
    OTHER_KIND,
    REPORT_KIND,
    classify_kind,
    classify_page,
    link_may_be_report,
    names_disclosure_section,
    names_report,
    names_report_column,
)

REPORT_BODY = (
    "一、总体情况\n根据《中华人民共和国政府信息公开条例》，现公布本机关2020年政府信息公开工作年度报告。\n"
    "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
    "五、存在的主要问题及改进情况\n六、其他需要报告的事项\n" * 2
)


@pytest.mark.parametrize(
    "title",
    [
        "九江市教育局2021年政府信息公开工作年度报告",
        "德清县2015年政务公开工作年度报告",
        "太康县财政局2012年信息公开年报",
        "某某镇2019年度政府信息公开年度报告",
    ],
)
def test_report_titles_name_a_report(title):
    assert names_report(title)
    assert classify_page(title, REPORT_BODY).is_report


@pytest.mark.parametrize(
    "title",
    [
        "关于报送2020年度政府信息公开工作年度报告的通知",
        "九江市2020年法治政府建设年度报告",
        "2021年政府工作报告",
        "九江市2022年国民经济和社会发展统计公报",
    ],
)
def test_decoy_titles_are_not_reports_even_with_report_words_in_the_body(title):
    assert not names_report(title)
    assert not link_may_be_report(title, in_report_column=True)
    assert not classify_page(title, REPORT_BODY).is_report


def test_vague_link_is_fetched_only_inside_a_report_column():
    assert link_may_be_report("2019年度报告", in_report_column=True)
    assert link_may_be_report("教育局年报", in_report_column=True)
    assert not link_may_be_report("2019年度报告", in_report_column=False)
    assert not link_may_be_report("首页", in_report_column=True)


def test_vague_title_is_a_report_when_the_body_says_so():
    assert classify_page("2019年度报告", REPORT_BODY).is_report
    assert not classify_page("2019年度报告", "本单位全年工作总结。" * 20).is_report


def test_a_page_that_never_names_the_report_is_not_one():
    verdict = classify_page("我局召开安全生产会议", "会议强调……" * 50, link_text="新闻")
    assert not verdict.is_report
    assert "markers" in verdict.reason


@pytest.mark.parametrize("text", ["政府信息公开年报", "政府信息公开工作年度报告", "政务公开年度报告", "年报专栏"])
def test_report_column_links(text):
    assert names_report_column(text)


@pytest.mark.parametrize("text", ["政府工作报告", "2020年政府信息公开工作年度报告", "新闻动态", "统计公报"])
def test_not_report_column_links(text):
    assert not names_report_column(text)


@pytest.mark.parametrize("text", ["政务公开", "政府信息公开", "信息公开目录", "法定主动公开内容"])
def test_disclosure_sections(text):
    assert names_disclosure_section(text)
    assert not names_disclosure_section("首页")


def test_news_that_mentions_the_report_is_not_one():
    title = "我市2020年政府信息公开工作年度报告全部按时发布"
    assert not names_report(title)
    assert not link_may_be_report(title, in_report_column=False)
    assert not classify_page(title, REPORT_BODY).is_report


def test_guanyu_form_of_the_title_is_a_report():
    title = "九江市教育局关于2015年政府信息公开工作的年度报告"
    assert names_report(title)
    assert classify_page(title, REPORT_BODY).is_report


def test_truncated_list_titles_are_fetched():
    assert link_may_be_report("九江市教育局2020年政府信息…", in_report_column=False)
    assert link_may_be_report("九江市教育局2020年度…", in_report_column=True)
    assert not link_may_be_report("我市召开安全生产…", in_report_column=False)


def test_kind_of_a_real_report():
    kind = classify_kind("九江市教育局2021年政府信息公开工作年度报告", REPORT_BODY)
    assert kind.kind == REPORT_KIND
    assert kind.confidence == classify_page("九江市教育局2021年政府信息公开工作年度报告", REPORT_BODY).confidence


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("某市2021年政府工作报告", "政府工作报告"),
        ("某县人民政府2021年法治政府建设年度报告", "法治政府建设年度报告"),
        ("某县2022年国民经济和社会发展统计公报", "统计公报"),
        ("关于报送2021年政府信息公开工作年度报告的通知", "通知"),
    ],
)
def test_kind_names_the_decoy(title, kind):
    found = classify_kind(title, REPORT_BODY)  # report words in the body do not make a decoy a report
    assert found.kind == kind
    assert found.confidence >= 0.7


def test_kind_of_a_work_summary():
    assert classify_kind("某局2021年工作总结", "全年完成各项任务。").kind == "工作总结"


def test_kind_of_an_unnamed_page_is_other_with_less_confidence():
    found = classify_kind("我县召开安全生产工作会议", "会议强调，要压实安全生产责任。")
    assert found.kind == OTHER_KIND
    assert 0 < found.confidence < 0.7


def test_kind_from_the_list_title_when_the_page_title_says_nothing():
    assert classify_kind("通知公告", "请各单位按时报送。", "关于开展2022年度政务公开考核的通知").kind == "通知"


@pytest.mark.parametrize("text", [
    "岳西县人民政府办公室政府信息公开年报（含部门）", "XX县人民政府办公室政府信息公开年报（含部门）", "政府信息公开年度报告专栏",
    "政务公开年报", "信息公开年报", "某某县教育局政务公开年度报告(专栏)", "年报",
    # a group of publishers rather than one body
    "部门年报", "乡镇年报", "县直部门信息公开年报", "各单位年度报告", "乡镇街道政务公开年度报告",
])
def test_column_names_with_a_publisher_and_a_note(text):
    from govreports.extract.classify import names_report_column

    assert names_report_column(text)


@pytest.mark.parametrize("text", [
    "岳西县人民政府办公室2022年政府信息公开年报（含部门）", "关于报送政府信息公开年报的通知", "政府工作报告",
    "我县召开政务公开工作推进会暨信息公开年报", "新闻动态", "统计年报", "财务决算年度报告",
])
def test_articles_and_other_columns_are_not_report_columns(text):
    from govreports.extract.classify import names_report_column

    assert not names_report_column(text)


@pytest.mark.parametrize("text, is_year", [
    ("2019年度", True), ("2020年", True), ("2021", True), ("2018年度报告", True), ("2017年报", True),
    ("2021 年", True), ("二〇二三年度", True), ("2019年度政府信息公开工作年度报告", False), ("2019-01-02", False),
    ("第2019号", False), ("20190", False),
])
def test_year_sub_columns(text, is_year):
    from govreports.extract.classify import names_year

    assert names_year(text) is is_year


@pytest.mark.parametrize("text, is_agency", [
    ("县教育局", True), ("县卫生健康局", True), ("某某镇人民政府", True), ("XX县卫生健康委员会", True),
    ("县人民政府办公室", True), ("城关镇", True), ("河口乡", True), ("县发展和改革委员会", True),
    ("部门乡镇", False), ("信息公开", False), ("新闻动态", False), ("政务服务", False), ("首页", False),
    ("政府信息公开年报", False), ("统计信息", False), ("关于印发某某局工作要点的通知", False),
])
def test_agency_names_alone(text, is_agency):
    from govreports.extract.classify import names_agency

    assert names_agency(text) is is_agency


@pytest.mark.parametrize("text", ["部门乡镇", "部门信息公开", "乡镇街道", "乡镇信息公开", "县直部门", "政务公开"])
def test_department_and_township_sections(text):
    assert names_disclosure_section(text)


def test_an_empty_body_or_a_body_of_links_is_never_a_report():
    from govreports.extract.classify import empty_body_verdict

    verdict = empty_body_verdict("", empty_reason="no content container")
    assert verdict is not None and not verdict.is_report and verdict.reason == "empty body: no content container"
    years = ["2024年度", "2023年度报告", "2022年报", "2021"]
    verdict = empty_body_verdict(" ".join(years), years)
    assert verdict is not None and not verdict.is_report and "list of 4 links" in verdict.reason
    # a page of only attachments is left to them; a report that links a few things is a report
    assert empty_body_verdict("", has_attachments=True) is None
    assert empty_body_verdict(REPORT_BODY, ["附件1", "附件2", "附件3"]) is None
    assert empty_body_verdict("详见附件：2020年度报告.pdf", ["2020年度报告.pdf"]) is None
