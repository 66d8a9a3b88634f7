"""A report file's title and publishing body, read from its heading lines.

Real report files print their heading over two or three lines: the body on one line and
"2024年政府信息公开工作年度报告" on the next, a long name broken mid-word (某某县人民政府办 / 公室2024年…), the
year line first with the body under it. ``heading_title`` joins them into one title; ``file_agency`` reads the
body from that title or, failing that, from 本报告由…编制 or the signature at the end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govreports.documents.heading import heading_text
from govreports.extract import metadata
from govreports.extract.classify import link_may_be_report
from govreports.extract.normalise import halfwidth

_FIRST_LINES = 10  # without a laid-out heading the title is among the text's first lines
_JOINED = 3  # at most this many lines make one heading
_MAX_PART = 40
_REPORTISH = re.compile(r"报告|年报")
# a heading line holds no sentence: no full stop, comma, colon or semicolon
_SENTENCE = re.compile(r"[。，,；;：:！？]")
_BRACKETS = re.compile(r"^[（(〔【\[]\s*(.+?)\s*[)）〕】\]]$")
# 本报告由某某县人民政府办公室根据《条例》要求编制 / …负责编制 / …组织编制
_COMPILED_BY = re.compile(
    r"本(?:年度)?报告(?:是)?由(?P<name>[\u4e00-\u9fff（）()]{2,40}?)\s*"
    r"(?:根据|依据|按照|依照|结合|负责|组织|牵头|统一|汇总|编制|编写|起草|制作)"
)
_SIGNATURE_LINES = 5
_DATE_TAIL = re.compile(r"\s*(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年.*$")


def names_body(text: str) -> str:
    """``text`` itself when it is the name of a body or place (某某县人民政府办公室, 某某市自然资源和规划局),
    else "". Judged by the rule that reads the body a title opens with, on the name followed by a year."""
    text = text.strip()
    if not 2 <= len(text) <= _MAX_PART or _SENTENCE.search(text):
        return ""
    return text if metadata.agency({}, "", f"{text}2000年") == halfwidth(text) else ""


def _heading_part(line: str) -> bool:
    return 0 < len(line) <= _MAX_PART + 20 and not _SENTENCE.search(line)


def heading_title(lines: Sequence[str], laid_out: bool = False) -> str:
    """The title the heading lines make, "" when none names a report.

    ``laid_out``: the lines are a file's heading as its layout set it apart (``DocumentText.heading``): they
    join. Else they are the first lines of its text, and lines join the one naming the report only when that
    line does not open with a body or place and the joined title does (so a stray line above the title, 附件1
    or 目录, is never glued to it)."""
    lines = [heading_text(line) for line in lines[: len(lines) if laid_out else _FIRST_LINES]]
    for end, line in enumerate(lines):
        if not _REPORTISH.search(line):
            continue
        # the longest run of heading lines ending here whose join names the report and opens with a body
        for start in range(max(0, end - _JOINED + 1), end + 1):
            parts = lines[start : end + 1]
            if start < end and not all(_heading_part(part) for part in parts):
                continue
            joined = "".join(parts)
            if not link_may_be_report(joined, in_report_column=False):
                continue
            if start < end and not laid_out and (metadata.agency({}, "", line) or not metadata.agency({}, "", joined)):
                continue  # the line opens with a body itself, or the lines above do not complete one
            return _body_under(joined, lines[end + 1 : end + 2])
    return ""


def _body_under(title: str, following: list[str]) -> str:
    """The year line first, the body under it (2024年政府信息公开工作年度报告 / （某某县人民政府办公室） or
    ——某某县人民政府办公室): the title is the body's name and the year line."""
    if metadata.title_head(title) or not following:
        return title
    line = following[0].lstrip("—-－─ ")  # ——某某县人民政府办公室
    m = _BRACKETS.match(line)
    name = names_body(m.group(1) if m else line)
    return f"{name}{title}" if name else title


def file_agency(title: str, lines: Sequence[str]) -> str:
    """The publishing body of a report file: the one its title opens with; else the one 本报告由…编制 names in
    its opening lines; else the body signing it (the name among the last lines, beside the closing date)."""
    found = metadata.agency({}, "", title) if title else ""
    if found:
        return found
    for line in lines[:_FIRST_LINES * 2]:
        m = _COMPILED_BY.search(halfwidth(line))
        if m and (name := names_body(m.group("name"))):
            return name
    for line in reversed(lines[-_SIGNATURE_LINES:]):
        name = names_body(_DATE_TAIL.sub("", halfwidth(line)))
        if name:
            return name
    return ""
