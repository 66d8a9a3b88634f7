"""extract_page: bytes of one fetched page → a dict of body and metadata.

The crawler's and the CLI's entry point."""

from __future__ import annotations

import logging
import re
from urllib.parse import urljoin

from lxml import etree

from govreports.disclosure_tables import parse_stats
from govreports.disclosure_tables.rows import element_grids, has_markers
from govreports.extract import metadata as md
from govreports.extract.attachment_links import find_attachments
from govreports.extract.body import find_body
from govreports.extract.chrome import clean_body
from govreports.extract.classify import classify_kind
from govreports.extract.encoding import decode_html, sniff_binary_format
from govreports.extract.errors import NotHTMLError
from govreports.extract.hijack import hijack_flags, page_signals
from govreports.extract.htmltree import DEPTH_LIMIT_NOTE, REPARSED, parse_html
from govreports.extract.region import find_region
from govreports.extract.render import render_html, render_text
from govreports.extract.result import CrawlExtraction, Extraction, empty_extraction, public
from govreports.extract.slim import markup_text, slim_markup, too_large_to_parse

logger = logging.getLogger(__name__)

_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|div|p|table|br|span|a|td|tr|font|center|script|style|"
    r"h[1-6]|ul|li|form|iframe|frameset|img|link)\b",
    re.I,
)
_BASE = etree.XPath("//base/@href")


def _check_html(text: str) -> None:
    head = text[:65536].lstrip("\ufeff \t\r\n")
    if not head:
        raise NotHTMLError("body is empty")
    if head.startswith("%PDF"):
        raise NotHTMLError("body is a PDF document, not HTML")
    if head[0] in "{[" and not _HTML_TAG.search(head[:2048]):
        raise NotHTMLError("body looks like JSON, not HTML")
    if not _HTML_TAG.search(head):
        what = "XML" if head.startswith("<?xml") else "plain text"
        raise NotHTMLError(f"no HTML tags in the first 64 KB (looks like {what})")


def extract_page(body: bytes, url: str, content_type: str = "") -> Extraction:
    """Extract body and metadata. Raises only govreports.extract.errors.InputError subclasses (undecodable / not HTML);
    any other failure is logged and reported in ``empty_reason`` with whatever was read."""
    return public(read_page(body, url, content_type))


def read_page(body: bytes, url: str, content_type: str = "", stats: bool = True) -> CrawlExtraction:
    """``extract_page``'s fields plus ``stats``: the whole StatsResult (cells, checks, problems) behind
    ``stats_summary``, for the crawl to store. ``stats=False`` leaves the statistics tables unread (the
    extraction benchmark times the two stages apart)."""
    sniff_binary_format(body)
    body = slim_markup(body)  # a big page without what carries no text (memory; see govreports.extract.slim)
    text, _encoding = decode_html(body, content_type)
    _check_html(text)
    if too_large_to_parse(body):
        return _read_as_text(text, url, len(body))
    del body  # the caller's copy stays; this one only doubled a big page's cost
    try:
        root = parse_html(text)
    except (etree.ParserError, ValueError) as exc:
        reason = str(exc).replace("\n", " ")
        raise NotHTMLError(f"the HTML parser found no document ({reason})") from None
    result: CrawlExtraction = empty_extraction(url)
    try:
        _fill(result, root, text, url, stats)
    except Exception as exc:  # the contract: never raise on page content; say what went wrong instead
        logger.exception("extraction failed for %s", url)
        result["empty_reason"] = result["empty_reason"] or f"extraction failed: {type(exc).__name__}: {exc}"
    return result


def _read_as_text(text: str, url: str, size: int) -> CrawlExtraction:
    """A page too large to parse even slimmed: its text read as a text dump, with no tree built."""
    from govreports.extract.plaintext import extract_text

    logger.warning("%s: %.1f MB of markup after slimming, past what a tree may cost: read as text, not parsed",
                   url, size / 1e6)
    result: CrawlExtraction = extract_text(markup_text(text), url)
    result["stats"] = parse_stats(body_text=result["body_text"])
    return result


def _fill(result: CrawlExtraction, root, text: str, url: str, stats: bool) -> None:
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    metas = md.read_metas(root)
    stream = md.text_stream(root)
    bases = _BASE(root)
    base = _join(url, str(bases[0])) if bases else url
    title, suffix, _ = md.page_title(root, metas, stream)
    result["title"] = title
    result["site_name"] = metas.get("sitename", "") or suffix
    result["site_code"] = md.site_code(metas, stream)
    result["index_no"] = md.index_no(stream)
    result["doc_no"] = md.doc_no(stream)
    result["published_at"] = md.published_at(metas, stream, url)
    result["written_at"] = md.written_at(stream)
    result["topic"] = md.topic(stream)
    # the breadcrumb is chrome: read it before find_body/clean_body take the page apart
    result["column"] = md.column(root, metas, title, stream)
    crumbs = md.breadcrumb(root, stream)
    # hidden blocks and spam links, before cleaning takes hidden elements out
    signals = page_signals(root, url)

    found = find_body(root, text)
    lines: list[str] = []
    if found.container is None:
        # a page libxml2 cut short was read again whole: the reason must say so, not blame a script
        result["empty_reason"] = f"{DEPTH_LIMIT_NOTE}; {found.empty_reason}" if root.get(REPARSED) \
            else found.empty_reason
    else:
        result["attachments"] = find_attachments(found, base)
        clean_body(found, title)
        lines = render_text(found.container, found.kinds)
        result["body_text"] = "\n".join(lines)
        result["body_html"] = render_html(found.container, base, found.kinds)
        if not lines:
            what = "only images (图片版?)" if "<img" in result["body_html"] else "no text"
            result["empty_reason"] = f"content container {found.source} holds {what} after cleaning"
    identity = md.identify_agency(
        md.agency(metas, stream, title, body_lines=lines), title=title, issuers=md.issuers(stream),
        signed=md.signature(lines), crumbs=crumbs, site_name=result["site_name"], site=md.url_host(url),
    )
    result["agency"], result["agency_raw"], result["agency_key"] = identity
    # the title only through its head, the body that publishes (平潭县2021年…); a news title names other places
    result["region"] = find_region(result["agency"], result["site_name"], md.title_head(title))
    result["year"] = md.report_year(title, result["body_text"], result["published_at"])
    result["flags"] = hijack_flags(title, result["body_text"], signals)
    kind = classify_kind(title, result["body_text"])
    result["kind"], result["kind_confidence"] = kind.kind, kind.confidence
    if not stats:
        return
    # the cleaned body's own tables, rather than parsing body_html again
    tables = element_grids(found.container, found.kinds) if lines and has_markers(result["body_text"]) else None
    result["stats"] = parse_stats(body_text=result["body_text"], tables=tables)
    result["stats_summary"] = result["stats"].summary


def _join(url: str, href: str) -> str:
    try:
        return urljoin(url, href)
    except ValueError:
        return url
