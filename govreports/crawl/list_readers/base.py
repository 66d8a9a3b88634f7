"""What every list reader shares: the page it reads, the reader interface, and helpers for list APIs.

The interface (``ListReader``):

- ``name``: unique among a spider's readers. The spider puts it in the meta of every request the reader
  asked for, so the answer comes back to the same reader (``ListPage.requested_by``, ``links``).
- ``marks_a_list``: a page this reader reads is a report list even when it was not reached as one (a start
  URL that is a column itself).
- ``fills_lists``: the reader reads a list API that fills an empty list on the page, so a page it reads is a
  list wherever the walk reached it (a 政务公开 link to a column whose list only the API holds).
- ``reads(page) -> bool``: the cheap check (a substring, ``requested_by``): does the page carry this family's
  pager or list API at all?
- ``requests(page) -> iterable of ListRequest``: the further list pages, or API pages, to fetch.
- ``links(text, url) -> list[Link]``: the links in an answer to one of this reader's own requests, with
  titles and dates (the default reads them as HTML; a JSON API reader parses its JSON here). ``url`` is the
  URL the links resolve against: the answer's own, or for an API call (``ListRequest.called_from``) the page
  whose script made the call, as in a browser. A JSON API that answers ``success: false`` raises
  ``ListApiError`` with its message; the spider logs it as an error.

Readers are stateless and do no I/O. What a reader must remember from one of its requests to the next (the
page number, the list page that called the API, the page size its script uses) travels with the request:
``ListRequest.carry`` comes back as ``ListPage.carry``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from govreports.crawl import discovery
from govreports.crawl.discovery import Link, ListRequest
from govreports.extract.normalise import collapse_spaces


@dataclass(frozen=True)
class ListPage:
    """A fetched list page as readers see it."""

    url: str
    text: str  # the decoded body: HTML, or the XML/JSON a list API answered
    links: list[Link]  # its links on the portal's own host and port
    requested_by: str = ""  # the name of the reader that asked for this page, "" for a page reached by a link
    carry: dict = field(default_factory=dict)  # ListRequest.carry of the request that fetched it


class ListApiError(ValueError):
    """A list API answered that it failed (``success: false``); the message is the API's own."""


class ListReader:
    """A family of list pages. Subclasses set ``name`` and override ``reads`` and ``requests``."""

    name: ClassVar[str] = ""
    marks_a_list: ClassVar[bool] = False
    fills_lists: ClassVar[bool] = False

    def reads(self, page: ListPage) -> bool:
        return False

    def requests(self, page: ListPage) -> Iterable[ListRequest]:
        return ()

    def links(self, text: str, url: str) -> list[Link]:
        return discovery.page_links(text, url)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


_TAG = re.compile(r"<[^>]*>")


def plain_title(title: object) -> str:
    """A title from a JSON answer as a link text: highlight tags (<em>, <font …>) stripped, entities unescaped."""
    return collapse_spaces(html.unescape(_TAG.sub("", str(title or ""))))


def list_date(value: object) -> str:
    """A date an API sends beside a title, as ``Link.date`` holds it (YYYY-MM-DD, "" when none): read with the
    page metadata's own date rule, so "2024/1/5", "2024年1月5日" and "2024-01-05 10:00:00" all count."""
    from govreports.extract.metadata import parse_date

    return parse_date(str(value or ""))[:10]


def json_answer(text: str) -> dict:
    """A list API's JSON answer; ``ListApiError`` when it says ``success: false`` or is no JSON object."""
    try:
        answer = json.loads(text)
    except ValueError as error:
        raise ListApiError(f"not a JSON answer: {text[:80]!r}") from error
    if not isinstance(answer, dict):
        raise ListApiError(f"not a JSON object: {text[:80]!r}")
    if answer.get("success") is False or str(answer.get("success")).lower() == "false":
        raise ListApiError(str(answer.get("msg") or answer.get("message") or "success: false"))
    return answer


def as_int(value: object, default: int = 0) -> int:
    """A count or page number an API sends as a number or as a string."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


_UNQUOTED_KEY = re.compile(r"""([{,]\s*)([A-Za-z_$][\w$]*)\s*:""")
_SINGLE_QUOTED = re.compile(r"""'((?:[^'\\]|\\.)*)'""")


def js_object(text: str, start: int) -> dict | list | None:
    """The JS object or array literal that opens at ``text[start]``: JSON, or JS with unquoted keys and
    single-quoted strings (``{ SID: '1', TREE: [...] }``), as a page's inline script writes it."""
    end = _literal_end(text, start)
    if end is None:
        return None
    literal = text[start:end]
    try:
        return json.loads(literal)
    except ValueError:
        pass
    converted = _SINGLE_QUOTED.sub(lambda m: json.dumps(m.group(1).replace("\\'", "'").replace('\\"', '"')), literal)
    converted = _UNQUOTED_KEY.sub(lambda m: f'{m.group(1)}"{m.group(2)}":', converted)
    converted = re.sub(r",\s*([}\]])", r"\1", converted)  # trailing commas
    try:
        return json.loads(converted)
    except ValueError:
        return None


def _literal_end(text: str, start: int) -> int | None:
    """Where the bracketed literal opening at ``start`` closes, skipping brackets inside strings."""
    depth, quote, i = 0, "", start
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
