"""通化市人民政府 whose report column is filled by TRS 海云 IRS search, served from a second host.

Two site directories: ``irs`` (the portal) and ``irs_search`` (search.tonghua.gov.cn, its search host; a
separate port). URLs: /index.html → /zwgk/zfxxgknb/index.html (政府信息公开年报): an empty list whose inline
script names the API on the search host, ``var IRS_API = "{{demo-site:irs_search}}/irs/front/search"`` (the
server writes the search site's base URL there), and the body ``irsQuery`` it posts:
POST <search host>/irs/front/search, Content-Type application/json, body ``{"code":"18b2c4e6f0a",
"dataTypeId":"2761","searchWord":"年度报告","orderBy":"time","searchBy":"all","pageNo":N,"pageSize":10,
"customFilter":{"operator":"and","properties":[{"property":"channel_id","operator":"eq","value":"71246",
"weight":100}]},…}`` → ``{"success":true,"data":{"pager":{"pageNo","pageSize","pageCount","total"},
"middle":{"listAndBox":[{"type":"DATA","data":{"title":"…<em>年度报告</em>","url":<absolute>,"time":…}}]}}}``;
titles carry <em> highlights and there is no title_no_tag. Without orderBy or searchBy the answer is HTTP 200
``{"success":false,"msg":"排序方式不能为空！"}``; past the last page an empty listAndBox.
"""

from __future__ import annotations

import json
import random
import re

from tests.demo_portal import modern
from tests.demo_portal.catalog import Doc, Site
from tests.demo_portal.markup import esc
from tests.demo_portal.output import SiteOutput

SITE = Site(
    key="irs", site_name="通化市人民政府", region="通化市", level="市", province="吉林省",
    domain="www.tonghua.gov.cn", site_code="2205000001", charset="utf-8", send_charset=True,
    start="/index.html", icp="吉ICP备05002371号", police="吉公网安备 22050202000108号",
    tech="拓尔思信息技术股份有限公司", province_site="http://www.jl.gov.cn/",
    towns=("东昌区新站街道办事处", "二道江区东通化街道办事处", "梅河口市新华街道办事处", "集安市黎明街道办事处"),
    counties=("东昌区", "二道江区", "通化县", "辉南县", "柳河县", "梅河口市", "集安市"),
    agency_code="011380", reports_per_scale=12, placeholders=True,
)
SEARCH = Site(
    key="irs_search", site_name="通化市人民政府", region="通化市", level="市", province="吉林省",
    domain="search.tonghua.gov.cn", site_code="2205000001", charset="utf-8", send_charset=True,
    start="/irs-c-web/search.shtml", icp=SITE.icp, police=SITE.police, tech=SITE.tech,
    province_site=SITE.province_site, towns=SITE.towns, placeholders=True,
)
API = "/irs/front/search"
CODE, DATA_TYPE, CHANNEL = "18b2c4e6f0a", "2761", "71246"
SEARCH_WORD = "年度报告"
PER_PAGE = 10
COLUMN = "/zwgk/zfxxgknb/index.html"
COLUMN_NAME = "政府信息公开年报"
PORTAL = "{{demo-site:irs}}"  # the search host answers with absolute URLs on the portal
QUERY = {"code": CODE, "dataTypeId": DATA_TYPE, "configCode": "", "codes": "", "searchWord": SEARCH_WORD,
         "orderBy": "time", "searchBy": "all", "appendixType": "", "granularity": "ALL", "beginDateTime": "",
         "endDateTime": "", "isSearchForced": 0, "filters": [], "historySearchWords": [],
         "customFilter": {"operator": "and", "properties": [
             {"property": "channel_id", "operator": "eq", "value": CHANNEL, "weight": 100}]},
         "pageNo": 1, "pageSize": PER_PAGE}
HIGHLIGHT = re.compile("年度报告|年度|报告|年报")  # the search word and the segments it is cut into
OFFSITE = {"中国政府网": "https://www.gov.cn/", "吉林省人民政府": "http://www.jl.gov.cn/",
           "吉林省政务服务网": "http://zwfw.jl.gov.cn/"}
CHROME = modern.Chrome(
    SITE, nav=(("/index.html", "首页"), (COLUMN, "政务公开"), ("http://zwfw.jl.gov.cn/", "政务服务"),
               ("javascript:;", "互动交流")),
    side=((COLUMN, COLUMN_NAME),), offsite=OFFSITE, address="通化市东昌区新华大街1号",
    generator="拓尔思信息技术股份有限公司")
SEARCH_CHROME = modern.Chrome(SEARCH, nav=(("/irs-c-web/search.shtml", "首页"),), side=(), offsite=OFFSITE,
                              address=CHROME.address, generator=CHROME.generator)
LIST_SCRIPT = """<script type="text/javascript">
var IRS_API = "{{demo-site:irs_search}}IRS_PATH";
var irsQuery = IRS_QUERY;
function loadPage(pageNo) {
    irsQuery.pageNo = pageNo;
    $.ajax({url: IRS_API, type: "POST", contentType: "application/json", dataType: "json",
            data: JSON.stringify(irsQuery), success: function (res) {
        if (!res.success) { return; }
        var html = $.map(res.data.middle.listAndBox, function (box) {
            var d = box.data;
            return '<li><a href="' + d.url + '" target="_blank">' + d.title + '</a><span>' + d.time.substr(0, 10) + '</span></li>';
        });
        $("#irs-list").html(html.join(""));
        $("#irs-pager").text("共" + res.data.pager.pageCount + "页");
    }});
}
$(function () { loadPage(1); });
</script>""".replace("IRS_PATH", API).replace("IRS_QUERY", json.dumps(QUERY, ensure_ascii=False))


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:irs")
    modern.full_list_titles(docs)
    modern.keep_attachments(docs, 1)
    doc_id = 1_840_000
    for doc in docs:
        doc_id += rng.randint(30, 600)
        doc.doc_id = doc_id
        p = doc.published
        doc.path = f"/art/{p.year}/{p.month}/{p.day}/art_{CHANNEL}_{doc_id}.html"


def _box(doc: Doc) -> dict:
    title = HIGHLIGHT.sub(lambda m: f"<em>{m[0]}</em>", esc(doc.title))
    return {"type": "DATA", "data": {
        "title": title, "url": PORTAL + doc.path, "time": f"{doc.published:%Y-%m-%d %H:%M:%S}",
        "content": f"{esc(doc.agency_name)}发布{esc(doc.title)}。", "source": doc.agency_name,
        "channelName": COLUMN_NAME, "table-4": doc.agency_name, "docId": str(doc.doc_id)}}


def _answer(boxes: list[dict], page_no: int, total: int) -> str:
    pages = -(-total // PER_PAGE)
    return modern.api_json({"success": True, "msg": "成功", "data": {
        "pager": {"pageNo": page_no, "pageSize": PER_PAGE, "pageCount": pages, "total": total},
        "middle": {"listAndBox": boxes}}})


def build(out: SiteOutput, docs: list[Doc]) -> list[SiteOutput]:
    listed = sorted(docs, key=lambda d: d.published, reverse=True)
    trail = [(COLUMN, COLUMN_NAME)]
    for doc in docs:
        modern.write_doc(out, CHROME, doc, trail, f"/attach/0/{doc.doc_id}.pdf")
    inner = '<ul class="list" id="irs-list"></ul>\n<div class="pagination" id="irs-pager"></div>\n' + LIST_SCRIPT
    main = modern.column(CHROME, COLUMN_NAME, inner, COLUMN, "ndbg")
    out.add(COLUMN.lstrip("/"), modern.page(CHROME, f"{COLUMN_NAME}_{SITE.site_name}", main, trail,
                                            {"ColumnName": COLUMN_NAME}, active="政务公开"))
    out.list_pages.append(COLUMN)
    news = [d for d in listed if d.kind == "news"][:5]
    modern.write_home(out, CHROME, "通化要闻", news, CHROME.side, "/manage/")
    out.notes["api_family"] = "irs"
    out.notes["report_column"] = COLUMN
    out.notes["api_site"] = SEARCH.key

    search = SiteOutput(SEARCH)
    keys = {"code": CODE, "dataTypeId": DATA_TYPE, "customFilter.properties.0.value": CHANNEL}
    required = ("orderBy", "searchBy")
    pages = [listed[i:i + PER_PAGE] for i in range(0, len(listed), PER_PAGE)]
    for number, batch in enumerate(pages, start=1):
        search.route("POST", API, {**keys, "pageNo": str(number), "pageSize": str(PER_PAGE)}, f"_q/search_p{number}.json",
                     _answer([_box(d) for d in batch], number, len(listed)), present=required,
                     content_type=modern.API_JSON)
        out.api.append({"method": "POST", "site": SEARCH.key, "path": API, "json": {**QUERY, "pageNo": number},
                        "items": len(batch)})
    search.route("POST", API, {"code": CODE}, "_q/search_past.json", _answer([], len(pages) + 1, len(listed)),
                 present=required, content_type=modern.API_JSON)
    search.route("POST", API, {"code": CODE}, "_q/search_unordered.json",
                 modern.api_json({"success": False, "msg": "排序方式不能为空！"}),
                 content_type=modern.API_JSON)
    form = (f'<div class="main w1200"><div class="col-title"><span>站内搜索</span></div><div id="irs-app" '
            f'data-code="{CODE}" data-datatypeid="{DATA_TYPE}"></div><script type="text/javascript" '
            f'src="/irs-c-web/js/search.js"></script><p>请输入关键词搜索{SITE.site_name}网站内容。</p>'
            f'<p><a href="{PORTAL}/index.html">返回{SITE.site_name}首页</a></p></div>\n')
    search.add("irs-c-web/search.shtml", modern.page(SEARCH_CHROME, f"站内搜索_{SITE.site_name}", form,
                                                     metas={"ColumnName": "站内搜索"}))
    search.add("robots.txt", "User-agent: *\nDisallow: /irs-c-web/admin/\n")
    search.notes["serves"] = SITE.key
    return [search]
