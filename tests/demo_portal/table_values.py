"""The three statistics tables of a 2019+ report: plausible numbers and the grids that show them.

Numbers satisfy the template's identities (一 + 二 = 三（七）+ 四 per column, （七）= sum of the leaves,
总计 = sum of the six applicant columns) unless a report is meant to break them. A grid is a list of rows
of ``Cell``; rowspan/colspan follow the official layout, so a parser has to expand them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from govreports.disclosure_tables.labels import DENIED, OTHER_2021, UNABLE, UNPROCESSED


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


Grid = list[list[Cell]]

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")



def result_rows(template: str) -> list[tuple[str, str, str]]:
    """Leaves of row 三, as (key, group label or "", leaf label). Keys are what expected.json uses."""
    rows = [("三(一)", "", "（一）予以公开"),
            ("三(二)", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]
    for n, (group, leaves) in enumerate((("（三）不予公开", DENIED), ("（四）无法提供", UNABLE),
                                         ("（五）不予处理", UNPROCESSED))):
        key = "三(" + "三四五"[n] + ")"
        rows += [(f"{key}{i + 1}", group, leaf) for i, leaf in enumerate(leaves)]
    if template == "2021":
        rows += [(f"三(六){i + 1}", "（六）其他处理", leaf) for i, leaf in enumerate(OTHER_2021)]
    else:
        rows.append(("三(六)", "", "（六）其他处理"))
    return rows


# Likely outcomes of an application, by leaf key; the rest share what is left.
_OUTCOME_WEIGHTS = {"三(一)": 50, "三(二)": 9, "三(四)1": 18, "三(四)2": 4, "三(四)3": 2,
                    "三(五)1": 3, "三(五)2": 3, "三(三)4": 2, "三(三)6": 2, "三(三)8": 1,
                    "三(六)": 2, "三(六)1": 2, "三(六)3": 1}


def application_numbers(rng: random.Random, template: str, busy: int, broken: bool = False) -> dict:
    """Row key -> 7 numbers (six applicant columns and 总计)."""
    leaves = [key for key, _, _ in result_rows(template)]
    weights = [_OUTCOME_WEIGHTS.get(k, 0.4) for k in leaves]
    rows: dict[str, list[int]] = {k: [0] * 6 for k in ["一", "二", *leaves, "三(七)", "四"]}
    scale_by_column = (busy, max(1, busy // 8), 1, 1, max(1, busy // 15), 1)
    for col, top in enumerate(scale_by_column):
        new = rng.randint(0, top) if col == 0 or rng.random() < 0.35 else 0
        carried = rng.choice((0, 0, 0, 1, 2)) if col == 0 and busy > 5 else 0
        forward = min(new + carried, rng.choice((0, 0, 0, 1, 3))) if col == 0 else 0
        rows["一"][col], rows["二"][col], rows["四"][col] = new, carried, forward
        for leaf in rng.choices(leaves, weights, k=new + carried - forward):
            rows[leaf][col] += 1
        rows["三(七)"][col] = sum(rows[leaf][col] for leaf in leaves)
    if broken:
        rows["一"][0] += 2  # the kind of slip real reports make: new applications over-counted
    return {key: [*values, sum(values)] for key, values in rows.items()}


def review_numbers(rng: random.Random, busy: int) -> list[int]:
    """15 numbers: 行政复议, 未经复议直接起诉, 复议后起诉; each 维持 纠正 其他 尚未审结 总计."""
    out: list[int] = []
    for _ in range(3):
        part = [rng.choice((0, 0, 0, 0, 1, 1, 2)) if busy > 10 else 0 for _ in range(4)]
        if part[1] and rng.random() < 0.6:
            part[1] = 0
        out += [*part, sum(part)]
    return out


def active_numbers(rng: random.Random, template: str, busy: int) -> dict:
    """Section 二: row label -> the numbers after 信息内容 (counts, changes, or 万元 amounts)."""
    docs = rng.randint(0, 3 + busy // 10)
    if template == "2019":
        total = docs + rng.randint(5, 60)
        permits = rng.randint(0, 120)
        return {
            "规章": [0, 0, 0],
            "规范性文件": [docs, docs, total],
            "行政许可": [permits, rng.randint(-5, 6), rng.randint(0, 4000)],
            "其他对外管理服务事项": [rng.randint(0, 40), rng.randint(-3, 3), rng.randint(0, 900)],
            "行政处罚": [rng.randint(0, 300), rng.randint(-10, 10), rng.randint(0, 600)],
            "行政强制": [rng.randint(0, 30), rng.randint(-2, 2), rng.randint(0, 40)],
            "行政事业性收费": [rng.randint(0, 12), rng.randint(-2, 1)],
            "政府集中采购": [rng.randint(0, 60), round(rng.uniform(0, 3000), 2)],
        }
    return {
        "规章": [0, 0, 0],
        "行政规范性文件": [docs, rng.randint(0, 2), docs + rng.randint(3, 40)],
        "行政许可": [rng.randint(0, 5000)],
        "行政处罚": [rng.randint(0, 800)],
        "行政强制": [rng.randint(0, 50)],
        "行政事业性收费": [round(rng.choice((0, 0, rng.uniform(1, 900))), 2)],
    }


def _fmt(value: float) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"
    return str(value)


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def active_grid(template: str, numbers: dict) -> Grid:
    """Section 二 as a 4-column grid: each 第二十条 block is a title row, a header row and data rows."""
    if template == "2019":
        blocks = (
            ("第二十条第（一）项", ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
             ("规章", "规范性文件"), False),
            ("第二十条第（五）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
             ("行政许可", "其他对外管理服务事项"), True),
            ("第二十条第（六）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
             ("行政处罚", "行政强制"), True),
            ("第二十条第（八）项", ("信息内容", "上一年项目数量", "本年增/减"), ("行政事业性收费",), True),
            ("第二十条第（九）项", ("信息内容", "采购项目数量", "采购总金额"), ("政府集中采购",), False),
        )
    else:
        blocks = (
            ("第二十条第（一）项", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
             ("规章", "行政规范性文件"), False),
            ("第二十条第（五）项", ("信息内容", "本年处理决定数量"), ("行政许可",), False),
            ("第二十条第（六）项", ("信息内容", "本年处理决定数量"), ("行政处罚", "行政强制"), False),
            ("第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）"), ("行政事业性收费",), False),
        )
    grid: Grid = []
    for title, header, labels, signed_second in blocks:
        grid.append([Cell(title, colspan=4)])
        grid.append(_spread(list(header)))
        for label in labels:
            values = [_fmt(v) for v in numbers[label]]
            if signed_second and len(values) > 1:
                values[1] = _signed(numbers[label][1])
            grid.append(_spread([label, *values]))
    return grid


def _spread(cells: list[str]) -> list[Cell]:
    """Fill 4 columns: a short row lets its last cell span the rest, as the official form does."""
    out = [Cell(t) for t in cells[:-1]]
    return [*out, Cell(cells[-1], colspan=4 - len(out))]


def applications_grid(template: str, numbers: dict) -> Grid:
    """Section 三: the 10-column grid with the merged header the official form has."""
    grid: Grid = [
        [Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
         Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(name) for name in APPLICANTS[1:]],
    ]

    def values(key: str) -> list[Cell]:
        return [Cell(str(v)) for v in numbers[key]]

    grid.append([Cell("一、本年新收政府信息公开申请数量", colspan=3), *values("一")])
    grid.append([Cell("二、上年结转政府信息公开申请数量", colspan=3), *values("二")])
    rows = result_rows(template)
    section_rows = len(rows) + 1  # the leaves and （七）总计
    groups: dict[str, int] = {}
    for _, group, _ in rows:
        if group:
            groups[group] = groups.get(group, 0) + 1
    for i, (key, group, label) in enumerate(rows):
        row: list[Cell] = []
        if i == 0:
            row.append(Cell("三、本年度办理结果", rowspan=section_rows))
        if not group:
            row.append(Cell(label, colspan=2))
        else:
            if label.startswith("1."):
                row.append(Cell(group, rowspan=groups[group]))
            row.append(Cell(label))
        grid.append(row + values(key))
    grid.append([Cell("（七）总计", colspan=2), *values("三(七)")])
    grid.append([Cell("四、结转下年度继续办理", colspan=3), *values("四")])
    return grid


def review_grid(numbers: list[int]) -> Grid:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [*(Cell(r, rowspan=2) for r in results),
         Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(r) for r in results * 2],
        [Cell(str(v)) for v in numbers],
    ]


def identities_hold(numbers: dict, template: str) -> bool:
    leaves = [key for key, _, _ in result_rows(template)]
    for col in range(7):
        col_sum = sum(numbers[k][col] for k in leaves)
        if numbers["三(七)"][col] != col_sum:
            return False
        if numbers["一"][col] + numbers["二"][col] != numbers["三(七)"][col] + numbers["四"][col]:
            return False
    return all(sum(v[:6]) == v[6] for v in numbers.values())


def grid_rows(grid: Grid) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """A grid as full rows of cell strings ("" under a merge) and its merges as (row, col, rowspan, colspan),
    the shape the attachment writers of ``tests.demo_portal.documents`` take."""
    taken: set[tuple[int, int]] = set()
    placed: dict[tuple[int, int], str] = {}
    merges: list[tuple[int, int, int, int]] = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed[(r, c)] = cell.text
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            if cell.rowspan > 1 or cell.colspan > 1:
                merges.append((r, c, cell.rowspan, cell.colspan))
            c += cell.colspan
    rows = max((r for r, _ in taken), default=-1) + 1
    width = max((c for _, c in taken), default=-1) + 1
    return [[placed.get((r, c), "") for c in range(width)] for r in range(rows)], merges
