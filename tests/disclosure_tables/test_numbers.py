"""govreports.disclosure_tables: numbers are read as written or not at all.

A count with more than 15 significant digits is no count (and would overflow SQLite's INTEGER); a space inside a
number is a thousands separator (1 234) or the gap before a unit (12 件), anything else ("3 0": two cells merged
because a rule line was missing) makes the cell unreadable. Either way the value is None and the cell is named in
``problems``; a number is never repaired."""

from __future__ import annotations

from govreports.disclosure_tables import labels as L
from govreports.disclosure_tables import parse_stats
from tests.demo_portal import table_values as demo
from tests.demo_portal.table_values import Cell
from tests.disclosure_tables.test_parse import html, numbers

NEW = L.ROWS_3["一"]  # 一、本年新收政府信息公开申请数量


def parse_with(raw: str, column: int = 7):
    """Table 三 (2021) with the cell of row 一 at grid column ``column`` (1 自然人 … 7 总计) written as ``raw``."""
    apps, _, _ = numbers("2021")
    grid = demo.applications_grid("2021", apps)
    grid[3][column] = Cell(raw)
    return parse_stats(body_html=html(grid))


def test_huge_number_is_no_count():
    assert L.parse_number("12345678901234567890") == (None, False)
    assert L.parse_number("123456789012345") == (123456789012345, True)  # 15 digits: still read
    assert L.read_number("12345678901234567890") == (None, "is not a plausible count")


def test_huge_number_is_reported_and_not_stored():
    raw = "12345678901234567890"
    result = parse_with(raw)
    cell = result.get("三", NEW, "总计")
    assert cell.value is None and cell.raw == raw
    assert f'table 三 row "{NEW}" column "总计": "{raw}" is not a plausible count' in result.problems
    assert result.summary["requests_new"] is None and result.summary["identity_ok"] is False


def test_21_spaced_zeros_are_no_count():
    raw = " ".join("1" + "0" * 20)  # a naive extractor's "1 0 0 … 0"
    assert L.parse_number(raw) == (None, False)
    assert L.read_number(raw) == (None, "is not a plausible count")
    result = parse_with(raw)
    assert result.get("三", NEW, "总计").value is None
    assert any(f'"{raw}" is not a plausible count' in p for p in result.problems)


def test_space_as_thousands_separator():
    assert L.parse_number("1 234") == (1234, True)


def test_spaces_as_thousands_separators():
    assert L.parse_number("1 234 567") == (1234567, True)


def test_merged_cells_are_unreadable():
    assert L.parse_number("3 0") == (None, False)  # never 30
    assert L.parse_number("１\u3000２３") == (None, False)  # never 123
    value, problem = L.read_number("3 0")
    assert value is None and "cells possibly merged" in problem
    result = parse_with("3 0", column=1)
    assert result.get("三", NEW, "自然人").value is None
    assert any(p.startswith(f'table 三 row "{NEW}" column "自然人": "3 0" ') and "cells possibly merged" in p
               for p in result.problems)
    assert result.identity_ok is False


def test_space_before_unit():
    assert L.parse_number("12 件") == (12, True)


def test_space_before_money_unit():
    assert L.parse_number("3.5 万元", money=True) == (3.5, True)


def test_full_width_digits_with_full_width_space_separator():
    assert L.parse_number("１\u3000２３４") == (1234, True)
    assert L.parse_number("１\u00a0２３４\u2009５６７") == (1234567, True)  # NBSP, thin space


def test_labels_stay_lenient_about_spaces():
    apps, _, _ = numbers("2021")
    grid = demo.applications_grid("2021", apps)
    grid[1][0] = Cell("自 然 人", rowspan=2)
    result = parse_stats(body_html=html(grid))
    assert result.get("三", NEW, "自然人").value == apps["一"][0]
