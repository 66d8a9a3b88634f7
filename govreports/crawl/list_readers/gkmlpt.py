"""Guangdong's 政府信息公开目录 platform (gkmlpt): an empty Vue app filled from ``/gkmlpt/api/all/{category}``.

The app page holds ``window._CONFIG = { SID: '…', TREE: [...], … }`` (a JS literal); the category is the
link's fragment (``/gkmlpt/index#2629``). The app asks ``GET {prefix}/gkmlpt/api/all/{category}?page=N&sid=SID``
(``prefix``: whatever stands before ``/gkmlpt/`` in the page URL, a department sub-site's path) and gets
``{"articles": [...], "total": T, "classify": {"post_count": T, …}}``, 100 articles a page. Pages 0 and 1 are
the same batch, so the reader starts at 1 and stops at ``ceil(total / 100)``. A page reached without a
fragment lists the TREE categories whose names name a report column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urljoin, urlsplit

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
from govreports.extract import classify

PAGE_SIZE = 100
_SID = re.compile(r"""["']?\bSID["']?\s*:\s*["']?([\w-]+)""")
_TREE = re.compile(r"""["']?\bTREE["']?\s*:\s*\[""")
_APP = re.compile(r"^(.*?)/gkmlpt/")
_CHINA = timezone(timedelta(hours=8))


class GkmlptReader(ListReader):
    name = "gkmlpt"
    marks_a_list = True
    fills_lists = True

    def reads(self, page: ListPage) -> bool:
        return page.requested_by == self.name or ("_CONFIG" in page.text and "/gkmlpt/" in page.url)

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        if page.requested_by == self.name:
            return self._next_page(page)
        sid = _SID.search(page.text)
        app = _APP.match(page.url)
        if not sid or not app:
            return []
        fragment = urlsplit(page.url).fragment
        categories = [fragment] if fragment.isdigit() else report_categories(page.text)
        return [ListRequest(f"{app.group(1)}/gkmlpt/api/all/{category}?page=1&sid={sid.group(1)}",
                            called_from=page.url) for category in categories]

    def _next_page(self, page: ListPage) -> list[ListRequest]:
        answer = json_answer(page.text)
        total = as_int(answer.get("total")) or as_int((answer.get("classify") or {}).get("post_count"))
        current = as_int(parse_qs(urlsplit(page.url).query).get("page", ["1"])[0], 1)
        if not answer.get("articles") or current >= math.ceil(total / PAGE_SIZE):
            return []
        url = re.sub(r"([?&]page=)\d+", lambda m: f"{m.group(1)}{max(current, 1) + 1}", page.url)
        return [ListRequest(url)]

    def links(self, text: str, url: str) -> list[Link]:
        links = []
        for article in json_answer(text).get("articles") or []:
            href = article.get("url") or article.get("post_url")
            if href:
                links.append(Link(urljoin(url, href), plain_title(article.get("title")), _date(article)))
        return links


def report_categories(html: str) -> list[str]:
    """The ids of the TREE's listing categories whose names name a report column (政府信息公开年报)."""
    match = _TREE.search(html)
    tree = js_object(html, match.end() - 1) if match else None
    found: list[str] = []
    nodes = list(tree) if isinstance(tree, list) else []
    while nodes:
        node = nodes.pop(0)
        if not isinstance(node, dict):
            continue
        nodes.extend(node.get("children") or [])
        if not node.get("jump_url") and classify.names_report_column(str(node.get("name", ""))):
            found.append(str(node.get("id")))
    return found


def _date(article: dict) -> str:
    """The publication date: ``display_publish_time`` (unix seconds), else ``created_at``, else ``date``."""
    for key in ("display_publish_time", "created_at", "date"):
        value = article.get(key)
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
            if int(value) > 0:
                return datetime.fromtimestamp(int(value), _CHINA).strftime("%Y-%m-%d")
        elif list_date(value):
            return list_date(value)
    return ""
