"""Misprinted labels (a few characters dropped or changed) matched by a small bounded edit distance within
their block (govreports/disclosure_tables/fuzzy.py): HTML grids and a PDF made here, both template versions."""

from __future__ import annotations

import pytest

from govreports.disclosure_tables import fuzzy, parse_stats
from govreports.disclosure_tables import labels as L
from govreports.documents import read_document
from tests.demo_portal import table_values as demo
from tests.demo_portal.documents import make_pdf
from tests.demo_portal.table_values import Cell
from tests.disclosure_tables.test_parse import active_of, assert_three, html, numbers, review_of


def _misprint(grid, swaps: dict[str, str]) -> None:
    seen = set()
    for row in grid:
        for i, c in enumerate(row):
            if c.text in swaps:
                row[i] = Cell(swaps[c.text], c.rowspan, c.colspan)
                seen.add(c.text)
    assert seen == set(swaps), set(swaps) - seen  # every misprint landed in the table


def test_html_2021_misprinted_rows_and_review_headers():
    apps, _, review = numbers("2021")
    three, four = demo.applications_grid("2021", apps), demo.review_grid(review)
    _misprint(three, {
        "一、本年新收政府信息公开申请数量": "一、本年新增政府信息公开申请数量",  # a character changed
        "（一）予以公开": "（一）予以公布",
        "3.危及“三安全一稳定”": "3.危及三安全",  # three dropped
        "4.保护第三方合法权益": "4.保护第三人合法权益",
        "（七）总计": "（七）总计数",
    })
    four[1][1] = Cell("行政复议结果纠正", rowspan=2)  # the group's name printed into its result
    four[1][2] = Cell("其他", rowspan=2)  # for 其他结果
    result = parse_stats(body_html=html(three, four))
    assert_three(result, apps)
    assert result.identity_ok is True
    assert review_of(result) == review
    assert result.problems == []


def test_pdf_2019_misprinted_rows_and_column():
    """Differs in every way the family allows: the other template, a PDF's grids, misprints in other blocks
    (上年结转, leaves of 无法提供 and 不予处理, the 2019 其他处理) and in a column header of 三."""
    apps, _, _ = numbers("2019", seed=11)
    three = demo.applications_grid("2019", apps)
    _misprint(three, {
        "二、上年结转政府信息公开申请数量": "二、上年度结转政府信息公开申请数量",
        "1.本机关不掌握相关政府信息": "1.本机关不掌控相关政府信息",
        "2.重复申请": "2.重复中请",
        "（六）其他处理": "（六）其它处理",
        "社会公益组织": "社会公益组",
    })
    rows, merges = demo.grid_rows(three)
    merges = [m for m in merges if m[2] < 10]  # a merge taller than a page cannot be drawn
    doc = read_document(make_pdf(["三、收到和处理政府信息公开申请情况"], [rows], [merges]), "report.pdf")
    result = parse_stats(tables=doc.tables)
    assert result.template == "2019"
    assert_three(result, apps)
    assert result.identity_ok is True


def test_a_tie_is_no_match_and_a_problem():
    apps, _, _ = numbers("2021")
    three = demo.applications_grid("2021", apps)
    _misprint(three, {"（一）予以公开": "（一）部以公开"})  # one edit from 予以公开, one from 部分公开
    result = parse_stats(body_html=html(three))
    assert result.get("三", L.ROWS_3["三(一)"], "总计") is None
    assert result.get("三", L.ROWS_3["三(二)"], "总计").value == apps["三(二)"][-1]
    assert any("部以公开" in p and "予以公开 as to 部分公开" in p for p in result.problems)
    assert result.identity_ok is False


def test_never_across_blocks():
    """A leaf of 无法提供 misprinted closer to a leaf of 不予处理 than to any of its own is not read as that one."""
    apps, _, _ = numbers("2021")
    three = demo.applications_grid("2021", apps)
    _misprint(three, {"2.没有现成信息需要另行制作": "2.要求提供公开出版"})
    result = parse_stats(body_html=html(three))
    assert result.get("三", L.ROWS_3["三(四)2"], "总计") is None
    assert result.get("三", L.ROWS_3["三(五)3"], "总计").value == apps["三(五)3"][-1]
    assert not any("appears again" in p for p in result.problems)
    assert any("rows missing" in p and "没有现成信息需要另行制作" in p for p in result.problems)


@pytest.mark.parametrize(("a", "b", "bound", "expected"), [
    ("其他", "其他结果", 2, 2), ("属于国家秘", "属于国家秘密", 2, 1), ("总数", "总计", 2, 2), ("总数", "总计", 1, 2),
    ("abc", "abcdef", 2, 3), ("行政许可", "行政处罚", 9, 4), ("行政许可", "行政处罚", 2, 3), ("", "", 0, 0),
])
def test_bounded_distance(a, b, bound, expected):
    assert fuzzy.distance(a, b, bound) == expected


def test_bound_grows_with_the_label():
    assert [fuzzy.bound_for(t) for t in ("总计", "其他结果", "属于国家秘密", "本年新收政府信息公开申请数量")] == [1, 2, 2, 5]
    # 其他 is near 其他结果 but not near 总计 (four edits on two characters): the unique match
    assert fuzzy.column_header("其他", L.RESULTS) == ("其他结果", [])


def test_misprinted_rows_of_two_within_their_block():
    _, active, _ = numbers("2021", seed=3)
    two = demo.active_grid("2021", active)
    _misprint(two, {"行政规范性文件": "行政规范文件", "行政处罚": "行政处置", "行政事业性收费": "行政事业收费"})
    result = parse_stats(body_html=html(two))
    assert active_of(result) == active
    assert result.problems == []


def test_misprinted_row_of_two_is_never_read_as_another_blocks():
    """行政处置 is one edit from 行政处罚 (block 六), but stands in block 五 (2019), whose rows are far from it."""
    _, active, _ = numbers("2019", seed=3)
    two = demo.active_grid("2019", active)
    _misprint(two, {"其他对外管理服务事项": "行政处置"})
    result = parse_stats(body_html=html(two))
    got = active_of(result)
    assert "其他对外管理服务事项" not in got
    assert got["行政处罚"] == active["行政处罚"]
    assert not any("appears again" in p for p in result.problems)
