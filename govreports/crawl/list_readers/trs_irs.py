"""TRS 海云 IRS search (``POST …/irs/front/search``) used as a column's list.

The column page's script names the API (``var IRS_API = "https://search.example.gov.cn/irs/front/search"``,
often on a search host of the same government) and the query object it posts (``code``/``tenantId``,
``dataTypeId``, ``orderBy``, ``searchBy``, a ``customFilter`` on the channel, …), changing only ``pageNo``.
The answer: ``{"success": true, "data": {"pager": {"pageNo", "pageCount", "total"}, "middle": {"listAndBox":
[{"type": "DATA", "data": {title (with <em> highlights), title_no_tag, url, time}}]}}}`` (older deployments:
``middle.list``). The query is sent as the page writes it: a missing ``orderBy`` is the API's to refuse
(``success: false``), and the refusal is logged.

The items' ``url`` is the article on the portal's own host (the search host serves only the search), and so it
is in the demo: the spider follows only links on the portal's host, so a hit the search indexed from another
site of the same government is left to that site's own crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin

from govreports.crawl.discovery import Link, ListRequest
from govreports.crawl.list_readers.base import (
    ListPage,
    ListReader,
    as_int,
    js_object,
    json_answer,
    list_date,
    plain_title,
)

API_PATH = "/irs/front/search"
_API_URL = re.compile(r"""["']([^"'\s]*/irs/front/search)["']""")
_OBJECT_START = re.compile(r"[=(:]\s*\{")
_QUERY_KEYS = ("code", "tenantId", "sign")


class IrsSearchReader(ListReader):
    name = "trs-irs"
    marks_a_list = True
    fills_lists = True

    def reads(self, page: ListPage) -> bool:
        return page.requested_by == self.name or API_PATH in page.text

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        if page.requested_by == self.name:
            return self._next_page(page)
        api = _API_URL.search(page.text)
        query = search_query(page.text)
        if not api or query is None:
            return []
        return [_search(urljoin(page.url, api.group(1)), query, 1, page.url)]

    def _next_page(self, page: ListPage) -> list[ListRequest]:
        data = json_answer(page.text).get("data") or {}
        pager = data.get("pager") or {}
        current = as_int(page.carry.get("page"), 1)
        if not _items(data) or current >= as_int(pager.get("pageCount"), current):
            return []
        return [_search(page.url, page.carry["query"], current + 1, "")]

    def links(self, text: str, url: str) -> list[Link]:
        links = []
        for item in _items(json_answer(text).get("data") or {}):
            href = item.get("url") or item.get("docpuburl")
            if href:
                title = plain_title(item.get("title_no_tag") or item.get("title"))
                links.append(Link(urljoin(url, str(href)), title, list_date(item.get("time"))))
        return links


def search_query(html: str) -> dict | None:
    """The query object the column's script posts: the first object literal naming a search config
    (``code``, or ``tenantId``/``sign``) and a ``dataTypeId`` or ``searchWord``."""
    for match in _OBJECT_START.finditer(html):
        value = js_object(html, match.end() - 1)
        if isinstance(value, dict) and any(key in value for key in _QUERY_KEYS) and (
                "dataTypeId" in value or "searchWord" in value):
            return value
    return None


def _search(api: str, query: dict, page_no: int, called_from: str) -> ListRequest:
    return ListRequest(api, "POST", json={**query, "pageNo": page_no}, carry={"page": page_no, "query": query},
                       called_from=called_from)


def _items(data: dict) -> list[dict]:
    middle = data.get("middle") or {}
    boxes = middle.get("listAndBox")
    if boxes is not None:
        return [box.get("data") or {} for box in boxes if isinstance(box, dict) and box.get("type", "DATA") == "DATA"]
    return [item for item in middle.get("list") or [] if isinstance(item, dict)]
