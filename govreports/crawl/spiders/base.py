"""The base spider: how a portal is walked from its home page to its annual reports.

The walk:

1. portal pages (home, 政务公开 / 政府信息公开 sections, 部门/乡镇 sub-sites): follow links to report columns,
   to further sections and sub-sites (at most ``max_section_hops`` deep, ``max_section_pages`` per site), and
   to pages that name a report; links go best-first, scored by ``link_judgement.link_score``;
2. report columns (reached as one, or judged by what they list: a list mostly of reports or years): follow
   every pager the ``list_readers`` find (``createPageHTML`` scripts, 下一页 and numbered links, Hanweb
   dataproxy POSTs, the JSON list APIs a page's script calls), year sub-columns (2019年度, 2017年报 …),
   every link that may be a report, and agency names alone (县教育局) or vague names (部门年报): a candidate
   report, or a list of reports (the fetched page decides);
3. candidate report pages: yield a ``ReportPage``; the extraction pipeline decides from title and content.

The crawl never leaves the start URL's host and port, except for a list API the page's own script calls on
another host of the same government (a search host): that call is made, and only the links it returns to the
portal's host are followed. Blocked pages (403, 412, 521), robots.txt refusals, files past the size limit and
errors are reported with the ``crawl_outcome`` signal, for the crawl log (``spiders.outcomes.FetchOutcomes``).

Reports earlier crawls stored are asked for again even when no list links them any more (a known report
answering 404 or 410 is reported ``gone``); ``govreports.crawl.revalidation`` makes every request for a known
page conditional.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import datetime, timezone
from typing import ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import JsonRequest, Response, TextResponse

from govreports.crawl import browser, discovery, link_judgement, revalidation
from govreports.crawl.discovery import ListRequest
from govreports.crawl.items import ReportPage
from govreports.crawl.list_readers import DEFAULT_READERS, ListApiError, ListPage, ListReader
from govreports.crawl.spiders.crawl_memory import CrawlMemory
from govreports.crawl.spiders.outcomes import FetchOutcomes
from govreports.extract import attachments, classify
from govreports.store.pages import kept_headers as pages_headers

PORTAL, COLUMN = "portal", "column"
#: Known reports are asked for after what discovery finds (lower priority), with what their list said then.
KNOWN_REPORT_PRIORITY = -100


class PortalSpider(FetchOutcomes, CrawlMemory, scrapy.Spider):
    """Finds a portal's information-disclosure annual reports.

    A portal is described by class attributes, so a spider for one CMS family or one difficult site is a
    subclass that sets a few of them. Every attribute a subclass may set:

    -  ``list_readers``: the list readers (``govreports.crawl.list_readers``) that find a column's further
       pages, in the order their requests are queued. A CMS family with a pager or list API of its own is
       one more reader: ``list_readers = (*PortalSpider.list_readers, GkmlptReader())``.
    -  ``max_section_hops``: how many disclosure-section pages (政务公开 → 政府信息公开 → …) may be chained
       before the walk gives up on that branch.
    -  ``max_section_pages``: the budget of portal section and sub-site pages per site (start pages aside).
       Links are fetched best-first (Scrapy request priority, from ``link_judgement.link_score``: how
       report-like their text, URL and list are), so a small budget still reaches the report columns.
    -  ``max_list_pages``: how many list pages one column may chain through its readers' requests; a guard
       against pager traps (a 下一页 that never ends, an API that always answers a next page). Besides, a
       reader's answer that brings no link its list had not shown is not followed further: an API that
       ignores its page parameter answers page 1 for ever.
    -  ``attachment_suffixes``: link file types that are attachments, never HTML list or report pages; such a
       link on a list is fetched as a report published as a file when its text names a report.

    Spider arguments: ``start_urls``, one URL or several separated by commas (``-a start_urls=URL[,URL…]``).
    Settings read: ``GOVREPORTS_ATTACHMENT_MAXSIZE`` (the size limit of a report published as a file),
    ``GOVREPORTS_BROWSER_SITES`` (sites whose list pages are rendered in headless Chromium; see
    ``govreports.crawl.browser``), ``GOVREPORTS_API_HOSTS`` (further hosts a site's list APIs may be on),
    ``GOVREPORTS_DB`` (the reports earlier crawls of these sites stored, asked for again).
    """

    #: The readers of a column's further pages; see ``govreports.crawl.list_readers``.
    list_readers: ClassVar[tuple[ListReader, ...]] = DEFAULT_READERS
    #: How many disclosure-section pages may be chained before the walk gives up on that branch.
    max_section_hops: ClassVar[int] = 3
    #: How many portal section and sub-site pages (政务公开, 部门乡镇, a department's home …) one site may
    #: fetch: the walk is best-first, so the budget keeps it on the most report-like sections.
    max_section_pages: ClassVar[int] = 60
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
        # One spelling of each URL (discovery.canonical_url) for what is requested, deduplicated and stored.
        self.start_urls = list(dict.fromkeys(discovery.canonical_url(url) for url in start_urls))
        self._budget_spent_said: set[str] = set()
        # A reader's answers come back to it by name, so two readers may not share one.
        self._readers_by_name = {reader.name: reader for reader in self.list_readers}
        # URLs of reports earlier crawls stored (read when the crawl starts): a 404/410 there means gone.
        self._known_reports: set[str] = set()
        if len(self._readers_by_name) != len(self.list_readers) or "" in self._readers_by_name:
            raise ValueError(f"list readers need names of their own: {list(self.list_readers)}")

    @functools.cached_property
    def _browser_sites(self) -> frozenset[str]:
        return browser.browser_sites(self.settings)

    async def start(self):
        state = getattr(self, "state", None)  # with a JOBDIR: saved at the close, given back on resuming
        if state is not None:
            self._resume_memory(state)
        for url in self.start_urls:
            request = self._request(ListRequest(url), discovery.site_of(url), PORTAL, hops=0)
            if request is not None:
                yield request
        known = revalidation.known_reports(self.settings, {discovery.site_of(url) for url in self.start_urls}) \
            if self.settings.getbool("GOVREPORTS_REVALIDATE") else []
        self._known_reports = {url for url, *_ in known}
        for url, site, list_title, list_date in known:
            link = discovery.Link(url, list_title, list_date)
            request = _prioritised(self._report_request(link, site, "", file=self._is_file(url)),
                                   KNOWN_REPORT_PRIORITY)
            if request is not None:
                yield request

    def _is_file(self, url: str) -> bool:
        """A link to one of the ``attachment_suffixes`` file types: never an HTML list or report page."""
        return url.lower().split("?")[0].endswith(self.attachment_suffixes)

    def _request(self, wanted: ListRequest, site: str, role: str, hops: int = 0, meta: dict | None = None
                 ) -> scrapy.Request | None:
        """The Scrapy request for a portal, section or list page, or None when it was queued before."""
        wanted = dataclasses.replace(wanted, url=discovery.canonical_url(wanted.url))
        if not self._first_time(wanted.key):
            return None
        meta = {"site": site, "role": role, "hops": hops, "download_slot": site, **(meta or {})}
        rendered = self._rendered(wanted, site, meta.get("reader", ""))
        if rendered:
            meta.update(browser.page_meta())
        # Our own key told repeats apart already; Scrapy's fingerprint, which ignores fragments, would drop one
        # site JS file asked for by two lists, and a URL whose fragment a reader or the browser reads (gkmlpt's
        # category; an app's route, which only the browser shows: fetched without it, every route is one page).
        fragment = urlsplit(wanted.url).fragment
        dont_filter = bool(wanted.carry) or (bool(fragment) and (rendered or fragment.isdigit()))
        common = {"callback": self.parse_listing, "errback": self.on_error, "meta": meta, "dont_filter": dont_filter}
        if wanted.json is not None:
            return JsonRequest(wanted.url, method=wanted.method, data=wanted.json, **common)
        if wanted.formdata is not None:
            return scrapy.FormRequest(wanted.url, method=wanted.method, formdata=wanted.formdata, **common)
        return scrapy.Request(wanted.url, method=wanted.method, **common)

    def _rendered(self, wanted: ListRequest, site: str, requested_by: str) -> bool:
        """Whether this list page goes through the browser: its site asked for one, and it is an HTML page
        (reached by a link, or a pager page of a reader that reads HTML), never a list API's JSON."""
        if not browser.renders(self._browser_sites, site):
            return False
        if wanted.method != "GET" or wanted.json is not None or wanted.formdata is not None:
            return False
        reader = self._readers_by_name.get(requested_by)
        return reader is None or type(reader).links is ListReader.links

    def parse_listing(self, response: Response):
        """Portal, section and column pages alike: read links and pagers, queue what looks useful."""
        for request in self._read_listing(response):
            if request is not None:
                yield request

    def _read_listing(self, response: Response, role: str = "", links: list[discovery.Link] | None = None):
        """``role`` overrides the request's and ``links`` are the page's links when the caller has read them: a
        candidate report whose page turned out to be a list is read as a column."""
        site, hops = response.meta["site"], response.meta["hops"]
        role = role or response.meta["role"]
        if self._blocked(response):
            return
        if not isinstance(response, TextResponse):
            return
        self.crawler.stats.inc_value(f"govreports/pages/{role}")
        text = response.text
        requested_by = response.meta.get("reader", "")
        if links is None:
            try:
                links = self._site_links(response, self._readers_by_name.get(requested_by))
            except ListApiError as error:
                self._api_failed(response, str(error))
                return
        counts = link_judgement.count_lists(links)
        # A page is a report column when reached as one, or when one of its lists mostly names reports or years.
        in_column = role == COLUMN or link_judgement.lists_reports(counts)
        yield from self._follow_links(links, counts, site, response.url, in_column, hops)

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

    def _site_links(self, response: TextResponse, reader: ListReader | None = None) -> list[discovery.Link]:
        """The page's links on the portal's own host and port; an API answer's as its reader reads them, resolved
        against the page whose script called the API, as in a browser."""
        links_of = reader.links if reader is not None else discovery.page_links
        found = links_of(response.text, response.meta.get("called_from") or response.url)
        return [dataclasses.replace(link, url=discovery.canonical_url(link.url)) for link in found
                if discovery.same_site(link.url, response.meta["site"])]

    def _follow_links(self, links: list[discovery.Link], counts: dict[int, link_judgement.ListCounts], site: str,
                      list_url: str, in_column: bool, hops: int):
        """The requests for a page's links: report columns, candidate reports and (within the budget) sections,
        each with the priority its score gives it, so the most report-like are fetched first."""
        empty = link_judgement.ListCounts()
        scored = [(link_judgement.link_score(link, counts.get(link.group, empty)), link) for link in links]
        # Most report-like first: of two links to one URL ("信息公开", "政府信息公开年报") the likelier judgement wins.
        scored.sort(key=lambda pair: -pair[0])
        for score, link in scored:
            in_list = counts.get(link.group, empty)
            if self._is_file(link.url):
                # A report published only as a file, linked from the list itself.
                name = attachments.strip_suffix(link.text)
                if attachments.file_suffix(link.url, link.text) and (
                        classify.link_may_be_report(name, in_report_column=in_column)
                        or (in_column and in_list.lists_departments and classify.names_agency(name))):
                    yield _prioritised(self._report_request(link, site, list_url, file=True), score)
                continue
            if in_column:
                yield from self._follow_in_column(link, in_list, score, site, list_url, hops)
            elif classify.names_report_column(link.text):
                yield _prioritised(self._request(ListRequest(link.url), site, COLUMN, hops), score)
            elif classify.link_may_be_report(link.text, in_report_column=False):
                yield _prioritised(self._report_request(link, site, list_url), score)
            elif hops < self.max_section_hops and (
                    classify.names_disclosure_section(link.text)
                    or (in_list.lists_departments and classify.names_agency(link.text))):
                yield self._section_request(link, site, hops + 1, score)

    def _follow_in_column(self, link: discovery.Link, in_list: link_judgement.ListCounts, score: int, site: str,
                          list_url: str, hops: int):
        """A link of a report column: a year sub-column, a candidate report or a further report column."""
        text = link.text
        if classify.names_year(text) and (in_list.lists_years or not classify.link_may_be_report(text, True)):
            # 2019年度, 2020年, 2021 …: the column's year sub-columns ("2019年度报告" alone in a list of
            # reports is a report).
            yield _prioritised(self._request(ListRequest(link.url), site, COLUMN, hops), score)
        elif classify.names_report_column(text) and not in_list.lists_reports:
            # A column's name in the nav beside the list (政府信息公开年度报告 → ./)
            yield _prioritised(self._request(ListRequest(link.url), site, COLUMN, hops), score)
        elif classify.link_may_be_report(text, in_report_column=True):
            # In a list of reports a link that may be a report is one, even if its text ("教育局年报") could
            # also name a column. A vague one ("部门年报") may also be a sub-column: its page decides.
            request = self._report_request(link, site, list_url)
            if classify.names_report(text):
                yield _prioritised(request, score)
            else:  # only a list an API fills: a report page's sidebar of other reports does not make it a list
                yield _may_be_list(request, score, hops, by_api_only=True)
        elif in_list.lists_departments and classify.names_agency(text):
            # An agency named alone: its report, or the list of its reports (the fetched page decides).
            yield _may_be_list(self._report_request(link, site, list_url), score, hops)

    def _section_request(self, link: discovery.Link, site: str, hops: int, score: int) -> scrapy.Request | None:
        """A portal section or sub-site page, while the site's budget of section pages lasts."""
        if not self._take_section_page(site):
            if site not in self._budget_spent_said:  # said once per site
                self._budget_spent_said.add(site)
                self.logger.info("%s: section budget of %d pages spent; %s and later sections not fetched",
                                 site, self.max_section_pages, link.url)
            return None
        request = self._request(ListRequest(link.url), site, PORTAL, hops)
        if request is None:
            self._give_back_section_page(site)
        return _prioritised(request, score)

    def _list_requests(self, readers: list[ListReader], page: ListPage, site: str, hops: int, meta: dict):
        pages = meta.get("pages", 0)
        if pages >= self.max_list_pages:
            self.logger.warning("stopped following pagers at %s: %d list pages in one column", page.url, pages)
            return
        for reader in readers:
            for wanted in reader.requests(page):
                if not (discovery.same_government(wanted.url, site) or self._named_api_host(wanted.url, site)):
                    self.logger.warning("%s asked for %s, not a host of %s's government: not fetched",
                                        reader.name, wanted.url, site)
                    continue
                yield self._request(wanted, site, COLUMN, hops, meta={
                    "pages": pages + 1, "reader": reader.name, "carry": wanted.carry,
                    "called_from": wanted.called_from or meta.get("called_from", ""),
                    "list": wanted.called_from or meta.get("list") or page.url, "fetches_list": wanted.fetches_list})

    def _named_api_host(self, url: str, site: str) -> bool:
        """A host the site's registry entry names for its list APIs (GOVREPORTS_API_HOSTS)."""
        hosts = self.settings.getdict("GOVREPORTS_API_HOSTS").get(site) or ()
        return (urlsplit(url).hostname or "") in hosts

    def _brings_nothing_new(self, response: Response, links: list[discovery.Link]) -> bool:
        """The loop guard: True for a reader's answer that shows its list no link it had not shown before."""
        new = self._shows_new_links(response.meta.get("list") or response.url, {link.url for link in links})
        if new or not response.meta.get("reader") or not response.meta.get("fetches_list", True):
            return False
        self.logger.info("%s brought no new link to its list: not followed further", response.url)
        self.crawler.stats.inc_value("govreports/list_repeats")
        return True

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
        not_modified = revalidation.NOT_MODIFIED in response.flags
        yield ReportPage(
            url=discovery.canonical_url(response.url),  # after redirects
            body=response.body,
            site=meta["site"],
            status=304 if not_modified else response.status,
            content_type=(response.headers.get("Content-Type") or b"").decode("latin-1"),
            headers=pages_headers(response.headers),
            not_modified=not_modified,
            list_title=meta.get("list_title", ""),
            list_date=meta.get("list_date", ""),
            list_url=meta.get("list_url", ""),
            fetched_at=datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        )
        if not meta.get("may_be_list") or not isinstance(response, TextResponse):
            return
        links = self._site_links(response)
        if self._is_list(response, links, by_api_only=meta["may_be_list"] == "api"):
            # An agency named alone, or a vague link (部门年报), may lead to a list of reports (a department's
            # sub-list, a sub-column whose list an API fills): the page decides, and is then read as a column.
            # The pipeline does not store such a page as a report (its body is only links, or empty).
            self.crawler.stats.inc_value("govreports/candidates_read_as_lists")
            yield from (request for request in self._read_listing(response, role=COLUMN, links=links)
                        if request is not None)

    def _is_list(self, response: TextResponse, links: list[discovery.Link], by_api_only: bool = False) -> bool:
        """Whether a fetched candidate report is a list page: a list that one of the list readers fills from an
        API, or (unless ``by_api_only``) a list mostly of reports or years."""
        if not by_api_only and link_judgement.lists_reports(link_judgement.count_lists(links)):
            return True
        page = ListPage(response.url, response.text, links)
        return any(reader.fills_lists and reader.reads(page) for reader in self.list_readers)


def _prioritised(request: scrapy.Request | None, score: int) -> scrapy.Request | None:
    """The request fetched before those of lower score (Scrapy's scheduler pops higher priorities first)."""
    if request is not None:
        request.priority = score
    return request


def _may_be_list(request: scrapy.Request | None, score: int, hops: int, by_api_only: bool = False
                 ) -> scrapy.Request | None:
    """A candidate report whose page may instead list reports (a department's page; with ``by_api_only``, only
    a list an API fills, such as a JPaaS sub-column behind 部门年报)."""
    if request is not None:
        request.meta.update(may_be_list="api" if by_api_only else "any", hops=hops)
    return _prioritised(request, score)
