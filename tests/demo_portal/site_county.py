"""岳西县人民政府 as a present-day county portal (in the manner of 开普云 sites): static HTML, but a report
column named unusually, year sub-columns, links that are only agency names, files linked straight from lists,
and a department sub-site with its own report column.

URLs: /index.html → /zwgk/index.html, whose link "岳西县人民政府办公室政府信息公开年报（含部门）" leads to
/zwgk/xxgknb/index.html: only year sub-columns, linked by the year alone in varying forms (2019年度, 2020年,
2021, 2018年度报告, 2017年报 …) → /zwgk/xxgknb/YYYY/index.html: that year's reports, each linked by the
agency's name alone (县人民政府, 县教育局 …), to its page (/zwgk/content/post_ID.html) or straight to a PDF,
DOCX or DOC file (/group1/M00/…; the DOC is a Word web page). The 部门乡镇 section (/bmxz/index.html) leads to
the 县教育局 sub-site /bmxz/jyj/index.html with its own column 政府信息公开年报 (/bmxz/jyj/xxgknb/index.html);
that agency's reports are only there. Decoys: the 法治政府建设年度报告 and the notice in year sub-columns,
政府工作报告, 统计公报 and news in their own columns.
"""

from __future__ import annotations

import random

from tests.demo_portal import modern
from tests.demo_portal.catalog import Doc, Site
from tests.demo_portal.markup import esc
from tests.demo_portal.output import SiteOutput

SITE = Site(
    key="county", site_name="岳西县人民政府", region="岳西县", level="县", province="安徽省",
    domain="www.yuexi.gov.cn", site_code="3408280001", charset="utf-8", send_charset=True,
    start="/index.html", icp="皖ICP备05009831号", police="皖公网安备 34082802000106号",
    tech="开普云信息科技股份有限公司", province_site="http://www.ah.gov.cn/",
    towns=("天堂镇人民政府", "店前镇人民政府", "河图镇人民政府", "五河镇人民政府", "主簿镇人民政府",
           "温泉镇人民政府", "响肠镇人民政府", "头陀镇人民政府"),
    agency_code="003481", reports_per_scale=16,
)
COLUMN = "/zwgk/xxgknb/index.html"
COLUMN_LINK = f"{SITE.region}人民政府办公室政府信息公开年报（含部门）"
SUBSITE, SUBSITE_NAME = "/bmxz/jyj/", f"{SITE.region}教育局"
SUBSITE_COLUMN = SUBSITE + "xxgknb/index.html"
OTHER_COLUMNS = {"zfgzbg": ("/zwgk/zfgzbg/index.html", "政府工作报告"), "tjxx": ("/zwgk/tjxx/index.html", "统计信息"),
                 "xwdt": ("/xwdt/index.html", "新闻动态")}
# How a year sub-column is linked, by year % 5: 2020年, 2021, 2017年报, 2018年度报告, 2019年度.
YEAR_LABELS = ("{y}年", "{y}", "{y}年报", "{y}年度报告", "{y}年度")
FILE_FORMATS = ("pdf", "docx", "doc", "pdf")  # reports linked straight to their file, in this order
OFFSITE = {"中国政府网": "https://www.gov.cn/", "安徽省人民政府": "http://www.ah.gov.cn/",
           "安徽政务服务网": "https://www.ahzwfw.gov.cn/"}
CHROME = modern.Chrome(
    SITE, nav=(("/index.html", "首页"), ("/zwgk/index.html", "政务公开"), ("/bmxz/index.html", "部门乡镇"),
               ("/xwdt/index.html", "新闻动态"), ("https://www.ahzwfw.gov.cn/", "政务服务")),
    side=(("/zwgk/index.html", "信息公开"), (COLUMN, COLUMN_LINK), *OTHER_COLUMNS.values()),
    offsite=OFFSITE, address="岳西县天堂镇人民路", generator="开普云信息科技股份有限公司")
SUB_CHROME = modern.Chrome(
    SITE, nav=((SUBSITE + "index.html", "首页"), (SUBSITE_COLUMN, "信息公开"), ("/index.html", "县政府门户")),
    side=((SUBSITE_COLUMN, "政府信息公开年报"),), offsite=OFFSITE, address="岳西县天堂镇建设路",
    generator=CHROME.generator)


def _in_subsite(doc: Doc) -> bool:
    return doc.kind == "report" and doc.agency.names[0][1] == SUBSITE_NAME


def year_label(year: int) -> str:
    return YEAR_LABELS[year % 5].format(y=year)


def agency_link(doc: Doc) -> str:
    """What the year sub-column's link says: the agency's name alone, the county's name cut to 县."""
    if doc.agency.kind == "gov":
        return "县人民政府"
    name = doc.agency.short(doc.year)
    return "县" + name if doc.agency.kind == "dept" else name.removeprefix(SITE.region)


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:county")
    modern.keep_attachments(docs, 1)
    files = iter(FILE_FORMATS)
    doc_id = 7_120_000
    for doc in docs:
        doc_id += rng.randint(100, 2000)
        doc.doc_id = doc_id
        folder = "/xwdt/content/" if doc.column == "xwdt" else SUBSITE + "content/" if _in_subsite(doc) else "/zwgk/content/"
        doc.path = f"{folder}post_{doc_id}.html"
        if doc.kind != "report" or _in_subsite(doc):
            continue
        doc.flags.discard("vague_link")
        doc.list_title = agency_link(doc)
        doc.flags.add("agency_link")
        fmt = next(files, "") if doc.flags == {"agency_link"} and doc.agency.kind != "gov" else ""
        if fmt:
            doc.flags.add("file_only")
            doc.path = f"/group1/M00/{doc_id % 256:02X}/{doc_id // 256 % 256:02X}/wKgBZ{doc_id}.{fmt}"


def _list_page(out: SiteOutput, chrome: modern.Chrome, path: str, name: str, inner: str, trail, intro: str = "") -> None:
    main = modern.column(chrome, name, inner, path, intro)
    out.add(path.lstrip("/"), modern.page(chrome, f"{name}_{SITE.site_name}", main, trail, {"ColumnName": name},
                                          active="政务公开"))


def build(out: SiteOutput, docs: list[Doc]) -> None:
    column_trail = [("/zwgk/index.html", "信息公开"), (COLUMN, COLUMN_LINK)]
    sub_trail = [(SUBSITE + "index.html", SUBSITE_NAME), (SUBSITE_COLUMN, "政府信息公开年报")]
    for doc in docs:
        chrome, trail = (SUB_CHROME, sub_trail) if _in_subsite(doc) else (CHROME, column_trail)
        if doc.column in OTHER_COLUMNS:
            trail = [OTHER_COLUMNS[doc.column]]
        fmt = doc.path.rsplit(".", 1)[1] if "file_only" in doc.flags else ""
        modern.write_doc(out, chrome, doc, trail, doc.path.rsplit(".", 1)[0] + ".pdf", fmt)

    by_year: dict[int, list[Doc]] = {}
    for doc in docs:
        if doc.column == "ndbg" and not _in_subsite(doc):
            by_year.setdefault(doc.year, []).append(doc)
    years = sorted(by_year, reverse=True)
    links = "".join(f'<li><a href="/zwgk/xxgknb/{y}/index.html">{year_label(y)}</a></li>' for y in years)
    _list_page(out, CHROME, COLUMN, COLUMN_LINK, f'<ul class="year-list">{links}</ul>', column_trail, "ndbg")
    out.list_pages.append(COLUMN)
    for y in years:
        path = f"/zwgk/xxgknb/{y}/index.html"
        entries = sorted(by_year[y], key=lambda d: (d.kind != "report", d.agency is None or d.agency.kind != "gov",
                                                    d.published))
        items = "".join(f'<li><a href="{esc(d.path)}" target="_blank">{esc(d.list_title)}</a></li>' for d in entries)
        _list_page(out, CHROME, path, year_label(y), f'<ul class="dept-list">{items}</ul>',
                   [*column_trail, (path, year_label(y))])
        out.list_pages.append(path)

    for key, (path, name) in OTHER_COLUMNS.items():
        col_docs = sorted([d for d in docs if d.column == key], key=lambda d: d.published, reverse=True)
        _list_page(out, CHROME, path, name, f'<ul class="list">{modern.list_items(col_docs, lambda d: d.path)}</ul>',
                   [(path, name)], key)

    links = "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for h, t in (
        ("javascript:;", "政府信息公开指南"), ("javascript:;", "政府信息公开制度"), (COLUMN, COLUMN_LINK),
        *OTHER_COLUMNS.values()))
    _list_page(out, CHROME, "/zwgk/index.html", "信息公开", f'<ul class="list">{links}</ul>', [("/zwgk/index.html", "信息公开")])

    depts = "".join(f'<li><a href="{SUBSITE if n == "教育局" else "javascript:;"}">县{n}</a></li>'
                    for n in ("发展和改革委员会", "教育局", "财政局", "民政局", "卫生健康委员会", "自然资源和规划局"))
    towns = "".join(f'<li><a href="javascript:;">{t.removesuffix("人民政府")}</a></li>' for t in SITE.towns)
    _list_page(out, CHROME, "/bmxz/index.html", "部门乡镇",
               f'<h4>部门</h4><ul class="list">{depts}</ul><h4>乡镇</h4><ul class="list">{towns}</ul>',
               [("/bmxz/index.html", "部门乡镇")])
    sub_docs = sorted([d for d in docs if _in_subsite(d)], key=lambda d: d.published, reverse=True)
    _list_page(out, SUB_CHROME, SUBSITE_COLUMN, "政府信息公开年报",
               f'<ul class="list">{modern.list_items(sub_docs, lambda d: d.path)}</ul>', sub_trail, "ndbg")
    out.list_pages.append(SUBSITE_COLUMN)
    sub_home = (f'<div class="main w1200"><div class="col-title"><span>{SUBSITE_NAME}</span></div><ul class="list">'
                f'<li><a href="{SUBSITE_COLUMN}">政府信息公开年报</a></li><li><a href="javascript:;">机构职能</a></li>'
                f'<li><a href="javascript:;">教育动态</a></li></ul></div>\n')
    out.add((SUBSITE + "index.html").lstrip("/"), modern.page(SUB_CHROME, SUBSITE_NAME, sub_home,
                                                              [(SUBSITE + "index.html", SUBSITE_NAME)]))

    news = sorted([d for d in docs if d.column == "xwdt"], key=lambda d: d.published, reverse=True)
    links = (("/zwgk/index.html", "信息公开"), ("/bmxz/index.html", "部门乡镇"))
    modern.write_home(out, CHROME, "岳西要闻", news, links, "/admin/")
    out.notes["report_column"] = COLUMN
    out.notes["year_columns"] = {str(y): year_label(y) for y in years}
    out.notes["subsite_column"] = SUBSITE_COLUMN
