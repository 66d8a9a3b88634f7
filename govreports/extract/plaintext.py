"""extract_text: a report page that was already turned into plain text elsewhere → the dict extract_page returns.

Text dumps of portal pages keep the page chrome as lines of their own: accessibility toggles and site names
at the head, a breadcrumb, the title (often twice, once split over two lines), an info line or 信息索引表
bullets, then the body, then footers (技术支持, CopyRight … 版权所有 … ICP备). This module drops that chrome at
the head and tail only, reads the metadata it carries, and keeps every body line.

Conservative by design: a line in the middle of the body is never dropped, whatever words it contains, and
a head/tail line that reads like prose (long, with sentence punctuation) stops the chrome scan.
"""

from __future__ import annotations

import html
import re

from govreports.disclosure_tables import parse_stats
from govreports.extract.classify import classify_kind
from govreports.extract.encoding import decode_html, sniff_binary_format
from govreports.extract.errors import NotHTMLError, UndecodableError
from govreports.extract.metadata import title_head
from govreports.extract.region import find_region

__all__ = ["extract_text", "extract_text_bytes"]

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Characters str.strip() keeps but that are invisible on the page.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_BULLET = re.compile(r"^[•·●○▪■◆◇►▶\-*]\s*")

_HEAD_WINDOW = 25  # the title sits within the first lines of a page dump, or there is none
_TITLE_MAX = 60
_SHORT = 40  # "about 40 characters": longer lines with sentence punctuation are prose

_SENTENCE_PUNCT = re.compile(r"[，。；,;！？!?]")
_SECTION_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[㈠-㈩])"
)
_TITLE_WORD = re.compile(r"报告|年报|工作|情况")
_TITLE_YEAR = re.compile(r"\d{4}\s*年|年度|年报")

# Accessibility / account / version toggles: a line made only of these words.
_TOGGLE = re.compile(
    r"(?:无障碍(?:浏览|阅读|模式)?|长者(?:专版|模式)|关怀版|适老化?(?:版|模式)?|繁體(?:版)?|繁体(?:版)?|简体(?:版)?|"
    r"登录|注册|退出|个人中心|手机版|移动版|English|ENGLISH|EN|设为首页|加入收藏|网站支持IPv6|IPv6|"
    r"智能问答|读屏|切换(?:到)?(?:繁体|简体|长者版|无障碍)?|首页|返回首页|网站导航)"
)
_BREADCRUMB = re.compile(r"^(?:您?(?:当前|现在|所在)的?位置|当前页面)\s*[:：]?")
_CRUMB_SEP = re.compile(r">|＞|»|›|→")
_PORTAL = re.compile(r"(?:人民政府|政府网|门户网站?|政务网|政务服务网|信息网|公开网|平台|网站)$")
_SHARE = re.compile(r"^(?:分享到|分享|微信|微博|QQ空间|QQ好友|扫一扫|【?打印】?|【?关闭】?|【?我要纠错】?|\s)+[:：]?$")

# Labels of the info line and of the 信息索引表. Longest first, so 信息来源 wins over 来源. Spaces may sit
# between the characters of a label ("索 引 号", "文  号").
_LABELS = (
    "信息来源",
    "发布时间",
    "发布日期",
    "发布机构",
    "发文机关",
    "发文日期",
    "成文日期",
    "生成日期",
    "主题分类",
    "发文字号",
    "信息分类",
    "浏览次数",
    "访问次数",
    "阅读次数",
    "点击数",
    "点击率",
    "索引号",
    "主题词",
    "有效性",
    "公开方式",
    "公开范围",
    "来源",
    "作者",
    "日期",
    "文号",
    "分类",
    "名称",
    "字体",
    "字号",
    "编辑",
)
_LABEL_ALT = "|".join(r"\s*".join(map(re.escape, label)) for label in _LABELS)
# A label starts the line (after a bullet) or follows whitespace / a closing bracket.
_LABEL_AT = re.compile(rf"(?:^|(?<=[\s】\]|｜]))(?P<label>{_LABEL_ALT})\s*(?P<colon>[:：])?\s*")
_DATE_LABELS = {"发布时间", "发布日期", "日期", "发文日期", "成文日期", "生成日期"}
_DATE = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
)
_BRACKETED = re.compile(r"【[^】]{0,12}】|\[[^\]]{0,12}\]")

# Footers. Strong ones are dropped at the tail whatever the line's length (a copyright footer can be long);
# weak ones only when the line is short and not prose.
_FOOTER_STRONG = re.compile(r"版权所有|copyright|©|\(c\)\s*\d{4}|ICP\s*备|公网安备|网站标识码", re.I)
_FOOTER_WEAK = re.compile(
    r"技术支持|主办单位|主办\s*[:：]|承办|协办|联系我们|网站地图|扫一扫|打印本页|关闭窗口|【打印】|【关闭】|"
    r"上一篇|下一篇|相关链接|相关阅读|相关文章|相关新闻|责任编辑|分享到|我要纠错|政府网站找错|党政机关|"
    r"网站声明|隐私声明|使用帮助|建议使用|分辨率|浏览器|返回顶部"
)
_SITE_CODE = re.compile(r"网站标识码\s*[:：]?\s*([0-9A-Za-z]{6,20})")
_COPYRIGHT_HOLDER = re.compile(
    r"版权所有\s*[:：]?\s*(?:[©(c)]\s*)?([\u4e00-\u9fff（）()]{2,30}?(?:人民政府|政府|委员会|局|办公室|网))"
)
_NOT_A_SOURCE = {"本站", "本网", "原创", "网站", "本网站", "转载", "其他", "无", "暂无"}

_ORG_SUFFIX = re.compile(
    r"(?:局|委|办|政府|街道|镇|乡|室|中心|院|所|厅|部|会|公署|办事处|委员会|管委会|办公厅|集团|公司)$"
)
# A place or body name that can stand for the publishing agency when it opens a title ("秦州区2016年…").
_BODY_NAME = re.compile(
    r"(?:省|市|区|县|州|盟|旗|镇|乡|街道|办事处|政府|公署|局|委|办|室|中心|院|所|厅|部|会|委员会|管委会|开发区|新区)$"
)
_OPENING_AGENCY = re.compile(
    r"(?:现就|现将|^|[,，、。])\s*(?P<name>[\u4e00-\u9fff（）()〈〉]{2,30}?)\s*(?:对)?\s*\d{4}\s*年度?"
    r"(?:的)?(?:政府信息公开|政务公开)"
)
_FULL_YEAR_SPAN = re.compile(
    r"(?P<a>\d{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*(?P<b>\d{4})\s*年\s*12\s*月\s*31\s*日"
)


def _digits(s: str) -> str:
    return s.translate(_FULLWIDTH_DIGITS)


def _lines(text: str) -> list[str]:
    out = []
    for raw in text.splitlines():
        line = raw.strip().strip(_INVISIBLE).strip()
        if line:
            out.append(line)
    return out


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", _digits(s))


def _is_prose(line: str) -> bool:
    return len(line) > _SHORT and bool(_SENTENCE_PUNCT.search(line))


def _is_title(line: str) -> bool:
    d = _digits(line)
    return (
        len(d) <= _TITLE_MAX
        and not re.search(r"[。；;！？!?]", d)
        and not _SECTION_START.match(d)
        and bool(_TITLE_WORD.search(d))
        and bool(_TITLE_YEAR.search(d))
        and not _info_fields(line)
        and not _is_breadcrumb(line)
        and not _FOOTER_STRONG.search(d)
    )


def _split_title(first: str, second: str) -> bool:
    """True when ``first`` + ``second`` is one title broken over two lines ("…2020年政府信息" + "公开工作年度报告")."""
    a, b = _digits(first), _digits(second)
    return (
        bool(re.search(r"\d{4}\s*年", a))
        and not _TITLE_WORD.search(a)
        and not re.search(r"\d{4}", b)
        and len(b) <= 20
        and bool(re.search(r"(?:报告|年报)$", b))
        and _is_title(a + b)
        and not _SECTION_START.match(a)
    )


def _is_breadcrumb(line: str) -> bool:
    if _BREADCRUMB.match(line):
        return True
    return ("首页" in line or "主页" in line) and bool(_CRUMB_SEP.search(line)) and len(line) <= 80


def _is_nav(line: str) -> bool:
    """Several short tokens separated by spaces: 首页 政务公开 政务服务 互动交流."""
    tokens = line.split()
    return (
        len(tokens) >= 3
        and len(line) <= 80
        and all(len(t) <= 8 for t in tokens)
        and not _SENTENCE_PUNCT.search(line)
        and not re.search(r"\d{4}", _digits(line))
    )


def _is_portal_name(line: str) -> bool:
    tokens = line.split()
    return (
        0 < len(tokens) <= 3
        and len(line) <= 40
        and not _SENTENCE_PUNCT.search(line)
        and all(_PORTAL.search(t) for t in tokens)
    )


def _is_toggle(line: str) -> bool:
    tokens = [t for t in re.split(r"[\s|｜/丨]+", line) if t]
    return 0 < len(tokens) <= 8 and all(_TOGGLE.fullmatch(t) for t in tokens)


def _info_fields(line: str, bulleted: bool = False) -> list[tuple[str, str]] | None:
    """Parse an info line / 信息索引表 row into (label, value) pairs, or None when the line is not one.

    A label must open the line. Without a colon the line is only read as metadata when it came as a bullet,
    has an empty value, or its value is what that label holds (a date after 发布时间) — so body text that
    happens to start with 来源 or 日期 is not taken for metadata."""
    d = _digits(line)
    if len(d) > 160 or (_is_prose(_BRACKETED.sub("", d)) and "：" not in d and ":" not in d):
        return None
    matches = list(_LABEL_AT.finditer(d))
    if not matches or matches[0].start() != 0:
        return None
    fields: list[tuple[str, str]] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(d)
        label = re.sub(r"\s+", "", m.group("label"))
        value = d[m.end() : end].strip()
        fields.append((label, value))
    first_label, first_value = fields[0]
    if not matches[0].group("colon") and not bulleted and first_value:
        if first_label in _DATE_LABELS:
            if not _DATE.match(first_value):
                return None
        elif len(d) > 30 or _SENTENCE_PUNCT.search(d) or len(fields) == 1:
            return None
    if any(_is_prose(v) for _, v in fields):
        return None
    return fields


def _clean_value(value: str) -> str:
    value = _BRACKETED.sub(" ", value)
    value = re.sub(r"[|｜]+", " ", value)
    return value.strip(" \t:：;；,，")


def _iso(value: str) -> str:
    m = _DATE.search(_digits(value))
    if not m:
        return ""
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    if m["H"] is None:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    hh, mm, ss = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    if hh > 23 or mm > 59 or ss > 59:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}+08:00"


class _Meta:
    def __init__(self) -> None:
        self.fields: dict[str, str] = {}
        self.site_name = ""
        self.site_code = ""

    def add(self, fields: list[tuple[str, str]]) -> None:
        for label, value in fields:
            value = _clean_value(value)
            if not self.fields.get(label):
                self.fields[label] = value

    def get(self, *labels: str) -> str:
        for label in labels:
            if self.fields.get(label):
                return self.fields[label]
        return ""

    def footer(self, line: str) -> None:
        d = _digits(line)
        m = _SITE_CODE.search(d)
        if m and not self.site_code:
            self.site_code = m.group(1)
        m = _COPYRIGHT_HOLDER.search(d)
        if m and not self.site_name:
            self.site_name = m.group(1)


def _head_chrome(line: str) -> bool:
    """A line recognisably page chrome on its own (used when there is no title to anchor the head)."""
    return (
        _is_toggle(line) or _is_breadcrumb(line) or _is_portal_name(line) or _is_nav(line) or bool(_SHARE.match(line))
    )


def _repeat_of_title(lines: list[str], i: int, title: str) -> int:
    """How many lines from i repeat the title (1–3 lines joined), or 0."""
    want = _compact(title)
    joined = ""
    for n in range(1, 4):
        if i + n > len(lines):
            break
        joined += _compact(lines[i + n - 1])
        if joined == want:
            return n
        if not want.startswith(joined):
            break
    return 0


def _scan_head(lines: list[str], meta: _Meta) -> tuple[str, int]:
    """Return (title, index of the first body line), reading metadata off the chrome it drops."""
    title = ""
    title_at = -1
    title_len = 0
    for i, line in enumerate(lines[:_HEAD_WINDOW]):
        if _is_prose(line) or _SECTION_START.match(_digits(line)):
            break
        if _is_title(line):
            title, title_at, title_len = line, i, 1
            break
        if i + 1 < len(lines) and _split_title(line, lines[i + 1]):
            title, title_at, title_len = line + lines[i + 1], i, 2
            break

    i = 0
    if title_at >= 0:
        # Everything above the title is chrome: toggles, site names, navigation, the breadcrumb.
        for line in lines[:title_at]:
            bulleted = bool(_BULLET.match(line))
            fields = _info_fields(_BULLET.sub("", line), bulleted)
            if fields:
                meta.add(fields)
            elif not meta.site_name and _is_portal_name(line) and len(line.split()) == 1:
                meta.site_name = line
        i = title_at + title_len
    else:
        # No title: drop only lines that are recognisably chrome.
        while i < min(len(lines), _HEAD_WINDOW):
            line = lines[i]
            bulleted = bool(_BULLET.match(line))
            fields = _info_fields(_BULLET.sub("", line), bulleted)
            if fields:
                meta.add(fields)
            elif _head_chrome(line):
                if not meta.site_name and _is_portal_name(line) and len(line.split()) == 1:
                    meta.site_name = line
            else:
                break
            i += 1

    # Below the title: info line, 信息索引表 rows or bullets, share bars, and the title repeated.
    while i < len(lines):
        line = lines[i]
        bulleted = bool(_BULLET.match(line))
        fields = _info_fields(_BULLET.sub("", line), bulleted)
        if fields:
            meta.add(fields)
            i += 1
            continue
        if title:
            n = _repeat_of_title(lines, i, title)
            if n:
                i += n
                continue
        if _is_toggle(line) or _is_breadcrumb(line) or _SHARE.match(line):
            i += 1
            continue
        break
    return title, i


def _is_footer(line: str) -> bool:
    d = _digits(line)
    if _FOOTER_STRONG.search(d):
        return True
    return not _is_prose(d) and len(d) <= 80 and not _SECTION_START.match(d) and bool(_FOOTER_WEAK.search(d))


def _scan_tail(lines: list[str], start: int, meta: _Meta) -> int:
    """Return the index one past the last body line.

    Walk up from the end over lines that are footers or short non-prose lines (link lists under 相关链接,
    dates under 上一篇); cut at the topmost footer line met. Short lines above that footer stay: they are
    the report's own closing lines (a signature, a date, an empty last section heading)."""
    cut = len(lines)
    j = len(lines) - 1
    while j >= start:
        line = lines[j]
        if _is_footer(line):
            cut = j
        elif _is_prose(line) or len(line) > 80:
            break
        j -= 1
    for line in lines[cut:]:
        meta.footer(line)
    return cut


def _agency(meta: _Meta, title: str, body: list[str]) -> str:
    source = meta.get("信息来源", "来源", "发布机构", "发文机关")
    if source and source not in _NOT_A_SOURCE:
        return source
    author = meta.get("作者")
    if author and _ORG_SUFFIX.search(author):
        return author
    if title:
        m = re.match(r"(.{2,30}?)(?:关于)?\s*(?:\d{4}\s*年|[一二〇○零]{4}年)", _digits(title))
        if m:
            name = re.sub(r"关于$", "", m.group(1)).strip()
            if _BODY_NAME.search(name):
                return name
        return ""
    # No title at all: "现就阿勒泰地区行政公署及办公室2016年度政府信息公开工作情况报告如下".
    for line in body[:2]:
        m = _OPENING_AGENCY.search(_digits(line))
        name = re.sub(r"^(?:现就|现将|现对|兹将)", "", m.group("name")) if m else ""
        if name and _BODY_NAME.search(name):
            return name
    return ""


_HAN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def _year(title: str, body_text: str, published_at: str) -> int | None:
    m = re.search(r"((?:19|20)\d{2})\s*年", _digits(title)) or re.search(
        r"((?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})\s*年", title
    )
    if m:
        return int(m.group(1).translate(_HAN_DIGITS))
    text = _digits(body_text)
    spans = [m for m in _FULL_YEAR_SPAN.finditer(text) if m["a"] == m["b"]]
    stats = [m for m in spans if "统计" in text[max(0, m.start() - 30) : m.start()]]
    for m in stats or spans:
        return int(m["b"])
    if published_at:
        y, mo = int(published_at[:4]), int(published_at[5:7])
        if 1 <= mo <= 3:
            return y - 1
    return None


def extract_text(text: str, url: str = "") -> dict:
    """Plain text of one report page → the same keys as ``govreports.extract.page.extract_page``."""
    lines = _lines(text)
    meta = _Meta()
    title, start = _scan_head(lines, meta)
    end = _scan_tail(lines, start, meta)
    body = lines[start:end]

    if not title and meta.get("名称") and _is_title(meta.get("名称")):
        title = meta.get("名称")
    published_at = _iso(meta.get("发布时间", "发布日期", "日期", "发文日期", "成文日期"))
    body_text = "\n".join(body)
    if not lines:
        empty_reason = "input is empty"
    elif not body:
        empty_reason = "no body text: every line is page chrome or metadata"
    else:
        empty_reason = ""
    result = {
        "url": url,
        "title": _digits(title),
        "body_text": body_text,
        "body_html": "\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in body),
        "published_at": published_at,
        "year": _year(title, body_text, published_at),
        "agency": _digits(_agency(meta, title, body)),
        "site_name": meta.site_name,
        "site_code": meta.site_code,
        "index_no": _digits(meta.get("索引号")),
        "doc_no": _digits(meta.get("文号", "发文字号")),
        "attachments": [],
        "stats_summary": parse_stats(body_text=body_text).summary,
        "empty_reason": empty_reason,
        "written_at": _iso(meta.get("成文日期")),
        "column": "",  # plain text keeps no navigation to name the column
        "topic": _digits(meta.get("主题分类", "分类")),
    }
    agency = result["agency"]
    result["region"] = find_region(agency, meta.site_name, title_head(result["title"]))
    kind = classify_kind(result["title"], body_text)
    result["kind"], result["kind_confidence"] = kind.kind, kind.confidence
    return result


def _decode(body: bytes) -> str:
    try:
        sniff_binary_format(body)
    except NotHTMLError as exc:
        raise UndecodableError(str(exc).replace("not HTML", "not text")) from None
    text, _encoding = decode_html(body)
    return text


def extract_text_bytes(body: bytes, url: str = "") -> dict:
    """Decode (BOM, UTF-8, GB18030 — via ``govreports.extract.encoding``) and extract. Raises UndecodableError on
    binary input (NUL or control bytes, PDF/Office/image signatures, invalid in both UTF-8 and GB18030)."""
    return extract_text(_decode(body), url)


