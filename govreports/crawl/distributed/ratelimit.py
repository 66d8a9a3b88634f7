"""Politeness across workers: one request at a time per site's delay, whichever worker sends it.

Each worker's downloader spaces its own requests to a site (the site's delay, robots.txt Crawl-delay through
``RobotsCrawlDelayMiddleware``, AutoThrottle); N workers on one site would together send N times as many. This
middleware, the last before the download, asks Redis for the request's time slot: one Lua script keeps, per
download slot (the site's origin), the earliest time the next request may go, on Redis's clock, and hands each
caller the next free slot, so the requests of all workers to one site are spaced by its delay.

The delay of a site is the largest of: the worker's own slot delay (``DOWNLOAD_DELAY``, a registered site's
delay, Crawl-delay, AutoThrottle's current delay) and the delay the seeder published for the site (registered
sites, ``crawl --all --redis``: a worker started with other settings still keeps to it).

A request should leave at its slot, not later: one sent late would come closer than the delay to the next
worker's. So each worker lets no more of a site's requests past this middleware than the site's slot may have
in flight at once (``CONCURRENT_REQUESTS_PER_DOMAIN`` or the site's concurrency): a request that has its slot
then finds a free connection and goes.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.http import Response

from govreports.crawl.distributed.keys import Keys, connect

logger = logging.getLogger(__name__)

# KEYS: the slot's next-free time; ARGV: delay in ms. Returns how long (ms) the caller waits for its slot.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], slot + delay, 'PX', math.max(delay * 2, 1000) + slot - now)
return slot - now
"""


class SharedRateLimitMiddleware:
    """``DOWNLOADER_MIDDLEWARES`` entry after every other; reads ``GOVREPORTS_REDIS_URL``/``_PREFIX``."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.redis = connect(crawler.settings.get("GOVREPORTS_REDIS_URL"))
        self.keys = Keys(crawler.settings.get("GOVREPORTS_REDIS_PREFIX"))
        self.reserve = self.redis.register_script(_RESERVE)
        self.default_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.default_concurrency = crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.seeded_delays: dict[str, float] = {}
        self.in_flight: dict[str, asyncio.Semaphore] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        delay = self._delay(key)
        if not delay:
            return
        gate = self.in_flight.get(key)
        if gate is None:
            slot = downloader.slots.get(key)
            concurrency = slot.concurrency if slot is not None else self.default_concurrency
            gate = self.in_flight[key] = asyncio.Semaphore(max(1, concurrency))
        await gate.acquire()
        request.meta["govreports_rate_gate"] = key
        wait_ms = self.reserve(keys=[self.keys.next_slot(key)], args=[int(delay * 1000)])
        if wait_ms > 0:
            await asyncio.sleep(wait_ms / 1000)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        key = request.meta.pop("govreports_rate_gate", None)
        if key is not None:
            self.in_flight[key].release()

    def _delay(self, key: str) -> float:
        """Seconds between requests to this slot across all workers."""
        if key not in self.seeded_delays:
            self.seeded_delays[key] = float(self.redis.hget(self.keys.site_delays, key) or 0.0)
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(key)
        own = downloader.per_slot_settings.get(key, {}).get("delay", self.default_delay)
        return max(own, slot.delay if slot is not None else 0.0, self.seeded_delays[key])
