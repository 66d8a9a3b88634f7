"""The base spider: how a portal is walked from its home page to its annual reports.

The walk:

1. portal pages (home, 政务公开 / 政府信息公开 sections): follow links to report columns, to further
   disclosure sections (at most ``max_section_hops`` deep), and to pages that name a report;
2. report columns: follow every pager the ``list_readers`` find (``createPageHTML`` scripts, 下一页 and
   numbered links, Hanweb dataproxy POSTs, the JSON list APIs a page's script calls) and every link that may
   be a report;
3. candidate report pages: yield a ``ReportPage``; the extraction pipeline decides from title and content.

The crawl never leaves the start URL's host and port, except for a list API the page's own script calls on
another host of the same government (a search host): that call is made, and only the links it returns to the
portal's host are followed. Blocked pages (403, 412, 521), robots.txt refusals,
files past the size limit and errors are reported with the ``crawl_outcome`` signal, for the crawl log.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import ClassVar

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import JsonRequest, Response, TextResponse

from govreports.crawl import discovery
from govreports.crawl.blocked import BLOCKED_STATUSES
from govreports.crawl.discovery import ListRequest
from govreports.crawl.items import ReportPage
from govreports.crawl.list_readers import DEFAULT_READERS, ListApiError, ListPage, ListReader
from govreports.crawl.signals import crawl_outcome
from govreports.extract import attachments, classify

PORTAL, COLUMN = "portal", "column"


class PortalSpider(scrapy.Spider):
    """Finds a portal's information-disclosure annual reports.

    A portal is described by class attributes, so a spider for one CMS family or one difficult site is a
    subclass that sets a few of them. Every attribute a subclass may set:

    -  ``list_readers``: the list readers (``govreports.crawl.list_readers``) that find a column's further
       pages, in the order their requests are queued. A CMS family with a pager or list API of its own is
       one more reader: ``list_readers = (*PortalSpider.list_readers, GkmlptReader())``.
    -  ``max_section_hops``: how many disclosure-section pages (政务公开 → 政府信息公开 → …) may be chained
       before the walk gives up on that branch.
    -  ``max_list_pages``: how many list pages one column may chain through its readers' requests; a guard
       against pager traps (a 下一页 that never ends, an API that always answers a next page). Besides, a
       reader's answer that brings no link its list had not shown is not followed further: an API that
       ignores its page parameter answers page 1 for ever.
    -  ``attachment_suffixes``: link file types that are attachments, never HTML list or report pages; such a
       link on a list is fetched as a report published as a file when its text names a report.

    Spider arguments: ``start_urls``, one URL or several separated by commas (``-a start_urls=URL[,URL…]``).
    Settings read: ``GOVREPORTS_ATTACHMENT_MAXSIZE`` (the size limit of a report published as a file).
    """

    #: The readers of a column's further pages; see ``govreports.crawl.list_readers``.
    list_readers: ClassVar[tuple[ListReader, ...]] = DEFAULT_READERS
    #: How many disclosure-section pages may be chained before the walk gives up on that branch.
    max_section_hops: ClassVar[int] = 3
    #: How many list pages one column may chain through its readers (a guard against pager traps).
    max_list_pages: ClassVar[int] = 2000
    #: Link file types that are attachments, never HTML list or report pages.
    attachment_suffixes: ClassVar[tuple[str, ...]] = attachments.FILE_SUFFIXES

    def __init__(self, start_urls: str | list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(start_urls, str):
            start_urls = [url.strip() for url in start_urls.split(",") if url.strip()]
        if not start_urls:
            raise ValueError("give at least one start URL: -a start_urls=https://portal.example/")
        bad = [url for url in start_urls if not url.startswith(("http://", "https://"))]
        if bad:
            raise ValueError(f"start URLs must be http(s) URLs: {', '.join(bad)}")
        self.start_urls = list(start_urls)
        # Every column page repeats the pager and the sidebar links; Scrapy's dupefilter would drop the
        # repeats, but only after each went through the middlewares and the scheduler.
        self._queued: set[str] = set()
        # The loop guard: every link each list has shown, keyed by the list's first page (ListRequest.called_from,
        # or the column page a pager started from).
        self._list_links: dict[str, set[str]] = {}
        # A reader's answers come back to it by name, so two readers may not share one.
        self._readers_by_name = {reader.name: reader for reader in self.list_readers}
        if len(self._readers_by_name) != len(self.list_readers) or "" in self._readers_by_name:
            raise ValueError(f"list readers need names of their own: {list(self.list_readers)}")

    def _first_time(self, key: str) -> bool:
        if key in self._queued:
            return False
        self._queued.add(key)
        return True

    async def start(self):
        for url in self.start_urls:
            request = self._request(ListRequest(url), discovery.site_of(url), PORTAL, hops=0)
            if request is not None:
                yield request

    def _request(self, wanted: ListRequest, site: str, role: str, hops: int = 0, meta: dict | None = None
                 ) -> scrapy.Request | None:
        """The Scrapy request for a portal, section or list page, or None when it was queued before."""
        if not self._first_time(wanted.key):
            return None
        meta = {"site": site, "role": role, "hops": hops, "download_slot": site, **(meta or {})}
        # Our own key told repeats apart already; Scrapy's fingerprint would drop a URL kept with its fragment
        # (gkmlpt's category) and one site JS file asked for by two lists.
        dont_filter = bool(wanted.carry) or "#" in wanted.url
        common = {"callback": self.parse_listing, "errback": self.on_error, "meta": meta, "dont_filter": dont_filter}
        if wanted.json is not None:
            return JsonRequest(wanted.url, method=wanted.method, data=wanted.json, **common)
        if wanted.formdata is not None:
            return scrapy.FormRequest(wanted.url, method=wanted.method, formdata=wanted.formdata, **common)
        return scrapy.Request(wanted.url, method=wanted.method, **common)

    def parse_listing(self, response: Response):
        """Portal, section and column pages alike: read links and pagers, queue what looks useful."""
        for request in self._read_listing(response):
            if request is not None:
                yield request

    def _read_listing(self, response: Response):
        site, role, hops = response.meta["site"], response.meta["role"], response.meta["hops"]
        if self._blocked(response):
            return
        if not isinstance(response, TextResponse):
            return
        self.crawler.stats.inc_value(f"govreports/pages/{role}")
        text = response.text
        requested_by = response.meta.get("reader", "")
        reader = self._readers_by_name.get(requested_by)
        links_of = reader.links if reader is not None else discovery.page_links
        try:
            # An API answer's links resolve against the page whose script called it, as in a browser.
            found = links_of(text, response.meta.get("called_from") or response.url)
        except ListApiError as error:
            self._api_failed(response, str(error))
            return
        links = [link for link in found if discovery.same_site(link.url, site)]
        in_column = role == COLUMN

        for link in links:
            if link.url.lower().split("?")[0].endswith(self.attachment_suffixes):
                # A report published only as a file, linked from the list itself.
                if attachments.file_suffix(link.url, link.text) and classify.link_may_be_report(
                        attachments.strip_suffix(link.text), in_report_column=in_column):
                    yield self._report_request(link, site, response.url, file=True)
                continue
            if in_column:
                # In a report column a link that may be a report is one, even if its text
                # ("教育局年报") could also name a column.
                if classify.link_may_be_report(link.text, in_report_column=True):
                    yield self._report_request(link, site, response.url)
                elif classify.names_report_column(link.text):
                    yield self._request(ListRequest(link.url), site, COLUMN, hops)
            elif classify.names_report_column(link.text):
                yield self._request(ListRequest(link.url), site, COLUMN, hops)
            elif classify.link_may_be_report(link.text, in_report_column=False):
                yield self._report_request(link, site, response.url)
            elif hops < self.max_section_hops and classify.names_disclosure_section(link.text):
                yield self._request(ListRequest(link.url), site, PORTAL, hops + 1)

        if in_column and self._brings_nothing_new(response, links):
            return
        page = ListPage(response.url, text, links, requested_by, response.meta.get("carry", {}))
        readers = [reader for reader in self.list_readers if reader.reads(page)]
        # A start URL may be a report column itself, and so may any page whose list a list API fills.
        if in_column or any(reader.fills_lists or (hops == 0 and reader.marks_a_list) for reader in readers):
            try:
                yield from self._list_requests(readers, page, site, hops, response.meta)
            except ListApiError as error:
                self._api_failed(response, str(error))

    def _list_requests(self, readers: list[ListReader], page: ListPage, site: str, hops: int, meta: dict):
        pages = meta.get("pages", 0)
        if pages >= self.max_list_pages:
            self.logger.warning("stopped following pagers at %s: %d list pages in one column", page.url, pages)
            return
        for reader in readers:
            for wanted in reader.requests(page):
                if not discovery.same_government(wanted.url, site):
                    self.logger.warning("%s asked for %s, not a host of %s's government: not fetched",
                                        reader.name, wanted.url, site)
                    continue
                yield self._request(wanted, site, COLUMN, hops, meta={
                    "pages": pages + 1, "reader": reader.name, "carry": wanted.carry,
                    "called_from": wanted.called_from or meta.get("called_from", ""),
                    "list": wanted.called_from or meta.get("list") or page.url, "fetches_list": wanted.fetches_list})

    def _brings_nothing_new(self, response: Response, links: list[discovery.Link]) -> bool:
        """The loop guard: True for a reader's answer that shows its list no link it had not shown before."""
        seen = self._list_links.setdefault(response.meta.get("list") or response.url, set())
        new = {link.url for link in links} - seen
        seen |= new
        if new or not response.meta.get("reader") or not response.meta.get("fetches_list", True):
            return False
        self.logger.info("%s brought no new link to its list: not followed further", response.url)
        self.crawler.stats.inc_value("govreports/list_repeats")
        return True

    def _api_failed(self, response: Response, message: str):
        self.logger.error("list API %s failed: %s", response.url, message)
        self.crawler.stats.inc_value("govreports/errors")
        self.crawler.signals.send_catch_log(
            signal=crawl_outcome, url=response.url, status=response.status, outcome="error",
            message=f"list API: {message}"[:300])

    def _report_request(self, link: discovery.Link, site: str, list_url: str, file: bool = False
                        ) -> scrapy.Request | None:
        if not self._first_time(link.url):
            return None
        meta = {"site": site, "download_slot": site, "list_title": link.text, "list_date": link.date,
                "list_url": list_url}
        if file:
            meta["download_maxsize"] = self.settings.getint("GOVREPORTS_ATTACHMENT_MAXSIZE")
        return scrapy.Request(link.url, callback=self.parse_report, errback=self.on_error, meta=meta)

    def parse_report(self, response: Response):
        if self._blocked(response):
            return
        meta = response.meta
        yield ReportPage(
            url=response.url,
            body=response.body,
            site=meta["site"],
            status=response.status,
            content_type=(response.headers.get("Content-Type") or b"").decode("latin-1"),
            list_title=meta.get("list_title", ""),
            list_date=meta.get("list_date", ""),
            list_url=meta.get("list_url", ""),
            fetched_at=datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        )

    def _blocked(self, response: Response) -> bool:
        reason = BLOCKED_STATUSES.get(response.status)
        if reason is None:
            return False
        self.logger.warning("%s answered %s (%s): recorded as blocked, not bypassed", response.url,
                            response.status, reason)
        self.crawler.stats.inc_value("govreports/blocked")
        self.crawler.signals.send_catch_log(
            signal=crawl_outcome, url=response.url, status=response.status, outcome="blocked", message=reason
        )
        return True

    def on_error(self, failure):
        request = failure.request
        if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            self.crawler.signals.send_catch_log(
                signal=crawl_outcome, url=request.url, status=0, outcome="robots-forbidden",
                message="forbidden by robots.txt, not fetched",
            )
            return
        if failure.check(DownloadCancelledError):
            self.crawler.stats.inc_value("govreports/too_large")
            self.crawler.signals.send_catch_log(
                signal=crawl_outcome, url=request.url, status=0, outcome="too_large", message=str(failure.value)[:300]
            )
            return
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else 0
        message = f"{type(failure.value).__name__}: {failure.value}"[:300]
        self.logger.warning("failed %s: %s", request.url, message)
        self.crawler.stats.inc_value("govreports/errors")
        self.crawler.signals.send_catch_log(
            signal=crawl_outcome, url=request.url, status=status, outcome="error", message=message
        )

