"""RobotsCrawlDelayMiddleware in process: the Crawl-delay of robots.txt is the floor of the site's slot delay.

The middleware runs against a real Downloader (its slots) and Scrapy's real AutoThrottle, which is driven by
the ``response_downloaded`` signal exactly as in a crawl; only robots.txt comes from a fake engine.
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.core.downloader import Downloader
from scrapy.http import TextResponse

from govreports.crawl.middlewares import RobotsCrawlDelayMiddleware
from tests.crawl import SITE, FakeEngine, run, spider_with_crawler

# The delays a crawl of a quick local site would get without the floor: no delay, none to start with.
QUICK = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0, "EXTENSIONS": {}}


def _robots(text: str):
    def answer(request: Request) -> TextResponse:
        assert request.url == f"{SITE}/robots.txt"
        return TextResponse(request.url, body=text.encode(), request=request)

    return answer


async def _crawl_one_site(robots_txt: str, pages: int = 5, **settings) -> tuple[list[float], list[float], dict]:
    """Queue ``pages`` requests for one site, then let each answer come back through AutoThrottle and the
    middleware. Returns the slot's delay after each request was queued and after each answer."""
    spider = spider_with_crawler(settings={**QUICK, **settings})
    crawler = spider.crawler
    downloader = Downloader(crawler)
    crawler.engine = FakeEngine(_robots(robots_txt), downloader)
    middleware = RobotsCrawlDelayMiddleware.from_crawler(crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)  # AutoThrottle sets its bounds
    try:
        requests = [Request(f"{SITE}/ndbg/{i}.html", meta={"download_slot": SITE}) for i in range(pages)]
        queued = []
        for request in requests:  # all queued before the first answer, as the scheduler hands them out
            await middleware.process_request(request)
            _, slot = downloader._get_slot(request)  # what the downloader does next with the request
            queued.append(slot.delay)
        answered = []
        for request in requests:
            request.meta["download_latency"] = 0.01  # a quick site: AutoThrottle wants to lower the delay
            response = TextResponse(request.url, body=b"<html></html>", request=request)
            crawler.signals.send_catch_log(signals.response_downloaded, response=response, request=request,
                                           spider=spider)
            middleware.process_response(request, response)
            answered.append(slot.delay)
        return queued, answered, {"jitter": slot.jitter, "stats": crawler.stats.get_stats()}
    finally:
        downloader._stop_slot_gc()


def test_the_slot_is_created_with_the_crawl_delay_and_without_jitter():
    queued, _, seen = run(_crawl_one_site("User-agent: *\nCrawl-delay: 2\n"))
    assert queued == [2.0] * 5
    assert seen["jitter"] == 0.0  # a random jitter would shorten half of the gaps below what the site asked
    assert seen["stats"][f"robotstxt/crawl_delay/{SITE}"] == 2.0


def test_the_crawl_delay_is_restored_after_every_answer_autothrottle_lowered():
    _, answered, _ = run(_crawl_one_site("User-agent: *\nCrawl-delay: 2\n"))
    assert answered == [2.0] * 5


def test_autothrottle_does_lower_the_delay_of_a_site_without_crawl_delay():
    # The counterpart: without the floor, the same answers take AutoThrottle's delay down to the minimum.
    queued, answered, _ = run(_crawl_one_site("User-agent: *\nDisallow: /private/\n", AUTOTHROTTLE_START_DELAY=2))
    assert queued[0] == 2.0
    assert answered[-1] < 0.1


def test_crawl_delay_is_ignored_when_switched_off():
    queued, answered, _ = run(_crawl_one_site("User-agent: *\nCrawl-delay: 2\n", GOVREPORTS_OBEY_CRAWL_DELAY=False))
    assert queued == [0.0] * 5
    assert max(answered) < 0.1


def test_a_crawl_delay_for_another_user_agent_does_not_apply():
    queued, _, _ = run(_crawl_one_site("User-agent: otherbot\nCrawl-delay: 9\n\nUser-agent: *\nDisallow:\n"))
    assert queued == [0.0] * 5
