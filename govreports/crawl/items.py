"""Typed items that leave the spider.

A spider only fetches and discovers; everything it learned about a page travels in one of these, and
the item pipelines turn it into stored rows (``govreports.ingest``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ReportPage:
    """A fetched page that the spider believes may be an annual report.

    ReportPipeline decides for good (from title and content), drops decoys and stores the rest.
    """

    url: str  # final URL, after redirects
    body: bytes = field(repr=False)  # raw bytes as served, in the page's own encoding (kept out of log lines)
    site: str  # scheme://host[:port] of the start URL this page was reached from
    status: int = 200
    content_type: str = ""  # the Content-Type response header, "" when absent
    list_title: str = ""  # what the list page's link said
    list_date: str = ""  # the date printed beside the link on the list page, "" when none
    list_url: str = ""  # the list page the link was found on
    fetched_at: str = ""  # ISO 8601 UTC
    headers: dict = field(default_factory=dict, repr=False)  # the response headers as stored (store.pages)
    not_modified: bool = False  # the server answered 304: body and headers are the stored copy
    extraction: dict = field(default_factory=dict)  # the outcome ReportPipeline got from its worker
