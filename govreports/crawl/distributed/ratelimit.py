"""Politeness across workers: one request at a time per site's delay, whichever worker sends it.

Each worker's downloader spaces its own requests to a site (the site's delay, robots.txt Crawl-delay through
``RobotsCrawlDelayMiddleware``, AutoThrottle); N workers on one site would together send N times as many. This
middleware, the last before the download, asks Redis whether the request may go now: one Lua script keeps, per
download slot (the site's origin), when the last request to it went (on Redis's clock) and either grants this one
(recording now) or answers how long to wait, after which the worker asks again. Granting at the moment of sending,
not handing out future time slots, matters: a request whose worker was slow to send it (a busy reactor) never
makes the next one come early.

The delay of a site is the largest of: the worker's own slot delay (``DOWNLOAD_DELAY``, a registered site's
delay, Crawl-delay, AutoThrottle's current delay) and the delay the seeder published for the site (registered
sites, ``crawl --all --redis``: a worker started with other settings still keeps to it).

A granted request should leave at once. So each worker lets no more of a site's requests past this middleware
than the site's slot may have in flight at once (``CONCURRENT_REQUESTS_PER_DOMAIN`` or the site's concurrency),
and a granted request reaches a local download slot whose own delay is set to nothing at that moment
(``request_reached_downloader``): the grant has spaced it already, and the slot's delay would hold it back behind
the worker's previous request, to go late. The slot's delay (robots.txt, AutoThrottle) is read again, and made the
shared delay, at the next request. Waiting requests ask again when their wait is over; under
contention the one that asks first after the delay goes (no queue order across workers).
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request, signals
from scrapy.http import Response

from govreports.crawl.distributed.keys import Keys, connect

logger = logging.getLogger(__name__)

#: The request meta key of the download slot whose gate a request passed (given back with its response).
_GATE = "govreports_rate_gate"

# KEYS: when the slot's last request went; ARGV: delay in ms. Returns 0 (go, and now is recorded) or the ms to wait.
_GRANT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = redis.call('GET', KEYS[1])
local delay = tonumber(ARGV[1])
if last then
  local wait = tonumber(last) + delay - now
  if wait > 0 then return wait end
end
redis.call('SET', KEYS[1], now, 'PX', delay + 1000)
return 0
"""


class SharedRateLimitMiddleware:
    """``DOWNLOADER_MIDDLEWARES`` entry after every other; reads ``GOVREPORTS_REDIS_URL``/``_PREFIX``."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.redis = connect(crawler.settings.get("GOVREPORTS_REDIS_URL"))
        self.keys = Keys(crawler.settings.get("GOVREPORTS_REDIS_PREFIX"))
        self.grant = self.redis.register_script(_GRANT)
        self.default_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.default_concurrency = crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.seeded_delays: dict[str, float] = {}
        self.in_flight: dict[str, asyncio.Semaphore] = {}
        crawler.signals.connect(self._send_at_once, signal=signals.request_reached_downloader)

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
            # The slot's concurrency as the downloader makes the slot: the site's first request passes here
            # before its slot exists (the downloader makes it after the middlewares).
            concurrency = downloader.per_slot_settings.get(key, {}).get("concurrency", self.default_concurrency)
            gate = self.in_flight[key] = asyncio.Semaphore(concurrency)
        await gate.acquire()
        request.meta[_GATE] = key
        while wait_ms := self.grant(keys=[self.keys.last_sent(key)], args=[int(delay * 1000)]):  # 0: go
            await asyncio.sleep(wait_ms / 1000)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _send_at_once(self, request: Request, **kwargs) -> None:
        slot = self.crawler.engine.downloader.slots.get(request.meta.get(_GATE))  # None for a request not gated
        if slot is not None:
            slot.delay = 0.0

    def _release(self, request: Request) -> None:
        key = request.meta.pop(_GATE, None)
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
