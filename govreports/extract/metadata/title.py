"""Title (article title meta, a heading that names the report, the 信息索引表's 标题, the <title>) and the year
a report covers."""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from govreports.extract.htmltree import text_of
from govreports.extract.metadata.dates import CN_DIGITS
from govreports.extract.metadata.labels import LABEL_NAME, text_stream, values
from govreports.extract.normalise import fold, halfwidth, similar, squash

_HEAD_TITLE = etree.XPath("descendant-or-self::title")  # was //head/title | //title: the same set
_TITLED_TAGS = ("div", "p", "span", "td", "h2", "h3", "h4", "strong", "b", "font")
CLASS_VALUES = etree.XPath("descendant-or-self::*/@class", smart_strings=False)
ID_VALUES = etree.XPath("descendant-or-self::*/@id", smart_strings=False)


def _headings(root):
    """Heading candidates, most telling first: h1/ucaptitle, elements whose class or id says title, h2/h3.
    Generated lazily: the class scan is only needed when the first group has no match."""
    yield from root.iter("h1", "ucaptitle")
    # the scan is a Python loop over most of the page; the attribute values alone, read in C, usually show
    # that no class or id says title
    if "title" in "\n".join(CLASS_VALUES(root) + ID_VALUES(root)).lower():
        for el in root.iter(*_TITLED_TAGS):
            if "title" in f"{el.get('class') or ''} {el.get('id') or ''}".lower():
                yield el
    yield from root.iter("h2", "h3")


TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_CN_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年")
_PERIOD_YEAR = re.compile(r"统计(?:期限|时限|期间|时段|区间|时间|周期|范围)[^。；;\n]{0,12}?((?:19|20)\d{2})\s*年")
REPORTISH = re.compile(r"报告|年报")
_REPORT_AFTER_YEAR = re.compile(r"(?:政府|政务|信息|工作|公开|报告|年报)")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|\s-\s|--|(?<!\d)[-－](?!\d))\s*")
_SITEISH = re.compile(r"(?:人民政府|政府网|门户网站?|官方网站|网站|政务网|信息网)$|^中国\S{2,4}$")


def _site_like(part: str, site: str, column: str) -> bool:
    if not part or "报告" in part:
        return False
    if part in (site, column) or (site and part in site):
        return True
    if site and similar(part, site, 0.8):
        return True
    return len(part) <= 15 and bool(_SITEISH.search(part))


def split_head_title(head: str, metas: dict) -> tuple[str, str]:
    """(<title> without site/column parts, the site-name part or "")."""
    parts = [p for p in _TITLE_SPLIT.split(head) if p.strip()]
    if not parts:
        return "", ""
    site, column = metas.get("sitename", ""), metas.get("columnname", "")
    keep = [p for p in parts if not _site_like(p, site, column)]
    title = max(keep, key=len) if keep else parts[0]
    suffix = ""
    if len(parts) > 1:
        for cand in (parts[-1], parts[0]):
            if cand != title and cand != column:
                suffix = cand
                break
    return title, suffix


def _looks_like_report_title(text: str) -> bool:
    return (
        6 <= len(text) <= 120
        and bool(REPORTISH.search(text))
        and bool(TITLE_YEAR.search(text) or _TITLE_CN_YEAR.search(text) or "年度" in text)
    )


def _heading(root, head_main: str) -> str:
    first = ""
    target = squash(head_main)
    for seen, el in enumerate(_headings(root)):
        if seen >= 120:
            break
        text = fold(text_of(el))
        if not _looks_like_report_title(text):
            continue
        key = squash(text)
        if target and (key in target or target in key):
            return text
        first = first or text
    return first


# A heading set in the body as a centred bold line (<p align="center"><strong>…</strong></p>, a <center><b>, a
# style text-align:center with font-weight:bold): the only title some fragments and old pages have.
_CENTRED = etree.XPath(
    "//body//*[self::p or self::div or self::center or self::td or self::h4 or self::h5 or self::h6][self::center"
    " or translate(@align, 'CENTER', 'center') = 'center'"
    " or contains(translate(translate(@style, ' ', ''), 'CENTER', 'center'), 'text-align:center')]"
)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_CENTRED_SEEN = 40


def _is_bold(el) -> bool:
    return el.tag in ("b", "strong", "h4", "h5", "h6") or bool(_BOLD_STYLE.search(el.get("style") or ""))


def _bold_chars(el) -> int:
    if _is_bold(el):
        return len(squash(text_of(el)))
    return sum(_bold_chars(child) for child in el if isinstance(child.tag, str))


def _bold_share(el) -> float:
    """How much of an element's text is bold (<b>, <strong>, <h4>-<h6>, font-weight bold/600+)."""
    total = len(squash(text_of(el)))
    return _bold_chars(el) / total if total else 0.0


def centred_heading(root, report_like: bool = True) -> str:
    """The first centred bold line of the body that could be a title (one that names a report when
    ``report_like``), "" when there is none."""
    for seen, el in enumerate(_CENTRED(root)):
        if seen >= _CENTRED_SEEN:
            break
        text = fold(text_of(el))
        if not 4 <= len(text) <= 80 or (report_like and not _looks_like_report_title(text)):
            continue
        if _bold_share(el) >= 0.8:
            return text
    return ""


def labelled_title(stream: str) -> str:
    """The 信息索引表's 标题 / 名称, "" when it has none (or only a short one)."""
    named = [v for v in values(stream, LABEL_NAME, limit=2) if len(v) >= 6]
    return named[0] if named else ""


def page_title(root, metas: dict, stream: str = "") -> tuple[str, str, str]:
    """(title, head-title site part, head title main part)."""
    heads = _HEAD_TITLE(root)
    head = fold(text_of(heads[0])) if heads else ""
    head_main, suffix = split_head_title(head, metas)
    title = metas.get("articletitle", "") or _heading(root, head_main) or centred_heading(root)
    if not title:
        # the 信息索引表's 标题/名称 beats a <title> that may be just the site name
        title = labelled_title(stream or text_stream(root)) or head_main
    if not title:  # no <title>, no heading: a fragment whose title is a centred bold line
        title = centred_heading(root, report_like=False)
    return title, suffix, head_main


def _plausible_year(y: int, published: str) -> bool:
    top = int(published[:4]) if published else datetime.now().year + 1
    return 2000 <= y <= top


def _title_year(title: str, published: str) -> int | None:
    """The covered year a title names. Of several (2021年1月发布的2020年度报告, 2021年XX局2020年政府信息公开…), the
    one written 年度 wins, then the one the report's name follows, then the first."""
    t = halfwidth(title)
    found = [(m.start(), int(m.group(1)), m.end()) for m in TITLE_YEAR.finditer(t)]
    found += [(m.start(), int(m.group(1).translate(CN_DIGITS)), m.end()) for m in _TITLE_CN_YEAR.finditer(t)]
    found = sorted(f for f in found if _plausible_year(f[1], published))
    if len(found) <= 1:
        return found[0][1] if found else None

    def rank(item: tuple[int, int, int]) -> tuple[int, int]:
        rest = t[item[2] :].lstrip()
        return (-int(rest.startswith("度")), -int(bool(_REPORT_AFTER_YEAR.match(rest.lstrip("度")))))

    return min(found, key=lambda f: (*rank(f), f[0]))[1]


def report_year(title: str, body_text: str, published: str) -> int | None:
    found = _title_year(title, published)
    if found is not None:
        return found
    at = body_text.find("统计")
    while at >= 0:
        m = _PERIOD_YEAR.match(halfwidth(body_text[at : at + 40]))
        if m and _plausible_year(int(m.group(1)), published):
            return int(m.group(1))
        at = body_text.find("统计", at + 2)
    if published and published[5:7] in ("01", "02", "03"):
        return int(published[:4]) - 1
    return None


def title_head(title: str) -> str:
    """What a title says before its first year (the publishing body of "平潭县2021年度…报告"), "" without one."""
    t = halfwidth(title)
    cut = [m.start() for m in (TITLE_YEAR.search(t), _TITLE_CN_YEAR.search(t)) if m]
    return t[: min(cut)] if cut else ""

