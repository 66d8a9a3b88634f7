"""湄潭县人民政府, whose report list only a browser can see: a script of its own decodes the list at run time.

URLs: /index.html → /xxgk/ndbg/index.html (政府信息公开年报): an empty ``<ul id="nb-list">`` and
``NbList.load("/xxgk/ndbg/list.dat", "nb-list")`` from /js/nblist.js, which fetches list.dat (base64 of the
reversed text of a JSON array of [href, title, date]), decodes it and writes the links. No reader knows this
format: the list is for the headless-browser path. Other columns (/xwdt/index.html) are plain HTML.
Articles: /xxgk/ndbg/YYYYMM/tYYYYMMDD_ID.html (news: /xwdt/…), files beside them.
"""

from __future__ import annotations

import base64
import json
import random

from tests.demo_portal import modern
from tests.demo_portal.catalog import Doc, Site
from tests.demo_portal.output import SiteOutput

SITE = Site(
    key="jslist", site_name="湄潭县人民政府", region="湄潭县", level="县", province="贵州省",
    domain="www.meitan.gov.cn", site_code="5203280001", charset="utf-8", send_charset=True,
    start="/index.html", icp="黔ICP备05005012号", police="贵公网安备 52032802000104号",
    tech="湄潭县大数据中心", province_site="http://www.guizhou.gov.cn/",
    towns=("湄江街道办事处", "黄家坝街道办事处", "永兴镇人民政府", "复兴镇人民政府", "茅坪镇人民政府"),
    agency_code="052328", reports_per_scale=8,
)
COLUMN, NEWS = "/xxgk/ndbg/index.html", "/xwdt/index.html"
DATA = "/xxgk/ndbg/list.dat"
OFFSITE = {"中国政府网": "https://www.gov.cn/", "贵州省人民政府": "http://www.guizhou.gov.cn/"}
CHROME = modern.Chrome(
    SITE, nav=(("/index.html", "首页"), (COLUMN, "信息公开"), (NEWS, "新闻动态"), ("javascript:;", "互动交流")),
    side=((COLUMN, "政府信息公开年报"), (NEWS, "新闻动态")), offsite=OFFSITE, address="湄潭县湄江街道茶城大道",
    generator="湄潭县大数据中心")
LIST_JS = """var NbList = (function () {
    function decode(text) {
        var s = atob(text.replace(/\\s+/g, ""));
        return JSON.parse(s.split("").reverse().join(""));
    }
    function load(url, target) {
        var xhr = new XMLHttpRequest();
        xhr.open("GET", url, true);
        xhr.onload = function () {
            if (xhr.status !== 200) { return; }
            var rows = decode(xhr.responseText), out = [];
            for (var i = 0; i < rows.length; i++) {
                out.push('<li><a href="' + rows[i][0] + '" target="_blank">' + rows[i][1] + '</a><span>' + rows[i][2] + '</span></li>');
            }
            document.getElementById(target).innerHTML = out.join("");
        };
        xhr.send();
    }
    return {load: load};
})();
"""


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:jslist")
    modern.keep_attachments(docs, 1)
    doc_id = 60300
    for doc in docs:
        doc_id += rng.randint(20, 300)
        doc.doc_id = doc_id
        folder = "/xxgk/ndbg/" if doc.column == "ndbg" else "/xwdt/"
        doc.path = f"{folder}{doc.published:%Y%m}/t{doc.published:%Y%m%d}_{doc_id}.html"


def encode_list(rows: list[list[str]]) -> str:
    """What list.dat holds: base64 of the reversed JSON text (ASCII, so the reversal is byte-safe)."""
    text = json.dumps(rows, ensure_ascii=True)[::-1]
    return base64.b64encode(text.encode("ascii")).decode("ascii")


def build(out: SiteOutput, docs: list[Doc]) -> None:
    listed = sorted([d for d in docs if d.column == "ndbg"], key=lambda d: d.published, reverse=True)
    others = sorted([d for d in docs if d.column != "ndbg"], key=lambda d: d.published, reverse=True)
    for doc in docs:
        trail = [(COLUMN, "政府信息公开年报")] if doc.column == "ndbg" else [(NEWS, "新闻动态")]
        modern.write_doc(out, CHROME, doc, trail, doc.path.rsplit("/", 1)[0] + f"/P{doc.doc_id}.pdf")
    rows = [[d.path, d.list_title, f"{d.published:%Y-%m-%d}"] for d in listed]
    out.add(DATA.lstrip("/"), encode_list(rows) + "\n")
    out.add("js/nblist.js", LIST_JS)
    inner = (f'<ul class="list" id="nb-list"></ul>\n<script type="text/javascript" src="/js/nblist.js"></script>\n'
             f'<script type="text/javascript">NbList.load("{DATA}", "nb-list");</script>')
    out.add(COLUMN.lstrip("/"), modern.page(CHROME, f"政府信息公开年报_{SITE.site_name}",
                                            modern.column(CHROME, "政府信息公开年报", inner, COLUMN, "ndbg"),
                                            [(COLUMN, "政府信息公开年报")], {"ColumnName": "政府信息公开年报"},
                                            active="信息公开"))
    out.list_pages.append(COLUMN)
    news = f'<ul class="list">{modern.list_items(others, lambda d: d.path)}</ul>'
    out.add(NEWS.lstrip("/"), modern.page(CHROME, f"新闻动态_{SITE.site_name}",
                                          modern.column(CHROME, "新闻动态", news, NEWS, "xwdt"), [(NEWS, "新闻动态")],
                                          {"ColumnName": "新闻动态"}, active="新闻动态"))
    modern.write_home(out, CHROME, "湄潭要闻", others[:6], CHROME.side, "/admin/")
    out.notes["needs_browser"] = True
    out.notes["report_column"] = COLUMN
