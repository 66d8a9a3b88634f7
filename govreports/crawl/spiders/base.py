"""The base spider: how a portal is walked from its home page to its annual reports.

A portal is described by class attributes (kingfisher-collect style), so a spider for one CMS family or
one difficult site is a subclass that changes a few of them. The walk:

1. portal pages (home, 政务公开 / 政府信息公开 sections): follow links to report columns, to further
   disclosure sections (at most ``max_section_hops`` deep), and to pages that name a report;
2. report columns: follow every pager (``createPageHTML`` scripts, Hanweb dataproxy POSTs, 下一页 and
   numbered links) and every link that may be a report;
3. candidate report pages: yield a ``ReportPage``; the extraction pipeline decides from title and content.

The crawl never leaves the start URL's host and port.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import ClassVar

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse

from govreports.crawl import discovery
from govreports.crawl.items import ReportPage
from govreports.extract import attachments, classify

PORTAL, COLUMN = "portal", "column"

#: Signal sent for fetches that produced no item: blocked pages, robots.txt refusals and errors (crawl log).
crawl_outcome = object()

# Status codes anti-bot services answer with instead of content (瑞数 412, 加速乐 521, WAF 403).
BLOCKED_STATUSES = {403: "forbidden / WAF", 412: "Rivers Security (瑞数) challenge", 521: "Jiasule (加速乐) challenge"}


class PortalSpider(scrapy.Spider):
    """Finds a portal's information-disclosure annual reports."""

    #: How many disclosure-section pages may be chained before the walk gives up on that branch.
    max_section_hops: ClassVar[int] = 3
    #: How many list pages one column may chain through its pagers (a guard against pager traps).
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

    def _first_time(self, url: str) -> bool:
        if url in self._queued:
            return False
        self._queued.add(url)
        return True

    async def start(self):
        for url in self.start_urls:
            request = self._request(url, discovery.site_of(url), PORTAL, hops=0)
            if request is not None:
                yield request

    def _request(self, url: str, site: str, role: str, hops: int = 0, **kwargs) -> scrapy.Request | None:
        if not self._first_time(url):
            return None
        meta = {"site": site, "role": role, "hops": hops, "download_slot": site, **kwargs.pop("meta", {})}
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_error, meta=meta, **kwargs)

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
        html = response.text
        links = [link for link in discovery.page_links(html, response.url) if discovery.same_site(link.url, site)]
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
                    yield self._request(link.url, site, COLUMN, hops)
            elif classify.names_report_column(link.text):
                yield self._request(link.url, site, COLUMN, hops)
            elif classify.link_may_be_report(link.text, in_report_column=False):
                yield self._report_request(link, site, response.url)
            elif hops < self.max_section_hops and classify.names_disclosure_section(link.text):
                yield self._request(link.url, site, PORTAL, hops + 1)

        # A start URL may be a report column itself.
        if in_column or (hops == 0 and self._has_pager(html)):
            yield from self._pagers(html, response.url, links, site, hops, response.meta.get("pages", 0))

    @staticmethod
    def _has_pager(html: str) -> bool:
        return "createPageHTML" in html or "<datastore>" in html

    def _pagers(self, html, page_url, links, site, hops, pages):
        if pages >= self.max_list_pages:
            self.logger.warning("stopped following pagers at %s: %d list pages in one column", page_url, pages)
            return
        chained = {"pages": pages + 1}
        for url in discovery.create_page_html_urls(html, page_url):
            yield self._request(url, site, COLUMN, hops, meta=chained)
        for url in discovery.next_page_urls(links) + discovery.numbered_page_urls(links, page_url):
            yield self._request(url, site, COLUMN, hops, meta=chained)
        for form in discovery.hanweb_more_records(html, page_url):
            if not self._first_time(form.url):
                continue
            yield scrapy.FormRequest(
                form.url, formdata=form.formdata, callback=self.parse_listing, errback=self.on_error,
                meta={"site": site, "role": COLUMN, "hops": hops, "download_slot": site, **chained},
            )

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

