"""Agency identity: the full official name of the body a report is of, and one key per body.

A page prints its body many ways: the 来源 line gives a short form (县发改局, 区政府办, 市人社局) that changes from
year to year, while the title, the 信息索引表's 发布机构, the signature (落款) above the closing date, the
breadcrumb and the site name give the full name (某某县发展和改革局, 某某区人民政府办公室). ``identify_agency``
takes every one of them and returns the name the report is filed under (``agency``), what the page printed
(``raw``) and a normalised ``key`` that is the same for every spelling of one body, across years and sites.

Short forms are made two ways, and both are matched:
- by a fixed contraction of a standard department name (发改 = 发展和改革, 人社 = 人力资源和社会保障, 政府办 =
  人民政府办公室, 住建, 卫健, 市场监管 …: ``CONTRACTIONS``);
- by dropping characters (教体局 for 教育体育局, 市监局 for 市场监督管理局): a short form matches a full name
  of the same page when its characters appear there in order, starting where the body's own name starts and
  ending with the same kind of body (局, 委, 办 …).
A short form that starts with a bare level (县发改局, 区政府办) gets the place of that level from the site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import urlsplit

from govreports.extract.normalise import fold, halfwidth
from govreports.extract.region import find_region

# Contractions of department names that are never official names themselves, longest first where one
# contains another. Names a body may officially bear (交通局, 科技局, 教育体育局) are not here: the
# structural match finds them on the page instead.
CONTRACTIONS: tuple[tuple[str, str], ...] = (
    ("政府办", "人民政府办公室"), ("府办", "人民政府办公室"), ("党政办", "党政办公室"), ("街道办", "街道办事处"),
    ("管委会", "管理委员会"), ("发改委", "发展和改革委员会"), ("卫健委", "卫生健康委员会"),
    ("卫计委", "卫生和计划生育委员会"), ("发改", "发展和改革"), ("人社", "人力资源和社会保障"),
    ("住建", "住房和城乡建设"), ("卫健", "卫生健康"), ("卫计", "卫生和计划生育"), ("市场监管", "市场监督管理"),
    ("文广旅", "文化广电和旅游"), ("文旅", "文化和旅游"), ("林草", "林业和草原"), ("环保", "环境保护"),
    ("应急局", "应急管理局"), ("医保局", "医疗保障局"), ("退役军人局", "退役军人事务局"), ("工信", "工业和信息化"),
    ("经信", "经济和信息化"), ("民宗局", "民族宗教事务局"), ("国资委", "国有资产监督管理委员会"),
    ("地税局", "地方税务局"), ("国税局", "国家税务局"), ("编办", "机构编制委员会办公室"),
    ("人防办", "人民防空办公室"), ("侨办", "侨务办公室"), ("金融办", "金融工作办公室"),
    ("机关事务局", "机关事务管理局"),
)
_CONTRACTION = re.compile("|".join(re.escape(short) for short, _ in sorted(CONTRACTIONS, key=lambda c: -len(c[0]))))
_EXPANSION = dict(CONTRACTIONS)


def _spell_out(text: str) -> str:
    """Contractions spelled out, except inside the full word already written (街道办事处, 人民政府办公室 stay)."""

    def spelt(m: re.Match) -> str:
        full = _EXPANSION[m.group(0)]
        inside = full.find(m.group(0))
        written = inside >= 0 and m.start() >= inside and m.string.startswith(full, m.start() - inside)
        return m.group(0) if written else full

    return _CONTRACTION.sub(spelt, text)
# 政府 after a place is its 人民政府 (县政府 = 县人民政府); 人民政府 and 政府办 stay as they are
_BARE_GOVERNMENT = re.compile(r"(?<!人民)政府(?!办)")
# The levels a short form may start with for "this place's" (县发改局 on a county's site).
_LEVELS = "省市县区州旗镇乡"
# The kind of body a name ends with; a short form and its full name end with the same kind.
_KINDS = (
    ("办公室", "办"), ("办公厅", "办"), ("办事处", "办"), ("委员会", "委"), ("人民政府", "府"), ("政府", "府"),
    ("行政公署", "署"), ("公署", "署"), ("局", "局"), ("委", "委"), ("办", "办"), ("厅", "厅"), ("署", "署"),
    ("院", "院"), ("中心", "心"), ("所", "所"), ("站", "站"), ("队", "队"), ("处", "处"), ("部", "部"), ("会", "会"),
)
_BODY_NAME = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|办事处|委员会|管委会|公署|局|委|办|厅|署|院|中心|所|站|队|处|部|会)$"
)
# A place standing for its government (the title "平潭综合实验区2019年度…报告" is the zone's report), longest
# suffix first: its government is named by what the place is.
_PLACE_GOVERNMENT = (
    (re.compile(r"(?:开发区|新区|实验区|试验区|示范区|高新区|园区|合作区|保税区)$"), "管理委员会"),
    (re.compile(r"街道$"), "办事处"),
    (re.compile(r"(?:地区|盟)$"), "行政公署"),
    (re.compile(r"(?:省|自治区|市|县|区|旗|州|镇|乡)$"), "人民政府"),
)
_PLACE_GOVERNMENT_NAMES = ("人民政府", "政府", "管理委员会", "管委会", "办事处", "行政公署")
# a place's government, or the office that publishes in its name (政府办, a town's 党政办, a zone's 管委会办公室)
_GOVERNMENT_OR_OFFICE = ("人民政府", "管理委员会", "办事处", "行政公署", "党政办公室", "办公室")
_NOT_NAME = re.compile(r"[\s·•,，、;；:：'\"“”‘’（）()\[\]【】〔〕<>《》]")
# what a title opens with before the year it covers (the body, or the place standing for it)
_TITLE_HEAD = re.compile(r"^\s*(?:关于)?\s*(?P<name>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:关于)?\s*(?:(?:19|20)\d{2}|"
                         r"[〇○零一二三四五六七八九]{4})\s*年")
_SIGNATURE_LINES = 4
_CLOSING = re.compile(r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                      r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*(?:印发|发布)?$")


class AgencyIdentity(NamedTuple):
    agency: str  # the full official name ("" when the page names no body)
    raw: str  # what the page printed (来源, 发布机构, 作者 or the title's head), as printed
    key: str  # one body, one key: the canonical name, with the site ("name|host") when the name holds no place


def canonical(name: str) -> str:
    """The form every spelling of one body shares: half width, no spaces or punctuation, contractions spelled
    out, 政府 as 人民政府, without 和 (人力资源和社会保障局 and 人力资源社会保障局 are one body)."""
    text = _spell_out(_NOT_NAME.sub("", halfwidth(fold(name))))
    text = _BARE_GOVERNMENT.sub("人民政府", text)
    return text.replace("和", "")


def _expanded(name: str) -> str:
    """The name with its contractions spelled out (县发改局 → 县发展和改革局), 和 kept."""
    text = _spell_out(halfwidth(fold(name)).strip())
    return _BARE_GOVERNMENT.sub("人民政府", text)


def _kind(name: str) -> str:
    for ending, kind in _KINDS:
        if name.endswith(ending):
            return kind
    return ""


def _in_order(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def short_form_of(short: str, full: str) -> bool:
    """Whether ``short`` is a way of writing ``full``: the same canonical name, the full name with its place
    dropped (发展和改革局 of 沭阳县发展和改革局), or its characters in order from where the body's name starts
    (after a bare level such as 县, which must be the level of the full name's place), ending with the same
    kind of body (局, 委, 办 …)."""
    s, f = canonical(short), canonical(full)
    if not s or not f or len(s) > len(f):
        return False
    if s == f:
        return True
    if _kind(s) != _kind(f):
        return False
    starts = []  # where in the full name the short form's body may start
    if s[0] in _LEVELS:
        starts = [(i + 1, s[1:]) for i, ch in enumerate(f[:-1]) if ch == s[0]]
    # the body without any level: it starts right after a place, or the full name is only the body
    starts += [(0, s)] + [(i + 1, s) for i, ch in enumerate(f[:-1]) if ch in _LEVELS or f[i - 1 : i + 1] == "街道"]
    for at, body in starts:
        tail = f[at:]
        if body and tail and body[0] == tail[0] and _in_order(body, tail):
            return True
    return False


def title_head_name(title: str) -> str:
    """The body or place a title opens with before the year it covers (某市教育局2019年…, 平潭综合实验区2019年度…)."""
    m = _TITLE_HEAD.match(halfwidth(title))
    if not m:
        return ""
    name = m.group("name")
    return name if _BODY_NAME.search(name) or _place_government(name) else ""


def _place_government(name: str) -> str:
    """The government of a place named alone (平潭综合实验区 → …管理委员会, 某某镇 → …人民政府), "" for a body."""
    if _BODY_NAME.search(name):
        return ""
    for place, government in _PLACE_GOVERNMENT:
        if place.search(name):
            return name + government
    return ""


def signature(lines: Sequence[str]) -> str:
    """The body a text is signed with (落款): the short line above the closing date among its last lines, or
    the name before the date on the same line."""
    tail = [halfwidth(line).strip() for line in lines[-_SIGNATURE_LINES:]]
    for k in range(len(tail) - 1, -1, -1):
        m = _CLOSING.search(tail[k])
        if not m:
            continue
        before = tail[k][: m.start()].strip()
        for name in (before, tail[k - 1] if k else ""):
            name = _NOT_NAME.sub("", name)
            if 2 <= len(name) <= 30 and _BODY_NAME.search(name):
                return name
        return ""
    return ""


def _names_body(name: str) -> bool:
    return 2 <= len(name) <= 40 and bool(_BODY_NAME.search(canonical(name)))


def _place_of_level(level: str, places: Sequence[str]) -> str:
    """The place of that level the site stands for (县 → 沭阳县), from the region found in the site's names."""
    for text in places:
        region = find_region(text)
        for part in (region["county"], region["city"], region["province"]):
            if part and part.endswith(level):
                return part
    return ""


def _full_name(name: str, candidates: Sequence[str], places: Sequence[str]) -> str:
    """A name as the page's fullest spelling of it: a longer candidate it is a short form of, else with its
    contractions spelled out and a bare level (县, 区) replaced by the site's place of that level."""
    for candidate in candidates:
        if len(_expanded(candidate)) > len(_expanded(name)) and short_form_of(name, candidate):
            return _expanded(candidate)
    full = _expanded(name)
    if full and full[0] in _LEVELS and not find_region(full)["code"]:
        place = _place_of_level(full[0], places)
        if place:
            return place + full[1:]
    return full


def identify_agency(
    printed: str, *, title: str = "", issuers: Sequence[str] = (), signed: str = "", crumbs: Sequence[str] = (),
    site_name: str = "", site: str = "",
) -> AgencyIdentity:
    """The report's body from everything the page says of it.

    ``printed``: what the page's 来源 / 发布机构 / 作者 / title head gave (``metadata.agency``); ``issuers``: the
    信息索引表's 发布机构 values; ``signed``: the signature; ``crumbs``: the breadcrumb's items; ``site``: the
    page's host, which keys a body whose name holds no place (县教育局 on two counties' sites are two bodies).

    The title's head decides whose report it is (a tax bureau's report posted with 来源 县人民政府 is the
    bureau's); a place named alone stands for its government. Without one, the printed name counts. Either is
    then written as the fullest name of it the page gives."""
    raw = fold(printed).strip()
    head = title_head_name(title)
    subject = head or raw
    if not subject:
        return AgencyIdentity("", raw, "")
    candidates = [c for c in (*issuers, signed, head, *crumbs, site_name, raw) if c and _names_body(c)]
    government = _place_government(subject)
    if government and _own_body(raw, subject):
        agency = _full_name(raw, candidates, [site_name, *candidates])
    elif government:
        # the page's own spelling of that government, with the region prefix it may add (曲水区石桥街道办事处)
        names = tuple(canonical(subject) + canonical(g) for g in _PLACE_GOVERNMENT_NAMES)
        named = [c for c in candidates if canonical(c).endswith(names)]
        agency = _expanded(max(named, key=len)) if named else government
    else:
        agency = _full_name(subject, candidates, [site_name, *candidates])
    return AgencyIdentity(agency, raw, agency_key(agency, site))


def _own_body(printed: str, place: str) -> bool:
    """The printed body is one of the place's own departments (万载县统计局 under the title 万载县2022年…), not
    its government or the government's office, which publish in the government's name."""
    name = canonical(printed)
    if not _names_body(printed) or not name.startswith(canonical(place)):
        return False
    rest = name[len(canonical(place)):]
    return bool(rest) and not rest.startswith(_GOVERNMENT_OR_OFFICE)


def url_host(url: str) -> str:
    """The host (and port) a page was read from: the site that keys a body named without a place."""
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""


def agency_key(agency: str, site: str = "") -> str:
    """The canonical name; a name that holds no place is kept apart per site (``canonical|site``)."""
    name = canonical(agency)
    if not name:
        return ""
    return name if find_region(agency)["code"] or not site else f"{name}|{site}"
