"""A file's heading: the lines its layout sets apart at the top of the first page, before the first paragraph.

Real report files print the publishing body on one line and "2024年政府信息公开工作年度报告" on the next (two or
three lines, sometimes the year line first, sometimes a name broken mid-word, sometimes letter-spaced): the
reader keeps those lines as ``DocumentText.heading`` and ``govreports.extract.report_heading`` joins them into
the title. What sets a heading line apart: a font clearly larger than the body's, or a line centred in the
text block (a paragraph's lines run from the left edge, a signature sits at the right).
"""

from __future__ import annotations

import re
from collections import Counter

from govreports.documents.layout import Line
from govreports.extract.normalise import CJK, fold

_SEARCHED = 14  # the heading is among the first lines of the first page (after a 索引号 header, a page mark)
_MAX_LINES = 6
LARGER = 1.15  # a heading font is at least this much larger than the body's
_REPORTISH = re.compile(r"报告|年报")
_SPACED_CJK = re.compile(f"(?<=[{CJK}])[\\s\u3000]+(?=[{CJK}])")


def heading_text(text: str) -> str:
    """A heading line as one run of text: the spaces and tabs of letter-spacing between CJK characters dropped
    (某 某 县 人 民 政 府 → 某某县人民政府; a wide spacing is read as tab-separated cells)."""
    return _SPACED_CJK.sub("", fold(text.replace("\t", " ")))


def _body_size(lines: list[Line]) -> float:
    """The size most of the page's text is set in (weighted by characters)."""
    sizes: Counter = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def heading_lines(lines: list[Line]) -> list[str]:
    """The heading of a page read as visual lines: the first run of consecutive lines, among the first ones,
    set larger than the body or centred, with no more than a blank line between them. [] when there is none."""
    lines = sorted((line for line in lines if line.text.strip()), key=lambda line: (line.top, line.x0))
    if len(lines) < 2:
        return []
    body = _body_size(lines)
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    width = right - left
    if body <= 0 or width <= 0:
        return []

    def stands_out(line: Line) -> bool:
        if line.size >= LARGER * body:
            return True
        middle = (line.x0 + line.x1) / 2
        short = line.x1 - line.x0 < 0.85 * width
        return short and abs(middle - (left + right) / 2) < max(1.5 * line.size, 0.04 * width) and (
            line.x0 > left + 2.5 * line.size  # not a paragraph's short last line, not a left-aligned heading
        )

    items: list[tuple[str, bool]] = []
    previous: Line | None = None
    for line in lines[:_SEARCHED]:
        if previous is not None and line.top - previous.bottom >= 2.5 * max(line.size, previous.size):
            items.append(("", False))  # more than a blank line apart: not one heading
        items.append((line.text, stands_out(line)))
        previous = line
    return first_heading(items)


def first_heading(items: list[tuple[str, bool]]) -> list[str]:
    """The heading among a document's first lines as (text, stands out): the first run of consecutive lines
    that stand out and name a report, else the first run. A centred line above the title (a page mark, 附件1)
    is a run of its own."""
    runs: list[list[str]] = []
    open_run = False
    for text, stands in items[:_SEARCHED]:
        text = heading_text(text)
        if not stands or not text:
            open_run = False
            continue
        if open_run and len(runs[-1]) < _MAX_LINES:
            runs[-1].append(text)
        elif not open_run:
            runs.append([text])
        open_run = True
    return next((run for run in runs if any(_REPORTISH.search(text) for text in run)), runs[0] if runs else [])
