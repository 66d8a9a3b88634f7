"""RobotsCrawlDelayMiddleware in process: the Crawl-delay of robots.txt is the floor of the site's slot delay.

The middleware runs against a real Downloader (its slots) and Scrapy's real AutoThrottle, which is driven by
the ``response_downloaded`` signal exactly as in a crawl; only robots.txt comes from a fake engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from scrapy import Request, signals
from scrapy.core.downloader import Downloader
from scrapy.http import TextResponse
from twisted.internet.error import ConnectionRefusedError

from govreports.crawl.middlewares import RobotsCrawlDelayMiddleware
from tests.crawl import SITE, FakeEngine, run, spider_with_crawler

# The delays a crawl of a quick local site would get without the floor: no delay, none to start with.
QUICK = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0, "EXTENSIONS": {}}


def _robots(text: str):
    def answer(request: Request) -> TextResponse:
        assert request.url == f"{SITE}/robots.txt"
        return TextResponse(request.url, body=text.encode(), request=request)

    return answer


def _unreachable(request: Request):
    raise ConnectionRefusedError("Connection was refused by other side")


@dataclass
class Seen:
    queued: list[float]  # the slot's delay after each request was queued
    queued_jitter: list[float]  # and its jitter
    answered: list[float]  # the slot's delay after each answer
    stats: dict
    fetched: list[str]  # what the middleware downloaded itself (robots.txt)


async def _crawl_one_site(robots: str | Callable, pages: int = 5, *, meta: dict | None = None,
                          headers: dict | None = None, latency: float = 0.01, **settings) -> Seen:
    """Queue ``pages`` requests for one site, then let each answer come back (after ``latency`` seconds)
    through AutoThrottle and the middleware."""
    spider = spider_with_crawler(settings={**QUICK, **settings})
    crawler = spider.crawler
    downloader = Downloader(crawler)
    crawler.engine = FakeEngine(_robots(robots) if isinstance(robots, str) else robots, downloader)
    middleware = RobotsCrawlDelayMiddleware.from_crawler(crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)  # AutoThrottle sets its bounds
    try:
        requests = [Request(f"{SITE}/ndbg/{i}.html", meta={"download_slot": SITE, **(meta or {})}, headers=headers)
                    for i in range(pages)]
        seen = Seen([], [], [], {}, [])
        for request in requests:  # all queued before the first answer, as the scheduler hands them out
            await middleware.process_request(request)
            _, slot = downloader._get_slot(request)  # what the downloader does next with the request
            seen.queued.append(slot.delay)
            seen.queued_jitter.append(slot.jitter)
        for request in requests:
            request.meta["download_latency"] = latency  # quick: AutoThrottle wants to lower the delay
            response = TextResponse(request.url, body=b"<html></html>", request=request)
            crawler.signals.send_catch_log(signals.response_downloaded, response=response, request=request,
                                           spider=spider)
            middleware.process_response(request, response)
            seen.answered.append(slot.delay)
        seen.stats = crawler.stats.get_stats()
        seen.fetched = [request.url for request in crawler.engine.requests]
        return seen
    finally:
        downloader._stop_slot_gc()


def test_the_slot_is_created_with_the_crawl_delay_and_without_jitter():
    seen = run(_crawl_one_site("User-agent: *\nCrawl-delay: 2\n"))
    assert seen.queued == [2.0] * 5
    # a random jitter would shorten half of the gaps below what the site asked, from the first request on
    assert seen.queued_jitter == [0.0] * 5
    assert seen.stats[f"robotstxt/crawl_delay/{SITE}"] == 2.0
    assert seen.fetched == [f"{SITE}/robots.txt"]  # once for the site


def test_the_crawl_delay_is_restored_after_every_answer_autothrottle_lowered():
    assert run(_crawl_one_site("User-agent: *\nCrawl-delay: 2\n")).answered == [2.0] * 5


def test_a_longer_delay_autothrottle_sets_for_a_slow_site_is_kept():
    # 10 s answers: AutoThrottle raises the delay past the Crawl-delay; the floor must not pull it back
    seen = run(_crawl_one_site("User-agent: *\nCrawl-delay: 2\n", latency=10.0))
    assert seen.answered[0] > 2.0
    assert seen.answered == sorted(seen.answered)


def test_autothrottle_does_lower_the_delay_of_a_site_without_crawl_delay():
    # The counterpart: without the floor, the same answers take AutoThrottle's delay down to the minimum.
    seen = run(_crawl_one_site("User-agent: *\nDisallow: /private/\n", AUTOTHROTTLE_START_DELAY=2))
    assert seen.queued[0] == 2.0
    assert seen.answered[-1] < 0.1
    assert f"robotstxt/crawl_delay/{SITE}" not in seen.stats


def test_crawl_delay_is_ignored_when_switched_off():
    seen = run(_crawl_one_site("User-agent: *\nCrawl-delay: 2\n", GOVREPORTS_OBEY_CRAWL_DELAY=False))
    assert seen.queued == [0.0] * 5
    assert max(seen.answered) < 0.1


def test_a_crawl_delay_for_another_user_agent_does_not_apply():
    seen = run(_crawl_one_site("User-agent: otherbot\nCrawl-delay: 9\n\nUser-agent: *\nDisallow:\n"))
    assert seen.queued == [0.0] * 5


@pytest.mark.parametrize("how", ["ROBOTSTXT_USER_AGENT", "User-Agent header"])
def test_the_crawl_delay_is_read_for_the_user_agent_robots_txt_is_read_for(how):
    robots = "User-agent: otherbot\nCrawl-delay: 9\n\nUser-agent: *\nCrawl-delay: 1\n"
    if how == "ROBOTSTXT_USER_AGENT":
        seen = run(_crawl_one_site(robots, ROBOTSTXT_USER_AGENT="otherbot"))
    else:
        seen = run(_crawl_one_site(robots, headers={"User-Agent": "otherbot/2.0"}))
    assert seen.queued == [9.0] * 5


def test_the_crawl_delay_is_logged_once(caplog):
    with caplog.at_level(logging.INFO, logger="govreports.crawl.middlewares"):
        run(_crawl_one_site("User-agent: *\nCrawl-delay: 2.5\n"))
    ours = [r.getMessage() for r in caplog.records if r.name == "govreports.crawl.middlewares"]
    assert ours == ["robots.txt of portal.test asks for Crawl-delay 2.5s"]


def test_a_site_without_robots_txt_gets_no_delay():
    seen = run(_crawl_one_site(_unreachable))
    assert seen.queued == [0.0] * 5 and max(seen.answered) < 0.1


def test_a_request_that_does_not_obey_robots_txt_gets_no_delay_and_fetches_no_robots_txt():
    seen = run(_crawl_one_site("User-agent: *\nCrawl-delay: 2\n", meta={"dont_obey_robotstxt": True}))
    assert seen.fetched == []
    assert seen.queued == [0.0] * 5 and max(seen.answered) < 0.1


# A registered site's own delay (sites.toml -> DOWNLOAD_SLOTS) is a floor too.
@pytest.mark.parametrize("robots, slot, expected", [
    ("User-agent: *\nDisallow:\n", {"delay": 3.0}, 3.0),  # no Crawl-delay: the site's
    ("User-agent: *\nCrawl-delay: 2\n", {"delay": 3.0}, 3.0),  # the longer of the two
    ("User-agent: *\nCrawl-delay: 2\n", {"delay": 1.0}, 2.0),
    ("User-agent: *\nDisallow:\n", {"concurrency": 1}, 0.0),  # a registered slot without a delay
])
def test_a_registered_sites_delay_is_a_floor_too(robots, slot, expected):
    seen = run(_crawl_one_site(robots, DOWNLOAD_SLOTS={SITE: slot, "http://other.test": {"delay": 7.0}}))
    assert seen.queued == [expected] * 5
    assert seen.answered == [expected] * 5 if expected else max(seen.answered) < 0.1


@pytest.mark.parametrize("delay", [0.5, 3.0])
def test_a_registered_sites_delay_holds_with_crawl_delay_switched_off(delay):
    seen = run(_crawl_one_site("User-agent: *\nCrawl-delay: 9\n", GOVREPORTS_OBEY_CRAWL_DELAY=False,
                               DOWNLOAD_SLOTS={SITE: {"delay": delay}}))
    assert seen.queued == [delay] * 5 and seen.answered == [delay] * 5
