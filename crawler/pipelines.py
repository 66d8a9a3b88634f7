"""Thin Scrapy item pipelines; the work is done by pure functions in ``pipelines/``."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import time
from datetime import datetime, timezone

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.reactor import is_asyncio_reactor_installed

from crawler.items import ReportPage
from crawler.spiders.base import crawl_outcome
from pipelines import storage
from pipelines.process import process_page

logger = logging.getLogger(__name__)


class NotAReport(DropItem):
    """The page was fetched and read, and it is not an annual report (a decoy)."""


class UnreadablePage(DropItem):
    """The page's bytes are not HTML text that can be read."""


class ExtractPipeline:
    """Extracts and classifies each page, in worker processes so the reactor keeps downloading."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.workers = crawler.settings.getint("GOVREPORTS_EXTRACT_WORKERS", 1)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        if self.workers > 0 and is_asyncio_reactor_installed():
            # spawn, not fork: forking a process that runs a reactor (and its thread pool) is unsafe.
            self.pool = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn")
            )

    def close_spider(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item):
        if not isinstance(item, ReportPage):
            return item
        args = (item.body, item.url, item.content_type, item.list_title)
        if self.pool is not None:
            result = await asyncio.get_running_loop().run_in_executor(self.pool, process_page, *args)
        else:
            result = process_page(*args)
        stats = self.crawler.stats
        if "error" in result:
            stats.inc_value("govreports/unreadable")
            raise UnreadablePage(f"unreadable page {item.url}: {result['error']}")
        if not result["is_report"]:
            stats.inc_value("govreports/decoys")
            raise NotAReport(f"not an annual report: {item.url} ({result['verdict']})")
        item.extraction = result
        return item


class StorePipeline:
    """Writes reports and the crawl log to SQLite in batches, on a writer thread of its own.

    SQLite releases the GIL while it works (indexing a batch for full-text search takes a while), so a
    batch is written while the reactor keeps downloading; the connection lives on that one thread.
    """

    batch_size = 100
    max_batch_age = 5.0  # seconds: a slow crawl still lands its reports promptly

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("GOVREPORTS_DB")
        self.writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="govreports-db")
        self.db = None
        self.pending: list[dict] = []
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
        db = storage.open_db(self.db_path)
        return db, storage.start_crawl(db, _now(), start_urls)

    def close_spider(self):
        self._count(self.writer.submit(self._write, *self._take()).result())
        stats = self.crawler.stats
        summary = {key.split("/", 1)[1]: value for key, value in stats.get_stats().items()
                   if key.startswith("govreports/")}
        summary["pages_fetched"] = stats.get_value("response_received_count", 0)
        self.writer.submit(self._close, summary).result()
        self.writer.shutdown()

    def _close(self, summary):
        storage.finish_crawl(self.db, self.crawl_id, _now(), summary)
        self.db.close()

    async def process_item(self, item):
        if not isinstance(item, ReportPage):
            return item
        ex = item.extraction
        self.pending.append({
            **{key: ex.get(key) for key in storage.REPORT_COLUMNS if key in ex},
            "url": item.url, "site": item.site, "list_title": item.list_title, "list_date": item.list_date,
            "fetched_at": item.fetched_at, "raw": item.body, "confidence": ex["confidence"],
            "verdict": ex["verdict"], "title_terms": ex.get("title_terms"), "body_terms": ex.get("body_terms"),
            "raw_zlib": ex.get("raw_zlib"), "raw_sha256": ex.get("raw_sha256"),
        })
        self._log(item.url, item.status, "report", "", at=item.fetched_at)
        if len(self.pending) >= self.batch_size or time.monotonic() - self.last_flush > self.max_batch_age:
            future = self.writer.submit(self._write, *self._take())
            self._count(await asyncio.wrap_future(future))
        return item

    def _take(self) -> tuple[list[dict], list[dict]]:
        batch, log_rows = self.pending, self.log_rows
        self.pending, self.log_rows = [], []
        self.last_flush = time.monotonic()
        return batch, log_rows

    def _write(self, batch: list[dict], log_rows: list[dict]) -> storage.StoreResult:
        result = storage.store_reports(self.db, batch)
        storage.log_fetches(self.db, log_rows)
        return result

    def _count(self, result: storage.StoreResult) -> None:
        stats = self.crawler.stats
        stats.inc_value("govreports/reports_new", len(result.new))
        stats.inc_value("govreports/reports_updated", len(result.updated))
        stats.inc_value("govreports/reports_unchanged", len(result.unchanged))

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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
