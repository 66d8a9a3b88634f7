"""The leased queue against a real redis-server: what a worker takes is leased, never lost."""

from __future__ import annotations

import time

import scrapy

from govreports.crawl.distributed.keys import Keys
from govreports.crawl.distributed.queue import LeasedPriorityQueue
from tests.crawl import spider_with_crawler
from tests.crawl.distributed.conftest import needs_redis

pytestmark = needs_redis


def _queue(server, prefix="t"):
    spider = spider_with_crawler(settings={"GOVREPORTS_REDIS_PREFIX": prefix})
    return LeasedPriorityQueue(server.client(), spider, Keys(prefix).requests), spider


def _request(spider, path: str, priority: int = 0) -> scrapy.Request:
    return scrapy.Request(f"http://portal.test/{path}", callback=spider.parse_listing, priority=priority,
                          meta={"site": "http://portal.test", "role": "portal", "hops": 0})


def test_best_priority_first_and_first_in_first_out_within_one(redis_server):
    queue, spider = _queue(redis_server)
    for path, priority in [("b", 10), ("a", 10), ("low", 0), ("c", 10), ("high", 60)]:
        queue.push(_request(spider, path, priority))
    popped = []
    while (taken := queue.pop_leased(30))[0] is not None:
        popped.append(taken[0].url.rsplit("/", 1)[1])
    assert popped == ["high", "b", "a", "c", "low"]
    assert len(queue) == 0 and queue.leased() == 5


def test_a_lease_that_runs_out_goes_back_with_its_priority(redis_server):
    queue, spider = _queue(redis_server)
    queue.push(_request(spider, "slow", 50))
    queue.push(_request(spider, "other", 5))
    request, lease = queue.pop_leased(0.3)
    assert request.url.endswith("/slow") and request.callback == spider.parse_listing
    assert queue.renew([lease], 0.3) == 1
    time.sleep(0.5)  # its worker died: nobody renews or acknowledges
    again, _ = queue.pop_leased(30)
    assert again.url.endswith("/slow"), "reclaimed ahead of the lower priority"
    assert int(redis_server.client().get(Keys("t").reclaimed)) == 1


def test_acknowledged_requests_are_gone_and_released_ones_come_back_at_once(redis_server):
    queue, spider = _queue(redis_server)
    for path in ("done", "unfinished"):
        queue.push(_request(spider, path))
    (_, done), (_, unfinished) = queue.pop_leased(30), queue.pop_leased(30)
    assert queue.ack(done) == 1
    assert queue.ack(done) == 0  # a second acknowledgement (the lease had run out) changes nothing
    assert queue.release([unfinished]) == 1
    assert (len(queue), queue.leased()) == (1, 0)
    assert queue.pop_leased(30)[0].url.endswith("/unfinished")


def test_a_redirect_takes_over_the_lease_of_the_request_it_replaces(redis_server):
    queue, spider = _queue(redis_server)
    queue.push(_request(spider, "old"))
    _, lease = queue.pop_leased(30)
    queue.push(_request(spider, "new"), replaces=lease)
    assert (len(queue), queue.leased()) == (1, 0)


def test_two_crawls_under_two_prefixes_share_nothing(redis_server):
    first, spider = _queue(redis_server, "one")
    second, _ = _queue(redis_server, "two")
    first.push(_request(spider, "x"))
    assert len(second) == 0 and second.pop_leased(30) == (None, b"")
