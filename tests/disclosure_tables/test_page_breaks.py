"""Table 二 split across two PDF pages whose second part lost a header cell: the rows under it are read by the
template's column order when their cells are exactly as many as the block's columns and agree with every
column the header still names (govreports/disclosure_tables/parse.py). PDFs drawn here, real reading."""

from __future__ import annotations

import pytest

from govreports.disclosure_tables import parse_stats
from govreports.documents import read_document
from tests.demo_portal import table_values as demo
from tests.disclosure_tables.test_parse import active_of, numbers
from tests.documents.laid_out import Page, make_report_pdf


def _rows(template: str, seed: int) -> tuple[list[list[str]], dict]:
    _, active, _ = numbers(template, seed=seed)
    return [[cell.text for cell in row] for row in demo.active_grid(template, active)], active


@pytest.mark.parametrize("first_row", ["no-top-rule", "unruled"])
def test_header_row_lost_at_the_page_break(first_row):
    """2019: page 2 opens with the header row of 第二十条第（五）项 drawn without its top rule. Its vertical rules
    still rise to where the rule was: the rule is restored and the row is back in the grid (geometry). Drawn
    without any rule, the row falls out of the table (a text line) and the rows under it fall under block
    (一)'s header: they are read by count."""
    rows, active = _rows("2019", seed=7)
    assert rows[5][0] == "信息内容" and rows[4][0] == "第二十条第（五）项"
    widths = [150, 100, 100, 101]
    data = make_report_pdf([Page(paragraphs=["二、主动公开政府信息情况"], table=rows[:5], table_widths=widths),
                            Page(table=rows[5:], table_widths=widths, first_row=first_row)])
    doc = read_document(data, "report.pdf")
    assert doc.pages == 2 and len(doc.tables) == 2
    assert (doc.tables[1][0] == rows[5]) is (first_row == "no-top-rule")
    result = parse_stats(tables=doc.tables)
    assert active_of(result) == active
    assert result.problems == []


def test_header_cell_blank_in_the_repeated_header():
    """Differs in every way: 2021, the break inside block (一), the second part repeating its header with one
    cell lost (本年废止件数 blank), its top rule drawn, other column widths."""
    rows, active = _rows("2021", seed=5)
    header = rows[1]
    assert header[2] == "本年废止件数"
    lost = [header[0], header[1], "", header[3]]
    widths = [170, 95, 95, 91]
    data = make_report_pdf([Page(paragraphs=["（一）主动公开", "具体情况见下表。"], table=rows[:3], table_widths=widths),
                            Page(table=[lost, *rows[3:]], table_widths=widths)])
    result = parse_stats(tables=read_document(data, "report.pdf").tables)
    assert active_of(result) == active
    assert result.problems == []


def test_a_row_that_disagrees_with_its_header_is_not_read_by_count():
    """By count only when the cells agree with the columns the header names; never a guess: the columns the
    header names are read, the lost one stays unread."""
    header = ["信息内容", "本年制发件数", "", "现行有效件数"]
    grids = [[["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "1", "0", "3"]],
             [header, ["行政规范性文件", "", "2", "40", "9"]]]  # by count: 2, 40, 9, but 本年制发件数 is empty
    result = parse_stats(tables=grids)
    assert active_of(result)["行政规范性文件"] == [None, 40]
    # under another block's header and not as many cells as its own block's columns: not read
    grids = [[["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "1", "0", "3"],
              ["行政许可", "5", "6", ""]]]
    result = parse_stats(tables=grids)
    assert "行政许可" not in active_of(result)
    assert any("行政许可" in p and "does not belong" in p for p in result.problems)
