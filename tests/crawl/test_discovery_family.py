"""Discovery on a portal of the county family that differs from the demo's county site in every way the family
allows: other year spellings, a year list in a table, a column named in a left nav beside many news columns, a
township sub-site, a department sub-list behind an agency name, agencies named 县XX局 / XX县XX委员会 / XX镇人民政府,
a JS shell page and decoys. The spider's callbacks walk the pages in-process (highest priority first, as Scrapy's
scheduler would) and the pipeline's classification decides what would be stored."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.http import HtmlResponse, Response

from govreports.crawl.items import ReportPage
from govreports.crawl.spiders.reports import ReportsSpider
from govreports.ingest import process_page
from tests.crawl import SITE, spider_with_crawler

BODY = (
    "<p>一、总体情况</p><p>根据《中华人民共和国政府信息公开条例》，现公布本机关政府信息公开工作年度报告。</p>"
    "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
    "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>"
) * 3
NEWS = [("通知公告", "/tzgg/"), ("政策文件", "/zcwj/"), ("人事信息", "/rsxx/"), ("财政资金", "/czzj/"),
        ("规划计划", "/ghjh/"), ("重点领域", "/zdly/"), ("政策解读", "/zcjd/"), ("信息公开年报", "/xxgk/gknb/"),
        ("建议提案", "/jyta/"), ("应急管理", "/yjgl/")]


def _page(title: str, *, nav: list[tuple[str, str]] = (), main: str = "", body: str = "") -> str:
    top = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in
                  [("首页", "/"), ("政务公开", "/xxgk/"), ("乡镇街道", "/xzjd/"), ("互动交流", "/hdjl/")])
    left = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in nav)
    return (f"<html><head><title>{title}</title></head><body><div class='head'><ul class='nav'>{top}</ul></div>"
            f"<div class='left'><ul>{left}</ul></div><div class='right'>{main}</div>"
            f"{body}<div class='foot'><p>主办：某某县人民政府办公室</p></div></body></html>")


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><td><a href="{href}">{text}</a></td><td>2023-01-15</td></tr>' for text, href in rows)
    return f"<table class='list'><tbody>{cells}</tbody></table>"


def _report(title: str) -> str:
    return _page(title, body=f"<div class='article'><h1>{title}</h1><div class='TRS_Editor'>{BODY}</div></div>")


YEARS = [("二〇二三年度", "/xxgk/gknb/2023/"), ("2022年度报告", "/xxgk/gknb/2022/"), ("2021 年", "/xxgk/gknb/2021/"),
         ("2020", "/xxgk/gknb/2020/")]
PORTAL = {
    "/": _page("某某县人民政府", main=_table([("我县召开2022年政务公开工作推进会", "/xwzx/1.html")])),
    "/xxgk/": _page("政务公开", nav=NEWS, main=_table([("关于印发某某县政务公开工作要点的通知", "/tzgg/2.html")])),
    "/xxgk/gknb/": _page("信息公开年报", nav=NEWS, main=_table(YEARS)),
    # a year page whose list is filled by a script: no body, nothing to store
    "/xxgk/gknb/2023/": _page("二〇二三年度", nav=NEWS, main='<ul id="list"></ul><script src="/js/list.js"></script>'),
    "/xxgk/gknb/2022/": _page("2022年度报告", nav=NEWS, main=_table([
        ("县发展和改革委员会", "/xxgk/gknb/2022/fgw.html"), ("某某县卫生健康委员会", "/xxgk/gknb/2022/wjw.html"),
        ("城关镇人民政府", "/xxgk/gknb/2022/cgz.html"), ("县水利局", "/uploads/2022/slj.pdf"),
        ("某某县2022年法治政府建设年度报告", "/xxgk/gknb/2022/fzzf.html")])),
    "/xxgk/gknb/2021/": _page("2021 年", nav=NEWS, main=_table([
        ("县财政局", "/xxgk/gknb/2021/czj/"), ("县人民政府", "/xxgk/gknb/2021/xzf.html")])),
    # a department's sub-list behind its name
    "/xxgk/gknb/2021/czj/": _page("县财政局", nav=NEWS, main=_table([
        ("某某县财政局2021年度政府信息公开工作年度报告", "/xxgk/gknb/2021/czj/1.html"),
        ("某某县财政局2020年度政府信息公开工作年度报告", "/xxgk/gknb/2021/czj/2.html")])),
    "/xxgk/gknb/2020/": _page("2020", nav=NEWS, main=_table([("县教育体育局", "/xxgk/gknb/2020/jyj.html")])),
    "/xzjd/": _page("乡镇街道", main="<ul class='towns'>" + "".join(
        f'<li><a href="/xzjd/{code}/">{name}</a></li>' for name, code in [("城关镇", "cgz"), ("河口乡", "hkx")]) + "</ul>"),
    "/xzjd/cgz/": _page("城关镇", nav=[("镇情概况", "/xzjd/cgz/zqgk/"), ("政府信息公开年度报告", "/xzjd/cgz/nb/")]),
    "/xzjd/cgz/nb/": _page("政府信息公开年度报告", main=_table([
        ("城关镇2022年政府信息公开工作年度报告", "/xzjd/cgz/nb/1.html"),
        ("城关镇2021年政府信息公开工作年度报告", "/xzjd/cgz/nb/2.html")])),
    "/xzjd/hkx/": _page("河口乡", nav=[("政务公开", "/xzjd/hkx/zwgk/")]),
    "/xzjd/hkx/zwgk/": _page("政务公开", nav=[("政务公开年报", "/xzjd/hkx/ndbg/")]),
    "/xzjd/hkx/ndbg/": _page("政务公开年报", main=_table([("河口乡2022年度政务公开工作年度报告", "/xzjd/hkx/ndbg/1.html")])),
    "/xxgk/gknb/2022/fgw.html": _report("某某县发展和改革委员会2022年政府信息公开工作年度报告"),
    "/xxgk/gknb/2022/wjw.html": _report("某某县卫生健康委员会2022年政府信息公开工作年度报告"),
    "/xxgk/gknb/2022/cgz.html": _report("城关镇人民政府2022年政府信息公开工作年度报告"),
    "/xxgk/gknb/2022/fzzf.html": _report("某某县2022年法治政府建设年度报告"),
    "/xxgk/gknb/2021/xzf.html": _report("某某县人民政府2021年政府信息公开工作年度报告"),
    "/xxgk/gknb/2021/czj/1.html": _report("某某县财政局2021年度政府信息公开工作年度报告"),
    "/xxgk/gknb/2021/czj/2.html": _report("某某县财政局2020年度政府信息公开工作年度报告"),
    "/xxgk/gknb/2020/jyj.html": _report("某某县教育体育局2020年度政府信息公开工作年度报告"),
    "/xzjd/cgz/nb/1.html": _report("城关镇2022年政府信息公开工作年度报告"),
    "/xzjd/cgz/nb/2.html": _report("城关镇2021年政府信息公开工作年度报告"),
    "/xzjd/hkx/ndbg/1.html": _report("河口乡2022年度政务公开工作年度报告"),
}
REPORTS = {path for path in PORTAL if path.endswith(".html") and "fzzf" not in path}
FILES = {"/uploads/2022/slj.pdf"}


def walk(pages: dict[str, str], **spider_settings):
    """Every request the spider makes, answered from ``pages`` best-first: (requests, report pages)."""
    spider = spider_with_crawler(**spider_settings)

    async def start():
        return [request async for request in spider.start()]

    queue: list[Request] = asyncio.run(start())
    requested: list[Request] = []
    reports: list[ReportPage] = []
    while queue:
        queue.sort(key=lambda request: -request.priority)
        request = queue.pop(0)
        requested.append(request)
        path = request.url[len(SITE):]
        if path in pages:
            response: Response = HtmlResponse(request.url, body=pages[path].encode("utf-8"), encoding="utf-8",
                                              request=request)
        elif path.endswith(".pdf"):
            response = Response(request.url, body=b"%PDF-1.4", request=request)
        else:
            continue
        for result in request.callback(response) or ():
            if isinstance(result, ReportPage):
                reports.append(result)
            elif result is not None:
                queue.append(result)
    return requested, reports


def _stored(reports: list[ReportPage]) -> set[str]:
    """The report pages the pipeline would store (files aside: they are read by the document readers)."""
    stored = set()
    for page in reports:
        path = page.url[len(SITE):]
        if path.endswith(".pdf"):
            stored.add(path)
            continue
        result = process_page(page.body, page.url, "text/html", page.list_title)
        if result.get("is_report"):
            stored.add(path)
    return stored


def test_a_portal_of_the_family_gives_every_report_and_nothing_else():
    requested, reports = walk(PORTAL)
    assert _stored(reports) == REPORTS | FILES
    fetched = {request.url[len(SITE):] for request in requested}
    assert {"/xxgk/gknb/2023/", "/xxgk/gknb/2022/", "/xxgk/gknb/2021/", "/xxgk/gknb/2020/"} <= fetched
    assert "/tzgg/" not in fetched and "/zcwj/" not in fetched, "news columns are not report columns"


def test_year_pages_are_columns_and_agency_names_are_candidates():
    requested, _ = walk(PORTAL)
    roles = {request.url[len(SITE):]: request.meta.get("role", "report") for request in requested}
    assert roles["/xxgk/gknb/"] == roles["/xxgk/gknb/2022/"] == roles["/xxgk/gknb/2023/"] == "column"
    assert roles["/xxgk/gknb/2022/fgw.html"] == roles["/xxgk/gknb/2021/czj/"] == "report"
    assert roles["/xzjd/cgz/"] == "portal", "a township named alone on a list of townships is its sub-site"


def test_report_columns_and_reports_come_before_sections_and_sub_sites():
    requested, _ = walk(PORTAL)
    priority = {request.url[len(SITE):]: request.priority for request in requested}
    assert priority["/xxgk/gknb/"] >= priority["/xxgk/gknb/2022/"] > priority["/xxgk/"] > priority["/xzjd/cgz/"]
    assert priority["/xzjd/cgz/nb/1.html"] > priority["/xxgk/"]
    assert "/hdjl/" not in priority, "互动交流 is neither a disclosure section nor a sub-site"


def test_the_section_budget_bounds_the_walk():
    class Small(ReportsSpider):
        max_section_pages = 2

    requested, _ = walk(PORTAL, spider_class=Small)
    sections = [request for request in requested if request.meta.get("role") == "portal" and request.meta["hops"]]
    assert len(sections) == 2
    # best-first: the two sections fetched are the disclosure section and the townships, not 互动交流
    assert {request.url[len(SITE):] for request in sections} == {"/xxgk/", "/xzjd/"}


def test_no_shell_or_column_page_is_stored():
    _, reports = walk(PORTAL)
    shell = _page("政府信息公开年报", nav=[("政府信息公开年报", "./")], main='<ul id="list"></ul>')
    result = process_page(shell.encode("utf-8"), SITE + "/xxgk/nb/", "text/html", "政府信息公开年报")
    assert not result["is_report"] and result["verdict"].startswith("empty body")
    assert "/xxgk/gknb/" not in _stored(reports)
