"""The shared rate limit in process: SharedRateLimitMiddleware of two workers (two crawlers with the project's
settings and real downloaders) on one real redis-server. When each request was let go is read from Redis, on
Redis's clock, so "a delay apart" is a fact of the record, not a measurement of this machine's speed.
(test_rate_limit.py: three worker processes crawling two sites, as the sites' servers saw them.)"""

from __future__ import annotations

import asyncio
import itertools

import pytest
from scrapy import Request, signals
from scrapy.core.downloader import Downloader
from scrapy.http import Response
from scrapy.settings import Settings

from govreports.crawl.distributed.keys import Keys
from govreports.crawl.distributed.ratelimit import SharedRateLimitMiddleware
from govreports.crawl.distributed.worker import seed
from tests.crawl import SITE, FakeEngine, run, spider_with_crawler
from tests.crawl.distributed.conftest import needs_redis

pytestmark = needs_redis

PREFIX = "t"
LAST_SENT = Keys(PREFIX).last_sent(SITE)
# A bound on a wait of well under a second, so a gate that never opens fails the test instead of hanging it.
NEVER = 20


def _worker(redis_server, **settings) -> SharedRateLimitMiddleware:
    """A worker's middleware; call inside the event loop (the downloader starts its slot clean-up there)."""
    spider = spider_with_crawler(settings={"GOVREPORTS_REDIS_URL": redis_server.url, "GOVREPORTS_REDIS_PREFIX": PREFIX,
                                           "DOWNLOAD_DELAY": 0, **settings})
    spider.crawler.engine = FakeEngine(lambda request: None, Downloader(spider.crawler))
    return SharedRateLimitMiddleware.from_crawler(spider.crawler)


def _request(path: str = "/ndbg/a.html", site: str = SITE) -> Request:
    return Request(site + path, meta={"download_slot": site})  # as the spider makes them: one slot per origin


def _answer(middleware: SharedRateLimitMiddleware, request: Request) -> Response:
    return middleware.process_response(request, Response(request.url, request=request))


def _stop(*workers: SharedRateLimitMiddleware) -> None:
    for worker in workers:
        worker.crawler.engine.downloader._stop_slot_gc()


def test_a_sites_requests_are_let_go_the_delay_apart_whichever_worker_sends_them(redis_server):
    client = redis_server.client()

    async def crawl() -> list[int]:
        first, second = _worker(redis_server, DOWNLOAD_DELAY=0.2), _worker(redis_server, DOWNLOAD_DELAY=0.2)
        sent = []
        for worker, path in zip([first, second, first, second], "abcd", strict=True):
            request = _request(f"/ndbg/{path}.html")
            await asyncio.wait_for(worker.process_request(request), NEVER)
            sent.append(int(client.get(LAST_SENT)))
            _answer(worker, request)
        _stop(first, second)
        return sent

    sent = run(crawl())
    assert all(later - earlier >= 200 for earlier, later in itertools.pairwise(sent)), sent


def _seeded(redis_server, delay: float) -> dict:
    # what `crawl --all --redis` publishes for a registered site; this worker was started without the registry
    site_settings = {"DOWNLOAD_SLOTS": {SITE: {"delay": delay}}}
    seed(redis_server.client(), Keys(PREFIX), site_settings, Settings(site_settings), [SITE + "/"])
    return {}


@pytest.mark.parametrize("source", ["DOWNLOAD_DELAY", "registered", "seeded", "slot", "none but the worker's own"])
def test_the_longest_delay_any_source_asks_for_is_kept_across_workers(source, redis_server):
    """The record of the last request outlives the site's delay (a request after it could go early otherwise),
    and not by much more than a second. Each source in turn asks for 100 s; the others for less."""
    long = 100.0
    settings = {"DOWNLOAD_DELAY": 0.5}
    if source == "DOWNLOAD_DELAY":
        settings["DOWNLOAD_DELAY"] = long
    elif source == "registered":
        settings["DOWNLOAD_SLOTS"] = {SITE: {"delay": long}}
    elif source == "seeded":
        settings.update(_seeded(redis_server, long))
    expected = 0.5 if source == "none but the worker's own" else long

    async def one_request() -> None:
        worker = _worker(redis_server, **settings)
        request = _request()
        if source == "slot":  # AutoThrottle or robots.txt's Crawl-delay raised the slot's delay after a response
            worker.crawler.engine.downloader._get_slot(request)[1].delay = long
        await asyncio.wait_for(worker.process_request(request), NEVER)
        _stop(worker)

    run(one_request())
    kept_ms = redis_server.client().pttl(LAST_SENT)
    assert expected * 1000 < kept_ms <= expected * 1000 + 1000, kept_ms


def test_a_site_without_a_delay_is_not_held(redis_server):
    async def one_request() -> Response:
        worker = _worker(redis_server)
        request = _request()
        await asyncio.wait_for(worker.process_request(request), NEVER)
        answered = _answer(worker, request)  # nothing to give back
        worker.process_exception(_request("/b.html"), TimeoutError())
        _stop(worker)
        return answered

    assert isinstance(run(one_request()), Response)
    assert redis_server.client().keys(f"{PREFIX}:last-sent:*") == []


@pytest.mark.parametrize("settings, in_flight", [
    ({"CONCURRENT_REQUESTS_PER_DOMAIN": 2}, 2),
    # a registered site's own concurrency, from its first request on (its slot does not exist yet)
    ({"CONCURRENT_REQUESTS_PER_DOMAIN": 4, "DOWNLOAD_SLOTS": {SITE: {"concurrency": 1}}}, 1),
])
@pytest.mark.parametrize("ends", ["answered", "failed"])
def test_a_worker_lets_no_more_of_a_sites_requests_go_than_its_slot_may_have_in_flight(settings, in_flight, ends,
                                                                                       redis_server):
    async def crawl():
        worker = _worker(redis_server, DOWNLOAD_DELAY=0.05, **settings)
        requests = [_request(f"/ndbg/{i}.html") for i in range(in_flight + 1)]
        going = [asyncio.ensure_future(worker.process_request(request)) for request in requests]
        await asyncio.wait_for(asyncio.gather(*going[:in_flight]), NEVER)
        await asyncio.sleep(0.5)  # ten delays: the next would have been let go by now, were it let through
        held = not going[-1].done()
        if ends == "answered":
            _answer(worker, requests[0])
        else:  # a time-out or refused connection frees its place too
            worker.process_exception(requests[0], TimeoutError())
        await asyncio.wait_for(going[-1], NEVER)
        _stop(worker)
        return held

    assert run(crawl()), "a request past the slot's concurrency was let go"


def test_a_request_let_go_reaches_its_slot_with_no_delay_left(redis_server):
    # the shared grant spaced it already; the slot's own delay would hold it back behind this worker's last one
    async def crawl():
        worker = _worker(redis_server, DOWNLOAD_DELAY=0.3)
        downloader, crawler = worker.crawler.engine.downloader, worker.crawler
        request, other = _request(), _request(site="http://other.test")
        await asyncio.wait_for(worker.process_request(request), NEVER)
        slot = downloader._get_slot(request)[1]  # what the downloader does next with the request
        other_slot = downloader._get_slot(other)[1]
        delays = [slot.delay]
        for reached in (request, other):  # the other was never held (sent without this middleware)
            crawler.signals.send_catch_log(signals.request_reached_downloader, request=reached, spider=crawler.spider)
        delays += [slot.delay, other_slot.delay]
        _stop(worker)
        return delays

    assert run(crawl()) == [0.3, 0.0, 0.3]
