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
from govreports.extract.normalise import fold
from govreports.extract.region import find_region
from govreports.extract.result import CrawlExtraction, FileInfo, empty_extraction

_TITLE_LINES = 8  # a file's title is among its first lines (after a header such as 索引号 or a date)


def extract_report_file(
    data: bytes, url: str, content_type: str = "", list_title: str = "", list_date: str = ""
) -> CrawlExtraction:
    """The ``extract_page`` fields for a report published as a file, plus ``document`` (the DocumentText),
    ``stats`` (the StatsResult) and ``body_source`` (the file's URL).

    Title: the list's link text when it names the report, else the first line of the file that does.
    Published: the date beside the link, else one in the URL, else the signature date that ends the text (which
    is also ``written_at``). What a file tells of itself beyond its text is
    little: the agency is what its title names; ``kind`` is left for the classifier, which also knows the
    list's link text. The file's own status and message stand in ``empty_reason`` when it has no text
    (scanned, encrypted, corrupt …)."""
    document = read_document(data, f"report{attachments.file_suffix(url, list_title)}", content_type)
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]  # tabs separate table cells
    title = fold(list_title)
    if not link_may_be_report(title, in_report_column=False):
        title = next((fold(line) for line in lines[:_TITLE_LINES] if link_may_be_report(line, in_report_column=False)),
                     title)
    # a file's own date is the one it is signed with; the list's date (or the URL's) is when it was published,
    # and the signature stands in for it when the list prints none
    signed = metadata.closing_date(lines)
    published = metadata.parse_date(list_date) or metadata.url_date(url) or signed
    agency = metadata.agency({}, "", title)
    result: CrawlExtraction = empty_extraction(url)
    result.update(
        title=title, body_text="\n".join(lines), body_html=document.html, published_at=published, written_at=signed,
        year=metadata.report_year(title, document.text, published), agency=agency,
        region=find_region(agency, metadata.title_head(title)),
        empty_reason="" if lines else f"the file holds no text: {document.status} {document.message}".strip(),
        body_source=url, document=document, stats=parse_stats(body_text=document.text, tables=document.tables),
    )
    result["stats_summary"] = result["stats"].summary
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
