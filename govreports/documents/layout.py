"""Visual lines (PDF, OFD) to paragraphs, and cell text clean-up."""

from __future__ import annotations

import itertools
from typing import NamedTuple

from govreports.extract.normalise import fold, is_cjk, join_cjk


class Line(NamedTuple):
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float  # font size, in the same unit as the coordinates


def cell_text(raw: str | None) -> str:
    """A cell's lines joined CJK-aware (a wrapped 法律服务 / 机构 → 法律服务机构), whitespace folded."""
    if not raw:
        return ""
    return join_cjk([fold(part) for part in raw.splitlines()])


def paragraphs(lines: list[Line]) -> list[str]:
    """Join wrapped lines into paragraphs. A line continues the previous one when the previous line ran to
    the right edge of the text block, this one starts at the left edge (a new paragraph is indented, a title
    is centred) and nothing but ordinary line spacing separates them. A line holding tabs (cells) stays one line."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    out: list[list[str]] = []
    prev: Line | None = None
    for line in lines:
        cells = [fold(part) for part in line.text.split("\t")]
        text = "\t".join(cells).strip("\t")
        if not text:
            continue
        size = line.size or 10.0
        joined = (
            prev is not None
            and "\t" not in text  # a row of table cells stands alone
            and "\t" not in out[-1][-1]
            and prev.x1 >= right - 2.0 * size
            and line.x0 <= left + 0.6 * size
            and -0.2 * size <= line.top - prev.bottom < 1.8 * size
            and abs(line.size - prev.size) <= 0.25 * max(line.size, prev.size)
        )
        if joined:
            out[-1].append(text)
        else:
            out.append([text])
        prev = line
    return [join_cjk(parts) for parts in out]


def group_pieces(pieces: list[tuple[float, float, float, str, float]]) -> list[Line]:
    """Visual lines from text pieces (baseline y growing downwards, x0, x1, text, size): pieces whose
    baselines are within half a font size form a line, ordered by x; a gap wider than 1.5 font sizes between
    two pieces becomes a tab (cells of a table row), except in a letter-spaced line (see ``_letter_spaced``)."""
    pieces = sorted(pieces, key=lambda p: (p[0], p[1]))
    groups: list[list] = []
    for piece in pieces:
        if groups and abs(piece[0] - groups[-1][0][0]) < 0.5 * piece[4]:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    out = []
    for group in groups:
        group.sort(key=lambda p: p[1])
        parts = [group[0][3]]
        spaced = _letter_spaced(group)
        for prev, piece in itertools.pairwise(group):
            if piece[1] - prev[2] > 1.5 * piece[4] and not spaced:
                parts.append("\t")
            parts.append(piece[3])
        size = max(p[4] for p in group)
        y = group[0][0]
        out.append(Line(group[0][1], max(p[2] for p in group), y - size, y, "".join(parts), size))
    return out


def _letter_spaced(group: list) -> bool:
    """A heading set with wide letter-spacing (某  某  县  人  民  政  府): three or more pieces of one CJK
    character each, evenly spaced. Never numbers: a row of one-digit cells must keep its cells apart."""
    if len(group) < 3 or not all(len(p[3].strip()) == 1 and is_cjk(p[3].strip()) for p in group):
        return False
    gaps = [b[1] - a[2] for a, b in itertools.pairwise(group)]
    return max(gaps) - min(gaps) < 0.5 * group[0][4]
