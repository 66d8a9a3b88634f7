"""List readers: one small object for each family of list page (a CMS's pager, a list API).

``PortalSpider.list_readers`` declares the readers a spider uses, in order; a new CMS family is one more
reader there. A reader is stateless and does no I/O: it reads a ``ListPage`` and answers with plain data
(``discovery.ListRequest``, ``discovery.Link``), which the spider turns into Scrapy requests. So a reader is
tested on strings, and it can ask for a GET, a form POST or a POST with a JSON body. The interface is in
``base``; the HTML pagers in ``pagers``; one module per list-API family.

Loops are the spider's business, not each reader's: a fetch (method, URL, body and what the reader carries)
is queued once per crawl, one column chains at most ``max_list_pages`` list pages, and a list whose reader
answer brings no link the list had not shown before is not followed further (an API that ignores its page
parameter answers page 1 for ever).
"""

from __future__ import annotations

from govreports.crawl.list_readers.base import ListApiError, ListPage, ListReader, plain_title
from govreports.crawl.list_readers.epoint import EpointReader
from govreports.crawl.list_readers.gkmlpt import GkmlptReader
from govreports.crawl.list_readers.jpaas import JpaasUnitReader
from govreports.crawl.list_readers.pagers import (
    CreatePageHtmlReader,
    HanwebDataproxyReader,
    LinkPagerReader,
    TrsListModelReader,
)
from govreports.crawl.list_readers.trs_irs import IrsSearchReader

#: The readers of every portal the ``reports`` spider knows, in the order their requests are queued.
DEFAULT_READERS: tuple[ListReader, ...] = (
    CreatePageHtmlReader(), LinkPagerReader(), HanwebDataproxyReader(), TrsListModelReader(),
    GkmlptReader(), JpaasUnitReader(), EpointReader(), IrsSearchReader(),
)

__all__ = [
    "DEFAULT_READERS", "CreatePageHtmlReader", "EpointReader", "GkmlptReader", "HanwebDataproxyReader",
    "IrsSearchReader", "JpaasUnitReader", "LinkPagerReader", "ListApiError", "ListPage", "ListReader",
    "TrsListModelReader",
    "plain_title",
]
