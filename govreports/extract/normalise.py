"""Small text helpers shared by extraction and metadata: whitespace folding and width folding."""

from __future__ import annotations

import difflib
import re

# Ideographs, CJK/full-width punctuation and kana. U+3000 (ideographic space) is deliberately left out:
# it is whitespace and gets folded like any other space.
CJK = (
    "\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffef"
    "\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{CJK}]")
# \s covers \xa0 and \u3000 for str patterns; zero-width characters are not whitespace to Python but
# CMS editors sprinkle them between characters.
WHITESPACE_RUN = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# Chinese is written without spaces, so a space between two CJK characters is an artefact of source
# line breaks or alignment padding ("自 然 人", a title broken over two lines) and is dropped.
_SPACE_BEFORE_CJK = re.compile(f" (?=[{CJK}])")
_WIDE_GAP = re.compile(r"[^\S\n\r]{2,}")

_FULLWIDTH_ALNUM = {
    cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)
}
_FULLWIDTH_ANY = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0d\uff0e\uff0f\uff3f]")
_FULLWIDTH_CODE_PUNCT = {ord("－"): "-", ord("／"): "/", ord("＿"): "_", ord("．"): ".", ord("　"): " "}


def fold(text: str) -> str:
    """Collapse whitespace runs to one space, drop spaces between CJK characters, strip the ends.

    Exception: a run of two or more horizontal spaces between two CJK words
    (万载县统计局\u2002\u2002国家统计局…)
    separates names and stays one space; line breaks and single-character padding (自  然  人) do not."""
    if " " not in text and text.isprintable():
        return text  # every other character WHITESPACE_RUN matches is unprintable: nothing to fold
    inner = text.strip()
    if " " not in inner and inner.isprintable():
        return inner  # whitespace only at the ends (indentation, line breaks): no gap to keep
    wide = _WIDE_GAP.search(text) is not None
    if wide:
        text = _WIDE_GAP.sub(_keep_wide_gap, text)
    text = WHITESPACE_RUN.sub(" ", text).strip()
    if " " in text:
        text = _SPACE_BEFORE_CJK.sub(_drop_gap_after_cjk, text)
    return text.replace("\x01", " ") if wide else text


def _drop_gap_after_cjk(m: re.Match) -> str:
    start = m.start()
    return "" if start and is_cjk(m.string[start - 1]) else " "


def _keep_wide_gap(m: re.Match) -> str:
    text, start, end = m.string, m.start(), m.end()
    if start >= 2 and end + 2 <= len(text) and all(is_cjk(c) for c in text[start - 2 : start] + text[end : end + 2]):
        return "\x01"
    return m.group(0)


def is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CHAR.match(ch) is not None


def join_cjk(parts: list[str]) -> str:
    """Join already-folded pieces: no separator between CJK neighbours, one space otherwise."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(part[0])):
            out += " "
        out += part
    return out


def halfwidth(text: str, code_punct: bool = False) -> str:
    """Full-width ASCII digits and letters to half-width; with ``code_punct`` also － ／ ＿ ．
    (for index numbers)."""
    if not _FULLWIDTH_ANY.search(text):
        return text
    text = text.translate(_FULLWIDTH_ALNUM)
    if code_punct:
        text = text.translate(_FULLWIDTH_CODE_PUNCT)
    return text


def collapse_spaces(text: str) -> str:
    """Every whitespace run (zero-width characters included) as one space, ends stripped: link texts, titles."""
    return WHITESPACE_RUN.sub(" ", text).strip()


def squash(text: str) -> str:
    """Text with every whitespace character removed: for comparing titles and labels."""
    return WHITESPACE_RUN.sub("", text)


def similar(a: str, b: str, at_least: float) -> bool:
    """``difflib.SequenceMatcher(None, a, b).ratio() >= at_least``. The ratio is 2·matches/(len(a)+len(b))
    and matches ≤ min(len(a), len(b)): that bound, and then quick_ratio(), rule most pairs out without the
    matching itself."""
    total = len(a) + len(b)
    if total and 2.0 * min(len(a), len(b)) / total < at_least:
        return False
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= at_least and matcher.ratio() >= at_least
