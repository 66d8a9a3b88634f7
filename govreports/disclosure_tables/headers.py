"""The column layout a table's header rows give: canonical column per grid column. A header cell the exact rules
miss (a misprint: 其他 for 其他结果, 行政复议结果纠正 for 结果纠正 under 行政复议) is matched against its own
table's column labels by ``fuzzy.column_header``."""

from __future__ import annotations

from govreports.disclosure_tables import fuzzy
from govreports.disclosure_tables import labels as L

_OTHER_HEADER_3 = frozenset(L.norm(t) for t in ("申请人情况", "法人或其他组织", "法人及其他组织"))
_GROUP_NAMES_4 = ("未经复议直接起诉", "复议后起诉", "行政复议", "行政诉讼")  # the longer first
_COLUMNS_2 = sorted({column for columns in L.COLUMNS_2.values() for column in columns})


def columns_3(rows: list[list[str]]) -> dict[int, tuple[str, str]]:
    cols = {}
    for col in range(max(map(len, rows))):
        for r in reversed(rows):
            if col < len(r) and (c := L.column_3(r[col])):
                cols[col] = ("", c)
                break
    if len(cols) < len(L.COLUMNS_3):  # a misprinted column label, among the columns not found yet
        left = [label for label in (*L.APPLICANTS, "总计") if L.column_3(label) not in {c for _, c in cols.values()}]
        for col in range(max(map(len, rows))):
            cell = rows[-1][col] if col < len(rows[-1]) else ""
            if col not in cols and cell and cell not in _OTHER_HEADER_3:
                hit = fuzzy.column_header(cell, left)[0]
                if hit:
                    cols[col] = ("", L.column_3(hit))
    return cols


def columns_4(rows: list[list[str]]) -> dict[int, tuple[str, str]]:
    """(block, result) per grid column: a group label (行政复议, 行政诉讼, 未经复议直接起诉, 复议后起诉) covers the
    empty cells to its right in its header row (the columns of its colspan); the most specific one wins."""
    width = max(map(len, rows))
    groups: dict[int, set] = {col: set() for col in range(width)}
    for r in rows:
        current = None
        for col in range(width):
            text = r[col] if col < len(r) else ""
            if text:
                current = _split_4(text)[0]
            if current:
                groups[col].add(current)
    order = [(b, c) for b in L.BLOCKS_4 for c in L.RESULTS]
    cols = {}
    for col in range(width):
        for r in reversed(rows):
            if col < len(r) and r[col] and (c := _split_4(r[col])[1]):
                found = groups[col]
                block = next((b for b in (*L.BLOCKS_4[1:], L.BLOCKS_4[0]) if b in found), "")
                cols[col] = (block, c)
                break
    if sorted(cols.values()) != sorted(order) and len(cols) == 15:
        # groups unreadable: five results per block in the template's block order
        cols = {col: (L.BLOCKS_4[i // 5], cols[col][1]) for i, col in enumerate(sorted(cols))}
    return cols


def _split_4(text: str) -> tuple[str | None, str | None]:
    """(the group a header cell of 四 names, the result it names): a group alone, a result alone, or a result
    printed under its group's name (行政复议结果纠正); a misprinted result matched among the five."""
    group = L.group_4(text)
    if group:
        return group, None
    result = L.result_4(text)
    if result:
        return None, result
    for name in _GROUP_NAMES_4:
        if text.startswith(name) and len(text) > len(name):
            rest = text[len(name):]
            return L.group_4(name), L.result_4(rest) or fuzzy.column_header(rest, L.RESULTS)[0]
    return None, fuzzy.column_header(text, L.RESULTS)[0]


def columns_2(row: list[str]) -> tuple[dict[int, tuple[str, str]], str]:
    cols, versions = {}, set()
    for col, text in enumerate(row):
        hit = L.column_2(text) if text else None
        if text and hit is None and text != "信息内容":  # a misprint, among both versions' columns
            near = fuzzy.column_header(text, _COLUMNS_2)[0]
            hit = L.column_2(near) if near else None
        if hit:
            cols[col] = ("", hit[0])
            versions.add(hit[1])
    return cols, versions.pop() if len(versions) == 1 else ""
