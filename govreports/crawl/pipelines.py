"""Thin Scrapy item pipelines; the work is done by pure functions (``govreports.ingest`` and below)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import multiprocessing.pool
import time
from datetime import datetime, timezone
from pathlib import Path

import scrapy
from scrapy import signals
from scrapy.exceptions import DownloadCancelledError, DropItem, IgnoreRequest
from scrapy.utils.reactor import is_asyncio_reactor_installed

from govreports import store
from govreports.crawl import discovery
from govreports.crawl.items import ReportPage
from govreports.crawl.spiders.base import BLOCKED_STATUSES, crawl_outcome
from govreports.extract import attachments
from govreports.ingest import flush_stored, process_and_store

logger = logging.getLogger(__name__)


_REDIRECTS = {301, 302, 303, 307, 308}
_MAX_REDIRECTS = 5


class NotAReport(DropItem):
    """The page was fetched and read, and it is not an annual report (a decoy)."""


class UnreadablePage(DropItem):
    """The page's bytes are not HTML text that can be read."""


class ReportPipeline:
    """Extracts, classifies and stores each page in worker processes, so the reactor keeps downloading."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("GOVREPORTS_DB")
        self.workers = crawler.settings.getint("GOVREPORTS_EXTRACT_WORKERS", 1)
        self.pool: multiprocessing.pool.Pool | None = None
        self.files_dir = ""
        if crawler.settings.getbool("GOVREPORTS_ATTACHMENTS", True):
            self.files_dir = crawler.settings.get("GOVREPORTS_FILES_DIR") or str(Path(self.db_path).parent / "files")
        self.attachment_maxsize = crawler.settings.getint("GOVREPORTS_ATTACHMENT_MAXSIZE", 50 * 1024 * 1024)
        self.worker_timeout = crawler.settings.getfloat("GOVREPORTS_WORKER_TIMEOUT", 900.0)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        if self.workers > 0 and is_asyncio_reactor_installed():
            # multiprocessing.Pool rather than ProcessPoolExecutor: its task queue is unbounded, so a worker
            # always has pages waiting, instead of idling until one of this busy process's threads hands
            # it the next (the executor queues one task ahead). spawn, not fork: forking a process that
            # runs a reactor and its thread pool is unsafe.
            self.pool = multiprocessing.get_context("spawn").Pool(self.workers)

    def close_spider(self):
        # Workers write their last batch as they exit; inline, it is written here.
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        else:
            flush_stored()

    def _in_worker(self, *args) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def settle(setter, value):
            if not future.done():
                setter(value)

        self.pool.apply_async(
            process_and_store, args,
            callback=lambda result: loop.call_soon_threadsafe(settle, future.set_result, result),
            error_callback=lambda error: loop.call_soon_threadsafe(settle, future.set_exception, error),
        )
        return future

    async def process_item(self, item):
        if not isinstance(item, ReportPage):
            return item
        context = {"url": item.url, "site": item.site, "list_title": item.list_title, "list_date": item.list_date,
                   "fetched_at": item.fetched_at}
        args = (item.body, context, item.content_type, self.db_path, self.files_dir)
        try:
            result = await self._process(*args)
            if "fetch" in result:
                # one at a time: a report's attachments are held in memory until its worker has them
                fetched = [await self._fetch(attachment, item) for attachment in result["fetch"]]
                result = await self._process(*args, fetched)
        except asyncio.TimeoutError:  # the builtin TimeoutError only from Python 3.11 on
            self.crawler.stats.inc_value("govreports/worker_timeouts")
            raise UnreadablePage(f"no outcome for {item.url} after {self.worker_timeout:.0f} s: "
                                 "its worker died or hung") from None
        stats = self.crawler.stats
        if "error" in result:
            stats.inc_value("govreports/unreadable")
            raise UnreadablePage(f"unreadable page {item.url}: {result['error']}")
        if not result["is_report"]:
            stats.inc_value("govreports/decoys")
            raise NotAReport(f"not an annual report: {item.url} ({result['verdict']})")
        stats.inc_value(f"govreports/reports_{result['stored']}")
        for status, count in result.get("attachments", {}).items():
            stats.inc_value(f"govreports/attachments_{status}", count)
        if result.get("body_source", "page") != "page":
            stats.inc_value("govreports/reports_body_from_file")
        if result.get("stats_tables"):
            stats.inc_value("govreports/reports_with_stats")
            if result.get("stats_identity_ok") == 0:
                stats.inc_value("govreports/stats_identity_broken")
        if result.get("stats_problems"):
            stats.inc_value("govreports/stats_with_problems")
        item.extraction = result
        return item

    async def _process(self, *args) -> dict:
        if self.pool is not None:
            # A worker killed mid-task (out of memory, a crash in a native parser) never answers; the pool
            # starts a new one, and this page is given up instead of holding the crawl open for ever.
            return await asyncio.wait_for(self._in_worker(*args), self.worker_timeout)
        return process_and_store(*args)

    async def _fetch(self, attachment: dict, item: ReportPage) -> dict:
        """Download one attachment of a report through the downloader middlewares (robots.txt, retries,
        the site's slot and delays); the outcome is a status, never an exception. Redirects are followed
        here, not by RedirectMiddleware, so that one leading off the portal is refused before it is fetched."""
        url = attachment["url"]
        fetched = {"url": url, "name": attachment.get("name", ""), "status": "ok", "message": "", "body": None}
        for _ in range(_MAX_REDIRECTS + 1):
            if not discovery.same_site(url, item.site):
                message = "on another site: not fetched" if url == fetched["url"] else f"redirected to {url}"
                return self._failed(fetched, attachments.OFFSITE, message)
            response = await self._download(url, item, fetched)
            if isinstance(response, dict):
                return response
            location = response.headers.get("Location") if response.status in _REDIRECTS else None
            if not location:
                break
            url = response.urljoin(location.decode("latin-1"))
        else:
            return self._failed(fetched, attachments.FETCH_ERROR, f"more than {_MAX_REDIRECTS} redirects")
        if response.status in BLOCKED_STATUSES:
            reason = BLOCKED_STATUSES[response.status]
            return self._failed(fetched, attachments.BLOCKED, f"HTTP {response.status}: {reason}")
        if response.status != 200:
            return self._failed(fetched, attachments.HTTP_ERROR, f"HTTP {response.status}")
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        return {**fetched, "body": response.body, "content_type": content_type}

    async def _download(self, url: str, item: ReportPage, fetched: dict):
        """The response, or the failed ``fetched`` dict."""
        request = scrapy.Request(url, meta={"download_slot": item.site, "role": "attachment", "dont_redirect": True,
                                            "download_maxsize": self.attachment_maxsize, "download_warnsize": 0},
                                 headers={"Referer": item.url})
        try:
            return await self.crawler.engine.download_async(request)
        except IgnoreRequest as error:
            status = attachments.ROBOTS if "robots.txt" in str(error) else attachments.FETCH_ERROR
            return self._failed(fetched, status, str(error) or "ignored")
        except DownloadCancelledError:
            limit = f"{self.attachment_maxsize / 1024 / 1024:.3g} MB"
            return self._failed(fetched, attachments.TOO_LARGE, f"larger than the {limit} limit: not kept")
        except Exception as error:  # time-outs, refused connections … after the retries
            return self._failed(fetched, attachments.FETCH_ERROR, f"{type(error).__name__}: {error}"[:300])

    def _failed(self, fetched: dict, status: str, message: str) -> dict:
        logger.warning("attachment %s: %s (%s)", fetched["url"], status, message)
        return {**fetched, "status": status, "message": message}


class CrawlLogPipeline:
    """Keeps the crawl log (every fetch and its outcome) and the crawl's summary, on a writer thread.

    Reports themselves are stored by ``ReportPipeline``'s workers; this only writes small rows, in batches.
    """

    batch_size = 200
    max_batch_age = 5.0  # seconds: a slow crawl still lands its log promptly

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("GOVREPORTS_DB")
        self.writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="govreports-db")
        self.db = None
        self.log_rows: list[dict] = []
        self.last_flush = time.monotonic()
        self.crawl_id = None
        crawler.signals.connect(self.on_response, signal=signals.response_received)
        crawler.signals.connect(self.on_outcome, signal=crawl_outcome)
        crawler.signals.connect(self.on_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        start_urls = list(getattr(self.crawler.spider, "start_urls", []))
        self.db, self.crawl_id = self.writer.submit(self._open, start_urls).result()
        logger.info("Storing reports in %s", self.db_path)

    def _open(self, start_urls):
        db = store.open_db(self.db_path)
        return db, store.start_crawl(db, _now(), start_urls)

    def close_spider(self):
        self.writer.submit(store.log_fetches, self.db, self._take()).result()
        stats = self.crawler.stats
        summary = {key.split("/", 1)[1]: value for key, value in stats.get_stats().items()
                   if key.startswith("govreports/")}
        summary["pages_fetched"] = stats.get_value("response_received_count", 0)
        self.writer.submit(self._close, summary).result()
        self.writer.shutdown()

    def _close(self, summary):
        store.finish_crawl(self.db, self.crawl_id, _now(), summary)
        self.db.close()

    def process_item(self, item):
        if isinstance(item, ReportPage):
            self._log(item.url, item.status, "report", item.extraction.get("stored", ""), at=item.fetched_at)
        return item

    def _take(self) -> list[dict]:
        rows, self.log_rows = self.log_rows, []
        self.last_flush = time.monotonic()
        return rows

    def on_response(self, response, request, **kwargs):
        # Report pages are logged with their verdict (report, decoy, unreadable) once extracted.
        if getattr(request.callback, "__name__", "") != "parse_report":
            outcome = "robots" if response.url.endswith("/robots.txt") else request.meta.get("role", "page")
            self._log(response.url, response.status, outcome, "")

    def on_outcome(self, url, status, outcome, message, **kwargs):
        self._log(url, status, outcome, message)

    def on_dropped(self, item, response, exception, **kwargs):
        if isinstance(item, ReportPage):
            outcome = "decoy" if isinstance(exception, NotAReport) else "unreadable"
            self._log(item.url, item.status, outcome, str(exception)[:300], at=item.fetched_at)

    def _log(self, url, status, outcome, message, at=""):
        if self.db is None:
            return
        self.log_rows.append({"crawl_id": self.crawl_id, "url": url, "status": status, "outcome": outcome,
                              "message": message, "fetched_at": at or _now()})
        if len(self.log_rows) >= self.batch_size or time.monotonic() - self.last_flush > self.max_batch_age:
            self.writer.submit(store.log_fetches, self.db, self._take()).add_done_callback(_report_failure)


def _report_failure(future: concurrent.futures.Future) -> None:
    if future.exception() is not None:
        logger.error("could not write the crawl log: %s", future.exception())


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
