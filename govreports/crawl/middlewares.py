"""Downloader middlewares."""

from __future__ import annotations

import logging

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
        if not (self._obey_delay or self._site_delays) or request.meta.get("dont_obey_robotstxt"):
            return
        key = self.crawler.engine.downloader.get_slot_key(request)
        if key not in self._delays:
            delay = None
            if self._obey_delay:
                rp = await self.robot_parser(request)
                delay = rp.crawl_delay(self._user_agent(request)) if rp is not None else None
            self._delays[key] = max(float(delay or 0.0), self._site_delays.get(key, 0.0))
            if delay:
                logger.info("robots.txt of %s asks for Crawl-delay %.1fs", request.url.split("/")[2], delay)
                self.crawler.stats.set_value(f"robotstxt/crawl_delay/{key}", float(delay))
        self._apply(key)

    def process_response(self, request: Request, response: Response) -> Response:
        if (self._obey_delay or self._site_delays) and not request.meta.get("dont_obey_robotstxt"):
            self._apply(self.crawler.engine.downloader.get_slot_key(request))
        return response

    def _apply(self, key: str) -> None:
        delay = self._delays.get(key, 0.0)
        if not delay:
            return
        downloader = self.crawler.engine.downloader
        slot_settings = downloader.per_slot_settings.setdefault(key, {})
        slot_settings["delay"] = max(slot_settings.get("delay", 0.0), delay)
        slot_settings["jitter"] = 0.0
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.jitter = 0.0
            slot.delay = max(slot.delay, delay)

    def _user_agent(self, request: Request) -> str:
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        return agent.decode() if isinstance(agent, bytes) else agent
