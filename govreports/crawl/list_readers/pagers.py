"""Readers of HTML pagers: ``createPageHTML`` scripts, 下一页 and numbered links, Hanweb dataproxy POSTs, TRS 海云
list models' static pages."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

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




# TRS 海云 front ends page a column with a list model script: listModel({quickMode: "动静结合", maxStaticIndex: 1,
# listArgs: {…}, pagebar: {prepage: 10, recordCount: '20', …}}). "动静结合" (static and dynamic) means the first
# pages are published as files, index.htm and index_1.htm … index_{maxStaticIndex}.htm, and only the pages past
# them come from the site's search API (whose answers this reader does not know: the browser path reads them).
_LIST_MODEL = re.compile(r"listModel\s*\(")
_NUMBER_ARG = r"""["']?\s*[:=]\s*["']?(\d+)"""  # key: 10, "key" : '10', key = 10
_PREPAGE = re.compile(r"prepage" + _NUMBER_ARG)
_RECORD_COUNT = re.compile(r"recordCount" + _NUMBER_ARG)
_MAX_STATIC = re.compile(r"maxStaticIndex" + _NUMBER_ARG)
_INDEX_FILE = re.compile(r"/index(?:_\d+)?\.(s?html?)$")
_LIST_MODEL_SPAN = 3000  # the call's arguments follow it within a few lines


class TrsListModelReader(ListReader):
    """TRS 海云 columns paged by a ``listModel({… pagebar: {prepage, recordCount}})`` script: the static pages
    (``index_1.htm`` … up to ``maxStaticIndex``) that the record count says exist."""

    name = "trs-list-model"
    marks_a_list = True

    def reads(self, page: ListPage) -> bool:
        return "listModel" in page.text and "prepage" in page.text

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        call = _LIST_MODEL.search(page.text)
        if call is None:
            return []
        args = page.text[call.end(): call.end() + _LIST_MODEL_SPAN]
        per_page, count = _PREPAGE.search(args), _RECORD_COUNT.search(args)
        if per_page is None or count is None or int(per_page.group(1)) < 1:
            return []
        pages = math.ceil(int(count.group(1)) / int(per_page.group(1)))
        static = _MAX_STATIC.search(args)
        last = min(pages - 1, int(static.group(1)) if static else pages - 1, MAX_STATIC_PAGES)
        extension = _list_extension(page)
        base = page.url.split("?", 1)[0].split("#", 1)[0]
        return [ListRequest(urljoin(base, f"index_{number}.{extension}")) for number in range(1, last + 1)]


#: More static pages than this from one list model is a misread count, not a column.
MAX_STATIC_PAGES = 500


def _list_extension(page: ListPage) -> str:
    """The extension the site publishes its pages with: the list's own file name (index.shtml) or, for a
    directory URL (…/zfxxgknb/), the one most of its links end with (TRS sites publish lists and articles
    alike: .htm, .html or .shtml)."""
    own = _INDEX_FILE.search(page.url.split("?", 1)[0])
    if own:
        return own.group(1)
    seen = Counter(path.rsplit(".", 1)[1].lower() for link in page.links
                   if "." in (path := urlsplit(link.url).path.rsplit("/", 1)[-1])
                   and path.rsplit(".", 1)[1].lower() in ("htm", "html", "shtml"))
    return seen.most_common(1)[0][0] if seen else "html"
