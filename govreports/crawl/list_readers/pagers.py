"""Readers of HTML pagers: ``createPageHTML`` scripts, 下一页 and numbered links, Hanweb dataproxy POSTs."""

from __future__ import annotations

from collections.abc import Iterable

from govreports.crawl import discovery
from govreports.crawl.discovery import ListRequest
from govreports.crawl.list_readers.base import ListPage, ListReader


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


