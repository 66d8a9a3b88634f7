"""Blocked pages and failed fetches in process: each is counted and sent as a ``crawl_outcome``, never bypassed."""

from __future__ import annotations

import itertools
import logging

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as ConnectTimeout
from twisted.python.failure import Failure

from govreports import store
from govreports.crawl.blocked import BLOCKED_STATUSES
from govreports.store.pages import GONE_STATUSES
from tests.crawl import SITE, Outcomes, crawler_with_settings, listing_meta, response_fixture, run, spider_with_crawler

REPORT_URL = f"{SITE}/ndbg/2023.html"


def _failure(error: Exception, url: str = REPORT_URL, meta: dict | None = None) -> Failure:
    failure = Failure(error)
    failure.request = Request(url, meta=meta)  # as Scrapy hands it to an errback
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


def _past_the_redirect_limit(urls: list[str], **settings) -> Failure:
    """The failure Scrapy's RedirectMiddleware ends a chain of 302s through ``urls`` with."""
    crawler = crawler_with_settings(**settings)
    redirects = RedirectMiddleware.from_crawler(crawler)
    request = Request(urls[0])
    for here, there in itertools.pairwise(urls):
        assert request.url == here
        try:
            request = redirects.process_response(request, Response(here, status=302, headers={"Location": there},
                                                                   request=request))
        except IgnoreRequest as error:
            return _failure(error, request.url, request.meta)
    raise AssertionError("the chain ended within the limit")


@pytest.mark.parametrize("limit", [2, 0])
def test_a_redirect_chain_past_the_limit_is_logged_under_the_url_the_list_linked_to(limit):
    urls = [f"{SITE}/down?id={i}" for i in range(1, 6)]
    failure = _past_the_redirect_limit(urls, REDIRECT_MAX_TIMES=limit)
    assert failure.request.url == urls[limit]  # the last URL fetched, whose Location was one too many
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    spider.on_error(failure)
    # a re-crawl asks again for what the list linked to, so that is the row's URL
    assert outcomes.sent == [{"url": urls[0], "status": 0, "outcome": "too_many_redirects",
                              "message": f"{limit} redirects, the last to {urls[limit]}"}]
    assert spider.crawler.stats.get_stats() == {"govreports/errors": 1}


def test_a_request_ignored_for_another_reason_is_an_error():
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    spider.on_error(_failure(IgnoreRequest("Offsite request")))
    assert [(o["outcome"], o["message"]) for o in outcomes.sent] == [("error", "IgnoreRequest: Offsite request")]


def _spider_knowing(report_url: str, tmp_path):
    """A spider whose crawl starts on a database that holds ``report_url`` as a report of an earlier crawl."""
    db_path = tmp_path / "g.db"
    db = store.open_db(db_path)
    store.store_reports(db, [{
        "url": report_url, "site": SITE, "title": "测试县2023年政府信息公开工作年度报告", "body_text": "一、总体情况",
        "body_html": "<p>一、总体情况</p>", "attachments": [], "fetched_at": "2026-01-01T00:00:00+00:00",
        "raw": b"<html>report</html>", "page": {"status": 200, "headers": {"Content-Type": "text/html"}}}])
    db.conn.close()
    spider = spider_with_crawler(settings={"GOVREPORTS_DB": str(db_path), "GOVREPORTS_REVALIDATE": True})

    async def started() -> list[str]:
        return [request.url async for request in spider.start()]

    assert report_url in run(started())  # asked for again, linked or not
    return spider


@pytest.mark.parametrize("status", GONE_STATUSES)
def test_a_known_report_answering_404_or_410_is_gone(status, tmp_path, caplog):
    spider = _spider_knowing(REPORT_URL, tmp_path)
    outcomes = Outcomes(spider.crawler)
    with caplog.at_level(logging.INFO, logger=spider.name):
        spider.on_error(_failure(HttpError(response_fixture(REPORT_URL, "", status=status), "Ignoring non-200 response")))
    assert outcomes.sent == [{"url": REPORT_URL, "status": status, "outcome": "gone", "message": f"HTTP {status}"}]
    assert spider.crawler.stats.get_value("govreports/reports_gone") == 1
    assert spider.crawler.stats.get_value("govreports/errors") is None
    assert [r.getMessage() for r in caplog.records if r.name == spider.name] == [
        f"known report {REPORT_URL} answers {status}: marked gone"]


@pytest.mark.parametrize("url, status", [(f"{SITE}/ndbg/2024.html", 404),  # a page no crawl stored: an error
                                         (REPORT_URL, 500), (REPORT_URL, 403)])  # a known report failing otherwise
def test_only_a_known_report_answering_404_or_410_is_gone(url, status, tmp_path):
    spider = _spider_knowing(REPORT_URL, tmp_path)
    outcomes = Outcomes(spider.crawler)
    spider.on_error(_failure(HttpError(response_fixture(url, "", status=status), "Ignoring non-200 response"), url))
    assert [(o["url"], o["status"], o["outcome"]) for o in outcomes.sent] == [(url, status, "error")]
    assert spider.crawler.stats.get_value("govreports/reports_gone") is None


@pytest.mark.parametrize("retry_after", ["3600", "Wed, 21 Oct 2026 07:28:00 GMT"])
def test_a_failure_that_asked_to_retry_later_says_how_long(retry_after):
    # RetryAfterMiddleware gave the answer up (the wait was past its limit), or the retries ran out
    spider = spider_with_crawler()
    outcomes = Outcomes(spider.crawler)
    answer = response_fixture(REPORT_URL, "", status=503, headers={"Retry-After": retry_after})
    spider.on_error(_failure(HttpError(answer, "Ignoring non-200 response")))
    assert outcomes.sent == [{"url": REPORT_URL, "status": 503, "outcome": "error",
                              "message": f"HttpError: Ignoring non-200 response (asked to retry after {retry_after})"}]
