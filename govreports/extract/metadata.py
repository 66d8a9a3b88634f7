"""Page metadata: title, publication date, covered year, agency, site name/code, 索引号, 文号.

Sources in order of trust: the <meta> tags government site rules require, then labelled values on the
page (info line, 信息索引表 — read from a newline-joined stream of the page's text nodes, so a label and
its value in neighbouring cells, bullets or spans pair up), then the URL and the title.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from govreports.extract.htmltree import text_of
from govreports.extract.normalise import CJK, fold, halfwidth, similar, squash

# Called on the root element; descendant-or-self from there saves libxml2 the "//" expansion over every node.
_METAS = etree.XPath("descendant-or-self::meta[@name and @content]")
_TEXTS = etree.XPath("//body//text()", smart_strings=False)
_HEAD_TITLE = etree.XPath("descendant-or-self::title")  # was //head/title | //title: the same set
_TITLED_TAGS = ("div", "p", "span", "td", "h2", "h3", "h4", "strong", "b", "font")
_CLASS_VALUES = etree.XPath("descendant-or-self::*/@class", smart_strings=False)
_ID_VALUES = etree.XPath("descendant-or-self::*/@id", smart_strings=False)


def _headings(root):
    """Heading candidates, most telling first: h1/ucaptitle, elements whose class or id says title, h2/h3.
    Generated lazily: the class scan is only needed when the first group has no match."""
    yield from root.iter("h1", "ucaptitle")
    # the scan is a Python loop over most of the page; the attribute values alone, read in C, usually show
    # that no class or id says title
    if "title" in "\n".join(_CLASS_VALUES(root) + _ID_VALUES(root)).lower():
        for el in root.iter(*_TITLED_TAGS):
            if "title" in f"{el.get('class') or ''} {el.get('id') or ''}".lower():
                yield el
    yield from root.iter("h2", "h3")


def _alone(first: str, rest: str) -> str:
    """A label word not preceded by another ideograph (日期 but not 成文日期). The lookbehind comes after the
    first literal so the regex engine can still skip ahead to candidate characters quickly."""
    return rf"{first}(?<![\u4e00-\u9fff]{first})\s*{rest}"


_LABEL_DATE = re.compile(
    r"(?:发\s*布\s*时\s*间|发\s*布\s*日\s*期|公\s*开\s*日\s*期|信\s*息\s*时\s*间|信\s*息\s*日\s*期|"  # 信息时间: 新点
    rf"{_alone('日', '期')}|{_alone('时', '间')})"
)
_LABEL_WRITTEN = re.compile(r"成\s*文\s*日\s*期|发\s*文\s*日\s*期|成\s*文\s*时\s*间")
# a spaced label whose first characters sit before the bare 日期/时间 the date label matches ("成 文 日 期")
_SPACED_OTHER_DATE = re.compile(r"(?:成|发|生|印|更|有|截|失|施)\s*(?:文|成|发|新|效|止|行)\s*$")
_LABEL_TOPIC = re.compile(rf"主\s*题\s*分\s*类|{_alone('分', '类')}")
_LABEL_AUTHOR = re.compile(rf"{_alone('作', '者')}")
_LABEL_INDEX = re.compile(r"索\s*引\s*号")
_LABEL_DOCNO = re.compile(rf"发\s*文\s*字\s*号|文件编号|{_alone('文', '号')}")
_LABEL_AGENCY = re.compile(r"发\s*布\s*机\s*构|发\s*文\s*机\s*关|发\s*布\s*单\s*位|公开责任部门|责\s*任\s*部\s*门")
_LABEL_SOURCE = re.compile(rf"信\s*息\s*来\s*源|文\s*章\s*来\s*源|{_alone('来', '源')}")
_SITE_CODE = re.compile(r"网站标识码\s*[:：]?\s*([0-9A-Za-z]{6,20})")
# Any "label：" in the rest of a line ends the value before it ("来源：X 时间：Y").
_NEXT_LABEL = re.compile(rf" (?=[{CJK}]{{1,6}}\s?[:：])")
# A value also ends at a bracket or bar that closes its field ("【来源：X】【点击：N】", "来源：X | 时间：Y") and at
# a known label written straight after it without a space ("来源：X点击：N").
_FIELD_END = re.compile(r"】|\]|\||｜")
_GLUED_LABEL = re.compile(
    r"(?=(?:发布时间|发布日期|信息时间|更新时间|信息来源|文章来源|来源|作者|浏览次数|阅读次数|点击数|点击量|点击|访问量|"
    r"浏览量|阅读量|字体|字号)\s*[:：])"
)
# "访问量：1632" in a value slot is the next label, not a value
_BARE_LABEL = re.compile(rf"[{CJK}]{{1,8}}\s?[:：]\S{{0,12}}")
_LABEL_NAME = re.compile(f"{_alone('标', '题')}|{_alone('名', '称')}")
_ANY_LABEL = re.compile(
    r"(?:索引号|分类|主题分类|发布机构|发文机关|成文日期|发文日期|发布日期|公开日期|名称|标题|文号|发文字号|"
    r"主题词|关键词|时效|有效性|公开方式|公开范围|生成日期|责任部门|信息来源|来源|发布时间|作者|浏览次数|访问量|"
    r"浏览量|点击量|阅读量|点击数)[:：]?"
)

_DATE = re.compile(
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
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_CN_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_PERIOD_YEAR = re.compile(r"统计(?:期限|时限|期间|时段|区间|时间|周期|范围)[^。；;\n]{0,12}?((?:19|20)\d{2})\s*年")
_REPORTISH = re.compile(r"报告|年报")
_REPORT_AFTER_YEAR = re.compile(r"(?:政府|政务|信息|工作|公开|报告|年报)")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|\s-\s|--|(?<!\d)[-－](?!\d))\s*")
_SITEISH = re.compile(r"(?:人民政府|政府网|门户网站?|官方网站|网站|政务网|信息网)$|^中国\S{2,4}$")
_BODY_SUFFIX = (
    r"人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管委会|管理委员会|街道办事处|办事处|"
    r"公署|局|委|办|厅|署|院|街道|镇|乡|中心|政府|部"
)
_TITLE_AGENCY = re.compile(
    rf"^(.{{2,40}}?(?:{_BODY_SUFFIX}))\s*(?:关于)?\s*(?:(?:19|20)\d{{2}}|[〇○零一二三四五六七八九]{{4}})\s*年"
)
_BODY_END = re.compile(rf"(?:{_BODY_SUFFIX}|政府办|所|站|队|处|科|室|馆|社|会|集团|公司|协会)$")
_NON_AGENCY = {"本站", "本网", "原创", "网站", "未知", "其他", "无", "转载"}
_EMPTYISH = {"无", "暂无", "空", "/", "-", "--", "—", "——", "null", "none"}


def read_metas(root) -> dict[str, str]:
    """<meta name=… content=…> by lower-cased name; the first non-empty value wins."""
    out: dict[str, str] = {}
    for el in _METAS(root):
        name = (el.get("name") or "").strip().lower()
        value = fold(el.get("content") or "")
        if name and value and name not in out:
            out[name] = value
    return out


def text_stream(root) -> str:
    """The page's text nodes, whitespace-folded, one per line, without blank lines (scripts and styles
    already removed).

    Only string methods, all in C: thousands of per-node folds, or regexes over the whole stream, were a
    visible share of the time. Line breaks become NUL (which no lxml text holds) so that split() folds every
    other whitespace run to one space; then the spaces next to them and the empty lines go."""
    joined = "\n".join(_TEXTS(root)).replace("\u200b", "").replace("\n", "\x00")
    folded = " ".join(joined.split()).replace(" \x00", "\x00").replace("\x00 ", "\x00")
    return "\n".join(filter(None, folded.split("\x00")))


_LABEL_LEAD = set("\n 【[（(|｜>")
_COLON_AFTER = re.compile(r"[ \t]*[:：]")


def _is_label(text: str) -> bool:
    """A value slot that holds the next label ("索 引 号", "访问量：") rather than a value."""
    text = text.strip()
    return bool(_ANY_LABEL.fullmatch(squash(text)) or _BARE_LABEL.fullmatch(text))


def _values(stream: str, label: re.Pattern, limit: int = 8, spaced_other: re.Pattern | None = None) -> list[str]:
    """Values following each occurrence of a label: the rest of its line, or the next line when empty.
    ``spaced_other``: skip a match whose line, up to it, ends with this (the 成 文 of "成 文 日 期")."""
    out = []
    for m in label.finditer(stream):
        # a label heads its line (a cell, a bullet) or is followed by a colon; "请以发布单位正式文本为准"
        # mentions 发布单位 mid-sentence and labels nothing
        before = stream[m.start() - 1] if m.start() else "\n"
        if before not in _LABEL_LEAD and not _COLON_AFTER.match(stream, m.end()):
            continue
        if spaced_other is not None and before == " " and spaced_other.search(stream, max(0, m.start() - 6), m.start()):
            continue
        end = stream.find("\n", m.end())
        line = stream[m.end() : end if end >= 0 else len(stream)]
        line = line.lstrip(" :：")
        if not line.strip() and end >= 0:
            nxt = stream.find("\n", end + 1)
            line = stream[end + 1 : nxt if nxt >= 0 else len(stream)]
            if _is_label(line):
                line = ""
        cut = _NEXT_LABEL.search(line)
        if cut:
            line = line[: cut.start()]
        # a bracketed field (【来源：X】) ends at its bracket; an unbracketed one at a bar or "】【"
        opened = before in "【[" or (m.start() >= 2 and stream[m.start() - 2] in "【[" and before == " ")
        cut = _FIELD_END.search(line) if opened or "|" in line or "｜" in line else None
        if cut:
            line = line[: cut.start()]
        elif "】【" in line:
            line = line[: line.index("】【")]
        cut = _GLUED_LABEL.search(line, 1)
        if cut:
            line = line[: cut.start()]
        out.append(line.strip())
        if len(out) >= limit:
            break
    return out


# --- dates ----------------------------------------------------------------------------------------


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
        return int(text.translate(_CN_DIGITS))
    tens, _, ones = text.partition("十")
    return (int(tens.translate(_CN_DIGITS)) if tens else 1) * 10 + (int(ones.translate(_CN_DIGITS)) if ones else 0)


def parse_date(text: str) -> str:
    """First date in the text as ISO 8601 (with +08:00 when a time is given), "" when none."""
    m = _DATE.search(halfwidth(text))
    if m:
        return _format(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5), m.group(6))
    m = _CN_DATE.search(text)
    if m:
        return _format(int(m.group(1).translate(_CN_DIGITS)), _cn_number(m.group(2)), _cn_number(m.group(3)))
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
    labelled = _values(stream, _LABEL_DATE, spaced_other=_SPACED_OTHER_DATE)
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
    for value in _values(stream, _LABEL_WRITTEN, limit=3):
        found = parse_date(value)
        if found:
            return found
    return ""


# --- title, site ----------------------------------------------------------------------------------


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
        and bool(_REPORTISH.search(text))
        and bool(_TITLE_YEAR.search(text) or _TITLE_CN_YEAR.search(text) or "年度" in text)
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


def page_title(root, metas: dict, stream: str = "") -> tuple[str, str, str]:
    """(title, head-title site part, head title main part)."""
    heads = _HEAD_TITLE(root)
    head = fold(text_of(heads[0])) if heads else ""
    head_main, suffix = split_head_title(head, metas)
    title = metas.get("articletitle", "") or _heading(root, head_main)
    if not title:
        # the 信息索引表's 标题/名称 beats a <title> that may be just the site name
        named = [v for v in _values(stream or text_stream(root), _LABEL_NAME, limit=2) if len(v) >= 6]
        title = named[0] if named else head_main
    return title, suffix, head_main


# --- year, agency, codes --------------------------------------------------------------------------


def _plausible_year(y: int, published: str) -> bool:
    top = int(published[:4]) if published else datetime.now().year + 1
    return 2000 <= y <= top


def _title_year(title: str, published: str) -> int | None:
    """The covered year a title names. Of several (2021年1月发布的2020年度报告, 2021年XX局2020年政府信息公开…), the
    one written 年度 wins, then the one the report's name follows, then the first."""
    t = halfwidth(title)
    found = [(m.start(), int(m.group(1)), m.end()) for m in _TITLE_YEAR.finditer(t)]
    found += [(m.start(), int(m.group(1).translate(_CN_DIGITS)), m.end()) for m in _TITLE_CN_YEAR.finditer(t)]
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
    cut = [m.start() for m in (_TITLE_YEAR.search(t), _TITLE_CN_YEAR.search(t)) if m]
    return t[: min(cut)] if cut else ""


def _valid_agency(value: str) -> str:
    if _is_label(value):
        return ""
    value = fold(value).strip(" :：,，;；。.")
    if not 2 <= len(value) <= 40 or value in _NON_AGENCY or _ANY_LABEL.fullmatch(value):
        return ""
    if "http" in value or "www." in value or _DATE.search(value) or not re.search(f"[{CJK}]", value):
        return ""
    return halfwidth(value)


def _names_body(value: str) -> bool:
    """作者 names a body (区政府办, 县教育局), not a person (张伟) or a desk."""
    return bool(_BODY_END.search(value))


def agency(metas: dict, stream: str, title: str) -> str:
    found = _valid_agency(metas.get("contentsource", ""))
    if found:
        return found
    for label in (_LABEL_AGENCY, _LABEL_SOURCE):
        for value in _values(stream, label):
            found = _valid_agency(value)
            if found:
                return found
    for value in _values(stream, _LABEL_AUTHOR, limit=3):
        found = _valid_agency(value)
        if found and _names_body(found):
            return found
    m = _TITLE_AGENCY.match(halfwidth(title))
    return m.group(1) if m else ""


def site_code(metas: dict, stream: str) -> str:
    code = halfwidth(metas.get("siteidcode", "")).strip()
    if re.fullmatch(r"[0-9A-Za-z]{6,20}", code):
        return code
    at = stream.find("网站标识码")
    m = _SITE_CODE.search(halfwidth(stream[at : at + 40])) if at >= 0 else None
    return m.group(1) if m else ""


def index_no(stream: str) -> str:
    for value in _values(stream, _LABEL_INDEX):
        token = halfwidth(value, code_punct=True).split(" ")[0] if value else ""
        if re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z\-/_.()（）]{3,79}", token) and re.search(r"\d", token):
            return token
    return ""


def doc_no(stream: str) -> str:
    for value in _values(stream, _LABEL_DOCNO, limit=1):  # an empty 文号 cell means none, not "look further"
        value = halfwidth(value).strip()
        if not value or value.lower() in _EMPTYISH or _is_label(value) or len(value) > 50:
            continue
        if re.search(r"[号〔\[【(（]|\d", value):
            return value
    return ""


def topic(stream: str) -> str:
    """The 信息索引表's 主题分类 (or 分类); 主题词 is a keyword list, not a topic."""
    for value in _values(stream, _LABEL_TOPIC, limit=2):
        value = value.strip()
        if value and value.lower() not in _EMPTYISH and not _is_label(value) and len(value) <= 40:
            return value
    return ""


# --- column: ColumnName, else the breadcrumb's last column ------------------------------------------

_CRUMB_TEXTS = etree.XPath("//body//text()[contains(., '位置')]")
_CRUMB_LABEL = re.compile(r"[\u4e00-\u9fff]{0,6}位置\s*[:：]?\s*")  # 当前位置：, 您当前所在位置：
_CRUMB_WORDS = ("crumb", "position", "location")
_BY_CLASS = etree.XPath("//body//*[@class = $value]")
_BY_ID = etree.XPath("//body//*[@id = $value]")
_CRUMB_SEPS = r">|＞|»|›|→|/|\\|\||｜|-{1,2}>"
_CRUMB_SPLIT = re.compile(rf"(\x00|\s*(?:{_CRUMB_SEPS})\s*)")
_CRUMB_SEP_ONLY = re.compile(rf"\s*(?:{_CRUMB_SEPS})\s*")
_NOT_COLUMN = {
    "头部", "底部", "页头", "页脚", "首页", "主页", "网站首页", "正文", "详情", "内容", "详细内容", "正文内容", "文章",
    "浏览文章", "阅读",
}


def _crumb_items(box) -> list[str]:
    """The trail's items: element texts split at separators (>, », /); where separators are used the trail ends
    at the first two items with none between them (字号 大 中 小 打印 after the trail)."""
    parts: list[str] = []

    def walk(el) -> None:
        parts.append("\x00")
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        parts.append("\x00")

    walk(box)
    tokens: list[str | None] = []  # None: a separator
    for piece in _CRUMB_SPLIT.split("".join(parts)):
        if piece == "\x00":
            continue
        if _CRUMB_SEP_ONLY.fullmatch(piece):
            tokens.append(None)
        elif fold(piece):
            tokens.append(fold(piece))
    while tokens and (tokens[0] is None or _CRUMB_LABEL.fullmatch(tokens[0])):
        tokens.pop(0)
    if tokens and _CRUMB_LABEL.match(tokens[0]):
        tokens[0] = _CRUMB_LABEL.sub("", tokens[0], count=1).strip()
    if None not in tokens:
        return [t for t in tokens if t]
    items: list[str] = []
    for k, token in enumerate(tokens):
        if token is None:
            continue
        if items and tokens[k - 1] is not None:
            break
        items.append(token)
    return items


def _last_column(items: list[str], title: str) -> str:
    for item in reversed(items):
        key = squash(item)
        if not 2 <= len(key) <= 20 or key in _NOT_COLUMN or (len(key) > 8 and key in squash(title)):
            continue
        if _CRUMB_LABEL.fullmatch(key) or not re.search(f"[{CJK}]", key):
            continue  # the label itself, an icon
        if _DATE.search(key) or (_TITLE_YEAR.search(key) and _REPORTISH.search(key)):
            continue  # the article itself, closing the trail
        return item
    return ""


def _column_of(box, title: str) -> str:
    items = _crumb_items(box)
    return _last_column(items, title) if items and sum(map(len, items)) <= 200 else ""


def _crumb_boxes(root) -> list:
    # the attribute values alone, read in C, usually show that nothing says crumb; a predicate per element was
    # milliseconds on large pages
    out = []
    for values, finder in ((_CLASS_VALUES(root), _BY_CLASS), (_ID_VALUES(root), _BY_ID)):
        joined = "\n".join(values).lower()
        if not any(word in joined for word in _CRUMB_WORDS):
            continue
        for value in dict.fromkeys(v for v in values if any(word in v.lower() for word in _CRUMB_WORDS)):
            out += [el for el in finder(root, value=value) if len(el) < 30]
            if len(out) >= 3:
                return out[:3]
    return out


def column(root, metas: dict, title: str = "", stream: str = "位置") -> str:
    """ColumnName meta, else the last item of the 当前位置 breadcrumb that names a column (not 正文, not the
    article's own title). Read before the chrome is stripped."""
    if metas.get("columnname") and squash(metas["columnname"]) not in _NOT_COLUMN:
        return metas["columnname"]
    for text in _CRUMB_TEXTS(root) if "位置" in stream else ():
        if len(text) > 40 or not _CRUMB_LABEL.search(text):
            continue
        box = text.getparent()
        if box is not None and text.is_tail:
            box = box.getparent()
        for _ in range(3):  # the label's element, then up to the one that holds the trail's links
            if box is None or len(box) > 30:
                break
            found = _column_of(box, title)
            if found:
                return found
            box = box.getparent()
        break
    for box in _crumb_boxes(root):  # a trail without a label: class or id says crumb / position / location
        found = _column_of(box, title)
        if found:
            return found
    return ""
