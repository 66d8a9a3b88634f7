"""The attachment links of a report page: in its body, and in the few elements around it where 附件 lists sit
(never in the site's nav, header or footer). Which suffixes make a link an attachment is
``govreports.extract.attachments``' rule."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree

from govreports.extract.attachments import ATTACHMENT_SUFFIX_ANYWHERE, ENDS_IN_ATTACHMENT_SUFFIX
from govreports.extract.htmltree import is_element, text_length, text_of
from govreports.extract.normalise import fold
from govreports.extract.safe_urls import WEB_SCHEMES, browser_url, safe_link

if TYPE_CHECKING:
    from govreports.extract.body import Body

_LINK_HREFS = etree.XPath("descendant-or-self::a/@href", smart_strings=False)
_LINK_TEXTS = etree.XPath("descendant-or-self::a//text()", smart_strings=False)


def _may_be_file(url: str) -> bool:
    """Whether the URL spells an attachment suffix anywhere: the cheap test before urlsplit and urljoin."""
    return ATTACHMENT_SUFFIX_ANYWHERE.search(browser_url(url)) is not None


def is_attachment_link(a) -> bool:
    """A link whose path, or whose text, ends in an attachment suffix: a link to the report's file."""
    href = a.get("href") or ""
    if not _may_be_file(href):
        return False
    try:
        path = urlsplit(browser_url(href)).path
    except ValueError:
        return False
    return bool(ENDS_IN_ATTACHMENT_SUFFIX.search(path) or ENDS_IN_ATTACHMENT_SUFFIX.search(fold(text_of(a))))


_SITE_CHROME = re.compile(r"(?:^|[-_\s])(?:nav|navbar|menu|header|head|top|footer|foot|bottom)(?:[-_\s\d]|$)", re.I)
_AROUND_LEVELS = 6


def _holds_site_chrome(el) -> bool:
    for child in el.getchildren():
        if not is_element(child):
            continue
        if child.tag in ("nav", "header", "footer"):
            return True
        if _SITE_CHROME.search(f"{child.get('class') or ''} {child.get('id') or ''}"):
            return True
    return False


def _around(anchor):
    """The anchor's nearest ancestors that do not add much text: where 附件 lists sit. Up to the article
    wrapper (the element that also holds the heading), never into the site-wide nav, header or footer."""
    if anchor is None:
        return None
    base = text_length(anchor)
    scope = anchor
    for parent in list(anchor.iterancestors())[:_AROUND_LEVELS]:
        if parent.tag in ("body", "html") or text_length(parent) > base * 1.5 + 300:
            break
        if _holds_site_chrome(parent):
            break
        scope = parent
        if parent.find(".//h1") is not None or any(
            "title" in (c.get("class") or "") for c in parent.iterchildren("div", "h2", "h3", "td")
        ):
            break
    return scope


def _links_may_hold_attachments(scope) -> bool:
    """Whether any link could pass the per-link test in find_attachments, from all hrefs and all link text
    read at once. A link's text is a contiguous run of the joined text, so whatever matches in it matches
    there."""
    texts = "".join(_LINK_TEXTS(scope))
    return (
        "附" in texts
        or bool(ATTACHMENT_SUFFIX_ANYWHERE.search(texts))
        or _may_be_file("\x00".join(_LINK_HREFS(scope)))
    )


def find_attachments(body: Body, base_url: str) -> list[dict]:
    """The attachments ({"url", "name"}, in page order, each URL once) in the body and around its anchor: links
    ending in an attachment suffix or named 附件…."""
    seen: set[str] = set()
    out: list[dict] = []
    # urljoin costs more than everything else here, and most links are navigation. A resolved path can
    # only end in an attachment extension if the href spells it (urlsplit drops tabs and newlines first)
    # or, for an href without a path, if the base URL does.
    base_may_match = _may_be_file(base_url)
    for scope in (body.container, _around(body.anchor)):
        if scope is None or not (base_may_match or _links_may_hold_attachments(scope)):
            continue
        for a in scope.iter("a"):
            href = a.get("href") or ""
            raw = text_of(a)
            if not (base_may_match or _may_be_file(href) or "附" in raw or ATTACHMENT_SUFFIX_ANYWHERE.search(raw)):
                continue  # fold() only touches whitespace, so neither test below could pass
            # a file is fetched over the web: javascript:, data:, mailto: … are no attachment
            url = safe_link(base_url, href, WEB_SCHEMES)
            if not url:
                continue
            name = fold(raw)
            try:
                path = urlsplit(url).path
            except ValueError:
                continue
            # download scripts (downfile.jsp?filename=…pdf) hide the type in the query; the link text shows it
            if not (
                ENDS_IN_ATTACHMENT_SUFFIX.search(path)
                or name.startswith("附件")
                or ENDS_IN_ATTACHMENT_SUFFIX.search(name)
            ):
                continue
            if url not in seen:
                seen.add(url)
                out.append({"url": url, "name": name})
    return out
