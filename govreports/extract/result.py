"""The extraction result, defined once: what the HTML, plain-text and file paths return, what `govreports extract`
prints as JSON, and (with the crawl's extras) what storage's ``reports`` columns hold.

TypedDicts rather than dataclasses: the result is JSON as it stands, and the crawl adds its verdict to it.
No ``from __future__ import annotations`` here: storage reads the field types at run time for its columns.
"""

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from govreports.disclosure_tables import StatsResult
    from govreports.documents import DocumentText


class Region(TypedDict):
    """The place that publishes the report (``govreports.extract.region``); "" where unknown."""

    province: str
    city: str
    county: str
    code: str  # the six-digit administrative division code


class Attachment(TypedDict):
    url: str
    name: str  # the link text


class Extraction(TypedDict):
    """One page, file or text dump read: the JSON contract of `govreports extract` (other tools rely on its keys)."""

    url: str
    title: str
    body_text: str  # one paragraph or table row per line
    body_html: str
    published_at: str  # ISO 8601, "YYYY-MM-DD" or with the time and +08:00; "" when unknown
    written_at: str  # 成文日期, in published_at's format
    year: int | None  # the year the report covers
    agency: str  # the body's full official name (govreports.extract.metadata.agency)
    agency_raw: str  # the agency as the page printed it (来源 县发改局 …)
    agency_key: str  # one body, one key across years, spellings and sites
    site_name: str
    site_code: str  # 网站标识码
    column: str
    index_no: str  # 索引号
    doc_no: str  # 文号
    topic: str  # 主题分类
    region: Region
    attachments: list[Attachment]
    stats_summary: dict[str, int | bool | None] | None  # the statistics tables' headline figures
    kind: str  # the report, or the kind of document that slipped through (govreports.extract.classify)
    kind_confidence: float
    empty_reason: str  # why body_text is empty; "" when it is not
    flags: list[str]  # signs of a hijacked page (govreports.extract.hijack): spam_title, hidden_links …; [] if clean


class FileInfo(TypedDict):
    """What a report file is and whether it read (``DocumentText`` without its text)."""

    format: str
    mime: str
    pages: int | None
    status: str  # ok, needs_ocr, encrypted, corrupt …
    message: str


class FileExtraction(Extraction):
    """`govreports extract` of a report file: the page fields plus ``file``."""

    file: FileInfo


class CrawlExtraction(Extraction, total=False):
    """The extraction plus what the crawl keeps besides; never printed as it stands.

    ``stats`` is set by the HTML and file paths, ``document`` and ``body_source`` by the file path (and by a body
    read from an attachment), ``is_report``, ``confidence`` and ``verdict`` by the crawl's classification."""

    stats: "StatsResult"  # everything behind stats_summary: cells, checks, problems
    document: "DocumentText"  # a report file as read
    body_source: str  # "page", or the URL of the file whose text is the body
    is_report: bool
    confidence: float
    verdict: str  # why is_report is what it is


EXTRACTION_KEYS = frozenset(Extraction.__annotations__)


def empty_extraction(url: str) -> Extraction:
    """The result before anything is read: every key, each empty."""
    return {
        "url": url, "title": "", "body_text": "", "body_html": "", "published_at": "", "written_at": "", "year": None,
        "agency": "", "agency_raw": "", "agency_key": "", "site_name": "", "site_code": "", "column": "",
        "index_no": "", "doc_no": "", "topic": "",
        "region": empty_region(), "attachments": [], "stats_summary": None, "kind": "", "kind_confidence": 0.0,
        "empty_reason": "", "flags": [],
    }


def empty_region() -> Region:
    return {"province": "", "city": "", "county": "", "code": ""}


def public(result: CrawlExtraction) -> Extraction:
    """The result without the crawl's extras: the JSON contract's keys only (a FileExtraction keeps ``file``)."""
    return {key: value for key, value in result.items() if key in EXTRACTION_KEYS or key == "file"}
