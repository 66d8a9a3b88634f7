"""The item pipeline: thin; the work is done by pure functions (``govreports.ingest`` and below)."""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.pool
from pathlib import Path

from scrapy.utils.reactor import is_asyncio_reactor_installed

from govreports.crawl.attachment_fetcher import AttachmentFetcher
from govreports.crawl.exceptions import NotAReport, UnreadablePage
from govreports.crawl.items import ReportPage
from govreports.ingest import flush_stored, process_and_store, worker_started

# The extraction workers of this process, by worker count: `crawl --all` runs a crawler per group of sites with
# settings of their own, and a pool per crawler would multiply the workers (each one ~80–100 MB with the PDF, Word
# and region libraries) by the groups. The crawlers share one; it is closed when the last of them closes.
_POOLS: dict[int, list] = {}  # workers -> [pool, crawlers using it]


def _shared_pool(workers: int) -> multiprocessing.pool.Pool:
    entry = _POOLS.get(workers)
    if entry is None:
        # multiprocessing.Pool rather than ProcessPoolExecutor: its task queue is unbounded, so a worker
        # always has pages waiting, instead of idling until one of this busy process's threads hands
        # it the next (the executor queues one task ahead). spawn, not fork: forking a process that
        # runs a reactor and its thread pool is unsafe.
        entry = _POOLS[workers] = [multiprocessing.get_context("spawn").Pool(workers, initializer=worker_started), 0]
    entry[1] += 1
    return entry[0]


def _release_pool(workers: int) -> None:
    """One crawler less; the last one closes the pool, whose workers write their last batches as they exit."""
    entry = _POOLS[workers]
    entry[1] -= 1
    if entry[1] == 0:
        del _POOLS[workers]
        entry[0].close()
        entry[0].join()


class ReportPipeline:
    """Extracts, classifies and stores each page in worker processes, so the reactor keeps downloading."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("GOVREPORTS_DB")
        self.workers = crawler.settings.getint("GOVREPORTS_EXTRACT_WORKERS")
        self.pool: multiprocessing.pool.Pool | None = None
        self.files_dir = ""
        if crawler.settings.getbool("GOVREPORTS_ATTACHMENTS"):
            self.files_dir = crawler.settings.get("GOVREPORTS_FILES_DIR") or str(Path(self.db_path).parent / "files")
        self.worker_timeout = crawler.settings.getfloat("GOVREPORTS_WORKER_TIMEOUT")
        self.attachments = AttachmentFetcher.from_crawler(crawler)
        # origin -> registry name, for reports.registry_site (a crawl by URL names none)
        self.registry_names = {origin: name for name, origins in
                               crawler.settings.getdict("GOVREPORTS_REGISTRY_SITES").items() for origin in origins}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        if self.workers > 0 and is_asyncio_reactor_installed():
            self.pool = _shared_pool(self.workers)

    def close_spider(self):
        # Workers write their last batch as they exit; inline, it is written here.
        if self.pool is not None:
            self.pool = None
            _release_pool(self.workers)
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
                   "fetched_at": item.fetched_at, "registry_site": self.registry_names.get(item.site)}
        args = (item.body, context, item.content_type, self.db_path, self.files_dir)
        try:
            result = await self._process(*args)
            if "fetch" in result:
                # one at a time: a report's attachments are held in memory until its worker has them
                fetched = [await self.attachments.fetch(attachment, item.site, item.url)
                           for attachment in result["fetch"]]
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
