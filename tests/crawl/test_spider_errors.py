"""Blocked pages and failed fetches in process: each is counted and sent as a ``crawl_outcome``, never bypassed."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as ConnectTimeout
from twisted.python.failure import Failure

from govreports.crawl.blocked import BLOCKED_STATUSES
from tests.crawl import SITE, Outcomes, listing_meta, response_fixture, spider_with_crawler

REPORT_URL = f"{SITE}/ndbg/2023.html"


def _failure(error: Exception, url: str = REPORT_URL) -> Failure:
    failure = Failure(error)
    failure.request = Request(url)  # as Scrapy hands it to an errback
    return failure


@pytest.mark.parametrize("status", [403, 412, 521])
def test_a_blocked_list_page_is_recorded_and_not_read(status):
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    html = '<a href="/ndbg/2023.html">测试县2023年政府信息公开工作年度报告</a>'
    response = response_fixture(f"{SITE}/ndbg/", html, status=status, meta=listing_meta())
    assert list(spider.parse_listing(response)) == []
    assert outcomes.sent == [{"url": f"{SITE}/ndbg/", "status": status, "outcome": "blocked",
                              "message": BLOCKED_STATUSES[status]}]
    assert spider.crawler.stats.get_value("govreports/blocked") == 1
    assert spider.crawler.stats.get_value("govreports/pages/column") is None


@pytest.mark.parametrize("status", [403, 412, 521])
def test_a_blocked_report_page_yields_no_item(status):
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    response = response_fixture(REPORT_URL, "<html>challenge</html>", status=status)
    assert list(spider.parse_report(response)) == []
    assert [(o["status"], o["outcome"]) for o in outcomes.sent] == [(status, "blocked")]


def test_a_report_page_becomes_an_item_with_its_list_context():
    spider = spider_with_crawler()
    meta = {"list_title": "测试县2023年年报", "list_date": "2024-01-20", "list_url": f"{SITE}/ndbg/"}
    response = response_fixture(REPORT_URL, "<html>报告</html>", meta=meta,
                                headers={"Content-Type": "text/html; charset=utf-8"})
    (item,) = spider.parse_report(response)
    assert (item.url, item.site, item.status, item.content_type) == (REPORT_URL, SITE, 200, "text/html; charset=utf-8")
    assert (item.list_title, item.list_date, item.list_url) == (meta["list_title"], "2024-01-20", f"{SITE}/ndbg/")
    assert item.body == "<html>报告</html>".encode() and item.fetched_at


def test_a_robots_txt_refusal_is_recorded_not_counted_as_an_error():
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    spider.on_error(_failure(IgnoreRequest("Forbidden by robots.txt")))
    assert outcomes.sent == [{"url": REPORT_URL, "status": 0, "outcome": "robots-forbidden",
                              "message": "forbidden by robots.txt, not fetched"}]
    assert spider.crawler.stats.get_stats() == {}  # no count of its own: the middleware counts refusals


def test_a_file_past_the_size_limit_is_too_large():
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    spider.on_error(_failure(DownloadCancelledError("Cancelling download of …: expected response size larger")))
    assert outcomes.sent == [{"url": REPORT_URL, "status": 0, "outcome": "too_large",
                              "message": "Cancelling download of …: expected response size larger"}]
    assert spider.crawler.stats.get_stats() == {"govreports/too_large": 1}


def test_an_http_error_keeps_its_status():
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    spider.on_error(_failure(HttpError(response_fixture(REPORT_URL, "", status=404), "Ignoring non-200 response")))
    assert outcomes.sent == [{"url": REPORT_URL, "status": 404, "outcome": "error",
                              "message": "HttpError: Ignoring non-200 response"}]
    assert spider.crawler.stats.get_stats() == {"govreports/errors": 1}


def test_a_connection_error_has_no_status_and_is_logged(caplog):
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    with caplog.at_level(logging.WARNING):
        spider.on_error(_failure(ConnectTimeout("User timeout caused connection failure.")))
    message = f"TimeoutError: {ConnectTimeout('User timeout caused connection failure.')}"  # as Twisted words it
    assert outcomes.sent == [{"url": REPORT_URL, "status": 0, "outcome": "error", "message": message}]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        f"failed {REPORT_URL}: {message}"]


def test_a_long_error_message_is_cut_to_300_characters():
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    spider.on_error(_failure(ValueError("x" * 1000)))
    assert outcomes.sent[0]["message"] == ("ValueError: " + "x" * 1000)[:300]


def test_a_blocked_page_is_logged_with_its_wall(caplog):
    spider = spider_with_crawler()
    with caplog.at_level(logging.WARNING):
        spider._blocked(response_fixture(REPORT_URL, "<html>challenge</html>", status=521))
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        f"{REPORT_URL} answered 521 (Jiasule (加速乐) challenge): recorded as blocked, not bypassed"]
