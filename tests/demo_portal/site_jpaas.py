"""安吉县人民政府 on Hanweb's (大汉) JPaaS platform: column lists come from page-build units (JSON).

URLs: /index.html → /col/col1229451234/index.html (政府信息公开年报) and /col/col1229451240/index.html (部门年报).
A column page holds an empty list and ``<script src="/AuthorizedRead/unitbuild.js" url="…/build/unit"
queryData="{'webId':…,'pageId':…,'tagId':'信息列表',…,'paramJson':'{\\"pageNo\\":1,\\"pageSize\\":15}'}">``
(a single-quoted literal; a second unitbuild tag is the page's 页面导航 unit). The list:
GET /api-gateway/jpaas-publish-server/front/page/build/unit?parseType=bulidstatic&webId=…&tplSetId=…
&pageType=column&tagId=信息列表&editType=null&pageId=<col id>&paramJson={"pageNo":N,"pageSize":15}
→ ``{"success":true,"data":{"html":"<ul>…<li><a href title>…</a><span>date</span></li>…</ul>
<div class=\\"pagination\\" count=\\"24\\" …>"}}`` (site-relative links, anchor text cut short, the whole title in
``title``; the total only in ``div.pagination[count]``); past the last page ``data.html`` is empty. The 部门年报
column's unit ignores paramJson: every page answers its first page, and its count promises more (a loop the
reader must notice). Articles: /art/Y/M/D/art_<col>_<id>.html, files under /attach/0/.
"""

from __future__ import annotations

import json
import random

from tests.demo_portal import modern
from tests.demo_portal.catalog import Doc, Site
from tests.demo_portal.markup import esc
from tests.demo_portal.output import SiteOutput

SITE = Site(
    key="jpaas", site_name="安吉县人民政府", region="安吉县", level="县", province="浙江省",
    domain="www.anji.gov.cn", site_code="3305230001", charset="utf-8", send_charset=True,
    start="/index.html", icp="浙ICP备05019467号", police="浙公网安备 33052302000118号",
    tech="浙江省大数据发展管理局", province_site="http://www.zj.gov.cn/",
    towns=("递铺街道办事处", "昌硕街道办事处", "灵峰街道办事处", "孝丰镇人民政府", "天荒坪镇人民政府"),
    agency_code="002541", server="openresty", reports_per_scale=22, reports_per_extra_scale=20,
)
UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
WEB_ID = "a1f3c9e2b7d84e6f9c0b5d2e8a4f7c31"
TPL_SET = "Qm7vTzR2kXy9HcW3nDp5a"
LIST_TAG, NAV_TAG = "信息列表", "页面导航"
PER_PAGE = 15
MAIN, LOOP = 1229451234, 1229451240  # 政府信息公开年报, 部门年报 (its unit ignores the page asked for)
COLUMNS = {MAIN: "政府信息公开年报", LOOP: "部门年报"}
OFFSITE = {"中国政府网": "https://www.gov.cn/", "浙江省人民政府": "http://www.zj.gov.cn/",
           "浙江政务服务网": "https://www.zjzwfw.gov.cn/"}
CHROME = modern.Chrome(
    SITE, nav=(("/index.html", "首页"), (f"/col/col{MAIN}/index.html", "政务公开"),
               ("https://www.zjzwfw.gov.cn/", "政务服务"), ("javascript:;", "政民互动")),
    side=tuple((f"/col/col{c}/index.html", n) for c, n in COLUMNS.items()),
    offsite=OFFSITE, address="安吉县递铺街道昌硕东路1号", generator="大汉软件股份有限公司")


def col_path(col_id: int) -> str:
    return f"/col/col{col_id}/index.html"


def split(docs: list[Doc]) -> dict[int, list[Doc]]:
    """Every other department report goes to 部门年报 (at most one unit page of them); the rest, decoys
    included, to 政府信息公开年报. Newest first."""
    others = [d for d in docs if d.kind == "report" and d.agency.kind != "gov"]
    loop = others[1::2][:PER_PAGE]
    in_loop = {id(d) for d in loop}  # by identity: Doc equality would compare whole neighbour chains
    main = [d for d in docs if id(d) not in in_loop]
    return {MAIN: sorted(main, key=lambda d: d.published, reverse=True),
            LOOP: sorted(loop, key=lambda d: d.published, reverse=True)}


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:jpaas")
    modern.keep_attachments(docs, 1)
    doc_id = 4120000
    in_loop = {id(d) for d in split(docs)[LOOP]}
    for doc in docs:
        doc_id += rng.randint(50, 700)
        doc.doc_id = doc_id
        col = LOOP if id(doc) in in_loop else MAIN
        p = doc.published
        doc.path = f"/art/{p.year}/{p.month}/{p.day}/art_{col}_{doc_id}.html"


def _query_data(col_id: int, tag: str, paging: bool) -> str:
    """The script tag's queryData: a single-quoted literal, paramJson a JSON string inside it."""
    fields = {"webId": WEB_ID, "pageId": str(col_id), "tplSetId": TPL_SET, "pageType": "column", "tagId": tag,
              "editType": "null", "parseType": "bulidstatic"}
    text = ",".join(f"'{k}':'{v}'" for k, v in fields.items())
    if paging:
        text += ",'paramJson':'{\\\"pageNo\\\":1,\\\"pageSize\\\":" + str(PER_PAGE) + "}'"
    return "{" + text + "}"


def _unit_script(col_id: int, tag: str, paging: bool) -> str:
    return (f'<script type="text/javascript" src="/AuthorizedRead/unitbuild.js" url="{UNIT}" '
            f'queryData="{_attr(_query_data(col_id, tag, paging))}"></script>')


def _attr(text: str) -> str:
    """A double-quoted attribute value as the CMS writes it: single quotes stay as they are."""
    return text.replace("&", "&amp;").replace('"', "&quot;")


def _request(col_id: int, page_no: int) -> dict[str, str]:
    """The query a column page's list unit makes for one page."""
    return {"parseType": "bulidstatic", "webId": WEB_ID, "tplSetId": TPL_SET, "pageType": "column", "tagId": LIST_TAG,
            "editType": "null", "pageId": str(col_id), "paramJson": json.dumps({"pageNo": page_no, "pageSize": PER_PAGE})}


def _unit_json(html: str) -> str:
    return modern.api_json({"success": True, "data": {"html": html}})


def _list_html(docs: list[Doc], count: int, page_no: int) -> str:
    def shown(d: Doc) -> str:
        return d.list_title if len(d.list_title) <= 22 else d.list_title[:21] + "…"
    items = "".join(f'<li><a href="{d.path}" target="_blank" title="{esc(d.list_title)}">{esc(shown(d))}</a>'
                    f'<span class="date">{d.published:%Y-%m-%d}</span></li>' for d in docs)
    pages = -(-count // PER_PAGE)
    return (f'<ul class="list">{items}</ul><div class="pagination" count="{count}" pagesize="{PER_PAGE}" '
            f'curpage="{page_no}" totalpage="{pages}"><a href="javascript:;" class="prev">上一页</a>'
            f'<a href="javascript:;" class="next">下一页</a></div>')


def _column_page(out: SiteOutput, col_id: int) -> None:
    inner = (f'<div class="list-box" id="list-{col_id}"></div>\n{_unit_script(col_id, LIST_TAG, True)}\n'
             f'<div class="nav-unit"></div>\n{_unit_script(col_id, NAV_TAG, False)}')
    name = COLUMNS[col_id]
    main = modern.column(CHROME, name, inner, col_path(col_id), "ndbg")
    out.add(col_path(col_id).lstrip("/"), modern.page(CHROME, f"{name}_{SITE.site_name}", main,
                                                      [(col_path(MAIN), "政务公开"), (col_path(col_id), name)],
                                                      {"ColumnName": name, "ColId": str(col_id)}, active="政务公开"))
    out.list_pages.append(col_path(col_id))


def build(out: SiteOutput, docs: list[Doc]) -> None:
    columns = split(docs)
    for col_id, col_docs in columns.items():
        trail = [(col_path(MAIN), "政务公开"), (col_path(col_id), COLUMNS[col_id])]
        for doc in col_docs:
            modern.write_doc(out, CHROME, doc, trail, f"/attach/0/{doc.doc_id:x}{doc.published:%Y%m%d}.pdf")
        _column_page(out, col_id)

    base = {"webId": WEB_ID, "tagId": LIST_TAG}
    json_type = modern.API_JSON
    listed = columns[MAIN]
    pages = [listed[i:i + PER_PAGE] for i in range(0, len(listed), PER_PAGE)]
    for number, batch in enumerate(pages, start=1):
        body = _unit_json(_list_html(batch, len(listed), number))
        params = {**base, "pageId": str(MAIN), "paramJson.pageNo": str(number), "paramJson.pageSize": str(PER_PAGE)}
        out.route("GET", UNIT, params, f"_q/unit_{MAIN}_p{number}.json", body, content_type=json_type)
        out.api.append({"method": "GET", "path": UNIT, "params": _request(MAIN, number), "items": len(batch)})
        if number == 1:  # without paramJson the unit renders its first page
            out.route("GET", UNIT, {**base, "pageId": str(MAIN)}, f"_q/unit_{MAIN}_p1.json", body, content_type=json_type)
    out.route("GET", UNIT, {**base, "pageId": str(MAIN)}, f"_q/unit_{MAIN}_empty.json", _unit_json(""),
              present=("paramJson.pageNo",), content_type=json_type)
    # The broken unit: whatever page is asked for, its first page, with a count that promises another page.
    loop = columns[LOOP]
    out.route("GET", UNIT, {**base, "pageId": str(LOOP)}, f"_q/unit_{LOOP}_any.json",
              _unit_json(_list_html(loop, len(loop) + PER_PAGE, 1)), content_type=json_type)
    for number in (1, 2):  # what a reader asks before it sees the second page repeat the first
        out.api.append({"method": "GET", "path": UNIT, "params": _request(LOOP, number), "items": len(loop),
                        "ignores_page": True})
    nav = "".join(f'<li><a href="{col_path(c)}">{n}</a></li>' for c, n in COLUMNS.items())
    out.route("GET", UNIT, {"webId": WEB_ID, "tagId": NAV_TAG}, "_q/unit_nav.json",
              _unit_json(f'<ul class="sub-nav">{nav}</ul>'), content_type=json_type)

    news = [d for d in listed if d.kind == "news"][:5]
    modern.write_home(out, CHROME, "安吉要闻", news, [(col_path(c), n) for c, n in COLUMNS.items()], "/manage/")
    out.notes["api_family"] = "jpaas"
    out.notes["report_column"] = col_path(MAIN)
