"""Rows → cells of tables 二/三/四.

Rows are read in order, whatever table they came from: a header row of a table sets the column layout
(each canonical column at its grid column index, read from all of the table's consecutive header rows); a data
row is recognised by its label (二, 三) or, for 四, as the row of numbers under 四's header. A table continued
in a later ``<table>`` without a header reuses the layout, aligned on the right edge when the grids differ in
width (a PDF page break may add or drop a label column). A row of 二 whose header lost a cell, or that falls under
another block's header (its own header row lost at a page break), is read in the template's column order when
its cells are exactly as many as the block's columns and agree with every column the header does name. Without
any header, text rows are mapped in template order only when the number of values is exact. Glued cells
("规章000") are reported, never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govreports.disclosure_tables import fuzzy
from govreports.disclosure_tables import labels as L
from govreports.disclosure_tables.headers import columns_2, columns_3, columns_4
from govreports.disclosure_tables.rows import Row

_GLUED = re.compile(r"^(.*?\D)(\d[\d\s.,]*)$")
_DIGIT_RUN = re.compile(r"\d+")
_LEAF_NUMBERING = re.compile(r"\d{1,2}[.、]")


@dataclass
class Header:
    kind: str
    source: int
    mode: str
    rows: list[list[str]] = field(default_factory=list)
    cols: dict[int, tuple[str, str]] = field(default_factory=dict)  # grid column -> (block, column)
    version: str = ""  # table 二: the template its column labels belong to


@dataclass
class Found:
    """One template cell: table, block, row, column, value, raw."""

    table: str
    block: str
    row: str
    column: str
    value: int | float | None
    raw: str
    key: str = ""  # row key (三) or block number (二)


class Parser:
    def __init__(self, widths: dict[int, int]) -> None:
        self.widths = widths
        self.found: list[Found] = []
        self.tables: set[str] = set()
        self.problems: list[str] = []
        self.votes: dict[str, list[str]] = {"二": [], "三": []}
        self.headers: dict[str, Header] = {}
        self.seen: set[tuple[str, str]] = set()
        self.glued: set[tuple[str, str]] = set()
        self.rows_2: list[tuple] = []  # deferred until the template is known
        self.last_kind = ""  # table of the last header or data row
        self.last_key3 = ""
        self.block_2 = ""  # the 第二十条 block of 二 the rows stand in (its title row, or the last row read)
        self.prev_header: Header | None = None  # the header the previous row extended
        self.pending: tuple[str, str, str] | None = None  # a label-only row that may be followed by glued digits
        self.review_done = False

    # -- the walk -----------------------------------------------------------------------------------------------

    def feed(self, rows: list[Row]) -> None:
        for row in rows:
            self._row(row)

    def _row(self, row: Row) -> None:
        n = [L.norm(c) for c in row.cells]
        if not any(n):
            return
        label_idx = []
        for i, text in enumerate(n):
            if not text:
                continue
            if L.is_value(text):
                break
            label_idx.append(i)
        label = "".join(n[i] for i in label_idx)
        values_present = any(L.is_value(t) for t in n)
        header = self.prev_header
        self.prev_header = None

        key2 = L.match_row_2(label) if label else None
        key3 = None if key2 else self._match_3(label)
        if label and not key2 and not key3 and values_present and self.last_kind == "三":
            key3 = self._misprinted_3(row, n, label_idx)
        if label and not key2 and not key3 and values_present and self.last_kind == "二" and self.block_2:
            key2 = self._misprinted_2(row, label_idx, label)
        if not key2 and not key3 and (block := L.block_title_2(label)):
            self.block_2, self.pending = block, None  # the rows that follow belong to this block
            return
        if key2 or key3:
            self._data_row(row, n, label_idx, label, key2, key3, values_present)
            return
        kind = L.header_kind(n)
        if kind:
            self._header_row(row, n, kind, header)
            self.pending = None
            return
        if label and not values_present and self._glued(label):
            return
        filled = [t for t in n if t]
        if self.pending and len(filled) == 1 and _DIGIT_RUN.fullmatch(filled[0]):
            table, key, text = self.pending  # 一、本年新收政府信息公开 / 申请数量 / 0000000
            self._report_glued(table, key, text + filled[0])
            self.pending = None
            return
        if self.pending and label and not values_present and not L.has_digits(label):
            return  # a label wrapped onto its own line (申请数量)
        self.pending = None
        if self.last_kind == "四" and values_present and not self.review_done:
            self._review_row(row, n, label_idx)

    def _match_3(self, label: str) -> str | None:
        if not label or L.has_digits(_LEAF_NUMBERING.sub("", label)):
            return None
        return L.match_row_3(label, self.last_key3, in_three=self.last_kind == "三")

    def _misprinted_3(self, row: Row, n: list[str], label_idx: list[int]) -> str | None:
        """A label of 三 with a few characters dropped or changed (fuzzy.py); a tie is noted, never guessed."""
        key, tied = fuzzy.row_3(tuple(n[i] for i in label_idx), self.last_key3)
        self._tie("三", row, label_idx, tied)
        return key

    def _misprinted_2(self, row: Row, label_idx: list[int], label: str) -> tuple[str, str] | None:
        """A label of 二 misprinted, within the current 第二十条 block."""
        written, tied = fuzzy.row_2(label, self.block_2)
        self._tie("二", row, label_idx, tied)
        return (self.block_2, written) if written else None

    def _tie(self, table: str, row: Row, label_idx: list[int], tied: list[str]) -> None:
        if tied:
            shown = " ".join(row.cells[i] for i in label_idx)
            self.problems.append(f'table {table} row "{shown}": the label is as close to {" as to ".join(tied)}; '
                                 "not read")

    def _glued(self, label: str) -> bool:
        m = _GLUED.match(label)
        if not m:
            return False
        head = m.group(1)
        key2 = L.match_row_2(head)
        if key2:
            self._report_glued("二", key2[1], label)
            if key2[1] in ("行政规范性文件", "政府集中采购", "其他对外管理服务事项"):
                self.votes["二"].append("2021" if key2[1] == "行政规范性文件" else "2019")
            return True
        key3 = self._match_3(head)
        if key3:
            self._report_glued("三", key3, label)
            return True
        return False

    def _report_glued(self, table: str, key: str, text: str) -> None:
        self.tables.add(table)
        self.glued.add((table, key))
        self.problems.append(f'table {table} row "{text}": cells glued together, cannot be split without guessing')
        if table == "三":
            self.last_kind, self.last_key3 = "三", key

    # -- headers ------------------------------------------------------------------------------------------------

    def _header_row(self, row: Row, n: list[str], kind: str, previous: Header | None) -> None:
        if previous is not None and previous.kind == kind and previous.source == row.source:
            hdr = previous
        else:
            hdr = Header(kind, row.source, row.mode)
        hdr.rows.append(n)
        if kind == "三":
            hdr.cols = columns_3(hdr.rows)
        elif kind == "四":
            hdr.cols = columns_4(hdr.rows)
            self.review_done = False
        else:
            hdr.cols, hdr.version = columns_2(hdr.rows[-1])
            if hdr.version:
                self.votes["二"].append(hdr.version)
        self.headers[kind] = hdr
        self.prev_header = hdr
        self.last_kind = kind

    def _by_header(self, row: Row, n: list[str], hdr: Header, label_end: int) -> list[tuple] | None:
        """(block, column) and raw text of each header column in this row, None when the layout does not fit."""
        if not hdr.cols or row.mode == "space" or hdr.mode == "space":
            return None
        offset = 0
        if row.mode == "grid" and row.source != hdr.source:
            offset = self.widths.get(row.source, 0) - self.widths.get(hdr.source, 0)
        cols = sorted(hdr.cols)
        if cols[0] + offset <= label_end:
            return None
        out = []
        for col in cols:
            i = col + offset
            out.append((hdr.cols[col], row.cells[i] if 0 <= i < len(row.cells) else ""))
        return out

    @staticmethod
    def _ordered(row: Row, n: list[str], label_end: int) -> list[str]:
        """Cells after the label, without the empty ones at both ends (their positions are unknown)."""
        rest = list(row.cells[label_end + 1:])
        while rest and not rest[-1].strip():
            rest.pop()
        while rest and not rest[0].strip():
            rest.pop(0)
        return rest

    # -- data rows ----------------------------------------------------------------------------------------------

    def _data_row(self, row, n, label_idx, label, key2, key3, values_present) -> None:
        label_end = label_idx[-1] if label_idx else -1
        shown = " ".join(row.cells[i] for i in label_idx)
        if not values_present and not any(n[label_end + 1:]):
            # a label alone: a group label, a label wrapped over lines, or a row left blank
            table, key = ("二", key2[1]) if key2 else ("三", key3)
            self.pending = (table, key, label)
            if key3:
                self.last_kind, self.last_key3 = "三", key3
                hdr = self.headers.get("三")
                if hdr and self._by_header(row, n, hdr, label_end) is not None and row.mode == "grid":
                    self._emit_3(key3, self._by_header(row, n, hdr, label_end), shown)
            return
        self.pending = None
        if key2:
            hdr = self.headers.get("二")
            mapped = self._by_header(row, n, hdr, label_end) if hdr and self.last_kind == "二" else None
            if mapped is not None:
                self.rows_2.append((key2, [(c[1], raw) for c, raw in mapped], hdr.version, shown,
                                    self._ordered(row, n, label_end)))
            elif hdr is not None or row.mode != "grid":
                self.rows_2.append((key2, self._ordered(row, n, label_end), "", shown, None))
            else:
                return  # a row of some other table that happens to say 行政许可
            self.tables.add("二")
            self.last_kind, self.block_2 = "二", key2[0]
            if key2[1] in ("行政规范性文件", "政府集中采购", "其他对外管理服务事项"):
                self.votes["二"].append("2021" if key2[1] == "行政规范性文件" else "2019")
            return
        self.last_kind, self.last_key3 = "三", key3
        hdr = self.headers.get("三")
        mapped = self._by_header(row, n, hdr, label_end) if hdr else None
        if mapped is None:
            rest = self._ordered(row, n, label_end)
            if len(rest) != len(L.COLUMNS_3):
                self.tables.add("三")
                why = "no header to place them" if hdr is None else "they do not line up with the header"
                self.problems.append(f'table 三 row "{shown}": {len(rest)} cells where 7 are expected and {why}; '
                                     "not read")
                return
            mapped = [(("", col), raw) for col, raw in zip(L.COLUMNS_3, rest, strict=True)]
        self._emit_3(key3, mapped, shown)

    def _emit_3(self, key: str, mapped, shown: str) -> None:
        self.tables.add("三")
        if ("三", key) in self.seen:
            self.problems.append(f'table 三 row "{shown}" appears again; the first one is kept')
            return
        self.seen.add(("三", key))
        if key == "三(六)":
            self.votes["三"].append("2019")
        elif key.startswith("三(六)"):
            self.votes["三"].append("2021")
        for (_, column), raw in mapped:
            self._cell("三", L.block_3(key), L.ROWS_3[key], column, raw, key)

    def _review_row(self, row: Row, n: list[str], label_idx: list[int]) -> None:
        label_end = label_idx[-1] if label_idx else -1
        hdr = self.headers["四"]
        mapped = self._by_header(row, n, hdr, label_end)
        pairs = [(b, c) for b in L.BLOCKS_4 for c in L.RESULTS]
        if mapped is not None and sorted(m[0] for m in mapped) == sorted(pairs):
            cells = mapped
        else:
            rest = self._ordered(row, n, label_end)
            if len(rest) != 15:
                self.tables.add("四")
                self.problems.append(f"table 四: the row under the header holds {len(rest)} cells where 15 are "
                                     "expected and they do not line up with the header; not read")
                self.review_done = True
                return
            cells = list(zip(pairs, rest, strict=True))
        self.tables.add("四")
        self.review_done = True
        for (block, column), raw in cells:
            self._cell("四", block, block, column, raw, block)

    def _cell(self, table: str, block: str, row: str, column: str, raw: str, key: str, money: bool = False) -> None:
        value, problem = L.read_number(raw, money)
        if problem == L.UNREADABLE:
            self.problems.append(f'table {table} row "{row}" column "{column}": cannot read the number "{raw}"')
        elif problem:  # not a plausible count, cells possibly merged: never read, never repaired
            self.problems.append(f'table {table} row "{row}" column "{column}": "{raw}" {problem}')
        self.found.append(Found(table, block, row, column, value, raw, key))

    # -- the end ------------------------------------------------------------------------------------------------

    def template(self) -> str:
        def majority(votes: list[str]) -> str:
            if not votes:
                return ""
            a, b = votes.count("2019"), votes.count("2021")
            return "2019" if a > b else "2021" if b > a else ""

        t3, t2 = majority(self.votes["三"]), majority(self.votes["二"])
        if t3 and t2 and t3 != t2:
            self.problems.append(f"table 二 follows the {t2} template but table 三 the {t3} one; 三 decides")
        return t3 or t2

    def finish(self) -> str:
        template = self.template()
        self._emit_2(template)
        self._missing(template)
        return template

    def _emit_2(self, template: str) -> None:
        for (block, written), values, version, shown, ordered in self.rows_2:
            label = written
            if written in ("规范性文件", "行政规范性文件") and template:
                label = "规范性文件" if template == "2019" else "行政规范性文件"
            if ("二", label) in self.seen:
                self.problems.append(f'table 二 row "{shown}" appears again; the first one is kept')
                continue
            expected = L.COLUMNS_2.get((block, version or template), ())
            if ordered is not None:
                pairs = [(col, raw) for col, raw in values if col]
                if not _header_fits(pairs, expected):
                    # the header this row fell under lost a cell, or is another block's (a header row lost at a
                    # page break): the row's own cells in the template's order, when they are exactly as many
                    recovered = _by_count(ordered, expected, pairs)
                    if recovered is not None:
                        pairs = recovered
                    elif not expected or any(col not in expected for col, _ in pairs):
                        self.problems.append(f'table 二 row "{shown}": its header does not belong to '
                                             f"{L.BLOCKS_2[block]}; not read")
                        continue
            else:
                if not expected or len(values) != len(expected):
                    why = "the template version is unknown" if not expected else f"{len(expected)} are expected"
                    self.problems.append(f'table 二 row "{shown}": {len(values)} cells without a header and {why}; '
                                         "not read")
                    continue
                pairs = list(zip(expected, values, strict=True))
            self.seen.add(("二", label))
            for column, raw in pairs:
                self._cell("二", L.BLOCKS_2[block], label, column, raw, block, money=column in L.MONEY)

    def _missing(self, template: str) -> None:
        have = {(f.table, f.key if f.table != "二" else f.row) for f in self.found} | self.glued
        if "三" in self.tables:
            keys = L.rows_3(template) if template else [k for k in L.rows_3("2019") if k != "三(六)"]
            lost = [L.ROWS_3[k] for k in keys if ("三", k) not in have]
            if not template and ("三", "三(六)") not in have and not any(("三", f"三(六){i}") in have for i in "123"):
                lost.append("（六）其他处理")
            if lost:
                self.problems.append("table 三 found but rows missing: " + "、".join(lost))
        if "二" in self.tables and template:
            rows = [r for block in L.ROWS_2[template].values() for r in block]
            lost = [r for r in rows if ("二", r) not in have]
            if lost:
                self.problems.append("table 二 found but rows missing: " + "、".join(lost))
        if "四" in self.tables:
            lost = [b for b in L.BLOCKS_4 if ("四", b) not in have]
            if lost:
                self.problems.append("table 四 found but not read: " + "、".join(lost))


def _header_fits(pairs: list[tuple[str, str]], expected: tuple[str, ...]) -> bool:
    """Every column of the block under a header column, and no other."""
    return bool(expected) and sorted(col for col, _ in pairs) == sorted(expected)


def _by_count(ordered: list[str], expected: tuple[str, ...], pairs: list[tuple[str, str]]) -> list | None:
    """The row's cells after its label taken in the template's column order when there are exactly as many as
    the block has columns and they agree with every column the header did name; else None."""
    if not expected or len(ordered) != len(expected):
        return None
    by_order = dict(zip(expected, ordered, strict=True))
    if any(col in by_order and by_order[col] != raw for col, raw in pairs):
        return None
    return list(by_order.items())
