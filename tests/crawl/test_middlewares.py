"""RobotsCrawlDelayMiddleware in process: the Crawl-delay of robots.txt is the floor of the site's slot delay.

The middleware runs against a real Downloader (its slots) and Scrapy's real AutoThrottle, which is driven by
the ``response_downloaded`` signal exactly as in a crawl; only robots.txt comes from a fake engine.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from scrapy import Request, signals
from scrapy.core.downloader import Downloader
from scrapy.exceptions import IgnoreRequest
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


# Requests that arrive while their site's robots.txt is downloading: each waits, and each is checked against it
# when it comes (Scrapy's middleware handed the parser to the first waiting request only; see
# ``RobotsCrawlDelayMiddleware.robot_parser``). The crawls of tests/crawl/test_robots_txt_waiting.py do the same
# against a real server; here the test holds robots.txt back itself, so every request is surely waiting.
class HeldEngine:
    """The engine's ``download_async`` for robots.txt, answering only when the test says (``answer``)."""

    def __init__(self, downloader):
        self.downloader = downloader
        self.held: dict[str, asyncio.Future] = {}  # robots.txt URL -> its answer to come
        self.scheduler = None

    async def download_async(self, request: Request) -> TextResponse:
        assert request.url not in self.held, "robots.txt fetched twice"
        self.held[request.url] = asyncio.get_running_loop().create_future()
        return await self.held[request.url]

    def answer(self, robots_url: str, robots: str | Exception) -> None:
        if isinstance(robots, Exception):
            self.held[robots_url].set_exception(robots)
        else:
            self.held[robots_url].set_result(TextResponse(robots_url, body=robots.encode(), request=Request(robots_url)))


def _site(url: str) -> str:
    return "{0.scheme}://{0.netloc}".format(urlsplit(url))


async def _let_requests_run() -> None:
    for _ in range(10):  # each request runs up to its wait for robots.txt, or to its end, in a turn or two
        await asyncio.sleep(0)


async def _all_waiting(tasks: dict[str, asyncio.Task]) -> None:
    await _let_requests_run()
    gone_on = [url for url, task in tasks.items() if task.done()]
    assert gone_on == [], "requests went on before their site's robots.txt was in"


async def _wait_for_robots(sites: dict[str, str | Exception], urls: list[str], **settings):
    """Send ``urls`` through the middleware at once while each site's robots.txt is held back, then answer them
    in the order of ``sites`` (site -> robots.txt, or the error fetching it); each request's outcome: None
    (it goes on to the downloader) or IgnoreRequest, and the crawler's stats."""
    crawler = spider_with_crawler(settings={**QUICK, **settings}).crawler
    downloader = Downloader(crawler)
    crawler.engine = engine = HeldEngine(downloader)
    middleware = RobotsCrawlDelayMiddleware.from_crawler(crawler)
    tasks: dict[str, asyncio.Task] = {}
    try:
        tasks = {url: asyncio.create_task(middleware.process_request(Request(url))) for url in urls}
        await _all_waiting(tasks)
        assert set(engine.held) == {f"{site}/robots.txt" for site in sites}  # once for each site
        answered = set()
        for site, robots in sites.items():
            engine.answer(f"{site}/robots.txt", robots)
            answered.add(site)
            await _all_waiting({url: task for url, task in tasks.items() if _site(url) not in answered})
        await _let_requests_run()
        # a request left waiting would wait for ever: fail instead
        still_waiting = [url for url, task in tasks.items() if not task.done()]
        assert still_waiting == [], "requests still wait, their site's robots.txt long in"
        outcomes = await asyncio.gather(*tasks.values(), return_exceptions=True)
        return [None if outcome is None else type(outcome) for outcome in outcomes], crawler.stats.get_stats()
    finally:
        for task in tasks.values():
            task.cancel()
        downloader._stop_slot_gc()


# A TRS portal's robots.txt: rules for every user agent, and a Crawl-delay.
PORTAL_ROBOTS = "User-agent: *\nDisallow: /zwgk/ndbg/nbk/\nDisallow: /was5/\nCrawl-delay: 1\n"
# A file host's, unlike it in every way it may differ: a group of its own for our user agent (the group for
# everyone else disallows nothing), an Allow exception inside a disallowed path, the * and $ patterns, no
# Crawl-delay; and the host has a port.
FILES = "http://files.gov.test:8080"
FILES_ROBOTS = ("User-agent: *\nDisallow:\n\nUser-agent: govreports\nDisallow: /attach/\nAllow: /attach/public/\n"
                "Disallow: /*.asp$\n")


def test_every_request_waiting_for_robots_txt_is_checked_against_it():
    # the first request fetches robots.txt; the later ones wait, refused ones among them at every place
    paths = ["/xxgk/", "/zwgk/ndbg/nbk/t2020.shtml", "/zwgk/ndbg/2023.shtml", "/was5/web/search?q=1",
             "/zwgk/ndbg/nbk/t2021.shtml", "/index.shtml"]
    outcomes, stats = run(_wait_for_robots({SITE: PORTAL_ROBOTS}, [SITE + path for path in paths]))
    assert outcomes == [None, IgnoreRequest, None, IgnoreRequest, IgnoreRequest, None]
    assert stats["robotstxt/forbidden"] == 3
    assert stats["robotstxt/crawl_delay/portal.test"] == 1.0  # read while the others waited too


def test_two_sites_waiting_at_once_are_each_checked_against_their_own_robots_txt():
    urls = [SITE + "/xxgk/", FILES + "/attach/public/2023.pdf", SITE + "/was5/web/search",
            FILES + "/attach/2023.pdf", FILES + "/list.asp", SITE + "/attach/2023.pdf", FILES + "/list.asp?page=2",
            SITE + "/zwgk/ndbg/nbk/t2020.shtml"]
    # the file host's robots.txt comes in first, though the portal's was asked for first
    outcomes, stats = run(_wait_for_robots({FILES: FILES_ROBOTS, SITE: PORTAL_ROBOTS}, urls))
    assert outcomes == [None, None, IgnoreRequest, IgnoreRequest, IgnoreRequest, None, None, IgnoreRequest]
    assert stats["robotstxt/forbidden"] == 4


@pytest.mark.parametrize("error", [ConnectionRefusedError("Connection was refused by other side"),
                                   IgnoreRequest("robots.txt refused by another middleware")])
def test_when_robots_txt_cannot_be_fetched_every_waiting_request_goes_on(error):
    # as in Scrapy: no robots.txt, no rule; the other site's robots.txt, in meanwhile, still refuses
    urls = [SITE + "/xxgk/", SITE + "/zwgk/ndbg/nbk/t2020.shtml", FILES + "/attach/2023.pdf",
            SITE + "/was5/web/search", FILES + "/list.asp", SITE + "/index.shtml"]
    outcomes, stats = run(_wait_for_robots({SITE: error, FILES: FILES_ROBOTS}, urls))
    assert outcomes == [None, None, IgnoreRequest, None, IgnoreRequest, None]
    assert "robotstxt/crawl_delay/portal.test" not in stats
