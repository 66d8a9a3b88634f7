"""RevalidationMiddleware in process, against a real SQLite file: conditional requests for known pages and the
stored copy handed on for a 304."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse, Response

from govreports import store
from govreports.crawl.revalidation import NOT_MODIFIED, RevalidationMiddleware
from tests.crawl import SITE, spider_with_crawler

PAGE = f"{SITE}/ndbg/index.html"
GBK_LIST = "<html><body><a href='1.html'>某县2020年政府信息公开工作年度报告</a></body></html>".encode("gbk")


def _middleware(tmp_path, validators: dict[str, str]) -> RevalidationMiddleware:
    db_path = tmp_path / "g.db"
    db = store.open_db(db_path)
    store.pages.record_fetched(db, [{"row": store.pages.page_row(
        PAGE, SITE, "column", 200, {"Content-Type": "text/html; charset=gbk", **validators},
        "f" * 64, "2026-01-01T00:00:00"), "raw": GBK_LIST}])
    db.close()
    spider = spider_with_crawler(settings={"GOVREPORTS_DB": str(db_path), "EXTENSIONS": {}})
    return RevalidationMiddleware.from_crawler(spider.crawler)


def test_a_known_page_is_asked_for_with_its_validators(tmp_path):
    middleware = _middleware(tmp_path, {"ETag": 'W/"abc"', "Last-Modified": "Thu, 01 Jan 2026 00:00:00 GMT"})
    request = Request(PAGE, meta={"role": "column"})
    assert middleware.process_request(request) is None
    assert request.headers[b"If-None-Match"] == b'W/"abc"'
    assert request.headers[b"If-Modified-Since"] == b"Thu, 01 Jan 2026 00:00:00 GMT"
    unknown = Request(f"{SITE}/other.html")
    middleware.process_request(unknown)
    assert b"If-None-Match" not in unknown.headers and b"If-Modified-Since" not in unknown.headers
    for skipped in (Request(PAGE, method="POST"), Request(PAGE, meta={"role": "attachment"}),
                    Request(PAGE, meta={"playwright": True})):
        middleware.process_request(skipped)
        assert b"If-None-Match" not in skipped.headers


def test_a_page_sent_without_validators_is_asked_for_whole(tmp_path):
    middleware = _middleware(tmp_path, {})
    request = Request(PAGE)
    middleware.process_request(request)
    assert not request.headers


def test_a_304_hands_on_the_stored_copy_with_its_charset(tmp_path):
    middleware = _middleware(tmp_path, {"Last-Modified": "Thu, 01 Jan 2026 00:00:00 GMT"})
    request = Request(PAGE, meta={"role": "column"})
    middleware.process_request(request)
    answer = middleware.process_response(request, Response(PAGE, status=304, headers={"ETag": '"new"'},
                                                           request=request))
    assert isinstance(answer, HtmlResponse) and answer.status == 200 and NOT_MODIFIED in answer.flags
    assert "年度报告" in answer.text, "decoded with the charset the stored headers name"
    assert answer.headers[b"ETag"] == b'"new"', "a 304's validators update the stored ones"
    assert middleware.crawler.stats.get_value("govreports/not_modified") == 1
    whole = HtmlResponse(PAGE, status=200, body=b"<html></html>", request=request)
    assert middleware.process_response(request, whole) is whole


def test_a_304_without_a_stored_copy_asks_again_for_the_whole_page(tmp_path):
    middleware = _middleware(tmp_path, {"ETag": '"abc"'})
    store.open_db(tmp_path / "g.db").execute("DELETE FROM page_bodies")
    request = Request(PAGE, meta={"role": "column"})
    middleware.process_request(request)
    again = middleware.process_response(request, Response(PAGE, status=304, request=request))
    assert isinstance(again, Request) and again.dont_filter and b"If-None-Match" not in again.headers
    middleware.process_request(again)
    assert b"If-None-Match" not in again.headers, "not made conditional a second time"
