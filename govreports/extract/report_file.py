"""Reports that are files: a list links straight to a PDF/DOC, or a page's attachment holds the report.

``extract_report_file`` gives a file the same fields ``extract_page`` gives a page; ``attachment_row`` keeps a
fetched attachment (content-addressed on disk) and reads it, once per distinct file.
"""

from __future__ import annotations

import json

import sqlite_utils

from govreports import store
from govreports.disclosure_tables import parse_stats
from govreports.documents import DocumentText, read_document
from govreports.extract import attachments, metadata
from govreports.extract.classify import link_may_be_report
from govreports.extract.hijack import hijack_flags
from govreports.extract.normalise import fold, squash
from govreports.extract.region import find_region
from govreports.extract.report_heading import file_agency, heading_title
from govreports.extract.result import CrawlExtraction, FileInfo, empty_extraction


def extract_report_file(
    data: bytes, url: str, content_type: str = "", list_title: str = "", list_date: str = ""
) -> CrawlExtraction:
    """The ``extract_page`` fields for a report published as a file, plus ``document`` (the DocumentText),
    ``stats`` (the StatsResult) and ``body_source`` (the file's URL).

    Title: the file's heading (its lines joined; else the first lines of its text that name the report) unless
    the list's link text names the report and the heading says no more.
    Published: the date beside the link, else one in the URL, else the signature date that ends the text (which
    is also ``written_at``). What a file tells of itself beyond its text is
    little: the agency is what its title names, else what 本报告由…编制 or the signature names (see
    ``report_heading``); ``kind`` is left for the classifier, which also knows the
    list's link text. The file's own status and message stand in ``empty_reason`` when it has no text
    (scanned, encrypted, corrupt …)."""
    document = read_document(data, f"report{attachments.file_suffix(url, list_title)}", content_type)
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]  # tabs separate table cells
    # the heading as the layout set it apart, joined over its lines; else the first lines of the text
    heading = heading_title(document.heading, laid_out=True) or heading_title(lines)
    title = fold(list_title)
    if not link_may_be_report(title, in_report_column=False) or (
        # a list prints the short form (2024年政府信息公开工作年度报告); the heading adds the body
        heading and len(heading) > len(title) and squash(title) in squash(heading)
    ):
        title = heading or title
    # a file's own date is the one it is signed with; the list's date (or the URL's) is when it was published,
    # and the signature stands in for it when the list prints none
    signed = metadata.closing_date(lines)
    published = metadata.parse_date(list_date) or metadata.url_date(url) or signed
    # what the file names as its body (title, 本报告由…编制, signature), written as the fullest name of it
    identity = metadata.identify_agency(file_agency(title, lines), title=title, signed=metadata.signature(lines),
                                        site=metadata.url_host(url))
    result: CrawlExtraction = empty_extraction(url)
    result.update(
        title=title, body_text="\n".join(lines), body_html=document.html, published_at=published, written_at=signed,
        year=metadata.report_year(title, document.text, published), agency=identity.agency,
        agency_raw=identity.raw, agency_key=identity.key,
        region=find_region(identity.agency, metadata.title_head(title)),
        empty_reason="" if lines else f"the file holds no text: {document.status} {document.message}".strip(),
        body_source=url, document=document, stats=parse_stats(body_text=document.text, tables=document.tables),
    )
    result["stats_summary"] = result["stats"].summary
    result["flags"] = hijack_flags(title, result["body_text"])  # a file has no markup to hide spam in
    return result


def file_info(document: DocumentText) -> FileInfo:
    """What the file is and whether it read: `govreports extract`'s ``file`` object."""
    return {"format": document.format, "mime": document.mime, "pages": document.pages, "status": document.status,
            "message": document.message}


def attachment_row(
    db: sqlite_utils.Database, files_dir: str, report_url: str, fetched: dict, fetched_at: str,
    document: DocumentText | None = None, reuse: bool = True,
) -> dict:
    """The ``attachments`` row for one fetch: the file kept under files_dir by its sha256 and read (or, with
    ``reuse``, the reading of the same file stored earlier); a fetch that brought no file keeps its status and
    message. The validators the file came with (``etag``, ``last_modified``) are kept for the next crawl."""
    row = {"report_url": report_url, "url": fetched["url"], "name": fetched.get("name", ""),
           "status": fetched["status"], "message": fetched.get("message", ""), "mime": "", "format": "",
           "size": None, "sha256": "", "path": "", "text": "", "html": "", "tables": None, "pages": None,
           "fetched_at": fetched_at, "etag": fetched.get("etag", ""), "last_modified": fetched.get("last_modified", "")}
    data = fetched.get("body")
    if data is None:
        return row
    suffix = attachments.file_suffix(fetched["url"], row["name"]) or ".bin"
    row["sha256"], row["path"] = attachments.save_file(files_dir, data, suffix)
    row["size"] = len(data)
    earlier = store.read_attachment_by_sha256(db, row["sha256"]) if document is None and reuse else None
    if earlier is not None:
        row.update(earlier)
        return row
    if document is None:
        document = read_document(data, f"attachment{suffix}", fetched.get("content_type", ""))
    row.update(status=document.status, message=document.message, mime=document.mime, format=document.format,
               text=document.text, html=document.html, pages=document.pages,
               tables=json.dumps(document.tables, ensure_ascii=False))
    return row
