"""Fetching a report's attachments through the crawl's own downloader.

Attachments go through the downloader middlewares like any page (robots.txt, retries, the site's slot and
its delays). The outcome of a fetch is always a status (``govreports.extract.attachments``), never an
exception, so one bad file never costs the report its other files.
"""

from __future__ import annotations

import logging

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

from govreports.crawl import discovery
from govreports.crawl.blocked import BLOCKED_STATUSES
from govreports.extract import attachments
from govreports.store import pages

logger = logging.getLogger(__name__)

_REDIRECTS = {301, 302, 303, 307, 308}
_MAX_REDIRECTS = 5


class AttachmentFetcher:
    """Downloads attachments on the report's own site; reads ``GOVREPORTS_ATTACHMENT_MAXSIZE``."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.maxsize = crawler.settings.getint("GOVREPORTS_ATTACHMENT_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def fetch(self, attachment: dict, site: str, referer: str) -> dict:
        """``attachment`` (``url``, ``name``) fetched: ``status`` and ``message``, and ``body``,
        ``content_type`` and the validators (``etag``, ``last_modified``) when it is ``ok``.

        A kept file comes with the validators it was fetched with: they are sent back (``If-None-Match``,
        ``If-Modified-Since``) and a 304 gives ``not_modified`` without a body. Redirects are followed here, not
        by RedirectMiddleware, so that one leading off the portal (``site``) is refused before it is fetched."""
        url = attachment["url"]
        fetched = {"url": url, "name": attachment.get("name", ""), "status": "ok", "message": "", "body": None}
        for _ in range(_MAX_REDIRECTS + 1):
            if not discovery.same_site(url, site):
                message = "on another site: not fetched" if url == fetched["url"] else f"redirected to {url}"
                return _failed(fetched, attachments.OFFSITE, message)
            response = await self._download(url, site, referer, fetched, _conditional(attachment))
            if isinstance(response, dict):
                return response
            location = response.headers.get("Location") if response.status in _REDIRECTS else None
            if not location:
                break
            url = response.urljoin(location.decode("latin-1"))
        else:
            return _failed(fetched, attachments.FETCH_ERROR, f"more than {_MAX_REDIRECTS} redirects")
        if response.status in BLOCKED_STATUSES:
            reason = BLOCKED_STATUSES[response.status]
            return _failed(fetched, attachments.BLOCKED, f"HTTP {response.status}: {reason}")
        if response.status == 304:
            return {**fetched, "status": attachments.NOT_MODIFIED}
        if response.status != 200:
            return _failed(fetched, attachments.HTTP_ERROR, f"HTTP {response.status}")
        headers = pages.kept_headers(response.headers)
        etag, last_modified = pages.validators(headers)
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        return {**fetched, "body": response.body, "content_type": content_type, "etag": etag,
                "last_modified": last_modified}

    async def _download(self, url: str, site: str, referer: str, fetched: dict, conditional: dict):
        """The response, or the failed ``fetched`` dict."""
        request = scrapy.Request(url, meta={"download_slot": site, "role": "attachment", "dont_redirect": True,
                                            "download_maxsize": self.maxsize, "download_warnsize": 0},
                                 headers={"Referer": referer, **conditional})
        try:
            return await self.crawler.engine.download_async(request)
        except IgnoreRequest as error:
            status = attachments.ROBOTS if "robots.txt" in str(error) else attachments.FETCH_ERROR
            return _failed(fetched, status, str(error) or "ignored")
        except DownloadCancelledError:
            limit = f"{self.maxsize / 1024 / 1024:.3g} MB"
            return _failed(fetched, attachments.TOO_LARGE, f"larger than the {limit} limit: not kept")
        except Exception as error:  # time-outs, refused connections … after the retries
            return _failed(fetched, attachments.FETCH_ERROR, f"{type(error).__name__}: {error}"[:300])


def _conditional(attachment: dict) -> dict:
    """The conditional request headers for a kept file's validators (none for a file never kept)."""
    headers = {}
    if attachment.get("etag"):
        headers["If-None-Match"] = attachment["etag"]
    if attachment.get("last_modified"):
        headers["If-Modified-Since"] = attachment["last_modified"]
    return headers


def _failed(fetched: dict, status: str, message: str) -> dict:
    logger.warning("attachment %s: %s (%s)", fetched["url"], status, message)
    return {**fetched, "status": status, "message": message}
