"""Hanweb (大汉) JPaaS page-build units: a column's list rendered by ``/api-gateway/…/front/page/build/unit``.

The column page carries one ``<script src=".../unitbuild.js" url="…/build/unit" queryData="{…}">`` per unit
(list, navigation, footer). ``queryData`` is a JS literal (single or double quotes, any key order) of the
unit's parameters; paging works only through its ``paramJson`` (``{"pageNo":N,"pageSize":15}``). The answer
is ``{"success": true, "data": {"html": "<ul>…</ul><div class="pagination" count="…">"}}`` (some units send
the HTML as ``data`` itself); the total is the ``count`` attribute in the HTML, links are site-relative.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from govreports.crawl import discovery
from govreports.crawl.discovery import Link, ListRequest
from govreports.crawl.list_readers.base import ListPage, ListReader, as_int, js_object, json_answer

DEFAULT_PARAMS = {"parseType": "bulidstatic", "pageType": "column", "editType": "null"}
_NAVIGATION_UNIT = re.compile(r"导航|菜单|页头|页脚|头部|底部|nav|banner|footer|header", re.I)
_COUNT = re.compile(r"""<[^>]*\bcount\s*=\s*["']?(\d+)""", re.I)
_PAGE_SIZE_ATTR = re.compile(r"""<[^>]*\bpage-?size\s*=\s*["']?(\d+)""", re.I)


class JpaasUnitReader(ListReader):
    name = "jpaas-unit"
    marks_a_list = True
    fills_lists = True

    def reads(self, page: ListPage) -> bool:
        return page.requested_by == self.name or ("unitbuild" in page.text and "querydata" in page.text.lower())

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        if page.requested_by == self.name:
            return self._next_page(page)
        return [_unit_request(urljoin(page.url, api), params, 1, page.url) for api, params in list_units(page.text)]

    def _next_page(self, page: ListPage) -> list[ListRequest]:
        fragment = _html_of(json_answer(page.text))
        query = {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}
        paging = _param_json(query.get("paramJson"))
        page_no = as_int(paging.get("pageNo"), 1)
        size = as_int(paging.get("pageSize")) or _first(_PAGE_SIZE_ATTR, fragment) or len(discovery.page_links(
            fragment, page.url))
        count = _first(_COUNT, fragment)
        if not fragment.strip() or not size or (count and page_no >= math.ceil(count / size)):
            return []
        query["paramJson"] = {**paging, "pageNo": page_no + 1, "pageSize": size}
        return [_unit_request(page.url.split("?", 1)[0], query, page_no + 1, "")]

    def links(self, text: str, url: str) -> list[Link]:
        return discovery.page_links(_html_of(json_answer(text)), url)


def list_units(html: str) -> list[tuple[str, dict]]:
    """(API URL, queryData) of the page's list units: those that page (``paramJson``), else every unit that
    is not navigation, header or footer."""
    doc = discovery.parse_html(html)
    units = []
    for script in doc.iter("script") if doc is not None else ():
        attributes = {name.lower(): value for name, value in script.attrib.items()}
        if "querydata" not in attributes or "unitbuild" not in attributes.get("src", ""):
            continue
        params = _literal(attributes["querydata"])
        if params:
            units.append((attributes.get("url") or "/api-gateway/jpaas-publish-server/front/page/build/unit", params))
    paging = [unit for unit in units if "paramJson" in unit[1]]
    return paging or [unit for unit in units if not _NAVIGATION_UNIT.search(str(unit[1].get("tagId", "")))]


def _unit_request(api: str, params: dict, page_no: int, called_from: str) -> ListRequest:
    query = {**DEFAULT_PARAMS, **{key: str(value) for key, value in params.items() if key != "paramJson"}}
    paging = _param_json(params.get("paramJson"))
    if paging or page_no > 1:
        query["paramJson"] = json.dumps({**paging, "pageNo": page_no}, separators=(",", ":"))
    return ListRequest(f"{api}?{urlencode(query)}", called_from=called_from)


def _literal(text: str) -> dict:
    """queryData: a Python/JS-style dict literal in single or double quotes."""
    text = text.strip()
    for parse in (json.loads, ast.literal_eval):
        try:
            value = parse(text)
        except (ValueError, SyntaxError):
            continue
        if isinstance(value, dict):
            return value
    value = js_object(text, 0) if text.startswith("{") else None
    return value if isinstance(value, dict) else {}


def _param_json(value: object) -> dict:
    if isinstance(value, dict):
        return value
    return _literal(str(value)) if value else {}


def _html_of(answer: dict) -> str:
    data = answer.get("data")
    if isinstance(data, dict):
        return str(data.get("html") or "")
    return data if isinstance(data, str) else ""


def _first(pattern: re.Pattern, text: str) -> int:
    match = pattern.search(text)
    return int(match.group(1)) if match else 0
