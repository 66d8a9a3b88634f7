"""The crawl log extension: one row for every fetch and its outcome, and the crawl's summary row.

Rows come from signals, so the log sees every component's fetches without any of them knowing of it:

- ``response_received``: list pages, robots.txt and attachments (report pages wait for their verdict);
- ``item_scraped``: a report page that was stored (``new``, ``updated``, ``unchanged``);
- ``item_dropped``: a report page that was read and is not a report (``decoy``) or could not be read;
- ``govreports.crawl.signals.crawl_outcome``: fetches that produced nothing (blocked, robots.txt, errors,
  too many redirects);
- ``request_dropped``: requests Scrapy's scheduler dropped as duplicates, which reach no errback: a redirect
  loop (a → b → a), or a redirect to a page fetched before.

At the close it writes the crawl's end: its finish reason (``finished``, ``shutdown`` …) and summary in
``crawls``, and each site's figures in ``crawl_sites`` — in the crawl itself, so every way of running one
(``govreports crawl``, ``scrapy crawl reports``, a Scrapyd job) records them. The sites are the registry's
(``GOVREPORTS_REGISTRY_SITES``), or each start URL's origin.

Reports themselves are stored by ``ReportPipeline``'s workers (with their ``pages`` rows); this writes small
rows, in batches, on a writer thread of its own so the reactor never waits for SQLite, and with them the
``pages`` rows of the portal, section and list pages (their bytes, headers and validators, or the time a 304
said they were as stored), which a re-crawl revalidates. Each row is also appended to the crawl's
journal (``govreports.store.log_journal``) the moment it is logged, so a killed crawl loses no row: the
next ``open_db`` replays what its batches had not written.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import time
from datetime import datetime, timezone

from scrapy import signals

from govreports import store
from govreports.crawl.discovery import site_of
from govreports.crawl.exceptions import NotAReport
from govreports.crawl.items import ReportPage
from govreports.crawl.revalidation import NOT_MODIFIED, revalidates
from govreports.crawl.signals import crawl_outcome
from govreports.store import crawl_sites, pages
from govreports.store.log_journal import LogJournal

# The first crawl id of each run (GOVREPORTS_RUN): the crawlers of one process open one after the other.
_RUN_IDS: dict[str, int] = {}

logger = logging.getLogger(__name__)


class CrawlLog:
    """Keeps the crawl log and the crawl's summary in ``GOVREPORTS_DB``."""

    batch_size = 200
    max_batch_age = 5.0  # seconds: a slow crawl still lands its log promptly

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("GOVREPORTS_DB")
        self.writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="govreports-db")
        self.db = None
        self.log_rows: list[dict] = []
        self.page_rows: list[dict] = []
        self.last_flush = time.monotonic()
        self.crawl_id = None
        self.journal: LogJournal | None = None
        self.site_rows: list[dict] = []  # what the close recorded in crawl_sites
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.on_response, signal=signals.response_received)
        crawler.signals.connect(self.on_outcome, signal=crawl_outcome)
        crawler.signals.connect(self.on_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.on_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.on_request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        start_urls = list(getattr(spider, "start_urls", []))
        self.db, self.crawl_id, self.journal = self.writer.submit(self._open, start_urls).result()
        logger.info("Storing reports in %s", self.db_path)

    def _open(self, start_urls):
        db = store.open_db(self.db_path)
        run = self.crawler.settings.get("GOVREPORTS_RUN")
        crawl_id = store.start_crawl(db, now(), start_urls, _RUN_IDS.get(run) if run else None)
        if run:
            _RUN_IDS.setdefault(run, crawl_id)
        return db, crawl_id, LogJournal(self.db_path, crawl_id)

    def spider_closed(self, spider, reason):
        # Sent after the item pipelines closed, so every report's verdict is in, and before the stats close.
        if self.db is None:
            return
        self.writer.submit(self._write, *self._take()).result()
        self.site_rows = self.writer.submit(self._close, crawl_summary(self.crawler.stats), reason,
                                            list(getattr(spider, "start_urls", []))).result()
        self.writer.shutdown()

    def _close(self, summary: dict, reason: str, start_urls: list[str]) -> list[dict]:
        sites, api_hosts = crawl_sites_of(self.crawler.settings, start_urls)
        try:
            rows = crawl_sites.record(self.db, self.crawl_id, sites, api_hosts)
            store.finish_crawl(self.db, self.crawl_id, now(), reason, summary)
            self.journal.remove()  # every row is in the database
        finally:
            self.db.close()
            self.db = None
        return rows

    def _take(self) -> tuple[list[dict], list[dict]]:
        rows, self.log_rows = self.log_rows, []
        page_rows, self.page_rows = self.page_rows, []
        self.last_flush = time.monotonic()
        return rows, page_rows

    def _write(self, rows: list[dict], page_rows: list[dict]) -> None:
        store.log_fetches(self.db, rows)
        pages.record_fetched(self.db, page_rows)

    def on_response(self, response, request, **kwargs):
        # Report pages are logged with their verdict (report, decoy, unreadable) once extracted.
        if getattr(request.callback, "__name__", "") != "parse_report":
            outcome = "robots" if response.url.endswith("/robots.txt") else request.meta.get("role", "page")
            not_modified = NOT_MODIFIED in response.flags
            if outcome != "robots" and response.status == 200 and revalidates(request) and self.db is not None:
                self._keep_page(response, request, outcome, not_modified)
            self._log(response.url, 304 if not_modified else response.status, outcome, "")

    def _keep_page(self, response, request, role: str, not_modified: bool) -> None:
        """The ``pages`` row of a list or portal page: its bytes and validators, or that a 304 confirmed them."""
        at = now()
        if not_modified:
            self.page_rows.append({"checked": request.url, "at": at, "headers": pages.kept_headers(response.headers)})
        else:
            row = pages.page_row(request.url, request.meta.get("site", ""), role, response.status,
                                 pages.kept_headers(response.headers), hashlib.sha256(response.body).hexdigest(), at)
            self.page_rows.append({"row": row, "raw": response.body})

    def on_outcome(self, url, status, outcome, message, **kwargs):
        self._log(url, status, outcome, message)

    def on_scraped(self, item, **kwargs):
        if isinstance(item, ReportPage):
            self._log(item.url, item.status, "report", item.extraction.get("stored", ""), at=item.fetched_at)

    def on_dropped(self, item, exception, **kwargs):
        if isinstance(item, ReportPage):
            outcome = "decoy" if isinstance(exception, NotAReport) else "unreadable"
            self._log(item.url, item.status, outcome, str(exception)[:300], at=item.fetched_at)

    def on_request_dropped(self, request, **kwargs):
        chain = request.meta.get("redirect_urls") or []
        how = f"after redirects from {' → '.join(chain)}" if chain else "asked for twice"
        self._log(chain[0] if chain else request.url, 0, "dropped",
                  f"{request.url} dropped as a duplicate of a request made before, {how}"[:300])

    def _log(self, url, status, outcome, message, at=""):
        if self.db is None:
            return
        row = {"crawl_id": self.crawl_id, "url": url, "status": status, "outcome": outcome, "message": message,
               "fetched_at": at or now()}
        self.journal.append(row)
        self.log_rows.append(row)
        if len(self.log_rows) >= self.batch_size or time.monotonic() - self.last_flush > self.max_batch_age:
            self.writer.submit(self._write, *self._take()).add_done_callback(_report_failure)


def crawl_sites_of(settings, start_urls: list[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The sites a crawl counts its figures for (name -> origins) and the further API hosts' sites (host ->
    name): the registry's sites (``GOVREPORTS_REGISTRY_SITES``), or else each start URL's origin, named by
    itself."""
    sites = settings.getdict("GOVREPORTS_REGISTRY_SITES")
    if not sites:
        sites = {origin: [origin] for origin in dict.fromkeys(site_of(url) for url in start_urls)}
    name_of = {origin: name for name, origins in sites.items() for origin in origins}
    api_hosts = {host: name_of[origin] for origin, hosts in settings.getdict("GOVREPORTS_API_HOSTS").items()
                 if origin in name_of for host in hosts}
    return {name: list(origins) for name, origins in sites.items()}, api_hosts


def crawl_summary(stats) -> dict:
    """The figures of a crawl's ``crawls`` row: its ``govreports/`` stats, the pages it fetched and what it cost
    the sites (a re-crawl answered 304 costs headers only)."""
    summary = {key.split("/", 1)[1]: value for key, value in stats.get_stats().items()
               if key.startswith("govreports/")}
    summary["pages_fetched"] = stats.get_value("response_received_count", 0)
    summary["requests"] = stats.get_value("downloader/request_count", 0)
    summary["bytes_received"] = stats.get_value("downloader/response_bytes", 0)
    return summary


def _report_failure(future: concurrent.futures.Future) -> None:
    if future.exception() is not None:
        logger.error("could not write the crawl log: %s", future.exception())


def now() -> str:
    """A crawl-log time: UTC, ISO 8601 to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
