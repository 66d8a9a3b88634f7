"""Sources → rows of cell strings: HTML tables (expanded with ``tables.table_grid``), ready grids (PDF/DOCX
attachments, same convention) and, as the last resort, body-text lines whose cells are still separated."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from govreports.extract.htmltree import parse_html
from govreports.extract.tables import TableKinds, read_table, table_grid

MARKERS = ("政府信息公开申请", "第二十条", "行政复议")
_TABLE_TAG = re.compile(r"<table\b", re.I)
_PIPES = re.compile(r"\s*[|｜]\s*")
_SPACES = re.compile(r"[ \u3000\u00a0]{2,}")
_RULE = re.compile(r":?-{3,}:?|[=+]{3,}")


@dataclass
class Row:
    cells: list[str]
    source: int  # one number per table (grid) or per block of text lines
    mode: str  # "grid": cells at grid positions; "tab"/"pipe": text cells at positions; "space": positions lost


def html_grids(body_html: str) -> list[list[list[str]]]:
    """The expanded grid of every data table in the HTML (tables holding tables are layout: their inner
    tables are read on their own)."""
    if not body_html or not _TABLE_TAG.search(body_html):
        return []
    try:
        root = parse_html(body_html)
    except (etree.ParserError, ValueError):
        return []
    return element_grids(root)


def element_grids(root, kinds: TableKinds | None = None) -> list[list[list[str]]]:
    """``html_grids`` for a tree already parsed (the extractor's cleaned body): no second parse, and with the
    extractor's ``kinds`` no second reading of its tables either."""
    if kinds is not None:
        return [kinds.grid(table) for table in root.iter("table") if kinds.is_data(table)]
    grids = []
    for table in root.iter("table"):
        read = read_table(table)
        if read is not None:
            grids.append(table_grid(read[0]))
    return grids


def grid_rows(grids: list[list[list[str]]], first_source: int = 0) -> list[Row]:
    rows = []
    for n, grid in enumerate(grids):
        for cells in grid:
            rows.append(Row([c or "" for c in cells], first_source + n, "grid"))
    return rows


def has_markers(text: str) -> bool:
    return any(marker in text for marker in MARKERS)


def split_line(line: str) -> tuple[list[str], str]:
    """A text line's cells and how they were separated ("tab", "pipe", "space" or "one" for a single cell)."""
    if "\t" in line:
        return [c.strip() for c in line.split("\t")], "tab"
    stripped = line.strip()
    if "|" in stripped or "｜" in stripped:
        cells = _PIPES.split(stripped)
        if cells and not cells[0]:
            cells = cells[1:]  # a bordered row: | a | b |
        if cells and not cells[-1]:
            cells = cells[:-1]
        return cells, "pipe"
    if _SPACES.search(stripped):
        return [c for c in _SPACES.split(stripped) if c], "space"
    return [stripped], "one"


def text_rows(body_text: str, source: int) -> list[Row]:
    """Body-text lines as rows. Lines of one cell are kept (block titles, labels wrapped onto their own line,
    glued cells); markdown rule lines are dropped."""
    rows = []
    for line in body_text.splitlines():
        if not line.strip():
            continue
        cells, mode = split_line(line)
        if mode == "pipe" and all(_RULE.fullmatch(c.replace(" ", "")) for c in cells if c):
            continue
        rows.append(Row(cells, source, "space" if mode == "one" else mode))
    return rows
