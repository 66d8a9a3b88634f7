"""List readers: one small object for each family of list page (a CMS's pager, a list API).

``PortalSpider.list_readers`` declares the readers a spider uses, in order; a new CMS family is one more
reader there. A reader is stateless and does no I/O: it reads a ``ListPage`` and answers with plain data
(``discovery.ListRequest``, ``discovery.Link``), which the spider turns into Scrapy requests. So a reader is
tested on strings, and it can ask for a GET, a form POST or a POST with a JSON body.

The interface (``ListReader``):

- ``name``: unique among a spider's readers. The spider puts it in the meta of every request the reader
  asked for, so the answer comes back to the same reader (``ListPage.requested_by``, ``links``).
- ``marks_a_list``: a page this reader reads is a report list even when it was not reached as one (a start
  URL that is a column itself).
- ``reads(page) -> bool``: the cheap check (a substring, ``requested_by``): does the page carry this family's
  pager or list API at all?
- ``requests(page) -> iterable of ListRequest``: the further list pages, or API pages, to fetch.
- ``links(text, url) -> list[Link]``: the links in an answer to one of this reader's own requests, with
  titles and dates (the default reads them as HTML; a JSON API reader parses its JSON here).

Loops are the spider's business, not each reader's: a fetch (method, URL and body) is queued once per crawl,
and one column chains at most ``max_list_pages`` list pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from govreports.crawl import discovery
from govreports.crawl.discovery import Link, ListRequest


@dataclass(frozen=True)
class ListPage:
    """A fetched list page as readers see it."""

    url: str
    text: str  # the decoded body: HTML, or the XML/JSON a list API answered
    links: list[Link]  # its links on the portal's own host and port
    requested_by: str = ""  # the name of the reader that asked for this page, "" for a page reached by a link


class ListReader:
    """A family of list pages. Subclasses set ``name`` and override ``reads`` and ``requests``."""

    name: ClassVar[str] = ""
    marks_a_list: ClassVar[bool] = False

    def reads(self, page: ListPage) -> bool:
        return False

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        return ()

    def links(self, text: str, url: str) -> list[Link]:
        return discovery.page_links(text, url)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class CreatePageHtmlReader(ListReader):
    """TRS columns whose page count is only given to a ``createPageHTML(count, current, "index", "shtml")`` call."""

    name = "createPageHTML"
    marks_a_list = True

    def reads(self, page: ListPage) -> bool:
        return "createPageHTML" in page.text

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        return [ListRequest(url) for url in discovery.create_page_html_urls(page.text, page.url)]


class LinkPagerReader(ListReader):
    """Pagers made of plain links: 下一页 / 下页 / > and page numbers (1 2 3 … 尾页) in the list's directory."""

    name = "link-pager"

    def reads(self, page: ListPage) -> bool:
        return bool(page.links)

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        urls = discovery.next_page_urls(page.links) + discovery.numbered_page_urls(page.links, page.url)
        return [ListRequest(url) for url in urls]


class HanwebDataproxyReader(ListReader):
    """Hanweb (大汉) columns: the first records inline in a ``<datastore>``, the rest from dataproxy POSTs."""

    name = "hanweb-dataproxy"
    marks_a_list = True

    def reads(self, page: ListPage) -> bool:
        return "<datastore>" in page.text or "<nextgroup>" in page.text

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        return discovery.hanweb_more_records(page.text, page.url)


#: The readers of every portal the ``reports`` spider knows, in the order their requests are queued.
DEFAULT_READERS: tuple[ListReader, ...] = (CreatePageHtmlReader(), LinkPagerReader(), HanwebDataproxyReader())
