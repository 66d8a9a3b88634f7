"""Misprinted labels matched by a small bounded edit distance, inside one block only.

Real tables drop or change a few characters of a template label (属于国家秘 for 属于国家秘密, 其它处理 for 其他处理,
本年新增政府信息公开申请数量, 其他 for 其他结果): the exact rules in ``labels`` miss them, the row is lost and the
identities of table 三 fail although every printed sum holds. Here a label is compared with the labels of the
block it stands in (the leaves of its group in 三, the rows of one 第二十条 block in 二, the results of 四, the
columns of one table), never with those of another block. A match needs an edit distance (characters dropped
and added; a changed one is both) within a third of the candidate's length and a unique best: two candidates
equally close are no match, and the caller notes the ambiguity.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from govreports.disclosure_tables import labels as L

_NUMBERING = re.compile(r"^(?:\(?[一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、.]|\d{1,2}[.、)])")


def distance(a: str, b: str, bound: int) -> int:
    """The characters dropped and added to turn a into b (a changed character is both: two edits), or
    ``bound + 1`` as soon as it is known to exceed ``bound``. A dropped character costs less than a changed one
    on purpose: 其他 for 其他结果 is the label cut short, 行政处置 for 行政许可 is another word."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] if ca == cb else bound + 1))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1]


def bound_for(candidate: str) -> int:
    """The edits a label of this length may carry and still name it: a third of it, at least one."""
    return max(1, -(-len(candidate) // 3))


def closest(text: str, candidates: Iterable[tuple[str, str]]) -> tuple[str | None, list[str]]:
    """(key of the unique best candidate within its bound, []) or (None, the tied labels) for (label, key)
    candidates; (None, []) when none is close enough."""
    scored: dict[str, tuple[int, str]] = {}
    for label, key in candidates:
        d = distance(text, label, bound_for(label))
        if d <= bound_for(label) and (key not in scored or d < scored[key][0]):
            scored[key] = (d, label)
    if not scored:
        return None, []
    best = min(d for d, _ in scored.values())
    winners = [key for key, (d, _) in scored.items() if d == best]
    if len(winners) == 1:
        return winners[0], []
    return None, sorted(scored[key][1] for key in winners)


def _core(text: str) -> str:
    return _NUMBERING.sub("", L.norm(text))


# --- table 三: the candidates of each block -------------------------------------------------------------------

_GROUPS = {"三(三)": "不予公开", "三(四)": "无法提供", "三(五)": "不予处理", "三(六)": "其他处理"}
# rows that stand alone (a block of their own, or a group without leaves)
_TOP = [(_core(L.BLOCKS_3[k]), k) for k in ("一", "二", "四")] + [
    ("予以公开", "三(一)"), ("部分公开", "三(二)"), ("其他处理", "三(六)"), ("总计", "三(七)")]


def _leaves(group: str) -> list[tuple[str, str]]:
    return [(_core(L.ROWS_3[k].split(" ", 1)[1]), k) for k in L.ROWS_3 if k.startswith(group) and len(k) == 5]


@functools.lru_cache(maxsize=2048)
def row_3(cells: tuple[str, ...], previous: str) -> tuple[str | None, list[str]]:
    """Row key of table 三 for a label the exact rules missed, as ``closest`` answers: ``cells`` are the
    row's normalised label cells, ``previous`` the key of the row before. The block is the group the label's
    other cells name (or, for a numbered leaf alone, the previous row's group); a label outside any group is
    compared with the rows that stand alone."""
    cells = tuple(c for c in cells if c)
    if not cells:
        return None, []
    leaf = _core(cells[-1])
    group = None
    context = _core("".join(cells[:-1]).replace(L.norm(L.BLOCKS_3["三"]), ""))
    if context:
        group, _ = closest(context, [(name, key) for key, name in _GROUPS.items()])
        if group is None:
            return None, []  # a group label that names no group: nothing to compare within
    elif re.match(r"\d{1,2}[.、]", L.norm(cells[-1])) and previous[:4] in _GROUPS:
        group = previous[:4]
    if not leaf:
        return None, []
    return closest(leaf, _leaves(group) if group else _TOP)


def row_2(label: str, block: str) -> tuple[str | None, list[str]]:
    """A row label of 二 the exact rules missed, against the rows of its block (either template's)."""
    rows = {row for template in L.ROWS_2.values() for row in template.get(block, ())}
    return closest(_core(label), [(L.norm(row), row) for row in rows])


def column_header(text: str, labels: Iterable[str]) -> tuple[str | None, list[str]]:
    """A header cell the exact rules missed, against the column labels of its own table."""
    return closest(_core(text), [(L.norm(label), label) for label in labels])
