"""A merged cell stands once in a file's text and fills every cell it covers in its grid (what the statistics
parser reads): PDF merged cells and DOCX gridSpan/vMerge, read from files made here. Real files, no mocks."""

from __future__ import annotations

import pytest

from govreports.documents import read_document
from tests.demo_portal import documents as writers

# a label down the first column over four rows, a block spanning two rows and two columns in the middle
TABLE = [
    ["三、本年度办理结果", "（一）予以公开", "", "4", "5"],
    ["", "（三）不予公开", "1.属于国家秘密", "0", "0"],
    ["", "", "2.其他法律行政法规禁止公开", "1", "1"],
    ["", "（七）总计", "", "5", "6"],
]
MERGES = [(0, 0, 4, 1), (1, 1, 2, 1), (0, 1, 1, 2), (3, 1, 1, 2)]
GRID = [
    ["三、本年度办理结果", "（一）予以公开", "", "4", "5"],
    ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "0"],
    ["三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开", "1", "1"],
    ["三、本年度办理结果", "（七）总计", "", "5", "6"],
]
LINES = [
    "三、本年度办理结果\t（一）予以公开\t\t4\t5",
    "\t（三）不予公开\t1.属于国家秘密\t0\t0",
    "\t\t2.其他法律行政法规禁止公开\t1\t1",
    "\t（七）总计\t\t5\t6",
]
# the second shape: a two-row header whose cells span rows and columns, a value spanning three rows at the right
HEADER_TABLE = [
    ["申请人情况", "自然人", "法人或其他组织", "", "总计"],
    ["", "", "商业企业", "科研机构", ""],
    ["本年新收", "2", "1", "0", "3"],
    ["上年结转", "0", "0", "0", ""],
    ["结转下年度", "1", "0", "0", ""],
]
HEADER_MERGES = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 2), (0, 4, 2, 1), (2, 4, 3, 1)]
HEADER_GRID = [
    ["申请人情况", "自然人", "法人或其他组织", "", "总计"],
    ["申请人情况", "自然人", "商业企业", "科研机构", "总计"],
    ["本年新收", "2", "1", "0", "3"],
    ["上年结转", "0", "0", "0", "3"],
    ["结转下年度", "1", "0", "0", "3"],
]
HEADER_LINES = [
    "申请人情况\t自然人\t法人或其他组织\t\t总计",
    "\t\t商业企业\t科研机构",
    "本年新收\t2\t1\t0\t3",
    "上年结转\t0\t0\t0",
    "结转下年度\t1\t0\t0",
]


@pytest.mark.parametrize("maker", [writers.make_pdf, writers.make_docx], ids=["pdf", "docx"])
@pytest.mark.parametrize(("table", "merges", "grid", "lines"),
                         [(TABLE, MERGES, GRID, LINES), (HEADER_TABLE, HEADER_MERGES, HEADER_GRID, HEADER_LINES)],
                         ids=["row-labels", "header-and-value"])
def test_merged_cell_once_in_text_filled_in_grid(maker, table, merges, grid, lines):
    doc = read_document(maker(["表格前的段落。"], [table], [merges]), "report")
    assert doc.ok, doc.message
    assert doc.tables == [grid]
    assert doc.text.split("\n") == ["表格前的段落。", *lines]
    # the HTML keeps the spans: read back through the HTML body's path it gives the same filled grid
    from govreports.disclosure_tables.rows import html_grids

    assert html_grids(doc.html) == [grid]
