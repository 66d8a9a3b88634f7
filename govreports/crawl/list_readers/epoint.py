"""国泰新点 Epoint (EWB / WebBuilder): ``POST {projectName}/rest/lightfrontaction/getgovinfolist``.

The list page (``govInfoPub.html?categorynum=003001009[&deptcode=…]``) is an empty shell whose script posts
``{"siteGuid", "categorynum", "deptcode", "pageIndex", "pageSize"}`` (some deployments wrap it as
``{"token": "", "params": {…}}``); ``siteGuid`` and ``projectName`` come from ``var siteInfo = {…}`` in the
site's own JS file (or the page itself). So the reader first asks for the page's own scripts (a step, not a
list), then the API. ``pageIndex`` counts from 0; the answer is ``{"custom": {"total": T, "data": [{title,
realtitle, infourl (site-relative), infodate}, …]}}``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urljoin, urlsplit

from govreports.crawl import discovery
from govreports.crawl.discovery import Link, ListRequest
from govreports.crawl.list_readers.base import ListPage, ListReader, as_int, json_answer, list_date, plain_title

DEFAULT_PAGE_SIZE = 15
DEFAULT_ACTION = "/rest/lightfrontaction/getgovinfolist"
_ACTION = re.compile(r"""["'](/rest/\w+/getgovinfolist)["']""", re.I)
_SITE_GUID = re.compile(r"""["']?siteGuid["']?\s*[:=]\s*["']([\w-]{8,})["']""")
_PROJECT = re.compile(r"""["']?projectName["']?\s*[:=]\s*["']([^"']*)["']""")
_PAGE_SIZE = re.compile(r"""["']?pageSize["']?\s*:\s*["']?(\d+)""")
_WRAPPED = re.compile(r"""["']?params["']?\s*:\s*\{""")
_PARAM_IN_SCRIPT = r"""["']?{name}["']?\s*[:=]\s*["']([\w-]*)["']"""
# Libraries every site ships; the site's own JS (webBuilderCommon.js, ajaxReq.js, …) is what holds siteInfo.
_LIBRARY = re.compile(r"(?:^|/)(?:jquery|bootstrap|layui|layer|vue|swiper|echarts|axios|polyfill)[^/]*$|\.min\.js$",
                      re.I)
_SCRIPT_SRC = re.compile(r"""<script[^>]+src\s*=\s*["']([^"']+\.js(?:\?[^"']*)?)["']""", re.I)


class EpointReader(ListReader):
    name = "epoint"
    marks_a_list = True
    fills_lists = True

    def reads(self, page: ListPage) -> bool:
        # Spelt getgovinfolist or getGovInfoList; a plain substring test keeps this cheap on every page.
        return page.requested_by == self.name or "etgovinfolist" in page.text or "etGovInfoList" in page.text

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        if page.requested_by != self.name:
            return self._from_list_page(page)
        if "page" not in page.carry:  # the answer is one of the page's scripts
            return [_api_request(page.text, page.carry, 0)] if _SITE_GUID.search(page.text) else []
        answer = json_answer(page.text)
        custom = answer.get("custom") or {}
        current, size = page.carry["page"], page.carry["page_size"]
        if not custom.get("data") or current + 1 >= math.ceil(as_int(custom.get("total")) / size):
            return []
        return [_api_request("", page.carry, current + 1)]

    def _from_list_page(self, page: ListPage) -> list[ListRequest]:
        query = {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}
        size = _PAGE_SIZE.search(page.text)
        action = _ACTION.search(page.text)
        carry = {
            "list": page.url,
            "categorynum": query.get("categorynum") or _in_script("categorynum", page.text),
            "deptcode": query.get("deptcode") or _in_script("deptcode", page.text),
            "page_size": int(size.group(1)) if size else DEFAULT_PAGE_SIZE,
            "action": action.group(1) if action else DEFAULT_ACTION,
            "wrapped": bool(_WRAPPED.search(page.text)),
        }
        if _SITE_GUID.search(page.text):  # siteInfo written into the page itself
            return [_api_request(page.text, carry, 0)]
        scripts = [urljoin(page.url, src) for src in _SCRIPT_SRC.findall(page.text)
                   if not _LIBRARY.search(urlsplit(src).path)]
        return [ListRequest(url, carry=carry, called_from=page.url, fetches_list=False)
                for url in dict.fromkeys(scripts) if discovery.same_site(url, page.url)]

    def links(self, text: str, url: str) -> list[Link]:
        if not text.lstrip().startswith("{"):
            return []  # one of the page's scripts
        links = []
        for item in (json_answer(text).get("custom") or {}).get("data") or []:
            href = item.get("infourl") or item.get("visiturl") or item.get("linkurl")
            if href:
                title = plain_title(item.get("realtitle") or item.get("title"))
                links.append(Link(urljoin(url, href), title, list_date(item.get("infodate") or item.get("handsdate"))))
        return links


def _api_request(site_js: str, carry: dict, page_index: int) -> ListRequest:
    """The API call for one page; the site's JS names siteGuid and projectName on the first call."""
    if "guid" not in carry:
        project = _PROJECT.search(site_js)
        carry = {**carry, "guid": _SITE_GUID.search(site_js).group(1), "project": project.group(1) if project else ""}
    params = {"siteGuid": carry["guid"], "categorynum": carry["categorynum"], "deptcode": carry["deptcode"],
              "pageIndex": page_index, "pageSize": carry["page_size"]}
    body = {"token": "", "params": params} if carry["wrapped"] else params
    url = urljoin(carry["list"], carry["project"].rstrip("/") + carry["action"])
    return ListRequest(url, "POST", json=body, carry={**carry, "page": page_index}, called_from=carry["list"])


def _in_script(name: str, text: str) -> str:
    match = re.search(_PARAM_IN_SCRIPT.format(name=name), text)
    return match.group(1) if match else ""
