"""Dates: publication (发布时间, else the URL) and signing (成文日期), as ISO 8601 with +08:00 when a time is given."""

from __future__ import annotations

import re
from datetime import datetime

from govreports.extract.metadata.labels import LABEL_DATE, LABEL_WRITTEN, SPACED_OTHER_DATE, values
from govreports.extract.normalise import halfwidth

DATE = re.compile(
    r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
)
_CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_URL_DATES = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),
    re.compile(r"[/_]((?:19|20)\d{2})-(\d{2})-(\d{2})[/_.]"),
)
CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def _format(y: int, mo: int, d: int, h: str | None = None, mi: str | None = None, s: str | None = None) -> str:
    try:
        day = datetime(y, mo, d)
    except ValueError:
        return ""
    if not 1990 <= y <= 2100:
        return ""
    if h is not None and mi is not None:
        try:
            stamp = day.replace(hour=int(h), minute=int(mi), second=int(s or 0))
        except ValueError:
            return day.strftime("%Y-%m-%d")
        return stamp.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"
    return day.strftime("%Y-%m-%d")


def _cn_number(text: str) -> int:
    """一 … 三十一 (month/day numerals)."""
    if "十" not in text:
        return int(text.translate(CN_DIGITS))
    tens, _, ones = text.partition("十")
    return (int(tens.translate(CN_DIGITS)) if tens else 1) * 10 + (int(ones.translate(CN_DIGITS)) if ones else 0)


def parse_date(text: str) -> str:
    """First date in the text as ISO 8601 (with +08:00 when a time is given), "" when none."""
    m = DATE.search(halfwidth(text))
    if m:
        return _format(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5), m.group(6))
    m = _CN_DATE.search(text)
    if m:
        return _format(int(m.group(1).translate(CN_DIGITS)), _cn_number(m.group(2)), _cn_number(m.group(3)))
    return ""


def _dateparser_date(text: str) -> str:
    import dateparser  # slow to import: only for labelled values the regexes could not read

    try:
        when = dateparser.parse(
            text,
            languages=["zh", "en"],
            settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:  # dateparser raises assorted errors on odd input; it is only a last resort
        return ""
    if when is None:
        return ""
    if when.hour or when.minute:
        return _format(when.year, when.month, when.day, str(when.hour), str(when.minute), str(when.second))
    return _format(when.year, when.month, when.day)


# A report ends with its signature: the body's name, then the date alone on a line (2024年1月21日, 二〇二四年一月
# 二十一日), sometimes with a stray space or the weekday-free "2024年1月21日印发". Only the last lines count: a date
# alone on a line in the middle of a report is a heading of its own (a table's 统计期限, a meeting).
_CLOSING_DATE = re.compile(
    r"^(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日"
    r"\s*(?:印发|发布)?$"
)
_CLOSING_LINES = 4


def closing_date(lines: list[str]) -> str:
    """The signature date among a text's last lines (落款日期), "" when the text does not end with one."""
    for line in reversed(lines[-_CLOSING_LINES:]):
        text = halfwidth(line).strip()
        if _CLOSING_DATE.match(text):
            return parse_date(text)
    return ""


def url_date(url: str) -> str:
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m:
            found = _format(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if found:
                return found
    return ""


def published_at(metas: dict, stream: str, url: str) -> str:
    for name in ("pubdate", "publishdate", "firstpublishedtime"):
        found = parse_date(metas.get(name, ""))
        if found:
            return found
    # 成文日期 / 发文日期 (when the document was signed) never match: the label needs 发布/公开/信息 or a bare
    # 日期 / 时间, and a bare one written "成 文 日 期" is skipped
    labelled = values(stream, LABEL_DATE, spaced_other=SPACED_OTHER_DATE)
    for value in labelled:
        found = parse_date(value)
        if found:
            return found
    found = url_date(url)
    if found:
        return found
    for value in labelled:
        if value and len(value) <= 40:
            found = _dateparser_date(value)
            if found:
                return found
    return ""


def written_at(stream: str) -> str:
    """The 信息索引表's 成文日期 / 发文日期 (the day the document was signed), in published_at's format."""
    for value in values(stream, LABEL_WRITTEN, limit=3):
        found = parse_date(value)
        if found:
            return found
    return ""


