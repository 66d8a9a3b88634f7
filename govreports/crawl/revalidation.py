"""Incremental re-crawls: every page the database holds is asked for again with its validators.

``RevalidationMiddleware`` (a downloader middleware) adds ``If-None-Match`` / ``If-Modified-Since`` to each GET
for a page ``pages`` knows (portal, section and list pages, report pages, reports published as files) and, when
the server answers 304, hands the spider the stored copy instead: a 200 built from the stored bytes and
headers, flagged ``not_modified``. List pages are read again from it (a list that did not change still leads
to every report it lists); a report page so flagged is not extracted again (``ReportPipeline``). Attachments
are revalidated by ``AttachmentFetcher`` with the validators kept beside each file, not here.

Why the project's own store and not Scrapy's HttpCacheMiddleware with RFC2616Policy: that policy serves a
copy it deems fresh (max-age, Expires, or a tenth of the age Last-Modified gives) without asking the server,
where a re-crawl must ask every time; it keeps a 200 without validators only with HTTPCACHE_ALWAYS_STORE;
it answers a 5xx with the cached copy, hiding a broken site from the crawl's figures; and its storage (a
directory or DBM file per request fingerprint) would hold every page a second time beside the database, which
must keep the raw pages with their headers anyway for ``govreports reprocess``.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from govreports.store import pages

logger = logging.getLogger(__name__)
NOT_MODIFIED = "not_modified"  # the flag of a response built from the stored copy
_CONDITIONAL = (b"If-None-Match", b"If-Modified-Since")


def files_dir(settings) -> str:
    """Where attachment files (and reports published as files) are kept: ``GOVREPORTS_FILES_DIR``, or a
    ``files`` folder beside the database."""
    return settings.get("GOVREPORTS_FILES_DIR") or str(Path(settings.get("GOVREPORTS_DB")).parent / "files")


def known_reports(settings, sites) -> list[tuple[str, str, str, str]]:
    """(url, site, list_title, list_date) of the reports earlier crawls of these sites stored."""
    conn = pages.reader(settings.get("GOVREPORTS_DB"))
    if conn is None:
        return []
    try:
        return pages.known_reports(conn, sites)
    finally:
        conn.close()


def revalidates(request: Request) -> bool:
    """GETs of pages; not attachments (their fetcher revalidates them) nor pages rendered in a browser."""
    meta = request.meta
    return (request.method == "GET" and meta.get("role") != "attachment" and not meta.get("playwright")
            and meta.get("revalidate", True))


class RevalidationMiddleware:
    """Conditional requests for known pages; on 304 the stored copy, flagged ``not_modified``.

    Sits below HttpCompressionMiddleware (590), so stored bodies are decoded ones, and above the meta refresh
    (580) and RetryMiddleware (550), which never see a 304."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("GOVREPORTS_DB")
        self.files_dir = files_dir(crawler.settings)
        self._conn = None
        self._unreadable = False
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("GOVREPORTS_REVALIDATE"):
            raise NotConfigured("GOVREPORTS_REVALIDATE is off")
        return cls(crawler)

    def _db(self):
        # Opened on first use: the crawl log creates the database when the spider opens.
        if self._conn is None and not self._unreadable:
            try:
                self._conn = pages.reader(self.db_path)
            except sqlite3.Error as error:  # the crawl goes on, asking for every page whole
                self._unreadable = True
                logger.error("cannot read the stored pages of %s (%s): no conditional requests", self.db_path, error)
        return self._conn

    def process_request(self, request: Request):
        if not revalidates(request) or self._db() is None:
            return None
        stored = pages.stored_validators(self._db(), request.url)
        if stored is None:  # unknown, or a server that sends no validator: the content hash decides
            return None
        etag, last_modified = stored
        if etag:
            request.headers[b"If-None-Match"] = etag
        if last_modified:
            request.headers[b"If-Modified-Since"] = last_modified
        return None

    def process_response(self, request: Request, response: Response):
        if response.status != 304 or not revalidates(request) or not any(h in request.headers for h in _CONDITIONAL):
            return response
        stored = pages.stored_page(self._db(), request.url, self.files_dir) if self._db() is not None else None
        if stored is None:  # the stored copy is missing: ask for the whole page
            again = request.replace(meta={**request.meta, "revalidate": False}, dont_filter=True)
            for name in _CONDITIONAL:
                again.headers.pop(name, None)
            return again
        headers, body = stored
        # Headers a 304 sends (new validators, Cache-Control …) update the stored ones, as a cache does.
        headers.update(pages.kept_headers(response.headers))
        self.crawler.stats.inc_value("govreports/not_modified")
        kept = Headers(headers)
        cls = responsetypes.from_args(headers=kept, url=request.url, body=body)
        return cls(url=request.url, status=200, headers=kept, body=body, flags=[NOT_MODIFIED], request=request)

    def spider_closed(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None
