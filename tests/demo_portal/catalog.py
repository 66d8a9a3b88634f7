"""What the demo portals hold: the sites, their agencies, and the plan of every document.

Place names are real, everything said about them is invented. A plan is a list of ``Doc`` records
(reports and decoys) with titles, dates and ids fixed; the site modules turn it into pages.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

FIRST_YEAR, LAST_YEAR = 2008, 2024
REPORTS_PER_SCALE = 30  # genuine reports per site at scale 1
# Share of 2019+ reports whose page links a PDF copy of the report (flag "attachment"), up to scale 3 and
# beyond it.
ATTACHMENT_SHARE, ATTACHMENT_SHARE_LARGE = 0.2, 0.05


@dataclass(frozen=True)
class Site:
    key: str
    site_name: str  # 九江市人民政府
    region: str  # 九江市: the prefix of agency names
    level: str  # 市 or 县: how the text says "our city/county" (我市 / 我县)
    province: str
    domain: str
    site_code: str  # 网站标识码
    charset: str
    send_charset: bool
    start: str
    icp: str
    police: str  # 公网安备 record
    tech: str  # 技术支持
    province_site: str
    towns: tuple[str, ...]  # towns and streets (some sites name them with a district prefix)
    counties: tuple[str, ...] = ()  # subordinate counties/districts whose departments also report here
    agency_code: str = "0010"  # leading digits of 索引号
    server: str = "nginx"  # the Server header
    reports_per_scale: int = REPORTS_PER_SCALE
    # each step of scale past 1 adds this many (0: reports_per_scale); a site whose scale-1 count serves paging
    # (gkmlpt's 100 a page) would otherwise outgrow its agency-years at benchmark scales
    reports_per_extra_scale: int = 0
    placeholders: bool = False  # pages hold {{demo-site:NAME}} for the server to fill in (see the server)


TRS = Site(
    key="trs", site_name="九江市人民政府", region="九江市", level="市", province="江西省",
    domain="www.jiujiang.gov.cn", site_code="3604000001", charset="utf-8", send_charset=True,
    start="/index.shtml", icp="赣ICP备05004862号", police="赣公网安备 36040202000118号",
    tech="九江市大数据中心", province_site="http://www.jiangxi.gov.cn/",
    towns=("浔阳区甘棠街道办事处", "濂溪区十里街道办事处", "柴桑区沙河街道办事处", "武宁县宋溪镇人民政府",
           "修水县义宁镇人民政府", "湖口县双钟镇人民政府"),
    counties=("濂溪区", "浔阳区", "柴桑区", "武宁县", "修水县", "永修县", "德安县", "都昌县", "湖口县",
              "彭泽县", "瑞昌市", "共青城市", "庐山市"),
    agency_code="014502",
)
HANWEB = Site(
    key="hanweb", site_name="德清县人民政府", region="德清县", level="县", province="浙江省",
    domain="www.deqing.gov.cn", site_code="3305210001", charset="utf-8", send_charset=True,
    start="/index.html", icp="浙ICP备05006513号", police="浙公网安备 33052102000147号",
    tech="浙江省大数据发展管理局", province_site="http://www.zj.gov.cn/",
    towns=("武康街道办事处", "舞阳街道办事处", "阜溪街道办事处", "下渚湖街道办事处", "康乾街道办事处",
           "乾元镇人民政府", "新市镇人民政府", "洛舍镇人民政府", "钟管镇人民政府", "禹越镇人民政府",
           "新安镇人民政府", "雷甸镇人民政府", "莫干山镇人民政府"),
    agency_code="001008", server="Apache-Coyote/1.1",
)
OLDTABLE = Site(
    key="oldtable", site_name="太康县人民政府", region="太康县", level="县", province="河南省",
    domain="www.taikang.gov.cn", site_code="4116270001", charset="gbk", send_charset=False,
    start="/index.htm", icp="豫ICP备09013327号", police="豫公网安备 41162702000035号",
    tech="太康县信息中心", province_site="http://www.henan.gov.cn/",
    towns=("城关回族镇人民政府", "常营镇人民政府", "逊母口镇人民政府", "老冢镇人民政府", "朱口镇人民政府",
           "马头镇人民政府", "龙曲镇人民政府", "板桥镇人民政府", "符草楼镇人民政府", "转楼镇人民政府",
           "毛庄镇人民政府", "清集镇人民政府", "城郊乡人民政府", "张集乡人民政府", "高贤乡人民政府",
           "芝麻洼乡人民政府", "五里口乡人民政府", "杨庙乡人民政府", "王集乡人民政府", "独塘乡人民政府"),
    agency_code="11411627", server="Microsoft-IIS/6.0",
)
SITES = (TRS, HANWEB, OLDTABLE)

# Departments and the names they carried over time: (first year under that name, name).
# The 2018 institutional reform renamed many of them, so one agency's reports change name across years.
DEPARTMENTS: tuple[tuple[tuple[int, str], ...], ...] = (
    ((2008, "人民政府办公室"),),
    ((2008, "教育局"),),
    ((2008, "财政局"),),
    ((2008, "公安局"),),
    ((2008, "民政局"),),
    ((2008, "国土资源局"), (2019, "自然资源局")),
    ((2008, "环境保护局"), (2019, "生态环境局")),
    ((2008, "卫生局"), (2014, "卫生和计划生育委员会"), (2019, "卫生健康委员会")),
    ((2008, "工商行政管理局"), (2019, "市场监督管理局")),
    ((2008, "发展和改革委员会"),),
    ((2008, "科学技术局"),),
    ((2008, "经济和信息化委员会"), (2019, "工业和信息化局")),
    ((2008, "司法局"),),
    ((2008, "人力资源和社会保障局"),),
    ((2008, "住房和城乡建设局"),),
    ((2008, "交通运输局"),),
    ((2008, "水利局"),),
    ((2008, "农业局"), (2019, "农业农村局")),
    ((2008, "商务局"),),
    ((2008, "文化广电新闻出版局"), (2019, "文化广电旅游局")),
    ((2008, "审计局"),),
    ((2008, "统计局"),),
    ((2008, "林业局"),),
    ((2008, "城市管理局"),),
    ((2008, "信访局"),),
    ((2008, "人民防空办公室"),),
    ((2008, "民族宗教事务局"),),
    ((2008, "粮食局"), (2019, "粮食和物资储备局")),
    ((2008, "安全生产监督管理局"), (2019, "应急管理局")),
    ((2008, "体育局"),),
    ((2008, "档案局"),),
    ((2008, "机关事务管理局"),),
    ((2019, "医疗保障局"),),
    ((2019, "退役军人事务局"),),
    ((2021, "乡村振兴局"),),
)
# Offices inside a town; only used to grow the agency pool for large benchmark scales.
TOWN_OFFICES = ("党政综合办公室", "社会事务办公室", "经济发展办公室", "综合行政执法队", "便民服务中心",
                "农业农村办公室", "平安建设办公室", "自然资源所", "财政所", "退役军人服务站")
# Departments named in the brief; scale 1 draws its agencies from these first.
PREFERRED = ("人民政府办公室", "教育局", "财政局", "公安局", "民政局", "国土资源局", "环境保护局",
             "卫生局", "工商行政管理局")


@dataclass(frozen=True)
class Agency:
    key: str
    names: tuple[tuple[int, str], ...]  # (first year, full name)
    kind: str  # gov, dept, town
    code: str  # 索引号 prefix
    prefix: str = ""  # the place in front of the department's own name

    @property
    def first_year(self) -> int:
        return self.names[0][0]

    def name(self, year: int) -> str:
        current = self.names[0][1]
        for first, name in self.names:
            if year >= first:
                current = name
        return current

    def short(self, year: int) -> str:
        """The name without the place, as vague list titles use it (教育局年报)."""
        return self.name(year).removeprefix(self.prefix)


@dataclass
class Doc:
    kind: str  # report, disallowed, rule_of_law, notice, work_report, stats_bulletin, news
    title: str
    list_title: str
    column: str  # ndbg, zfgzbg, tjxx, xwdt
    published: datetime
    agency_name: str  # who published it (ContentSource)
    agency: Agency | None = None
    year: int | None = None  # the year a report covers
    title_form: str = ""
    doc_id: int = 0
    path: str = ""  # URL path, with query string where the site uses one
    seed: str = ""
    flags: set[str] = field(default_factory=set)
    related: list[Doc] = field(default_factory=list)
    prev: Doc | None = None
    next: Doc | None = None


def agency_pool(site: Site) -> list[Agency]:
    """Every agency that may publish on the site: the government, its departments, towns, and more."""
    code = site.agency_code
    gov = Agency("gov", ((FIRST_YEAR, site.site_name),), "gov", f"{code}000")
    pool = [gov]
    for i, names in enumerate(DEPARTMENTS):
        dept_names = tuple((y, site.region + n) for y, n in names)
        pool.append(Agency(f"d{i}", dept_names, "dept", f"{code}{i + 1:03d}", site.region))
    for i, town in enumerate(site.towns):
        full = town if site.counties else site.region + town
        pool.append(Agency(f"t{i}", ((FIRST_YEAR, full),), "town", f"{code}{i + 101:03d}"))
    for c, county in enumerate(site.counties):
        pool.append(Agency(f"c{c}", ((FIRST_YEAR, county + "人民政府"),), "gov", f"{code}{c + 201:03d}"))
        for i, names in enumerate(DEPARTMENTS[1:], start=1):
            pool.append(Agency(f"c{c}d{i}", tuple((y, county + n) for y, n in names), "dept",
                               f"{code}{c + 201:03d}{i:02d}", county))
    if not site.counties:
        for t, town in enumerate(site.towns):
            for i, office in enumerate(TOWN_OFFICES):
                town_name = site.region + town.removesuffix("人民政府").removesuffix("办事处")
                pool.append(Agency(f"t{t}o{i}", ((2012, town_name + office),), "dept",
                                   f"{code}{t + 101:03d}{i:02d}", town_name))
    return pool


def plan_reports(site: Site, scale: int) -> list[tuple[Agency, int]]:
    """Which agency reports which year: a few agencies with runs of years, like a real column."""
    rng = random.Random(f"plan:{site.key}:{scale}")
    pool = agency_pool(site)
    gov, rest = pool[0], pool[1:]
    preferred = [a for a in rest if a.kind == "dept" and a.names[0][1].removeprefix(site.region) in PREFERRED]
    towns = [a for a in rest if a.kind == "town"]
    others = [a for a in rest if a not in preferred and a not in towns[:2]]
    rng.shuffle(preferred)
    rng.shuffle(others)
    # 教育局 goes first: the vague "教育局年报" link needs it at every scale.
    preferred.sort(key=lambda a: not a.names[0][1].endswith("教育局"))
    order = [gov, *preferred[:6], *towns[:2], *preferred[6:], *others]
    total = site.reports_per_scale + (site.reports_per_extra_scale or site.reports_per_scale) * (scale - 1)
    picks: list[tuple[Agency, int]] = []
    # The government itself reports across the whole span, so old and new templates are both present.
    gov_years = [2008, 2013, 2017, 2020, 2022, 2024] if scale == 1 else list(range(FIRST_YEAR, LAST_YEAR + 1))
    picks += [(gov, y) for y in gov_years]
    for agency in order[1:]:
        if len(picks) >= total:
            break
        years = list(range(max(agency.first_year, FIRST_YEAR), LAST_YEAR + 1))
        want = rng.randint(2, 3) if scale == 1 else rng.randint(min(6, len(years)), len(years))
        chosen = sorted(_weighted_sample(rng, years, min(want, len(years), total - len(picks))))
        picks += [(agency, y) for y in chosen]
    if len(picks) < total:  # large scales: every agency reports every year it existed
        taken = set(picks)
        for agency in order[1:]:
            for year in range(max(agency.first_year, FIRST_YEAR), LAST_YEAR + 1):
                if len(picks) < total and (agency, year) not in taken:
                    picks.append((agency, year))
    if len(picks) < total:
        raise ValueError(f"scale {scale} needs more agency-years than site {site.key} has ({len(picks)})")
    return picks[:total]


def _weighted_sample(rng: random.Random, years: list[int], k: int) -> list[int]:
    """k distinct years, recent ones likelier: columns keep recent reports, old ones get archived."""
    def weight(y: int) -> float:
        return 3.0 if y >= 2019 else 1.5 if y >= 2014 else 1.0
    return sorted(years, key=lambda y: rng.random() ** (1 / weight(y)), reverse=True)[:k]


# Title forms: (key, template, first year it is used, last year). {a} agency, {y} year.
TITLE_FORMS = (
    ("full", "{a}{y}年政府信息公开工作年度报告", 2008, LAST_YEAR),
    ("nianduf", "{a}{y}年度政府信息公开工作年度报告", 2012, LAST_YEAR),
    ("zwgk", "{a}{y}年政务公开工作年度报告", 2014, 2018),
    ("xxgk", "{a}{y}年信息公开年报", 2008, 2016),
    ("nianbao", "{a}{y}年政府信息公开年报", 2010, LAST_YEAR),
    ("guanyu", "{a}关于{y}年政府信息公开工作的年度报告", 2008, 2018),
)


def report_title(agency: Agency, year: int, form: str, site: Site) -> str:
    name = agency.name(year)
    if agency.key == "gov":
        # The government writes "九江市2020年…", not "九江市人民政府2020年…", more often than not.
        name = site.region if year % 3 else name
    template = next(t for k, t, _, _ in TITLE_FORMS if k == form)
    return template.format(a=name, y=year)


def pick_form(rng: random.Random, year: int) -> str:
    forms = [(k, lo, hi) for k, _, lo, hi in TITLE_FORMS if lo <= year <= hi]
    weights = [6 if k == "full" else 3 if k == "nianduf" else 1 for k, _, _ in forms]
    return rng.choices([k for k, _, _ in forms], weights)[0]


def publish_time(rng: random.Random, year: int) -> datetime:
    """Reports come out early the next year; the deadline was 31 March before 2019 and 31 January after."""
    start = datetime(year + 1, 1, 5, 8, 30)
    span = 80 if year < 2019 else 40
    if rng.random() < 0.08:
        span += 60  # some are late
    return start + timedelta(days=rng.randrange(span), minutes=rng.randrange(0, 9 * 60))


def plan_site(site: Site, scale: int) -> list[Doc]:
    """All documents of one site, ordered by publication time, with ids and paths still unset."""
    rng = random.Random(f"docs:{site.key}:{scale}")
    docs: list[Doc] = []
    # Writing a report's PDF copy takes a tenth of a second or more: benchmark scales give one to fewer.
    with_copy = ATTACHMENT_SHARE if scale <= 3 else ATTACHMENT_SHARE_LARGE
    for agency, year in plan_reports(site, scale):
        form = pick_form(rng, year)
        title = report_title(agency, year, form, site)
        flags = {"attachment"} if year >= 2019 and rng.random() < with_copy else set()
        docs.append(Doc("report", title, title, "ndbg", publish_time(rng, year), agency.name(year),
                        agency=agency, year=year, title_form=form, flags=flags))
    _plant_traps(site, docs)
    docs += decoys(site)
    docs.sort(key=lambda d: (d.published, d.title))
    return docs


def _plant_traps(site: Site, docs: list[Doc]) -> None:
    """Each trap goes to the first report that fits; a small site may have none that fits a trap."""
    def first(pred) -> Doc:
        taken = {"vague_link", "broken_identity", "zwgk_title"}  # one trap per report
        return next((d for d in docs if pred(d) and not d.flags & taken), None)

    # A 政务公开工作年度报告: the name some agencies used in the mid-2010s.
    zwgk = first(lambda d: 2014 <= d.year <= 2018 and d.agency.kind != "gov")
    if zwgk:
        zwgk.title_form = "zwgk"
        zwgk.flags.add("zwgk_title")
        zwgk.title = zwgk.list_title = report_title(zwgk.agency, zwgk.year, "zwgk", site)
    # List links that say almost nothing; the page itself carries the full title.
    edu = first(lambda d: d.agency.names[0][1].endswith("教育局"))
    if edu:
        edu.list_title = edu.agency.short(edu.year).removeprefix(site.region) + "年报"
        edu.flags.add("vague_link")
    recent = first(lambda d: d.year >= 2019 and d.agency.kind != "gov")
    if recent:
        recent.list_title = f"{recent.year}年度报告"
        recent.flags.add("vague_link")
    # One report's statistics break the template identities, as real reports sometimes do.
    broken = first(lambda d: d.year >= 2021)
    if broken:
        broken.flags.add("broken_identity")

    # Reports whose page only points at the attachment that holds them (详见附件), one with statistics
    # tables; on the old county site also one published only as a file, linked straight from the list.
    # Taken from reports that carry no other flag (the attachment flag included).
    def plain(pred, flag: str) -> None:
        doc = next((d for d in docs if pred(d) and not d.flags), None)
        if doc:
            doc.flags.add(flag)

    plain(lambda d: d.year >= 2019 and d.agency.kind != "gov", "attachment_only")
    plain(lambda d: 2012 <= d.year <= 2018 and d.agency.kind != "gov", "attachment_only")
    if site.key == "oldtable":
        plain(lambda d: d.year >= 2019 and d.agency.kind != "gov", "file_only")


def decoys(site: Site) -> list[Doc]:
    r, lvl = site.region, site.level
    gov_office = r + "人民政府办公室"

    def at(y, m, d, hh=10, mm=0):
        return datetime(y, m, d, hh, mm)

    notice = "关于报送2020年度政府信息公开工作年度报告的通知"
    out = [
        Doc("rule_of_law", f"{r}2021年法治政府建设年度报告", f"{r}2021年法治政府建设年度报告", "ndbg",
            at(2022, 3, 28, 16, 20), r + "司法局", year=2021),
        Doc("notice", notice, notice, "ndbg", at(2021, 1, 6, 11, 5), gov_office, year=2020),
    ]
    if site.key == "trs":
        # A report that robots.txt forbids: TRS sites park archived copies in a sub-folder like this one.
        title = f"{r}统计局2019年政府信息公开工作年度报告"
        out.append(Doc("disallowed", title, title, "ndbg", at(2020, 1, 10, 9, 10), r + "统计局", year=2019))
    for y, day in ((2022, 18), (2023, 9), (2024, 16)):
        when = at(y, 1, day + 6, 15, 0)
        list_title = f"{y}年{r}政府工作报告"
        out.append(Doc("work_report", "政府工作报告", list_title, "zfgzbg", when, site.site_name, year=y))
    for y in (2022, 2023):
        title = f"{r}{y}年国民经济和社会发展统计公报"
        out.append(Doc("stats_bulletin", title, title, "tjxx", at(y + 1, 4, 3 + y % 7, 9, 0), r + "统计局",
                       year=y))
    news = [
        (f"{r}召开2021年政务公开工作推进会", at(2021, 4, 16, 17, 40)),
        (f"{r}教育局开展政府信息公开业务培训", at(2022, 6, 9, 10, 25)),
        (f"我{lvl}2020年政府信息公开工作年度报告全部按时发布", at(2021, 2, 3, 9, 45)),
        (f"{r}一季度经济运行稳中向好", at(2023, 4, 21, 16, 0)),
        (f"{r}启动数字政府建设三年行动", at(2023, 8, 30, 11, 30)),
    ]
    for title, when in news:
        out.append(Doc("news", title, title, "xwdt", when, gov_office))
    return out


def link_neighbours(docs: list[Doc]) -> None:
    """上一篇 / 下一篇 within a column, and 相关链接: the same agency's reports of other years."""
    by_column: dict[str, list[Doc]] = {}
    for doc in docs:
        by_column.setdefault(doc.column, []).append(doc)
    for column_docs in by_column.values():
        ordered = sorted(column_docs, key=lambda d: d.published, reverse=True)
        for a, b in itertools.pairwise(ordered):
            a.next, b.prev = b, a
    by_agency: dict[str, list[Doc]] = {}
    for doc in docs:
        if doc.kind == "report" and doc.agency:
            by_agency.setdefault(doc.agency.key, []).append(doc)
    for group in by_agency.values():
        for doc in group:
            others = [d for d in group if d is not doc]
            doc.related = sorted(others, key=lambda d, doc=doc: abs(d.year - doc.year))[:5]
