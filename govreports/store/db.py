"""SQLite storage (sqlite-utils): reports, every earlier version of them, the crawl log, the full-text index
(reading them back: ``queries``).

A report is keyed by the first URL it was found at; the URLs it is found at later are its aliases
(``identity``). A re-crawl that finds the same content only notes that it saw it again; one
that finds changed content keeps the old version in ``report_versions`` and updates ``reports``, so no
version is ever lost.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import types
import typing
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from govreports.extract.result import CrawlExtraction, Region
from govreports.store import identity, pages
from govreports.store.fulltext import index_terms
from govreports.store.log_journal import replay_journals
from govreports.store.schema import add_missing_columns, fill_site_names, foreign_keys_of

logger = logging.getLogger(__name__)
# Result fields that are no column: empty_reason only explains an empty body, region is kept field by field,
# is_report decides whether there is a row at all; stats and document are objects, kept in tables of their own.
_NOT_COLUMNS = {"empty_reason", "region", "is_report"}


def _column_type(hint) -> type:
    """A result field's SQLite column: str, int and float as they are (None is NULL), lists and dicts as JSON text."""
    union = isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
    kinds = [kind for kind in typing.get_args(hint) if kind is not type(None)] if union else [hint]
    return kinds[0] if len(kinds) == 1 and kinds[0] in (str, int, float) else str


REPORT_COLUMNS = {
    "url": str, "site": str,
    # what extraction and classification found (govreports.extract.result)
    **{name: _column_type(hint) for name, hint in CrawlExtraction.__annotations__.items()
       if name not in _NOT_COLUMNS and not isinstance(hint, typing.ForwardRef)},
    **{f"region_{name}": str for name in Region.__annotations__},
    # what the crawl knows of the page, and the versioning
    "list_title": str, "list_date": str, "content_sha256": str, "version": int, "first_seen_at": str,
    "fetched_at": str, "changed_at": str,
    # added with issue 5: what the statistics tables said, and whether their identities hold
    "stats_template": str, "stats_identity_ok": int, "stats_checks": str, "stats_problems": str,
    # added with issue 11: when a known report's URL first answered 404/410 (NULL while it answers)
    "gone_at": str,
    # the registry's name of the site it was found on (None for a crawl by URL, which never clears it)
    "registry_site": str,
}
# One row per statistics-table cell of a report version: a changed report adds rows, never replaces them.
STATS_COLUMNS = {
    "id": int, "report_url": str, "version": int, "template": str, "section": str, "block": str,
    "row_label": str, "column_label": str, "value": float, "raw": str,
}

ATTACHMENT_COLUMNS = {
    "id": int, "report_url": str, "url": str, "name": str, "mime": str, "format": str, "size": int,
    "sha256": str, "path": str, "text": str, "html": str, "tables": str, "pages": int, "status": str, "message": str,
    "first_seen_at": str, "fetched_at": str,
    # the validators the file came with, sent back on a re-crawl (If-None-Match / If-Modified-Since)
    "etag": str, "last_modified": str,
}


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a govreports database with its schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")  # readers (search, datasette) while a crawl writes
    db.execute("PRAGMA synchronous=NORMAL")
    # The crawl log and the reports are written from different processes: wait for the other's transaction.
    db.execute("PRAGMA busy_timeout=60000")
    if "reports" not in db.table_names():
        db["reports"].create(REPORT_COLUMNS, pk="url", not_null={"url"})
        db["reports"].create_index(["site"])
        db["reports"].create_index(["year"])
        db["reports"].create_index(["site", "site_name"])
    else:
        added = add_missing_columns(db["reports"], REPORT_COLUMNS)
        if "agency_key" in added:
            _key_earlier_agencies(db)
        try:  # reports stored before site names were shared within a site (a report that is a file has none)
            db["reports"].create_index(["site", "site_name"], if_not_exists=True)
            with db.conn:
                fill_site_names(db.conn)
        except sqlite3.OperationalError:  # locked past busy_timeout: the process holding the lock is doing it
            logger.warning("%s: site names left to fill at the next opening (database locked)", path)
    # the compliance view groups by agency and year (govreports.coverage)
    db["reports"].create_index(["agency_key", "year"], if_not_exists=True)
    if "report_versions" not in db.table_names():
        db["report_versions"].create(
            {"id": int, "url": str, "version": int, "content_sha256": str, "title": str, "body_text": str,
             "body_html": str, "raw_zlib": bytes, "raw_sha256": str, "fetched_at": str},
            pk="id", foreign_keys=foreign_keys_of("report_versions"),
        )
        db["report_versions"].create_index(["url", "version"], unique=True)
    if "crawl_log" not in db.table_names():
        db["crawl_log"].create(
            {"id": int, "crawl_id": int, "url": str, "status": int, "outcome": str, "message": str,
             "fetched_at": str},
            pk="id",
        )
        db["crawl_log"].create_index(["url"])
    if "crawls" not in db.table_names():
        db["crawls"].create(
            {"id": int, "started_at": str, "finished_at": str, "start_urls": str, "summary": str}, pk="id"
        )
    if "attachments" not in db.table_names():
        # one row per report, attachment URL and content: a changed file adds a row, never replaces one
        db["attachments"].create(ATTACHMENT_COLUMNS, pk="id", not_null={"report_url", "url"},
                                 defaults={"sha256": ""}, foreign_keys=foreign_keys_of("attachments"))
        db["attachments"].create_index(["report_url", "url", "sha256"], unique=True)
        db["attachments"].create_index(["sha256"])
    else:
        add_missing_columns(db["attachments"], ATTACHMENT_COLUMNS)
    if "report_stats" not in db.table_names():
        db["report_stats"].create(STATS_COLUMNS, pk="id", not_null={"report_url", "version"},
                                  foreign_keys=foreign_keys_of("report_stats"))
        db["report_stats"].create_index(["report_url", "version"])
    if "reports_fts" not in db.table_names():
        db.execute("CREATE VIRTUAL TABLE reports_fts USING fts5(url UNINDEXED, title, body)")
    pages.ensure_schema(db)
    replay_journals(db, path)  # crawl-log rows of a crawl that was killed
    identity.ensure_schema(db)
    return db


def _key_earlier_agencies(db: sqlite_utils.Database) -> None:
    """Reports stored before agencies had keys: the agency they have is what the page printed; its key is made
    from it, so the compliance view counts them until a re-crawl reads their full names."""
    from govreports.extract.metadata.agency import agency_key, url_host

    rows = db.execute("SELECT rowid, agency, site FROM reports WHERE COALESCE(agency, '') != ''").fetchall()
    with db.conn:
        db.conn.executemany("UPDATE reports SET agency_raw = agency, agency_key = ? WHERE rowid = ?",
                            [(agency_key(agency, url_host(site or "")), rowid) for rowid, agency, site in rows])


def content_sha256(title: str, body_text: str) -> str:
    """The fingerprint of what a reader sees: chrome that changes (view counts, sidebars) does not count."""
    return hashlib.sha256(f"{title}\n{body_text}".encode()).hexdigest()


@dataclass
class StoreResult:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


# Identifiers quoted: "column" is an SQL keyword.
_REPORT_UPSERT = (
    f"INSERT INTO reports ({', '.join(f'[{c}]' for c in REPORT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(REPORT_COLUMNS))}) "
    f"ON CONFLICT(url) DO UPDATE SET "
    f"{', '.join(f'[{c}] = excluded.[{c}]' for c in REPORT_COLUMNS if c not in ('url', 'registry_site'))}"
)
_VERSION_INSERT = (
    "INSERT INTO report_versions (url, version, content_sha256, title, body_text, body_html, raw_zlib, raw_sha256,"
    " fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def store_reports(db: sqlite_utils.Database, records: Iterable[dict]) -> StoreResult:
    """Insert or update reports in one transaction.

    Each record has the ``reports`` columns (``content_sha256``, ``version``, ``first_seen_at`` and
    ``changed_at`` are filled here) plus the page bytes: ``raw``, or ``raw_zlib`` and ``raw_sha256`` when a
    worker process has compressed them already (``raw_zlib`` None: the bytes are a file kept under the files
    directory). The bytes go to ``page_bodies`` once, ``report_versions`` rows point at them by sha256. With
    ``page`` (the fetch's status and headers) the page's ``pages`` row is written in the same transaction, so
    a 304 for it later always finds the report stored. A record ``{"url", "fetched_at", "unchanged": True}``
    is a report page the server answered 304: the report is seen again as it is. Plain SQL, not sqlite-utils'
    upsert, on this path: it runs for every report, and introspecting the schema each time costs more than
    the write.
    """
    result = StoreResult()
    conn = db.conn
    sites: set[str] = set()
    with conn:
        # Taken before the first read: another worker's batch could otherwise store the same report (found by
        # its content at another URL) between this one's look-up and its write.
        conn.execute("BEGIN IMMEDIATE")
        for record in records:
            if record.get("unchanged"):
                # a report page answered 304: the report it is (found at this URL) is seen again as stored
                report_url = identity.report_url_of(conn, record["url"])
                conn.execute("UPDATE reports SET fetched_at = ?, gone_at = NULL WHERE url = ?",
                             [record["fetched_at"], report_url])
                conn.execute("UPDATE report_urls SET last_seen_at = ? WHERE url = ?",
                             [record["fetched_at"], record["url"]])
                pages.record_checked(conn, record["url"], record["fetched_at"], record.get("headers"))
                result.unchanged.append(report_url)
                continue
            record = _as_known_report(conn, record)
            sites.add(record.get("site") or "")
            row = conn.execute(
                "SELECT content_sha256, version, first_seen_at, rowid FROM reports WHERE url = ?", [record["url"]]
            ).fetchone()
            _store_attachment_rows(conn, record.get("attachment_rows") or ())
            if row and row[0] == record["content_sha256"]:
                # Same title and body: no new version. What is derived from them (metadata, statistics read
                # from an attachment that came only now, or by a newer parser) is brought up to date.
                # gone_at: cleared by a crawl that saw the page (the record has none), kept by a reprocess
                conn.execute(_REFRESH_DERIVED, [record.get(c) for c in DERIVED_COLUMNS] + [
                    record["fetched_at"], record.get("gone_at"), record["url"]])
                record["version"] = row[1] or 1
                _refresh_stats_cells(conn, record)
                _record_page(conn, record, *_compressed_raw(record))
                result.unchanged.append(record["url"])
                continue
            record["version"] = ((row[1] or 0) if row else 0) + 1
            record["first_seen_at"] = (row[2] if row else None) or record["fetched_at"]
            record["changed_at"] = record["fetched_at"]
            record["attachments"] = json.dumps(record.get("attachments") or [], ensure_ascii=False)
            # The upsert keeps an existing row's rowid, which keys its full-text entry.
            cursor = conn.execute(_REPORT_UPSERT, [record.get(column) for column in REPORT_COLUMNS])
            rowid = row[3] if row else cursor.lastrowid
            raw_zlib, raw_sha256 = _compressed_raw(record)
            pages.keep_body(conn, raw_sha256, raw_zlib)  # the version points at them by sha256
            conn.execute(_VERSION_INSERT, [
                record["url"], record["version"], record["content_sha256"], record["title"], record["body_text"],
                record["body_html"], None, raw_sha256, record["fetched_at"],
            ])
            _record_page(conn, record, raw_zlib, raw_sha256)
            _store_stats_cells(conn, record)
            if row:  # a new report has no full-text entry to replace
                conn.execute("DELETE FROM reports_fts WHERE rowid = ?", [rowid])
            conn.execute(
                "INSERT INTO reports_fts (rowid, url, title, body) VALUES (?, ?, ?, ?)",
                [rowid, record["url"], record.get("title_terms") or index_terms(record["title"]),
                 record.get("body_terms") or index_terms(record["body_text"])],
            )
            (result.updated if row else result.new).append(record["url"])
        fill_site_names(conn, sites - {""})
    return result


def _record_page(conn, record: dict, raw_zlib: bytes | None, raw_sha256: str) -> None:
    """The report page's ``pages`` row, when the crawl said how the page came (its status and headers)."""
    page = record.get("page")
    if page is not None:
        # under the URL it was fetched at, which a re-crawl asks for (the report may be keyed by an earlier one)
        row = pages.page_row(record.get("found_at") or record["url"], record["site"], pages.REPORT, page["status"],
                             page["headers"], raw_sha256,
                             record["fetched_at"])
        pages.record_page(conn, row, raw_zlib)


def _as_known_report(conn, record: dict) -> dict:
    """The record keyed by the report it is (``identity``: found before at this URL, or by its content at
    another), with this URL remembered for it."""
    record = dict(record)
    record["content_sha256"] = content_sha256(record["title"], record["body_text"])
    found_at = record["found_at"] = record["url"]
    report_url = identity.known_report(conn, found_at, record["content_sha256"], record["body_text"]) or found_at
    if report_url != found_at:
        record["url"] = report_url
        record["attachment_rows"] = [{**row, "report_url": report_url} for row in record.get("attachment_rows") or ()]
    identity.remember(conn, found_at, report_url, record.get("site") or "", record.get("registry_site"),
                      record["fetched_at"])
    return record


# Columns derived from a report's content (not the content itself), refreshed when the content is unchanged.
DERIVED_COLUMNS = (
    "published_at", "written_at", "year", "agency", "agency_raw", "agency_key", "site_name", "site_code", "column",
    "topic", "index_no", "doc_no",
    "region_province", "region_city", "region_county", "region_code", "kind", "kind_confidence", "verdict",
    "confidence", "stats_template", "stats_identity_ok", "stats_summary", "stats_checks", "stats_problems", "flags",
)
_REFRESH_DERIVED = (
    f"UPDATE reports SET {', '.join(f'[{c}] = ?' for c in DERIVED_COLUMNS)}, fetched_at = ?, gone_at = ? "
    "WHERE url = ?"
)
_STATS_FIELDS = [c for c in STATS_COLUMNS if c != "id"]
_STATS_INSERT = f"INSERT INTO report_stats ({', '.join(_STATS_FIELDS)}) VALUES ({', '.join('?' * len(_STATS_FIELDS))})"


def _refresh_stats_cells(conn, record: dict) -> None:
    """The current version's cells, read again: replaced only when they differ (a parser that reads more)."""
    have = conn.execute(
        "SELECT section, block, row_label, column_label, value, raw FROM report_stats WHERE report_url = ? "
        "AND version = ? ORDER BY id", [record["url"], record["version"]],
    ).fetchall()
    want = [(c["section"], c["block"], c["row_label"], c["column_label"], c["value"], c["raw"])
            for c in record.get("stats_cells") or ()]
    if [tuple(h) for h in have] != want:
        conn.execute("DELETE FROM report_stats WHERE report_url = ? AND version = ?",
                     [record["url"], record["version"]])
        _store_stats_cells(conn, record)


def _store_stats_cells(conn, record: dict) -> None:
    cells = record.get("stats_cells") or ()
    conn.executemany(_STATS_INSERT, [
        [record["url"], record["version"], record.get("stats_template") or "", cell["section"], cell["block"],
         cell["row_label"], cell["column_label"], cell["value"], cell["raw"]] for cell in cells
    ])


_ATTACHMENT_FIELDS = [c for c in ATTACHMENT_COLUMNS if c != "id"]
_ATTACHMENT_UPSERT = (
    f"INSERT INTO attachments ({', '.join(_ATTACHMENT_FIELDS)}) VALUES ({', '.join('?' * len(_ATTACHMENT_FIELDS))}) "
    "ON CONFLICT(report_url, url, sha256) DO UPDATE SET fetched_at = excluded.fetched_at, "
    "status = excluded.status, message = excluded.message, name = excluded.name, mime = excluded.mime, "
    "format = excluded.format, text = excluded.text, html = excluded.html, tables = excluded.tables, "
    "pages = excluded.pages, "  # the same file read again (its converter was missing, or timed out)
    "etag = excluded.etag, last_modified = excluded.last_modified"  # or fetched again with new validators
)
# Readings worth keeping: a file that failed because of this machine (no converter, a time-out) is read again.
_FINAL_READING = "status != 'converter_missing' AND message NOT LIKE '%timed out%'"


def _store_attachment_rows(conn, rows: Iterable[dict]) -> None:
    for row in rows:
        row = {**row, "sha256": row.get("sha256") or "", "first_seen_at": row.get("fetched_at")}
        if isinstance(row.get("tables"), list):
            row["tables"] = json.dumps(row["tables"], ensure_ascii=False)
        identity.follow_moved_attachment(conn, row)
        conn.execute(_ATTACHMENT_UPSERT, [row.get(column) for column in _ATTACHMENT_FIELDS])


def stored_attachments(db: sqlite_utils.Database, report_url: str) -> dict[str, dict]:
    """The latest kept copy of each attachment already stored for a report, by attachment URL (copies whose
    reading failed because of this machine are left out, so they are fetched and read again)."""
    rows = db.query(
        "SELECT url, name, mime, format, size, sha256, path, text, html, tables, pages, status, message, etag, "
        "last_modified "
        f"FROM attachments WHERE report_url = ? AND sha256 != '' AND {_FINAL_READING} ORDER BY id",
        [identity.report_url_of(db.conn, report_url)],
    )
    return {row["url"]: row for row in rows}


def unfinished_attachments(db: sqlite_utils.Database, report_url: str) -> bool:
    """Whether a kept file of the report (found at this URL, or keyed by an earlier one) was never read for good
    (no converter here, a time-out): the page is then read again even when the server says it has not changed."""
    return db.execute(f"SELECT 1 FROM attachments WHERE report_url = ? AND sha256 != '' AND NOT ({_FINAL_READING}) "
                      "LIMIT 1", [identity.report_url_of(db.conn, report_url)]).fetchone() is not None


def read_attachment_by_sha256(db: sqlite_utils.Database, sha256: str) -> dict | None:
    """What an earlier crawl read from the same file (any report, any URL): a file is read once, unless that
    reading failed because of this machine."""
    rows = db.query(
        "SELECT mime, format, text, html, tables, pages, status, message FROM attachments "
        f"WHERE sha256 = ? AND {_FINAL_READING} LIMIT 1", [sha256],
    )
    return next(iter(rows), None)


def store_outcome(db: sqlite_utils.Database, record: dict) -> str:
    """What storing this record will do: "new", "updated" (content changed) or "unchanged"."""
    sha256 = content_sha256(record["title"], record["body_text"])
    report_url = identity.known_report(db.conn, record["url"], sha256, record["body_text"])
    if report_url is None:
        return "new"
    row = db.execute("SELECT content_sha256 FROM reports WHERE url = ?", [report_url]).fetchone()
    return "unchanged" if row and row[0] == sha256 else "updated"


def compress_raw(raw: bytes) -> tuple[bytes, str]:
    """The page bytes as stored: zlib (level 6: pages shrink about 5x) and their sha256."""
    return zlib.compress(raw, 6), hashlib.sha256(raw).hexdigest()


def _compressed_raw(record: dict) -> tuple[bytes | None, str]:
    if "raw_zlib" in record:
        return record["raw_zlib"], record["raw_sha256"]
    return compress_raw(record.get("raw", b""))


_LOG_COLUMNS = ("crawl_id", "url", "status", "outcome", "message", "fetched_at")


def log_fetches(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """Crawl log rows; a ``gone`` row (a known report answering 404/410) also marks its report gone."""
    if rows:
        with db.conn:
            db.conn.executemany(
                f"INSERT INTO crawl_log ({', '.join(_LOG_COLUMNS)}) VALUES ({', '.join('?' * len(_LOG_COLUMNS))})",
                [[row.get(column) for column in _LOG_COLUMNS] for row in rows],
            )
            for row in rows:
                if row.get("outcome") == "gone":
                    pages.record_gone(db.conn, [row["url"]], row["fetched_at"])
