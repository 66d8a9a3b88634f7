"""In-process test helpers for the Scrapy layer, in the manner of Scrapy's own tests.

``spider_with_crawler`` gives a spider bound to an unstarted crawler that has the project's settings;
``response_fixture`` gives the response Scrapy would hand that spider's callback; ``FakeEngine`` stands in
for the engine where a component downloads through it; ``run`` drives a component's coroutine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from govreports.crawl import settings as project_settings
from govreports.crawl.spiders.reports import ReportsSpider

SITE = "http://portal.test"

PROJECT_SETTINGS = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}


def crawler_with_settings(spider_class=ReportsSpider, **settings):
    """An unstarted crawler with the project's settings (``settings.py``), some of them overridden."""
    return get_crawler(spider_class, {**PROJECT_SETTINGS, **settings})


def spider_with_crawler(spider_class=ReportsSpider, *, settings: dict | None = None, start_urls=SITE + "/", **kwargs):
    crawler = crawler_with_settings(spider_class, **(settings or {}))
    spider = crawler.spidercls.from_crawler(crawler, start_urls=start_urls, **kwargs)
    crawler.spider = spider
    return spider


def response_fixture(url: str = SITE + "/", body: str | bytes = "<html><body></body></html>", *, status: int = 200,
                     meta: dict | None = None, callback: Callable | None = None, response_class=HtmlResponse,
                     headers: dict | None = None, method: str = "GET") -> Response:
    """The response to ``url``, as the callback receives it (its request carries ``meta``)."""
    request = Request(url, method=method, meta={"site": SITE, "download_slot": SITE, **(meta or {})},
                      callback=callback)
    if isinstance(body, str):
        body = body.encode("utf-8")
    return response_class(url, status=status, body=body, headers=headers, encoding="utf-8", request=request)


def listing_meta(role: str = "column", hops: int = 0, **extra) -> dict:
    return {"role": role, "hops": hops, **extra}


class Outcomes:
    """Records every ``crawl_outcome`` signal a crawler sends."""

    def __init__(self, crawler):
        from govreports.crawl.signals import crawl_outcome

        self.sent: list[dict] = []
        crawler.signals.connect(self._record, signal=crawl_outcome)

    def _record(self, url, status, outcome, message, **kwargs):
        self.sent.append({"url": url, "status": status, "outcome": outcome, "message": message})


class FakeEngine:
    """The part of Scrapy's engine components download through: ``download_async`` answers from ``answer``,
    a function of the request that returns a response or raises, and every request is kept in ``requests``."""

    def __init__(self, answer: Callable[[Request], Response], downloader=None):
        self.answer = answer
        self.downloader = downloader
        self.requests: list[Request] = []
        self.scheduler = None

    async def download_async(self, request: Request) -> Response:
        self.requests.append(request)
        return self.answer(request)


def run(coroutine):
    return asyncio.run(coroutine)
