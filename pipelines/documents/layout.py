"""Visual lines (PDF, OFD) to paragraphs, and cell text clean-up."""

from __future__ import annotations

from typing import NamedTuple

from pipelines.normalise import fold, join_cjk


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
            and 0 <= line.top - prev.bottom < 1.2 * size
            and abs(line.size - prev.size) < 0.5
        )
        if joined:
            out[-1].append(text)
        else:
            out.append([text])
        prev = line
    return [join_cjk(parts) for parts in out]
