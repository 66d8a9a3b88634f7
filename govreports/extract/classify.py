"""Is this an information-disclosure annual report, or something that only looks like one?

Portals put decoys beside the real reports: 政府工作报告, 法治政府建设年度报告, statistical bulletins and the
notice that asks departments to send their reports in. A report is recognised from three kinds of
evidence, weakest first: the link text on the list page, the page title, and the body itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from govreports.extract.normalise import squash

# The report's own name, in the forms portals use (政府信息公开工作年度报告, 政务公开工作年度报告, 信息公开年报,
# 政府信息公开年度报告, 政府信息公开工作报告 …).
_REPORT_NAME = re.compile(r"(政府信息|政务|信息)公开(工作)?的?(年度)?(报告|年报)")
# A title or link that names the report ends with the name (a bracketed note such as （全文） may follow);
# news about the reports ("…年度报告全部按时发布") only mentions it.
_ENDS_WITH_NAME = re.compile(r"(报告|年报)([（(【\[][^）)】\]]{0,12}[）)】\]])?$")
# Short forms that only name "a yearly report"; enough to fetch a page from a report column, not to keep it.
_VAGUE_NAME = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年?度?\s*(报告|年报)|年报|年度报告")
# Things that carry the words but are not a report: notices about the reports, other kinds of report.
_NOT_A_REPORT = re.compile(
    r"关于.{0,40}(通知|通报|函|意见|方案|安排|工作要点)|通知$|"
    r"(?<!信息公开)(?<!政务公开)政府工作报告|法治政府|依法行政|统计公报|国民经济和社会发展|"
    r"(预算|决算)(公开|报告|情况)|审计(工作)?报告|述职|工作要点|考核结果|目录$|指南$"
)
# Phrases only a disclosure report's body carries, numbered like the official template or not.
_BODY_MARKERS = (
    re.compile(r"主动公开政府信息"),
    re.compile(r"(收到和处理|依申请公开)"),
    re.compile(r"政府信息公开(的)?申请"),
    re.compile(r"《(中华人民共和国)?政府信息公开条例》"),
    re.compile(r"政府信息公开(工作)?(年度)?报告|政务公开(工作)?(年度)?报告|信息公开年报"),
    re.compile(r"(行政复议|行政诉讼)"),
    re.compile(r"(存在的(主要)?问题|改进(情况|措施))"),
)
_MIN_BODY_MARKERS = 4


@dataclass(frozen=True)
class Verdict:
    is_report: bool
    confidence: float  # 0..1, how sure the evidence makes us
    reason: str


@functools.lru_cache(maxsize=8192)  # nav and sidebar links repeat on every list page
def names_report(text: str) -> bool:
    """The text names an information-disclosure annual report and is not a known decoy."""
    text = squash(text)
    return bool(_REPORT_NAME.search(text) and _ENDS_WITH_NAME.search(text)) and not _NOT_A_REPORT.search(text)


@functools.lru_cache(maxsize=8192)
def link_may_be_report(text: str, in_report_column: bool) -> bool:
    """Whether a list link is worth fetching as a candidate report.

    Outside a report column only links that name the report are followed; inside one, vague texts such as
    "2019年度报告" or "教育局年报" are followed too, and the page itself decides.
    """
    text = squash(text)
    if not text or _NOT_A_REPORT.search(text):
        return False
    if _REPORT_NAME.search(text) and _ENDS_WITH_NAME.search(text):
        return True
    if text.endswith(("…", "...")):  # a list cut the title short: the page will tell
        return in_report_column or bool(re.search(r"政府信息|信息公开|政务公开", text))
    return in_report_column and _names_vaguely(text)


@functools.lru_cache(maxsize=8192)
def names_report_column(text: str) -> bool:
    """A navigation link to a column that lists annual reports (政府信息公开年报, 政务公开年度报告 …).

    A publisher may precede the name and a bracketed note follow it: "XX县人民政府办公室政府信息公开年报（含部门）"
    is a column too. A text with a year is an article (or a year sub-column, see ``names_year``)."""
    text = _BRACKET_NOTE.sub("", squash(text))
    if _NOT_A_REPORT.search(text) or re.search(r"\d{4}", text):
        return False
    prefix = _COLUMN_NAME.search(text)
    if prefix is not None:
        before = text[: prefix.start()]
        return not before or (len(before) <= 24 and names_agency(before)) or bool(_AGENCY_GROUP.fullmatch(before))
    return len(text) <= 20 and bool(_REPORT_NAME.search(text))


# The name of a report column, at the end of its link text: 政府信息公开年报, 信息公开年度报告专栏, 政务公开年报, 年报.
_COLUMN_NAME = re.compile(r"((政府信息|政务|信息)公开(工作)?)?(年度报告|年报)(专栏|目录)?$")
# Who publishes, as a group rather than one body: 部门年报, 乡镇年报, 县直部门信息公开年报, 各单位年度报告.
_AGENCY_GROUP = re.compile(
    r"(?:各|[省市县区旗](?:直|级|属))?(?:部门|单位|机关|乡镇|街道|镇街|乡镇街道|部门乡镇|乡镇部门)(?:和|及|、)?"
)
# A note in brackets after a name: （含部门）, (2019), 【专栏】.
_BRACKET_NOTE = re.compile(r"[（(【\[][^）)】\]]{0,16}[）)】\]]$")
# A year sub-column of a report column: 2019年度, 2020年, 2021, 2018年度报告, 2017年报, 二〇二〇年度.
_YEAR_ONLY = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*(年度?(报告|年报)?|年报)?")
# An agency, township or office named alone: 县教育局, XX县卫生健康委员会, 某某镇人民政府, 县政府办.
_AGENCY_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z（）()]{0,22}(人民政府|政府办公室|办公室|委员会|管理委员会|管委会|街道办事处|街道|"
    r"局|委|办|厅|署|院|所|中心|站|队|镇|乡|公司|集团|分局|支队|大队|联合会|总工会|工会|法院|检察院)"
)


@functools.lru_cache(maxsize=8192)
def names_year(text: str) -> bool:
    """The link text is essentially a year: a year sub-column of a report column (2019年度, 2017年报, 2021)."""
    return bool(_YEAR_ONLY.fullmatch(squash(text)))


@functools.lru_cache(maxsize=8192)
def names_agency(text: str) -> bool:
    """The link text is only the name of an agency (县教育局, XX县卫生健康委员会, 某某镇人民政府): in a report
    column a candidate report, on a portal page a department or township sub-site."""
    text = squash(text)
    return 2 <= len(text) <= 24 and bool(_AGENCY_NAME.fullmatch(text)) and not _NOT_AGENCY.search(text)


# Words that make a short text a column or an article rather than an agency's name.
_NOT_AGENCY = re.compile(r"部门|乡镇|公开|报告|年报|通知|新闻|动态|要闻|首页|服务|互动|专题|办事|指南")


@functools.lru_cache(maxsize=8192)
def names_disclosure_section(text: str) -> bool:
    """A navigation link to a section that holds the report column (政府信息公开, 政务公开, 公开目录 …), or to
    the departments' and townships' sub-sites (部门乡镇, 部门信息公开, 乡镇街道 …)."""
    text = squash(text)
    return 2 <= len(text) <= 14 and bool(_SECTION.search(text))


_SECTION = re.compile(
    r"(政府)?信息公开(目录|平台|专栏)?$|政务公开|公开目录|法定主动公开|主动公开内容|"
    r"^(县|市|区)?(直属?)?(部门|乡镇|街道|镇街)(和|及|与|、)?(部门|乡镇|街道|镇街)?(网站|子站|站群|导航|信息公开)?$"
)


def classify_page(title: str, body_text: str, link_text: str = "") -> Verdict:
    """Decide from title, body and link text together."""
    title_s, link_s = squash(title), squash(link_text)
    markers = sum(1 for marker in _BODY_MARKERS if marker.search(body_text))
    if _NOT_A_REPORT.search(title_s):
        return Verdict(False, 0.9, f"title names another kind of document: {title_s[:60]}")
    if _REPORT_NAME.search(title_s):
        if not _ENDS_WITH_NAME.search(title_s):
            return Verdict(False, 0.8, f"title mentions the report but is about something else: {title_s[:60]}")
        if markers >= 2 or len(body_text) < 200:
            return Verdict(True, 0.95 if markers >= 2 else 0.7, "title names the report")
        return Verdict(True, 0.6, "title names the report, body carries few report markers")
    if markers >= _MIN_BODY_MARKERS and (_names_vaguely(title_s) or _names_vaguely(link_s)):
        return Verdict(True, 0.8, f"vague title, body carries {markers} report markers")
    if markers >= _MIN_BODY_MARKERS + 2:
        return Verdict(True, 0.6, f"title does not say, body carries {markers} report markers")
    return Verdict(False, 0.7, f"neither title nor body marks a disclosure report ({markers} markers)")


# A body that is a list: at least this many links, whose texts make up this share of the body's text.
LIST_BODY_LINKS = 3
_LIST_BODY_SHARE = 0.8


def empty_body_verdict(body_text: str, body_link_texts: list[str] = (), has_attachments: bool = False,
                       empty_reason: str = "") -> Verdict | None:
    """The verdict on a page whose body holds no report, whatever its title says, else None.

    A page with no body text (a JS shell whose list is empty, a column page with only a nav) or whose body is
    only a list of links (a column of year links) is not a report. A page with attachments and no text of
    its own is left to them: its body may come from its files."""
    text = squash(body_text)
    if not text:
        if has_attachments:
            return None
        return Verdict(False, 0.9, f"empty body: {empty_reason or 'no text'}"[:200])
    linked = sum(len(squash(link)) for link in body_link_texts)
    if len(body_link_texts) >= LIST_BODY_LINKS and linked >= _LIST_BODY_SHARE * len(text):
        return Verdict(False, 0.85, f"body is only a list of {len(body_link_texts)} links")
    return None


def _names_vaguely(text: str) -> bool:
    """"2019年度报告", "教育局年报": a yearly report of some kind, named at the end of the text."""
    return bool(_VAGUE_NAME.search(text) and _ENDS_WITH_NAME.search(text))


REPORT_KIND = "政府信息公开工作年度报告"
OTHER_KIND = "其他"
# What slipped through, named from the title (first match wins; the more specific names come first).
_KINDS = (
    ("法治政府建设年度报告", re.compile(r"法治政府|依法行政")),
    ("政府工作报告", re.compile(r"(?<!信息公开)(?<!政务公开)政府工作报告")),
    ("统计公报", re.compile(r"统计公报|国民经济和社会发展")),
    ("预算决算", re.compile(r"(预算|决算)(公开|报告|情况)?")),
    ("审计工作报告", re.compile(r"审计(工作)?报告")),
    ("述职报告", re.compile(r"述职")),
    ("工作要点", re.compile(r"工作要点")),
    ("工作总结", re.compile(r"工作总结|总结$")),
    ("政府信息公开指南", re.compile(r"指南$")),
    ("政府信息公开目录", re.compile(r"目录$")),
    ("考核结果", re.compile(r"考核结果")),
    ("通知", re.compile(r"通知$|关于.{0,40}通知")),
    ("通报", re.compile(r"通报$|关于.{0,40}通报")),
    ("意见", re.compile(r"意见$")),
    ("方案", re.compile(r"方案$")),
    ("函", re.compile(r"函$")),
)


@dataclass(frozen=True)
class Kind:
    kind: str  # REPORT_KIND, the name of the decoy (政府工作报告, 统计公报 …) or OTHER_KIND
    confidence: float  # 0..1


@functools.lru_cache(maxsize=1024)
def _kind_of_title(title: str) -> str:
    for name, pattern in _KINDS:
        if pattern.search(title):
            return name
    return ""


def classify_kind(title: str, body_text: str, link_text: str = "", verdict: Verdict | None = None) -> Kind:
    """What the page is: the report (kind REPORT_KIND) or what slipped through instead, built on classify_page's
    verdict (pass it when it is at hand). A decoy named by its title gets the verdict's confidence; one nothing
    names is OTHER_KIND with less."""
    verdict = verdict or classify_page(title, body_text, link_text)
    if verdict.is_report:
        return Kind(REPORT_KIND, verdict.confidence)
    name = _kind_of_title(squash(title)) or _kind_of_title(squash(link_text))
    if name:
        return Kind(name, verdict.confidence)
    return Kind(OTHER_KIND, round(verdict.confidence * 0.7, 2))
