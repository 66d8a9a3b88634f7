"""Retry-After in process: the header read in both forms, and RetryAfterMiddleware built from a real crawler with
the project's settings, answering real requests and responses (waits of at most a second)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from scrapy import Request
from scrapy.http import Response

from govreports.crawl.middlewares import RetryAfterMiddleware, retry_after_seconds
from tests.crawl import SITE, run, spider_with_crawler

NOW = datetime(2026, 10, 21, 7, 27, 0, tzinfo=timezone.utc)
PAGE = f"{SITE}/ndbg/2023.html"


@pytest.mark.parametrize(("value", "seconds"), [
    (b"120", 120.0), ("0", 0.0), (" 7 ", 7.0),
    ("Wed, 21 Oct 2026 07:28:00 GMT", 60.0),  # IMF-fixdate
    (b"Wed, 21 Oct 2026 07:28:00 GMT", 60.0),  # as Scrapy's headers give it: bytes
    ("Wednesday, 21-Oct-26 07:28:30 GMT", 90.0),  # RFC 850
    ("Wed Oct 21 07:27:05 2026", 5.0),  # asctime
    ("Wed, 21 Oct 2026 07:00:00 GMT", 0.0),  # a date past: at once
    (None, None), (b"", None), ("soon", None), ("-5", None), ("1.5", None),
])
def test_retry_after_in_both_forms(value, seconds):
    assert retry_after_seconds(value, NOW) == seconds


def _answer(status: int, retry_after: str | None = None, meta: dict | None = None, **settings):
    """The middleware's answer to ``status`` (with ``Retry-After``), and the crawl's stats and own log lines."""
    spider = spider_with_crawler(settings=settings)
    middleware = RetryAfterMiddleware.from_crawler(spider.crawler)
    request = Request(PAGE, meta=meta or {})
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    response = Response(PAGE, status=status, headers=headers, request=request)
    # bounded: a wait past the limit, taken by mistake, fails the test instead of holding it for an hour
    answer = run(asyncio.wait_for(middleware.process_response(request, response), 30))
    stats = {name: value for name, value in spider.crawler.stats.get_stats().items()
             if name.startswith(("govreports/", "retry/count"))}
    return answer, response, stats


def _in(seconds: int) -> str:
    return format_datetime(datetime.now(timezone.utc) + timedelta(seconds=seconds), usegmt=True)


@pytest.mark.parametrize("status", [503, 429])
def test_a_short_wait_is_kept_then_the_page_is_asked_for_again(status):
    again, _, stats = _answer(status, "1")
    assert isinstance(again, Request) and again.url == PAGE and again.meta["retry_times"] == 1
    assert stats == {"govreports/retry_after_waits": 1, "retry/count": 1}


def test_a_wait_as_long_as_the_limit_is_kept():
    again, _, stats = _answer(503, "1", GOVREPORTS_RETRY_AFTER_MAX=1)
    assert isinstance(again, Request) and stats["govreports/retry_after_waits"] == 1


@pytest.mark.parametrize("retry_after", ["121", "3600", _in(3600)])  # past the project's 120 s, in both forms
def test_a_wait_past_the_limit_is_given_up_and_logged(retry_after, caplog):
    with caplog.at_level(logging.WARNING, logger="govreports.crawl.middlewares"):
        answer, response, stats = _answer(503, retry_after)
    assert answer is response  # to the spider's errback, with the header for the crawl log
    assert stats == {"govreports/retry_after_too_long": 1}
    (message,) = [r.getMessage() for r in caplog.records if r.name == "govreports.crawl.middlewares"]
    assert message.startswith(f"{PAGE} answered 503 with Retry-After ")
    assert message.endswith(" s, more than GOVREPORTS_RETRY_AFTER_MAX (120 s): not retried")


def test_the_limit_is_the_setting():
    assert isinstance(_answer(503, "5", GOVREPORTS_RETRY_AFTER_MAX=10)[0], Request)
    answer, response, stats = _answer(503, "5", GOVREPORTS_RETRY_AFTER_MAX=4)
    assert answer is response and stats == {"govreports/retry_after_too_long": 1}


@pytest.mark.parametrize("retry_after", [None, "0", "Wed, 21 Oct 2020 07:28:00 GMT", "soon", "1.5"])
def test_no_wait_asked_or_none_readable_is_scrapys_retry_at_once(retry_after):
    again, _, stats = _answer(503, retry_after)
    assert isinstance(again, Request) and stats == {"retry/count": 1}


@pytest.mark.parametrize("status", [500, 502, 504])
def test_other_retried_answers_are_retried_at_once_whatever_they_say(status):
    # Retry-After on a 500 means nothing (RFC 9110 names 503 and 429, and 3xx): no wait, however long
    again, _, stats = _answer(status, "3600")
    assert isinstance(again, Request) and stats == {"retry/count": 1}


def test_a_request_that_is_not_to_be_retried_is_not_waited_for():
    answer, response, stats = _answer(503, "3600", meta={"dont_retry": True})
    assert answer is response and stats == {}


def test_an_answer_the_settings_do_not_retry_is_not_waited_for():
    answer, response, stats = _answer(429, "3600", RETRY_HTTP_CODES=[500, 503])
    assert answer is response and stats == {}
    answer, response, stats = _answer(429, "1", RETRY_HTTP_CODES=[500, 503])
    assert answer is response and stats == {}
