"""肇庆市人民政府 on Guangdong's 政府信息公开目录管理平台 (gkmlpt): the report list comes from a JSON API.

URLs: /index.html links 政府信息公开 → /gkmlpt/index and 政府信息公开年报 → /gkmlpt/index#3047 (the category
id travels in the fragment). /gkmlpt/index is a Vue shell whose inline ``window._CONFIG`` (a JS literal)
holds ``SID: '758001'`` and ``TREE: [...]`` (JSON, followed by ``SERVICE_AREA_ID``). The list:
GET /gkmlpt/api/all/3047?page=N&sid=758001 → ``{"articles": [...], "classify": {..., "post_count"}, "total"}``,
100 articles a page (the platform's fixed size, so the category holds more than 100 to need two pages), newest
first; page 0 answers the same as page 1 (as the real platform does), pages past the end an empty list.
Articles' ``url`` is absolute; their pages are server-rendered at /gkmlpt/content/A/B/post_ID.html, files
under /attachment/0/….
"""

from __future__ import annotations

import calendar
import json
import random

from tests.demo_portal import modern
from tests.demo_portal.catalog import Doc, Site
from tests.demo_portal.output import SiteOutput

SITE = Site(
    key="gkmlpt", site_name="肇庆市人民政府", region="肇庆市", level="市", province="广东省",
    domain="www.zhaoqing.gov.cn", site_code="4412000001", charset="utf-8", send_charset=True,
    start="/index.html", icp="粤ICP备05083610号", police="粤公网安备 44120202000101号",
    tech="数字广东网络建设有限公司", province_site="http://www.gd.gov.cn/",
    towns=("端州区城东街道办事处", "鼎湖区坑口街道办事处", "高要区南岸街道办事处", "四会市东城街道办事处",
           "广宁县南街镇人民政府", "德庆县德城街道办事处"),
    counties=("端州区", "鼎湖区", "高要区", "四会市", "广宁县", "怀集县", "封开县", "德庆县"),
    agency_code="007226", reports_per_scale=105, reports_per_extra_scale=60, placeholders=True,
)
SID = "758001"
CATEGORY = 3047
CATEGORY_NAME = "政府信息公开年报"
PER_PAGE = 100  # fixed by the platform; the client cannot ask for another size
API = f"/gkmlpt/api/all/{CATEGORY}"
SELF = "{{demo-site:gkmlpt}}"  # the server puts this site's base URL here: the API's URLs are absolute
TREE = [
    {"id": 3040, "name": "政府信息公开指南", "post_count": 1, "children": []},
    {"id": 3041, "name": "政府信息公开制度", "post_count": 3, "children": []},
    {"id": 3042, "name": "法定主动公开内容", "post_count": 0, "children": [
        {"id": 3043, "name": "机构职能", "post_count": 12, "children": []},
        {"id": 3044, "name": "政策文件", "post_count": 86, "children": []},
        {"id": 3045, "name": "规划计划", "post_count": 9, "children": []}]},
    {"id": CATEGORY, "name": CATEGORY_NAME, "post_count": 0, "children": []},
    {"id": 3048, "name": "依申请公开", "post_count": 0, "jump_url": "http://www.zhaoqing.gov.cn/ysqgk/", "children": []},
]
OFFSITE = {"中国政府网": "https://www.gov.cn/", "广东省人民政府": "http://www.gd.gov.cn/",
           "广东政务服务网": "https://www.gdzwfw.gov.cn/"}
CHROME = modern.Chrome(
    SITE, nav=(("/index.html", "首页"), ("/gkmlpt/index", "政府信息公开"),
               ("https://www.gdzwfw.gov.cn/", "政务服务"), ("javascript:;", "互动交流")),
    side=(("/gkmlpt/index", "政府信息公开目录"), (f"/gkmlpt/index#{CATEGORY}", CATEGORY_NAME),
          ("/gkmlpt/index#3040", "政府信息公开指南")),
    offsite=OFFSITE, address="肇庆市端州区江滨西路（市行政中心）", generator="数字广东网络建设有限公司")


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:gkmlpt")
    doc_id = 2950000
    modern.full_list_titles(docs)
    modern.keep_attachments(docs, 1)
    for doc in docs:
        doc_id += rng.randint(200, 3000)
        doc.doc_id = doc_id
        doc.path = f"/gkmlpt/content/{doc_id // 1_000_000}/{doc_id // 1000}/post_{doc_id}.html"


def _unix(doc: Doc, minutes: int = 0) -> int:
    """Unix seconds of a China-time moment."""
    return calendar.timegm(doc.published.timetuple()) - 8 * 3600 + minutes * 60


def _attach_path(doc: Doc) -> str:
    return f"/attachment/0/{doc.doc_id // 1000}/{doc.doc_id}/{doc.doc_id * 7 % 10_000_000}.pdf"


def _article(doc: Doc, seq: int) -> dict:
    has_file = bool(doc.flags & {"attachment", "attachment_only"})
    attachment = [{"id": doc.doc_id * 7 % 10_000_000, "name": f"{doc.title}.pdf", "type": "pdf",
                   "mime": "application/pdf", "size": str(20000 + doc.doc_id % 30000),
                   "url": SELF + _attach_path(doc)}] if has_file else []
    code = doc.agency.code if doc.agency else SITE.agency_code
    return {
        "id": doc.doc_id, "title": doc.title, "url": SELF + doc.path, "post_url": "",
        "document_number": "", "identifier": f"{code}/{doc.published.year}-{seq:05d}",
        "publisher": doc.agency_name, "keywords": "", "abstract": "",
        "date": _unix(doc) - doc.published.hour * 3600 - doc.published.minute * 60,
        "created_at": doc.published.strftime("%Y-%m-%d %H:%M:%S"), "display_publish_time": _unix(doc, 3),
        "classify_main": CATEGORY, "classify_main_name": CATEGORY_NAME, "classify_genre_name": "其他",
        "classify_theme_name": "综合政务", "attachment": attachment, "relation": "[]",
        "is_expired": 0, "is_abolished": 0,
    }


def _config(tree: list[dict], extra: str = "") -> str:
    tree = json.dumps(tree, ensure_ascii=False, separators=(",", ":"))
    return (f"<script type=\"text/javascript\">\nwindow._CONFIG = {{\n    SID: '{SID}',\n    IS_MOBILE: false,\n"
            f"    TREE: {tree},\n    SERVICE_AREA_ID: '441200',\n    SITE_NAME: '{SITE.site_name}',\n"
            f"    STATIC_PATH: '/gkmlpt/gkml/pc/',{extra}\n}};\n</script>\n")


def build(out: SiteOutput, docs: list[Doc]) -> None:
    listed = sorted(docs, key=lambda d: d.published, reverse=True)
    tree = [dict(node, post_count=len(listed)) if node["id"] == CATEGORY else node for node in TREE]
    trail = [("/gkmlpt/index", "政府信息公开"), (f"/gkmlpt/index#{CATEGORY}", CATEGORY_NAME)]
    for doc in docs:
        modern.write_doc(out, CHROME, doc, trail, _attach_path(doc),
                         head_extra=_config(tree, f"\n    DETAIL: {{id: {doc.doc_id}, title: '{doc.title}'}},"))

    # The shell: an empty Vue mount point; the platform's bundle reads _CONFIG and calls the API.
    shell = modern.column(CHROME, "政府信息公开目录", """<div id="app"><div class="gkml-loading">正在加载……</div></div>
<noscript>请启用浏览器的JavaScript功能以浏览政府信息公开目录。</noscript>
<script type="text/javascript" src="/gkmlpt/gkml/pc/js/chunk-vendors.8f2d1c3e.js"></script>
<script type="text/javascript" src="/gkmlpt/gkml/pc/js/chunk-common.5b7e9a04.js"></script>
<script type="text/javascript" src="/gkmlpt/gkml/pc/js/index.2c41d7aa.js"></script>""", "/gkmlpt/index")
    out.route("GET", "/gkmlpt/index", {}, "_q/gkmlpt_index.html",
              modern.page(CHROME, f"政府信息公开目录_{SITE.site_name}", shell, [("/gkmlpt/index", "政府信息公开")],
                          {"ColumnName": "政府信息公开目录"}, _config(tree), active="政府信息公开"))
    out.list_pages.append("/gkmlpt/index")

    seqs: dict[tuple[str, int], int] = {}
    articles = []
    for doc in listed:
        key = (doc.agency_name, doc.published.year)
        seqs[key] = seqs.get(key, 0) + 1
        articles.append(_article(doc, seqs[key]))
    classify = {"id": CATEGORY, "name": CATEGORY_NAME, "parent": 0, "post_count": len(listed)}
    pages = [articles[i:i + PER_PAGE] for i in range(0, len(articles), PER_PAGE)]
    for number, batch in enumerate(pages, start=1):
        body = modern.api_json({"articles": batch, "classify": classify, "total": len(listed)})
        for page_param in (("0", "1") if number == 1 else (str(number),)):  # page 0 is page 1 again
            out.route("GET", API, {"page": page_param, "sid": SID}, f"_q/api_{CATEGORY}_p{number}.json", body,
                      content_type=modern.API_JSON)
        out.api.append({"method": "GET", "path": API, "params": {"page": str(number), "sid": SID},
                        "items": len(batch)})
    empty = modern.api_json({"articles": [], "classify": classify, "total": len(listed)})
    out.route("GET", API, {"sid": SID}, f"_q/api_{CATEGORY}_empty.json", empty, content_type=modern.API_JSON)

    news = [d for d in listed if d.kind == "news"][:5]
    links = (("/gkmlpt/index", "政府信息公开目录"), ("/gkmlpt/index#3040", "政府信息公开指南"),
             (f"/gkmlpt/index#{CATEGORY}", CATEGORY_NAME), ("/gkmlpt/index#3044", "政策文件"))
    modern.write_home(out, CHROME, "肇庆要闻", news, links, "/admin/")
    out.notes["api_family"] = "gkmlpt"
    out.notes["report_column"] = f"/gkmlpt/index#{CATEGORY}"
