"""A worker that joins a shared queue already holding a site's pages refuses every one robots.txt disallows.

The worker takes a batch of the site's requests at once, before it has read the site's robots.txt (each worker
reads it for itself): all of them wait for it, and each must be checked against it (Scrapy's middleware let all
but the first through; see ``RobotsCrawlDelayMiddleware.robot_parser``). The queue is filled here as another
worker's spider fills it, then a real ``govreports worker`` process takes it; what was fetched is read from the
demo server's own log.
"""

from __future__ import annotations

import asyncio
import re

from govreports.crawl.distributed.keys import Keys
from govreports.crawl.distributed.queue import LeasedPriorityQueue
from govreports.crawl.distributed.spider import SharedStateSpider
from tests.crawl import spider_with_crawler
from tests.crawl.distributed.conftest import FAST_WORKER, finish, needs_redis, start_command
from tests.crawling import served_paths

pytestmark = needs_redis


def _queue_as_a_spider_does(redis_server, urls: list[str]) -> None:
    """The requests a worker's spider makes for ``urls`` (each a page of its site), in the shared queue."""
    spider = spider_with_crawler(SharedStateSpider, start_urls=urls, settings={
        "GOVREPORTS_REDIS_URL": redis_server.url, "GOVREPORTS_REVALIDATE": False})
    queue = LeasedPriorityQueue(redis_server.client(), spider, Keys().requests)

    async def fill():
        async for request in spider.start():
            queue.push(request)

    asyncio.run(fill())
    assert len(queue) == len(urls)


def test_a_worker_joining_a_queue_of_a_sites_pages_refuses_every_disallowed_one(demo_portal, redis_server, tmp_path):
    base = demo_portal.urls["trs"]
    # the TRS site's robots.txt disallows /zwgk/ndbg/nbk/, /was5/, /trsapp/ and /images/
    disallowed = ["/zwgk/ndbg/nbk/t20200110_122118.shtml", "/was5/web/search?channelid=200",
                  "/trsapp/ndbg/list.do?page=3", "/images/2021/logo.png"]
    allowed = ["/zwgk/ndbg/2019-list.shtml", "/wzdt/", "/lxwm/2021.shtml"]
    # an allowed page first (its request fetches robots.txt), then the two kinds mixed
    paths = [allowed[0], disallowed[0], allowed[1], disallowed[1], allowed[2], *disallowed[2:]]
    _queue_as_a_spider_does(redis_server, [base + path for path in paths])
    before = len(served_paths(base))
    log = tmp_path / "worker.log"
    text = finish(start_command("worker", "--redis", redis_server.url, *FAST_WORKER, log=log), log)
    served = served_paths(base)[before:]
    assert served.count("/robots.txt") == 1 and served[0] == "/robots.txt"
    assert not set(disallowed) & set(served)
    assert set(allowed) <= set(served)
    assert re.search(rf"\b{len(disallowed)} forbidden by robots.txt", text), text[-2000:]
