"""沛县人民政府 on 国泰新点 Epoint WebBuilder: the disclosure list comes from a JSON POST API.

URLs: /index.html → /dynamic/zwgk/govInfoPub.html?categorynum=003001009 (政府信息公开年报): an empty list
whose inline script takes ``categorynum`` (and ``deptcode``) from its own URL and posts, with
``siteInfo.siteGuid`` from /js/webBuilderCommon.js (``var siteInfo = {"projectName":"/EWB-FRONT",
"siteGuid":…}``), to ``siteInfo.projectName + "/rest/lightfrontaction/getgovinfolist"``:
POST /EWB-FRONT/rest/lightfrontaction/getgovinfolist, Content-Type application/json, body
``{"siteGuid":…,"categorynum":"003001009","deptcode":"","pageIndex":N,"pageSize":15}`` with pageIndex from 0
→ ``{"custom":{"total":24,"data":[{"title","realtitle","infourl","infodate",…}]}}`` (infourl site-relative);
past the last page ``data`` is empty. Articles: /zwgk/003/003001/003001009/YYYYMMDD/<guid>.html.
"""

from __future__ import annotations

import json
import random
import uuid

from tests.demo_portal import modern
from tests.demo_portal.catalog import Doc, Site
from tests.demo_portal.output import SiteOutput

SITE = Site(
    key="epoint", site_name="沛县人民政府", region="沛县", level="县", province="江苏省",
    domain="www.px.gov.cn", site_code="3203220001", charset="utf-8", send_charset=True,
    start="/index.html", icp="苏ICP备05082644号", police="苏公网安备 32032202000131号",
    tech="国泰新点软件股份有限公司", province_site="http://www.jiangsu.gov.cn/",
    towns=("沛城街道办事处", "龙固镇人民政府", "杨屯镇人民政府", "大屯街道办事处", "安国镇人民政府"),
    agency_code="014133", server="Apache-Coyote/1.1", reports_per_scale=12,
)
PROJECT = "/EWB-FRONT"
API = PROJECT + "/rest/lightfrontaction/getgovinfolist"
SITE_GUID = str(uuid.UUID(int=random.Random("guid:epoint").getrandbits(128), version=4))
CATEGORY = "003001009"
CATEGORY_NAME = "政府信息公开年报"
LIST_PAGE = "/dynamic/zwgk/govInfoPub.html"
PER_PAGE = 15  # what the page's own script asks for
OFFSITE = {"中国政府网": "https://www.gov.cn/", "江苏省人民政府": "http://www.jiangsu.gov.cn/",
           "江苏政务服务网": "http://www.jszwfw.gov.cn/"}
CHROME = modern.Chrome(
    SITE, nav=(("/index.html", "首页"), (f"{LIST_PAGE}?categorynum=003001", "政务公开"),
               ("http://www.jszwfw.gov.cn/", "政务服务"), ("javascript:;", "互动交流")),
    side=((f"{LIST_PAGE}?categorynum=003001001", "政府信息公开指南"),
          (f"{LIST_PAGE}?categorynum={CATEGORY}", CATEGORY_NAME)),
    offsite=OFFSITE, address="沛县汉城路1号", generator="国泰新点软件股份有限公司")
LIST_SCRIPT = """<script type="text/javascript" src="/js/webBuilderCommon.js"></script>
<script type="text/javascript">
function getUrlParam(name) {
    var m = new RegExp("[?&]" + name + "=([^&]*)").exec(window.location.search);
    return m ? decodeURIComponent(m[1]) : "";
}
var categorynum = getUrlParam("categorynum"), deptcode = getUrlParam("deptcode");
function loadList(pageIndex) {
    $.ajax({
        url: siteInfo.projectName + "/rest/lightfrontaction/getgovinfolist",
        type: "post", dataType: "json", contentType: "application/json;charset=UTF-8",
        data: JSON.stringify({siteGuid: siteInfo.siteGuid, categorynum: categorynum, deptcode: deptcode,
                              pageIndex: pageIndex, pageSize: PER_PAGE}),
        success: function (msg) {
            var html = [];
            $.each(msg.custom.data, function (i, item) {
                html.push('<li><a href="' + item.infourl + '" title="' + item.realtitle + '" target="_blank">'
                          + item.title + '</a><span>' + item.infodate + '</span></li>');
            });
            $("#infolist").html(html.join(""));
            $("#pager").pagination(msg.custom.total, {current_page: pageIndex, items_per_page: PER_PAGE, callback: loadList});
        }
    });
}
$(function () { loadList(0); });
</script>""".replace("PER_PAGE", str(PER_PAGE))


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:epoint")
    modern.full_list_titles(docs)
    modern.keep_attachments(docs, 1)
    for number, doc in enumerate(docs, start=1):
        doc.doc_id = number
        guid = uuid.UUID(int=rng.getrandbits(128), version=4)
        doc.path = f"/zwgk/003/003001/{CATEGORY}/{doc.published:%Y%m%d}/{guid}.html"


def _item(doc: Doc) -> dict:
    return {"infoid": doc.path.rsplit("/", 1)[1][:-5], "title": doc.title, "realtitle": doc.title,
            "infourl": doc.path, "infodate": f"{doc.published:%Y-%m-%d}", "categorynum": CATEGORY,
            "deptname": doc.agency_name, "zhuanzaidate": f"{doc.published:%Y-%m-%d %H:%M:%S}"}


def _answer(items: list[dict], total: int) -> str:
    return modern.api_json({"custom": {"total": total, "data": items}})


def build(out: SiteOutput, docs: list[Doc]) -> None:
    listed = sorted(docs, key=lambda d: d.published, reverse=True)
    trail = [(f"{LIST_PAGE}?categorynum={CATEGORY}", CATEGORY_NAME)]
    for doc in docs:
        modern.write_doc(out, CHROME, doc, trail, f"/attach/{doc.published:%Y%m%d}/{doc.path[-41:-5]}.pdf")
    inner = '<ul class="list" id="infolist"></ul>\n<div class="pagination" id="pager"></div>\n' + LIST_SCRIPT
    main = modern.column(CHROME, "政府信息公开", inner, trail[0][0], "ndbg")
    out.add(LIST_PAGE.lstrip("/"), modern.page(CHROME, f"政府信息公开_{SITE.site_name}", main, trail,
                                               {"ColumnName": "政府信息公开"}, active="政务公开"))
    out.list_pages.append(trail[0][0])
    site_info = {"projectName": PROJECT, "siteGuid": SITE_GUID, "vname": "/", "sitename": SITE.site_name}
    out.add("js/webBuilderCommon.js", f"var siteInfo = {json.dumps(site_info, ensure_ascii=False)};\n"
            "function getSiteInfo() { return siteInfo; }\n")

    keys = {"siteGuid": SITE_GUID, "categorynum": CATEGORY}
    pages = [listed[i:i + PER_PAGE] for i in range(0, len(listed), PER_PAGE)]
    for index, batch in enumerate(pages):
        out.route("POST", API, {**keys, "pageIndex": str(index), "pageSize": str(PER_PAGE)},
                  f"_q/govinfolist_{CATEGORY}_{index}.json", _answer([_item(d) for d in batch], len(listed)),
                  content_type=modern.API_JSON)
        out.api.append({"method": "POST", "path": API, "json": {
            "siteGuid": SITE_GUID, "categorynum": CATEGORY, "deptcode": "", "pageIndex": index,
            "pageSize": PER_PAGE}, "items": len(batch)})
    out.route("POST", API, keys, f"_q/govinfolist_{CATEGORY}_past.json", _answer([], len(listed)),
              present=("pageIndex",), content_type=modern.API_JSON)
    for other in ("003001", "003001001"):  # the menu's other categories: nothing published there yet
        out.route("POST", API, {"siteGuid": SITE_GUID, "categorynum": other}, f"_q/govinfolist_{other}.json",
                  _answer([], 0), content_type=modern.API_JSON)

    news = [d for d in listed if d.kind == "news"][:5]
    modern.write_home(out, CHROME, "沛县要闻", news, CHROME.side, "/EWB-FRONT/admin/")
    out.notes["api_family"] = "epoint"
    out.notes["report_column"] = f"{LIST_PAGE}?categorynum={CATEGORY}"
