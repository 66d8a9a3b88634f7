"""Downloader middlewares."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response

logger = logging.getLogger(__name__)


class RobotsCrawlDelayMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, plus the Crawl-delay line Scrapy reads but never applies.

    The delay (or the site's own from the registry, ``DOWNLOAD_SLOTS``, when that is longer) becomes the floor
    of the request's download slot: the slot is created with it, and it is restored after AutoThrottle (which
    adjusts slots when a response arrives) has lowered it. Such a slot gets no random jitter, which would
    otherwise shorten half of the gaps below what the site asked for.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self._obey_delay = crawler.settings.getbool("GOVREPORTS_OBEY_CRAWL_DELAY")
        self._delays: dict[str, float] = {}  # slot key -> Crawl-delay seconds
        # A registered site's delay is a floor too: AutoThrottle would otherwise lower it after one response.
        self._site_delays = {key: float(slot.get("delay") or 0.0)
                             for key, slot in crawler.settings.getdict("DOWNLOAD_SLOTS").items()}

    async def process_request(self, request: Request) -> None:
        await super().process_request(request)
        # robots.txt itself is fetched with dont_obey_robotstxt: asking for its parser here would wait on it
        if not (self._obey_delay or self._site_delays) or request.meta.get("dont_obey_robotstxt"):
            return
        key = self.crawler.engine.downloader.get_slot_key(request)
        if key not in self._delays:
            crawl_delay = await self._crawl_delay(request)
            self._delays[key] = max(crawl_delay, self._site_delays.get(key, 0.0))
            if crawl_delay:
                logger.info("robots.txt of %s asks for Crawl-delay %.1fs", urlsplit(request.url).netloc, crawl_delay)
                self.crawler.stats.set_value(f"robotstxt/crawl_delay/{key}", crawl_delay)
        self._apply(key)

    def process_response(self, request: Request, response: Response) -> Response:
        self._apply(self.crawler.engine.downloader.get_slot_key(request))
        return response

    async def _crawl_delay(self, request: Request) -> float:
        """The Crawl-delay robots.txt asks of our user agent; 0 without one, or without a robots.txt."""
        if not self._obey_delay:
            return 0.0
        rp = await self.robot_parser(request)
        if rp is None:  # robots.txt could not be fetched: Scrapy then allows everything
            return 0.0
        # the user agent as Scrapy's own Disallow check takes it
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        return float(rp.crawl_delay(agent) or 0.0)

    def _apply(self, key: str) -> None:
        """The slot's delay back to at least the site's, without jitter; nothing for a slot without one."""
        delay = self._delays.get(key)
        if not delay:
            return
        downloader = self.crawler.engine.downloader
        # for the slot the downloader creates next (``_delays`` already holds the registered site's delay)
        downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0.0)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.jitter = 0.0
            slot.delay = max(slot.delay, delay)  # AutoThrottle may have raised it for a slow site: keep that
