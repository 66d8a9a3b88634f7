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
