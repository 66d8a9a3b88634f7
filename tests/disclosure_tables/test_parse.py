"""govreports.disclosure_tables: the statistics tables 二/三/四 as data.

The tables are built here with rowspan/colspan the way report pages lay them out (numbers from
``tests.demo_portal.table_values``, which satisfy the identities unless told otherwise), then read back."""

from __future__ import annotations

import json
import random

import pytest

from govreports.disclosure_tables import StatsResult, parse_stats
from govreports.disclosure_tables import labels as L
from tests.demo_portal import table_values as demo
from tests.demo_portal.table_values import Cell
from tests.paths import REAL_PAGES

TOTAL = "总计"


# --- builders --------------------------------------------------------------------------------------------------


def html(*grids, between: str = "<p>说明</p>") -> str:
    """Grids of demo ``Cell``s (or plain strings) as <table>s."""
    parts = []
    for grid in grids:
        rows = []
        for row in grid:
            cells = []
            for c in row:
                c = Cell(c) if isinstance(c, str) else c
                attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                    f' colspan="{c.colspan}"' if c.colspan > 1 else "")
                cells.append(f"<td{attrs}>{c.text}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("<table>" + "".join(rows) + "</table>")
    return f"<div>{between.join(parts)}</div>"


def numbers(template: str, seed: int = 7, broken: bool = False) -> tuple[dict, dict, list]:
    rng = random.Random(seed)
    apps = demo.application_numbers(rng, template, busy=40, broken=broken)
    return apps, demo.active_numbers(rng, template, 40), demo.review_numbers(rng, 40)


def report_html(template: str, seed: int = 7, broken: bool = False) -> tuple[str, dict, dict, list]:
    apps, active, review = numbers(template, seed, broken)
    body = html(demo.active_grid(template, active), demo.applications_grid(template, apps), demo.review_grid(review))
    return body, apps, active, review


def assert_three(result: StatsResult, apps: dict) -> None:
    for key, values in apps.items():
        for column, value in zip(L.COLUMNS_3, values, strict=True):
            cell = result.get("三", L.ROWS_3[key], column)
            assert cell is not None, (key, column)
            assert cell.value == value, (key, column, cell)


def active_of(result: StatsResult) -> dict:
    out: dict = {}
    for cell in result.cells:
        if cell.table == "二":
            out.setdefault(cell.row, []).append(cell.value)
    return out


def review_of(result: StatsResult) -> list:
    return [result.get("四", b, c).value for b in L.BLOCKS_4 for c in L.RESULTS]


# --- both template versions ------------------------------------------------------------------------------------


def test_2019_report_all_three_tables():
    body, apps, active, review = report_html("2019")
    result = parse_stats(body_html=body)
    assert result.template == "2019"
    assert result.tables_found == ["二", "三", "四"]
    assert_three(result, apps)
    assert active_of(result) == active
    assert review_of(result) == review
    assert result.identity_ok is True and result.problems == []
    assert result.get("二", "规范性文件", "对外公开总数量") is not None
    assert not any(c.column == "现行有效件数" for c in result.cells)  # 2019 labels stay 2019 labels
    assert result.get("三", "（六）其他处理", TOTAL) is not None
    assert len(result.cells) == 22 + 23 * 7 + 15


def test_2021_report_all_three_tables():
    body, apps, active, review = report_html("2021")
    result = parse_stats(body_html=body)
    assert result.template == "2021"
    assert_three(result, apps)
    assert active_of(result) == active
    assert review_of(result) == review
    assert result.identity_ok is True and result.problems == []
    assert result.get("二", "行政规范性文件", "现行有效件数") is not None
    assert not any(c.column == "对外公开总数量" for c in result.cells)
    assert result.get("三", "（六）其他处理 3.其他", TOTAL) is not None
    assert result.get("三", "（六）其他处理", TOTAL) is None
    fee = result.get("二", "行政事业性收费", "本年收费金额（单位：万元）")
    assert isinstance(fee.value, float)


def test_summary_from_the_total_column():
    body, apps, _, review = report_html("2021")
    summary = parse_stats(body_html=body).summary
    assert summary == {
        "requests_new": apps["一"][6], "requests_carried_over": apps["二"][6],
        "requests_processed": apps["三(七)"][6], "granted": apps["三(一)"][6],
        "partially_granted": apps["三(二)"][6], "carried_forward": apps["四"][6],
        "reviews_total": review[4], "lawsuits_direct_total": review[9], "lawsuits_after_review_total": review[14],
        "identity_ok": True,
    }
    json.dumps(parse_stats(body_html=body).to_dict(), ensure_ascii=False)


def test_2021_table_writing_规范性文件_keeps_the_2021_label():
    body, _, _, _ = report_html("2021")
    result = parse_stats(body_html=body.replace("<td>行政规范性文件</td>", "<td>规范性文件</td>"))
    assert result.template == "2021"
    assert result.get("二", "行政规范性文件", "本年制发件数") is not None


# --- empty cells, numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["", "/", "—", "无", "——", "－"])
def test_no_number_markers_are_none_and_leave_the_identity_unconfirmed(marker):
    apps, _, _ = numbers("2021")
    grid = demo.applications_grid("2021", apps)
    grid[3][1] = Cell(marker)  # 一、本年新收 / 自然人
    result = parse_stats(body_html=html(grid))
    cell = result.get("三", L.ROWS_3["一"], "自然人")
    assert cell.value is None and cell.raw == marker
    assert result.identity_ok is False
    failed = [c for c in result.checks if not c["ok"]]
    assert failed and all("一、本年新收政府信息公开申请数量/自然人" in c["missing"] for c in failed)
    assert result.summary["identity_ok"] is False


@pytest.mark.parametrize(("raw", "money", "value"), [
    ("1,234", False, 1234), ("1，234", False, 1234), ("１２３", False, 123), ("-3", False, -3), ("－3", False, -3),
    ("+2", False, 2), ("12 件", False, 12), ("648.64", True, 648.64), ("0", True, 0.0), ("75394432.52元", True, 75394432.52),
])
def test_numbers(raw, money, value):
    got, ok = L.parse_number(raw, money)
    assert ok and got == value and type(got) is type(value)


@pytest.mark.parametrize("raw", ["", "/", "—", "-", "－", "无", "——"])
def test_markers_are_none_never_zero(raw):
    assert L.parse_number(raw) == (None, True)


def test_unreadable_number_is_a_problem():
    apps, _, _ = numbers("2019")
    grid = demo.applications_grid("2019", apps)
    grid[4][2] = Cell("约3")
    result = parse_stats(body_html=html(grid))
    assert result.get("三", L.ROWS_3["二"], "法人或其他组织·商业企业").value is None
    assert any("约3" in p for p in result.problems)
    assert result.identity_ok is False


def test_thousands_separators_and_negative_changes():
    apps, active, _ = numbers("2019")
    apps = {k: list(v) for k, v in apps.items()}
    for key in ("一", "三(一)", "三(七)"):
        apps[key][0] += 1000
        apps[key][6] += 1000
    grid = demo.applications_grid("2019", apps)
    for row in grid:
        for i, c in enumerate(row):
            if c.text.isdigit() and int(c.text) >= 1000:
                row[i] = Cell(f"{int(c.text):,}".replace(",", "，" if c is row[-1] else ","))
    active["行政处罚"][1] = -4
    block = demo.active_grid("2019", active)
    body = html(block, grid).replace("<td>-4</td>", "<td>－4</td>")
    result = parse_stats(body_html=body)
    assert_three(result, apps)
    assert result.get("二", "行政处罚", "本年增/减").value == -4
    assert result.identity_ok is True


# --- layouts ---------------------------------------------------------------------------------------------------

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SUBS = [Cell(a) for a in demo.APPLICANTS[1:]]


@pytest.mark.parametrize("header", [
    # two header rows: 法人或其他组织 spanning its five sub-columns, 自然人/总计 rowspan 2
    [[Cell(NOTE, rowspan=2, colspan=3), Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5),
      Cell("总计", rowspan=2)], SUBS],
    # three header rows, 总计 rowspan 3 next to 申请人情况
    [[Cell(NOTE, rowspan=3, colspan=3), Cell("申请人情况", colspan=6), Cell("总计", rowspan=3)],
     [Cell("自 然 人", rowspan=2), Cell("法人或<br>其他组织", colspan=5)], SUBS],
    # one header row, no group label at all
    [[Cell("", colspan=3), Cell("自然人"), *SUBS, Cell("总计")]],
], ids=["two-rows", "three-rows-total-rowspan-3", "one-row"])
def test_header_layouts(header):
    apps, _, _ = numbers("2021")
    grid = demo.applications_grid("2021", apps)
    result = parse_stats(body_html=html(header + grid[3:]))
    assert_three(result, apps)
    assert result.identity_ok is True and result.problems == []


def test_shifted_header_cell_maps_by_column_index():
    """A header row with an empty column between 商业企业 and 科研机构 (and the data rows with it too)."""
    apps, _, _ = numbers("2019")
    grid = demo.applications_grid("2019", apps)
    grid[0][1] = Cell("申请人情况", colspan=8)
    grid[1][1] = Cell("法人或其他组织", colspan=6)
    grid[2] = [Cell("商业企业"), Cell(""), *SUBS[1:]]
    for row in grid[3:]:
        row.insert(len(row) - 5, Cell(""))
    result = parse_stats(body_html=html(grid))
    assert_three(result, apps)


def test_lenient_labels():
    apps, _, _ = numbers("2019")
    grid = demo.applications_grid("2019", apps)
    swaps = {"（一）予以公开": "㈠予以公开", "（七）总计": "(七) 总 计", "2.重复申请": "2、重复申请",
             "3.要求提供公开出版物": "3．要求提供<br>公开出版物", "（三）不予公开": "(三)不予<br>公开"}
    for row in grid:
        for i, c in enumerate(row):
            if c.text in swaps:
                row[i] = Cell(swaps[c.text], c.rowspan, c.colspan)
    result = parse_stats(body_html=html(grid))
    assert_three(result, apps)


def test_table_split_over_two_tables():
    """The second part has no header and, like a PDF page break, one more leading column."""
    apps, _, _ = numbers("2021")
    grid = demo.applications_grid("2021", apps)
    rows, _ = demo.grid_rows(grid)
    first, second = rows[:12], [["", *r] for r in rows[12:]]
    result = parse_stats(body_html=html(first, second))
    assert_three(result, apps)
    assert result.identity_ok is True


def test_pdf_attachment_tables_and_html():
    from govreports.documents import read_document
    from tests.demo_portal.documents import make_pdf

    apps, active, review = numbers("2021", seed=3)
    grids = [demo.active_grid("2021", active), demo.applications_grid("2021", apps), demo.review_grid(review)]
    tables, merges = zip(*(demo.grid_rows(g) for g in grids), strict=True)
    # a merge taller than a page cannot be drawn: 三、本年度办理结果 stays in its first row, as the demo portal does
    merges = [[m for m in ms if m[2] < 10] for ms in merges]
    doc = read_document(make_pdf(["二、主动公开政府信息情况"], tables, merges=merges), "report.pdf")
    for result in (parse_stats(tables=doc.tables), parse_stats(body_html=doc.html)):
        assert result.tables_found == ["二", "三", "四"]
        assert_three(result, apps)
        assert active_of(result) == active
        assert review_of(result) == review
        assert result.identity_ok is True


# --- text ------------------------------------------------------------------------------------------------------


def _text_lines(sep: str, template: str = "2021") -> tuple[str, dict]:
    apps, _, _ = numbers(template)
    lines = ["三、收到和处理政府信息公开申请情况",
             sep.join(["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])]
    for key in L.rows_3(template):
        lines.append(sep.join([L.ROWS_3[key], *map(str, apps[key])]))
    return "\n".join(lines), apps


@pytest.mark.parametrize("sep", ["\t", " | ", "｜", "  ", "\u3000\u3000"], ids=["tab", "pipe", "fullwidth-pipe", "spaces", "ideographic-spaces"])
def test_text_with_separated_cells(sep):
    text, apps = _text_lines(sep)
    result = parse_stats(body_text=text)
    assert result.template == "2021"
    assert_three(result, apps)
    assert result.identity_ok is True


def test_text_without_header_needs_the_exact_count():
    text, apps = _text_lines("\t")
    lines = text.split("\n")
    lines.pop(1)  # no header
    lines[3] += "\t9"  # one row with eight numbers
    result = parse_stats(body_text="\n".join(lines))
    assert result.get("三", L.ROWS_3["一"], TOTAL).value == apps["一"][6]
    assert result.get("三", L.ROWS_3["三(一)"], TOTAL) is None
    assert any("8 cells where 7 are expected" in p for p in result.problems)


def test_text_table_二_without_header_uses_the_template_order():
    text = "第二十条第（一）项\n规章  0  0  0\n行政规范性文件  5  1  40\n第二十条第（五）项\n行政许可  120"
    result = parse_stats(body_text=text)
    assert result.template == "2021"
    assert result.get("二", "行政规范性文件", "现行有效件数").value == 40
    assert result.get("二", "行政许可", "本年处理决定数量").value == 120


def test_html_tables_win_over_text():
    body, _, _, _ = report_html("2019")
    result = parse_stats(body_html=body, body_text="规章000\n")
    assert result.problems == [] and result.identity_ok is True


# --- glued text ------------------------------------------------------------------------------------------------

GLUED = """二、主动公开政府信息情况
第二十条第(一)项
信息内容本年新
制作数量
规章000
规范性文件000
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况
自然人法人或其他组织总计
一、本年新收政府信息公开
申请数量
0000000
三、本年度办理结果(一)予以公开0000000
1.属于国家秘密000 0
(七)总计0000000
"""


def test_glued_cells_are_problems_not_cells():
    result = parse_stats(body_text=GLUED)
    assert result.cells == []
    assert result.tables_found == ["二", "三"]
    assert 'table 二 row "规章000": cells glued together, cannot be split without guessing' in result.problems
    assert any("本年新收" in p and "glued" in p for p in result.problems)
    assert any("国家秘密" in p and "glued" in p for p in result.problems)
    assert result.identity_ok is False
    assert result.summary is not None
    assert {k: v for k, v in result.summary.items() if k != "identity_ok"} == dict.fromkeys(
        [k for k in result.summary if k != "identity_ok"])


@pytest.mark.skipif(not (REAL_PAGES.parent / "seeds").is_dir(), reason="../shared/seeds not found (CI puts it there)")
def test_seed_003_glued_text():
    seed = REAL_PAGES.parent / "seeds" / "003_4a4f3564ba85f8ba.txt"
    if not seed.exists():
        pytest.skip(f"{seed} not found")
    result = parse_stats(body_text=seed.read_text(encoding="utf-8"))
    assert result.cells == [] and "三" in result.tables_found
    assert sum("glued" in p for p in result.problems) >= 25


# --- identities ------------------------------------------------------------------------------------------------


def test_broken_identity_names_the_failing_cells():
    body, apps, _, _ = report_html("2019", broken=True)  # 一/自然人 over-counted by 2
    result = parse_stats(body_html=body)
    assert_three(result, apps)
    assert result.identity_ok is False
    failed = [c for c in result.checks if not c["ok"]]
    assert {(c["check"], c["column"]) for c in failed} == {("一+二=（七）总计+四", "自然人"),
                                                           ("一+二=（七）总计+四", "总计")}
    check = failed[0]
    assert check["left"] == check["right"] + 2
    assert {"row": L.ROWS_3["一"], "column": "自然人", "value": apps["一"][0]} in check["cells"]


def test_row_total_check():
    apps, _, _ = numbers("2021")
    apps = {k: list(v) for k, v in apps.items()}
    apps["三(二)"][6] += 1
    result = parse_stats(body_html=html(demo.applications_grid("2021", apps)))
    bad = [c for c in result.checks if not c["ok"]]
    assert any(c["check"] == "总计=六类申请人之和" and c.get("row") == "（二）部分公开" for c in bad)
    assert any(c["check"] == "（七）总计=各项办理结果之和" and c["column"] == TOTAL for c in bad)


# --- nothing ---------------------------------------------------------------------------------------------------


def test_nothing_to_parse_is_empty():
    # its cost is in bench/documents.py
    text = "一、总体情况\n本年度共收到申请3件。\n" * 200
    result = parse_stats(body_html="<p>一、总体情况</p>" * 200, body_text=text)
    assert result.summary is None and result.identity_ok is None and result.tables_found == []
    assert parse_stats().to_dict()["cells"] == []


def test_other_tables_are_not_statistics():
    body = html([["信息类别", "公开条数", "占比"], ["行政许可", "120", "34%"], ["合计", "350", "100%"]])
    result = parse_stats(body_html=body)
    assert result.tables_found == [] and result.problems == [] and result.summary is None


# --- real pages and the demo portal ----------------------------------------------------------------------------


@pytest.mark.skipif(not REAL_PAGES.is_dir(), reason=f"{REAL_PAGES} not found (CI puts the real pages there)")
def test_real_page_pingtan_2024():
    from govreports.extract.page import extract_page

    page = REAL_PAGES / "pingtan_nb_2024_shiyanqu.html"
    if not page.exists():
        pytest.skip(f"{page} not found")
    data = extract_page(page.read_bytes(), "https://www.pingtan.gov.cn/a.html")
    result = parse_stats(body_html=data["body_html"], body_text=data["body_text"])
    assert result.template == "2021" and result.tables_found == ["二", "三", "四"]
    assert len(result.cells) == 10 + 25 * 7 + 15
    assert result.summary["requests_new"] == result.summary["requests_processed"] + result.summary["carried_forward"]
    assert result.get("二", "行政事业性收费", "本年收费金额（单位：万元）").value == 18651.06
    assert result.identity_ok is True and result.problems == []
