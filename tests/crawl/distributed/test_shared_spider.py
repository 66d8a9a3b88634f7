"""The spider's crawl memory in Redis: two workers' spiders behave as one (real redis-server, spiders in-process)."""

from __future__ import annotations

import asyncio

from govreports.crawl.distributed.spider import SharedStateSpider
from tests.crawl import SITE, spider_with_crawler
from tests.crawl.distributed.conftest import needs_redis

pytestmark = needs_redis


def _workers(redis_server, count=2, start_urls=SITE + "/"):
    settings = {"GOVREPORTS_REDIS_URL": redis_server.url, "GOVREPORTS_REDIS_PREFIX": "t"}
    return [spider_with_crawler(SharedStateSpider, settings=settings, start_urls=start_urls) for _ in range(count)]


def test_what_one_worker_queued_another_does_not_queue_again(redis_server):
    first, second = _workers(redis_server)
    assert first._first_time("http://portal.test/a.html")
    assert not second._first_time("http://portal.test/a.html")
    assert not first._first_time("http://portal.test/a.html")  # its own repeat: answered from its local cache
    assert second._first_time("http://portal.test/b.html#category=7")


def test_the_section_budget_is_one_per_site_for_all_workers(redis_server):
    first, second = _workers(redis_server)
    budget = SharedStateSpider.max_section_pages
    taken = [worker._take_section_page(SITE) for _ in range(budget) for worker in (first, second)]
    assert taken.count(True) == budget and taken[budget:].count(True) == 0
    assert not first._take_section_page(SITE)
    second._give_back_section_page(SITE)  # the page was queued before: its page is spent by no one
    assert first._take_section_page(SITE)
    assert second._take_section_page("http://other.test")  # another site has its own budget


def test_a_list_that_shows_nothing_new_to_any_worker_stops(redis_server):
    first, second = _workers(redis_server)
    page_one = {"http://portal.test/r1.html", "http://portal.test/r2.html"}
    assert first._shows_new_links("http://portal.test/list", page_one)
    # an API that ignores its page parameter answers page 1 again, to the other worker: the loop guard holds
    assert not second._shows_new_links("http://portal.test/list", page_one)
    assert second._shows_new_links("http://portal.test/list", page_one | {"http://portal.test/r3.html"})
    assert first._shows_new_links("http://portal.test/other-list", page_one)
    assert not first._shows_new_links("http://portal.test/list", set())


def test_a_worker_without_start_urls_starts_nothing(redis_server):
    (worker,) = _workers(redis_server, 1, start_urls=None)

    async def started():
        return [request async for request in worker.start()]

    assert worker.start_urls == [] and asyncio.run(started()) == []


def test_registered_api_hosts_come_from_the_seeder(redis_server):
    (worker,) = _workers(redis_server, 1)
    redis_server.client().hset("t:api-hosts", SITE, '["search.portal.example"]')
    assert worker._named_api_host("https://search.portal.example/api?q=1", SITE)
    assert not worker._named_api_host("https://elsewhere.example/api", SITE)
