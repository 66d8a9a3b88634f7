"""scrapy-redis's scheduler and duplicate filter, adapted to leases (see ``queue``) and to a crawl of many workers.

The adapter changes what a crawl of several workers needs and scrapy-redis (0.9.1) does not do:

- requests are leased, not popped; a request's lease ends when its work is done: its response or failure went
  through the callback or errback, its new requests are queued and its items went through the item pipelines
  (for a report: handed to the writer). Scrapy has no signal for that moment; the end of the scraper's
  ``enqueue_scrape`` for the request is it, so the scheduler wraps that one method of the crawl's scraper.
  A request that is redirected or retried is replaced by the new request in the same step;
- leases in hand are renewed every third of ``GOVREPORTS_REDIS_LEASE`` and handed back at once when the worker
  closes (SIGTERM, Ctrl-C), so only a killed worker's requests wait for their lease to run out; a request that
  was in hand when a Redis command of the worker failed for good is never acknowledged (part of its work may
  not have reached Redis): its lease runs out and it is done again;
- the shared queue is never flushed by a worker that finishes (scrapy-redis flushes unless SCHEDULER_PERSIST),
  and the pop never blocks the reactor (scrapy-redis's BRPOP with SCHEDULER_IDLE_BEFORE_CLOSE would);
- a worker stops when the whole crawl has been idle for ``GOVREPORTS_REDIS_IDLE`` seconds: no request waiting
  and none leased by any worker (whose pages may still bring new ones);
- the stats calls do not pass the spider argument Scrapy 2.13+ deprecates.
"""

from __future__ import annotations

import logging
import time

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

logger = logging.getLogger(__name__)

#: The request meta key that carries a request's lease (its queue entry) while a worker has it in hand.
LEASE = "govreports_lease"
#: Seconds between an idle worker's looks at the shared queue. Scrapy's engine asks an idle scheduler again only
#: every 5 s (its heartbeat); a worker that waits that long leaves the requests another worker queued to it.
IDLE_POLL = 0.5


class LeasingScheduler(Scheduler):
    """``SCHEDULER``: the shared queue (``LeasedPriorityQueue``) and scrapy-redis's duplicate filter."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.persist = True  # the queue is the crawl's, not this worker's
        scheduler.lease_seconds = crawler.settings.getfloat("GOVREPORTS_REDIS_LEASE")
        scheduler.idle_seconds = crawler.settings.getfloat("GOVREPORTS_REDIS_IDLE")
        scheduler.in_hand = {}  # lease -> when it was taken: the requests this worker has popped and not finished
        scheduler.last_redis_failure = float("-inf")  # when a Redis command of this worker last failed for good
        scheduler.last_busy = time.monotonic()  # when this worker last saw the crawl busy (or took a request)
        scheduler.heartbeat = scheduler.poll = None
        scheduler.redis_lost_since = None
        return scheduler

    def open(self, spider):
        super().open(spider)
        self.heartbeat = task.LoopingCall(self._renew)
        self.heartbeat.start(self.lease_seconds / 3, now=False)
        self.poll = task.LoopingCall(self._poll)
        self.poll.start(IDLE_POLL, now=False)
        scraper = self.crawler.engine.scraper
        enqueue_scrape = scraper.enqueue_scrape

        def enqueue_scrape_then_finish(result, request):
            return enqueue_scrape(result, request).addBoth(self._finished, request)

        scraper.enqueue_scrape = enqueue_scrape_then_finish
        self.crawler.signals.connect(self._on_idle, signal=signals.spider_idle)
        self.crawler.signals.connect(self._on_failure, signal=signals.spider_error)
        self.crawler.signals.connect(self._on_failure, signal=signals.item_error)

    def close(self, reason):
        for loop in (self.heartbeat, self.poll):
            if loop is not None and loop.running:
                loop.stop()
        try:
            back = self.queue.release(list(self.in_hand))
        except redis.RedisError as error:
            logger.warning("could not hand back %d requests (%s): their leases will run out", len(self.in_hand),
                           error)
        else:
            if back:
                logger.info("handed %d unfinished requests back to the shared queue", back)
        self.in_hand.clear()

    def enqueue_request(self, request):
        replaces = request.meta.pop(LEASE, b"")
        if replaces:  # a redirect or a retry of a request in hand takes over its lease
            self.in_hand.pop(replaces, None)
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                if replaces:
                    self.queue.ack(replaces)
                return False
            self.queue.push(request, replaces=replaces)
        except redis.RedisError as error:
            self._redis_lost(error)
            raise
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        try:
            request, lease = self.queue.pop_leased(self.lease_seconds)
        except redis.RedisError as error:
            self._redis_lost(error)
            return None
        self.redis_lost_since = None
        if request is None:
            return None
        request.meta[LEASE] = lease
        self.last_busy = self.in_hand[lease] = time.monotonic()
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self):
        try:
            return len(self.queue) > 0
        except redis.RedisError as error:
            self._redis_lost(error)
            return True  # wait for Redis to come back rather than finish the crawl

    def _on_failure(self, failure, **kwargs):
        if failure.check(redis.RedisError):
            self._redis_lost(failure.value)

    def _finished(self, result, request):
        """End the lease of a request whose work is done. Unless a Redis command of this worker failed (Redis
        away past the clients' retries) while the request was in hand: its new requests or its hand-over may be
        lost, so it keeps its lease, which runs out, and the request is done again."""
        lease = request.meta.get(LEASE)
        taken = self.in_hand.pop(lease, None)
        if taken is None:
            return result
        if self.last_redis_failure >= taken:
            logger.warning("%s was in hand when Redis failed: left to its lease, to be done again", request.url)
        else:
            try:
                self.queue.ack(lease)
            except redis.RedisError as error:  # the lease runs out and the request is done again: no loss
                logger.warning("could not end the lease of %s: %s", request.url, error)
        return result

    def _renew(self):
        try:
            self.queue.renew(list(self.in_hand), self.lease_seconds)
        except redis.RedisError as error:
            self._redis_lost(error)

    def _poll(self):
        """An idle worker wakes its engine as soon as the shared queue has requests (the engine's own scheduling
        call, which it makes after every request it queues itself; Scrapy offers no public one)."""
        if self.in_hand:
            return
        try:
            waiting = len(self.queue)
        except redis.RedisError:
            return
        slot = getattr(self.crawler.engine, "_slot", None)
        if waiting and slot is not None:
            slot.nextcall.schedule()

    def _on_idle(self, spider):
        """Keep the worker open while any worker has requests in hand or the queue has any, and for
        ``idle_seconds`` after the whole crawl fell quiet."""
        try:
            busy = len(self.queue) or self.queue.leased()
        except redis.RedisError as error:
            self._redis_lost(error)
            raise DontCloseSpider from None
        now = time.monotonic()
        if busy:
            self.last_busy = now
        if now - self.last_busy < self.idle_seconds:
            raise DontCloseSpider
        logger.info("the shared crawl has been idle for %.0f s: this worker stops", now - self.last_busy)

    def _redis_lost(self, error):
        now = self.last_redis_failure = time.monotonic()
        if self.redis_lost_since is None:
            self.redis_lost_since = now
            logger.error("Redis is unreachable (%s): waiting for it; requests in hand go on", error)
