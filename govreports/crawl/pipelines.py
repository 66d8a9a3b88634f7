"""The item pipeline: thin; the work is done by pure functions (``govreports.ingest`` and below)."""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.pool

from scrapy.utils.reactor import is_asyncio_reactor_installed

from govreports.crawl import revalidation
from govreports.crawl.attachment_fetcher import AttachmentFetcher
from govreports.crawl.exceptions import NotAReport, UnreadablePage
from govreports.crawl.items import ReportPage
from govreports.ingest import flush_stored, process_and_store, store_unchanged, worker_started

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

    #: The per-page function run in the worker processes (a subclass may run another).
    job = staticmethod(process_and_store)

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("GOVREPORTS_DB")
        self.workers = crawler.settings.getint("GOVREPORTS_EXTRACT_WORKERS")
        self.pool: multiprocessing.pool.Pool | None = None
        self.files_dir = ""
        if crawler.settings.getbool("GOVREPORTS_ATTACHMENTS"):
            self.files_dir = revalidation.files_dir(crawler.settings)
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

    def _in_worker(self, function, *args) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def settle(setter, value):
            if not future.done():
                setter(value)

        self.pool.apply_async(
            function, args,
            callback=lambda result: loop.call_soon_threadsafe(settle, future.set_result, result),
            error_callback=lambda error: loop.call_soon_threadsafe(settle, future.set_exception, error),
        )
        return future

    async def process_item(self, item):
        if not isinstance(item, ReportPage):
            return item
        args = (item.body, page_context(item, self.registry_names.get(item.site)), item.content_type, self.db_path,
                self.files_dir)
        result = await (self._not_modified(item, args) if item.not_modified else self._read(item, args))
        self._drop_unless_report(item, result)
        stats = self.crawler.stats
        stats.inc_value(f"govreports/reports_{result['stored']}")
        if result.get("flagged"):
            stats.inc_value("govreports/reports_flagged")
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

    async def _read(self, item: ReportPage, args: tuple) -> dict:
        """The page extracted, classified and stored, its attachments fetched first when it has any."""
        result = await self._process(self.job, *args)
        if "fetch" in result:
            result = await self._process(self.job, *args, await self._fetch_attachments(item, result["fetch"]))
        return result

    async def _not_modified(self, item: ReportPage, args: tuple) -> dict:
        """A report page answered 304: not extracted again unless one of its kept files was replaced (or never
        read for good); else the report is counted unchanged and keeps its version."""
        context = args[1]
        result = await self._process(store_unchanged, context, self.db_path, self.files_dir)
        if result.get("read_again"):
            return await self._read(item, args)
        if "fetch" in result:
            fetched = await self._fetch_attachments(item, result["fetch"])
            if any(one.get("body") is not None for one in fetched):
                return await self._process(self.job, *args, fetched)
            result = await self._process(store_unchanged, context, self.db_path, self.files_dir, fetched)
        return result

    async def _fetch_attachments(self, item: ReportPage, wanted: list[dict]) -> list[dict]:
        # one at a time: a report's attachments are held in memory until its worker has them
        return [await self.attachments.fetch(attachment, item.site, item.url) for attachment in wanted]

    def _drop_unless_report(self, item: ReportPage, result: dict) -> None:
        """Raise the exception that drops the item when its page could not be read or is no report."""
        if "error" in result:
            self.crawler.stats.inc_value("govreports/unreadable")
            raise UnreadablePage(f"unreadable page {item.url}: {result['error']}")
        if not result["is_report"]:
            self.crawler.stats.inc_value("govreports/decoys")
            raise NotAReport(f"not an annual report: {item.url} ({result['verdict']})")

    async def _process(self, function, *args) -> dict:
        """``function(*args)`` in a worker process (inline without workers); one of its arguments is the page's
        context (``page_context``)."""
        if self.pool is None:
            return function(*args)
        try:
            # A worker killed mid-task (out of memory, a crash in a native parser) never answers; the pool
            # starts a new one, and this page is given up instead of holding the crawl open for ever.
            return await asyncio.wait_for(self._in_worker(function, *args), self.worker_timeout)
        except asyncio.TimeoutError:  # the builtin TimeoutError only from Python 3.11 on
            self.crawler.stats.inc_value("govreports/worker_timeouts")
            url = next((arg["url"] for arg in args if isinstance(arg, dict) and "url" in arg), "a page")
            raise UnreadablePage(f"no outcome for {url} after {self.worker_timeout:.0f} s: "
                                 "its worker died or hung") from None


def page_context(item: ReportPage, registry_site: str | None = None) -> dict:
    """What the crawl knows of a page besides its bytes, as ``govreports.ingest.process_and_store`` takes it
    (``registry_site``: the registry's name for the page's site, if a registered site is crawled)."""
    return {"url": item.url, "site": item.site, "list_title": item.list_title, "list_date": item.list_date,
            "fetched_at": item.fetched_at, "page": {"status": item.status, "headers": item.headers},
            "registry_site": registry_site}
