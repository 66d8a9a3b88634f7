"""The spider's listing walk in process: list pages as HtmlResponse fixtures, the requests it yields checked.

Each list reader is tested on its own first (plain strings in, plain requests out), then as the spider uses it.
"""

from __future__ import annotations

import json

import pytest
from scrapy import FormRequest, Request
from scrapy.http import JsonRequest, TextResponse

from govreports.crawl.discovery import Link, ListRequest
from govreports.crawl.list_readers import (
    CreatePageHtmlReader,
    HanwebDataproxyReader,
    LinkPagerReader,
    ListPage,
    ListReader,
)
from govreports.crawl.spiders.base import PortalSpider
from tests.crawl import SITE, listing_meta, response_fixture, spider_with_crawler

COLUMN_URL = f"{SITE}/zwgk/ndbg/index.shtml"
REPORT = "测试县2023年政府信息公开工作年度报告"


def _page(html: str, url: str = COLUMN_URL, links: list[Link] | None = None, requested_by: str = "") -> ListPage:
    return ListPage(url, html, links or [], requested_by)


def _listing(spider, html: str, url: str = COLUMN_URL, **meta) -> list[Request]:
    response = response_fixture(url, html, meta=listing_meta(**meta), callback=spider.parse_listing)
    return list(spider.parse_listing(response))


def _by_callback(requests: list[Request]) -> tuple[list[Request], list[Request]]:
    lists = [r for r in requests if r.callback.__name__ == "parse_listing"]
    reports = [r for r in requests if r.callback.__name__ == "parse_report"]
    return lists, reports


# --- the readers on their own -----------------------------------------------------------------------------

def test_create_page_html_reader():
    reader = CreatePageHtmlReader()
    page = _page('<script>createPageHTML(3, 0, "index", "shtml");</script>')
    assert reader.reads(page) and reader.marks_a_list
    assert [r.url for r in reader.requests(page)] == [
        f"{SITE}/zwgk/ndbg/index.shtml", f"{SITE}/zwgk/ndbg/index_1.shtml", f"{SITE}/zwgk/ndbg/index_2.shtml"]
    assert not reader.reads(_page("<p>no pager</p>"))


def test_link_pager_reader():
    reader = LinkPagerReader()
    links = [Link(f"{SITE}/list.asp?page=3", "下一页"), Link(f"{SITE}/zwgk/ndbg/index_4.shtml", "5"),
             Link(f"{SITE}/other/x.html", "6"), Link(f"{SITE}/zwgk/ndbg/a.html", REPORT)]
    page = _page("", links=links)
    assert reader.reads(page) and not reader.marks_a_list  # page numbers alone do not make a page a list
    assert [r.url for r in reader.requests(page)] == [f"{SITE}/list.asp?page=3", f"{SITE}/zwgk/ndbg/index_4.shtml"]
    assert not reader.reads(_page("<p></p>"))


HANWEB = """<div id="3579"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=12&columnid=77&unitid=3579"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2024/1/20/art_77_1.html">测试县2023年政府信息公开工作年度报告</a>
<span>2024-01-20</span></li>]]></record></recordset></datastore></script></div>
<script>$('#3579').page({ totalRecord: 3, perPage: 1, unitid: 3579 });</script>"""


def test_hanweb_dataproxy_reader():
    reader = HanwebDataproxyReader()
    page = _page(HANWEB, url=f"{SITE}/col/col77/index.html")
    assert reader.reads(page) and reader.marks_a_list
    requests = list(reader.requests(page))
    assert [(r.method, r.url) for r in requests] == [
        ("POST", f"{SITE}/module/web/jpage/dataproxy.jsp?startrecord=2&endrecord=2&perpage=1"),
        ("POST", f"{SITE}/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=3&perpage=1"),
    ]
    assert requests[0].formdata["columnid"] == "77"
    links = reader.links(HANWEB, page.url)
    assert [(link.url, link.date) for link in links] == [(f"{SITE}/art/2024/1/20/art_77_1.html", "2024-01-20")]


def test_a_request_is_the_same_fetch_by_method_url_and_body():
    assert ListRequest("http://a/x").key == "http://a/x"
    post = ListRequest("http://a/x", "POST", formdata={"page": "2"})
    assert post.key != ListRequest("http://a/x", "POST", formdata={"page": "3"}).key
    assert post.key == ListRequest("http://a/x", "POST", formdata={"page": "2"}).key
    assert ListRequest("http://a/x", "POST", json={"page": 2}).key != post.key


# --- the spider reading list pages ------------------------------------------------------------------------

def test_a_column_yields_its_reports_with_the_list_title_and_date():
    spider = spider_with_crawler()
    html = f"""<ul><li><a href="2024/a.html" title="{REPORT}">测试县2023年…</a><span>2024-01-20</span></li>
    <li><a href="http://elsewhere.test/b.html">{REPORT}</a></li><li><a href="/gywm.html">关于我们</a></li></ul>"""
    lists, reports = _by_callback(_listing(spider, html))
    assert lists == []
    assert [r.url for r in reports] == [f"{SITE}/zwgk/ndbg/2024/a.html"]  # the off-site link is never followed
    meta = reports[0].meta
    assert (meta["list_title"], meta["list_date"], meta["list_url"]) == (REPORT, "2024-01-20", COLUMN_URL)
    assert meta["download_slot"] == SITE
    assert spider.crawler.stats.get_value("govreports/pages/column") == 1


def test_a_report_published_as_a_file_gets_the_attachment_size_limit():
    spider = spider_with_crawler(settings={"GOVREPORTS_ATTACHMENT_MAXSIZE": 1234})
    _, reports = _by_callback(_listing(spider, f'<a href="files/2023.pdf">{REPORT}.pdf</a>'))
    assert [r.meta["download_maxsize"] for r in reports] == [1234]


def test_a_column_follows_its_create_page_html_pager():
    spider = spider_with_crawler()
    lists, _ = _by_callback(_listing(spider, '<script>createPageHTML(3, 0, "index", "shtml");</script>'))
    # index.shtml is the page itself, seen for the first time here (the fixture was not queued by the spider)
    assert [r.url for r in lists] == [COLUMN_URL, f"{SITE}/zwgk/ndbg/index_1.shtml", f"{SITE}/zwgk/ndbg/index_2.shtml"]
    assert {(r.meta["role"], r.meta["pages"], r.meta["reader"]) for r in lists} == {("column", 1, "createPageHTML")}


def test_a_column_follows_next_and_numbered_links():
    spider = spider_with_crawler()
    html = '<a href="index_1.shtml">2</a><a href="index_2.shtml">下一页</a><a href="/zwgk/other/index_3.shtml">4</a>'
    lists, _ = _by_callback(_listing(spider, html))
    assert [r.url for r in lists] == [f"{SITE}/zwgk/ndbg/index_2.shtml", f"{SITE}/zwgk/ndbg/index_1.shtml"]


def test_a_hanweb_column_posts_to_its_dataproxy_and_reads_the_answer():
    spider = spider_with_crawler()
    column = f"{SITE}/col/col77/index.html"
    lists, reports = _by_callback(_listing(spider, HANWEB, url=column))
    assert [r.url for r in reports] == [f"{SITE}/art/2024/1/20/art_77_1.html"]
    assert all(isinstance(r, FormRequest) and r.method == "POST" for r in lists)
    assert b"columnid=77" in lists[0].body and lists[0].meta["reader"] == "hanweb-dataproxy"

    answer = ('<datastore><recordset><record><![CDATA[<li><a href="/art/2023/1/9/art_77_2.html">'
              '测试县2022年政府信息公开工作年度报告</a><span>2023-01-09</span></li>]]></record></recordset></datastore>')
    response = TextResponse(lists[0].url, body=answer.encode(), encoding="utf-8", request=lists[0])
    _, more_reports = _by_callback(list(spider.parse_listing(response)))
    assert [(r.url, r.meta["list_date"]) for r in more_reports] == [(f"{SITE}/art/2023/1/9/art_77_2.html", "2023-01-09")]


def test_a_start_url_with_a_pager_is_read_as_a_column():
    spider = spider_with_crawler()
    html = '<script>createPageHTML(2, 0, "index", "shtml");</script><a href="index_1.shtml">2</a>'
    lists, _ = _by_callback(_listing(spider, html, role="portal", hops=0))
    assert {r.url for r in lists} == {COLUMN_URL, f"{SITE}/zwgk/ndbg/index_1.shtml"}


def test_page_numbers_on_a_home_page_are_not_a_pager():
    spider = spider_with_crawler()
    html = '<a href="/zwgk/ndbg/slide_1.shtml">1</a><a href="/zwgk/ndbg/slide_2.shtml">2</a>'
    assert _listing(spider, html, url=f"{SITE}/zwgk/ndbg/home.shtml", role="portal", hops=0) == []


def test_portal_pages_lead_to_columns_and_sections():
    spider = spider_with_crawler()
    html = '<a href="/zwgk/">政府信息公开</a><a href="/zwgk/ndbg/">政府信息公开年报</a><a href="/news/">新闻</a>'
    lists, _ = _by_callback(_listing(spider, html, url=f"{SITE}/", role="portal", hops=0))
    # most report-like first: the column, then the section
    assert [(r.url, r.meta["role"], r.meta["hops"]) for r in lists] == [
        (f"{SITE}/zwgk/ndbg/", "column", 0), (f"{SITE}/zwgk/", "portal", 1)]
    assert lists[0].priority > lists[1].priority


def test_every_fetch_is_queued_once():
    spider = spider_with_crawler()
    html = f'<a href="a.html">{REPORT}</a><a href="index_1.shtml">下一页</a>'
    assert len(_listing(spider, html)) == 2
    assert _listing(spider, html) == []  # the next list page repeats the links: nothing new


def test_a_column_chains_at_most_max_list_pages():
    class Short(PortalSpider):
        name = "short"
        max_list_pages = 2

    spider = spider_with_crawler(Short)
    pager = '<a href="index_{n}.shtml">下一页</a>'
    assert len(_listing(spider, pager.format(n=1), pages=1)) == 1
    assert _listing(spider, pager.format(n=2), pages=2) == []


# --- a reader of a JSON list API, as the next CMS families need ------------------------------------------

class JsonApiReader(ListReader):
    """A list API answering JSON pages: POSTs a JSON body, reads records and the page count from the answer."""

    name = "json-api"
    marks_a_list = True

    def reads(self, page: ListPage) -> bool:
        return page.requested_by == self.name or "data-list-api" in page.text

    def requests(self, page: ListPage):
        if page.requested_by != self.name:
            return [ListRequest(f"{SITE}/api/list", "POST", json={"column": 7, "page": 1})]
        answer = json.loads(page.text)
        return [ListRequest(f"{SITE}/api/list", "POST", json={"column": 7, "page": n})
                for n in range(answer["page"] + 1, answer["pages"] + 1)]

    def links(self, text: str, url: str) -> list[Link]:
        return [Link(record["url"], record["title"], record["date"]) for record in json.loads(text)["records"]]


class JsonApiSpider(PortalSpider):
    name = "json-api"
    list_readers = (*PortalSpider.list_readers, JsonApiReader())


def _json_answer(request: Request, page: int, pages: int, records: list[dict]) -> TextResponse:
    body = json.dumps({"page": page, "pages": pages, "records": records}, ensure_ascii=False).encode()
    return TextResponse(request.url, body=body, encoding="utf-8", request=request,
                        headers={"Content-Type": "application/json"})


def test_a_new_family_is_one_more_reader_posting_json_and_reading_json():
    spider = spider_with_crawler(JsonApiSpider)
    first = _listing(spider, '<div data-list-api="/api/list"></div>', role="portal", hops=0)
    assert len(first) == 1 and isinstance(first[0], JsonRequest)
    assert json.loads(first[0].body) == {"column": 7, "page": 1} and first[0].meta["reader"] == "json-api"

    record = {"url": f"{SITE}/art/1.html", "title": REPORT, "date": "2024-01-20"}
    lists, reports = _by_callback(list(spider.parse_listing(_json_answer(first[0], 1, 3, [record]))))
    assert [(r.url, r.meta["list_title"], r.meta["list_date"]) for r in reports] == [
        (record["url"], REPORT, "2024-01-20")]
    assert [json.loads(r.body)["page"] for r in lists] == [2, 3]

    # Page 2 announces the same pages again: they were queued already, so the chain ends instead of looping.
    again, _ = _by_callback(list(spider.parse_listing(_json_answer(lists[0], 2, 3, []))))
    assert again == []


def test_list_readers_need_names_of_their_own():
    class Twice(PortalSpider):
        name = "twice"
        list_readers = (LinkPagerReader(), LinkPagerReader())

    with pytest.raises(ValueError, match="names of their own"):
        spider_with_crawler(Twice)
