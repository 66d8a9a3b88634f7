"""The spider with the list-API readers: API hosts of the same government, the gkmlpt fragment, the loop
guard, ``success: false`` answers, and API titles judged like HTML link texts."""

from __future__ import annotations

import json
from urllib.parse import urljoin

from scrapy import Request
from scrapy.http import TextResponse

from govreports.crawl import discovery
from govreports.crawl.discovery import Link, ListRequest
from govreports.crawl.list_readers import ListPage, ListReader, plain_title
from govreports.crawl.list_readers.base import js_object, json_answer
from govreports.crawl.spiders.base import PortalSpider
from tests.crawl import SITE, Outcomes, listing_meta, response_fixture, spider_with_crawler

REPORT = "测试县2023年政府信息公开工作年度报告"
COLUMN_URL = f"{SITE}/col/col7/index.html"


def _answer_to(request: Request, body: dict | str) -> TextResponse:
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return TextResponse(request.url, body=text.encode(), encoding="utf-8", request=request,
                        headers={"Content-Type": "application/json;charset=UTF-8"})


def _split(requests) -> tuple[list[Request], list[Request]]:
    requests = [r for r in requests if r is not None]
    return ([r for r in requests if r.callback.__name__ == "parse_listing"],
            [r for r in requests if r.callback.__name__ == "parse_report"])


class PagedApi(ListReader):
    """An API on another port that asks for page n + 1 after every answer, whatever it holds."""

    name = "paged-api"
    marks_a_list = True
    api = "http://portal.test:8081/irs/api"  # the same host on another port: a search service

    def reads(self, page: ListPage) -> bool:
        return page.requested_by == self.name or "data-api" in page.text

    def requests(self, page: ListPage):
        number, column = page.carry.get("page", 0) + 1, page.carry.get("column", page.url)
        return [ListRequest(self.api, "POST", json={"column": column, "page": number},
                            carry={"page": number, "column": column}, called_from="" if page.requested_by else page.url)]

    def links(self, text: str, url: str) -> list[Link]:
        return [Link(urljoin(url, item["url"]), plain_title(item["title"]))
                for item in json_answer(text)["items"]]


class PagedApiSpider(PortalSpider):
    name = "paged-api"
    list_readers = (*PortalSpider.list_readers, PagedApi())


def _column(spider, html: str = '<div data-api="1"></div>', url: str = COLUMN_URL, **meta):
    response = response_fixture(url, html, meta=listing_meta(**meta), callback=spider.parse_listing)
    return _split(spider.parse_listing(response))


def test_an_api_that_repeats_page_one_is_left_when_an_answer_brings_nothing_new():
    spider = spider_with_crawler(PagedApiSpider, start_urls=SITE + "/")
    [first], _ = _column(spider)
    assert first.url == PagedApi.api and first.meta["list"] == COLUMN_URL
    same = {"items": [{"url": "/art/1.html", "title": REPORT}]}
    [second], reports = _split(spider.parse_listing(_answer_to(first, same)))
    assert [r.url for r in reports] == [f"{SITE}/art/1.html"]  # the relative link resolves against the column
    assert json.loads(second.body) == {"column": COLUMN_URL, "page": 2}
    assert _split(spider.parse_listing(_answer_to(second, same))) == ([], [])  # page 1 again: the chain ends
    assert spider.crawler.stats.get_value("govreports/list_repeats") == 1


def test_the_guard_is_kept_per_list():
    spider = spider_with_crawler(PagedApiSpider, start_urls=SITE + "/")
    answer = {"items": [{"url": "/art/1.html", "title": REPORT}]}
    [one], _ = _column(spider)
    list(spider.parse_listing(_answer_to(one, answer)))
    [other], _ = _column(spider, url=f"{SITE}/col/col8/index.html")
    lists, _ = _split(spider.parse_listing(_answer_to(other, answer)))
    assert len(lists) == 1, "another column showing the same report is another list"


def test_a_failed_answer_is_logged_as_an_error_with_its_message(caplog):
    spider = spider_with_crawler(PagedApiSpider, start_urls=SITE + "/")
    outcomes = Outcomes(spider.crawler)
    [first], _ = _column(spider)
    assert _split(spider.parse_listing(_answer_to(first, {"success": False, "msg": "排序方式不能为空！"}))) == ([], [])
    assert outcomes.sent == [{"url": PagedApi.api, "status": 200, "outcome": "error",
                              "message": "list API: 排序方式不能为空！"}]
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("ERROR", f"list API {PagedApi.api} failed: 排序方式不能为空！")]
    assert spider.crawler.stats.get_value("govreports/errors") == 1


def test_api_titles_are_judged_like_link_texts_and_only_portal_links_are_kept():
    spider = spider_with_crawler(PagedApiSpider, start_urls=SITE + "/")
    [first], _ = _column(spider)
    items = [{"url": "/art/1.html", "title": f"<em>{REPORT[:3]}</em>{REPORT[3:]}"},
             {"url": "/art/2.html", "title": "测试县召开2023年政务公开工作推进会"},
             {"url": "http://portal.test:8081/art/3.html", "title": REPORT.replace("2023", "2022")},
             {"url": "http://elsewhere.test/art/4.html", "title": REPORT.replace("2023", "2021")}]
    _, reports = _split(spider.parse_listing(_answer_to(first, {"items": items})))
    assert [(r.url, r.meta["list_title"]) for r in reports] == [(f"{SITE}/art/1.html", REPORT)]


class Elsewhere(PagedApi):
    api = "http://search.other.test/api"  # not a host of the portal's government


class ElsewhereSpider(PortalSpider):
    name = "elsewhere"
    list_readers = (Elsewhere(),)


def test_an_api_on_another_government_is_not_called():
    spider = spider_with_crawler(ElsewhereSpider, start_urls="http://www.tonghua.gov.cn/")
    assert _column(spider, url="http://www.tonghua.gov.cn/zwgk/index.html") == ([], [])


def test_an_api_host_the_registry_names_for_the_site_is_called():
    named = {"GOVREPORTS_API_HOSTS": {"http://www.tonghua.gov.cn": ["search.other.test"]}}
    spider = spider_with_crawler(ElsewhereSpider, start_urls="http://www.tonghua.gov.cn/", settings=named)
    [call], _ = _column(spider, url="http://www.tonghua.gov.cn/zwgk/index.html", site="http://www.tonghua.gov.cn")
    assert call.url == Elsewhere.api
    # named for one site only: another site of the same crawl may not call it
    other = {"GOVREPORTS_API_HOSTS": {"http://www.other.gov.cn": ["search.other.test"]}}
    spider = spider_with_crawler(ElsewhereSpider, start_urls="http://www.tonghua.gov.cn/", settings=other)
    assert _column(spider, url="http://www.tonghua.gov.cn/zwgk/index.html", site="http://www.tonghua.gov.cn") == ([], [])


def test_same_government_hosts():
    assert discovery.same_government("https://search.tonghua.gov.cn/irs/front/search", "http://www.tonghua.gov.cn")
    assert not discovery.same_government("https://search.jl.gov.cn/irs", "http://www.tonghua.gov.cn")
    assert not discovery.same_government("http://www.tonghua.com.cn/", "http://www.tonghua.gov.cn")
    assert discovery.same_government("http://127.0.0.1:9091/api", "http://127.0.0.1:8080")
    assert not discovery.same_government("http://127.0.0.2/api", "http://127.0.0.1")
    # a hosting service's suffix (the suffix list's private part) bounds a site as a browser's same-site rule does
    assert not discovery.same_government("https://xxgk-api.github.io/list", "https://county.github.io/")
    assert discovery.same_government("https://api.county.github.io/list", "https://county.github.io/")


def test_the_gkmlpt_category_fragment_is_kept_and_fetched_apart_from_the_app_page():
    links = discovery.page_links('<a href="/gkmlpt/index#2629">年报</a><a href="/zwgk/index.html#top">公开</a>'
                                 '<a href="/bakj/gkmlpt/index#1">部门</a>', SITE + "/")
    assert [link.url for link in links] == [
        f"{SITE}/gkmlpt/index#2629", f"{SITE}/zwgk/index.html", f"{SITE}/bakj/gkmlpt/index#1"]
    spider = spider_with_crawler(start_urls=f"{SITE}/gkmlpt/index#2629")
    request = spider._request(ListRequest(f"{SITE}/gkmlpt/index#2629"), SITE, "column")
    assert request.url.endswith("#2629") and request.dont_filter  # Scrapy's fingerprint ignores the fragment


def test_gkmlpt_app_reached_from_a_portal_link_asks_its_api():
    spider = spider_with_crawler(start_urls=SITE + "/")
    app = "<script>window._CONFIG = { SID: '9', TREE: [] };</script>"
    lists, _ = _column(spider, app, url=f"{SITE}/gkmlpt/index#3047", role="portal", hops=1)
    assert [r.url for r in lists] == [f"{SITE}/gkmlpt/api/all/3047?page=1&sid=9"]


def test_js_literals_and_plain_titles():
    assert js_object("x = { a: 'x', \"b\" : [1, {c: \"d\"}], }", 4) == {"a": "x", "b": [1, {"c": "d"}]}
    assert js_object("x = { a: 1", 4) is None  # never closed
    assert js_object("x = { SID: '758001', TREE: [{\"id\": 1}], N: 2 }; y", 4) == {
        "SID": "758001", "TREE": [{"id": 1}], "N": 2}
    assert js_object("{'a': \"}\", b: 'x\\'y'}", 0) == {"a": "}", "b": "x'y"}
    assert plain_title('<font color="red">年度</font>报告&nbsp;&lt;2023&gt;') == "年度报告 <2023>"
