"""SQLite storage (sqlite-utils): reports, every earlier version of them, the crawl log, full-text search.

A report is keyed by the first URL it was found at; the URLs it is found at later are its aliases
(``identity``). A re-crawl that finds the same content only notes that it saw it again; one
that finds changed content keeps the old version in ``report_versions`` and updates ``reports``, so no
version is ever lost.
"""

from __future__ import annotations

import hashlib
import json
import types
import typing
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from govreports.extract.result import CrawlExtraction, Region
from govreports.store import identity
from govreports.store.fulltext import index_terms, match_query

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
    else:
        _add_missing_columns(db["reports"], REPORT_COLUMNS)
    if "report_versions" not in db.table_names():
        db["report_versions"].create(
            {"id": int, "url": str, "version": int, "content_sha256": str, "title": str, "body_text": str,
             "body_html": str, "raw_zlib": bytes, "raw_sha256": str, "fetched_at": str},
            pk="id",
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
                                 defaults={"sha256": ""})
        db["attachments"].create_index(["report_url", "url", "sha256"], unique=True)
        db["attachments"].create_index(["sha256"])
    if "report_stats" not in db.table_names():
        db["report_stats"].create(STATS_COLUMNS, pk="id", not_null={"report_url", "version"})
        db["report_stats"].create_index(["report_url", "version"])
    if "reports_fts" not in db.table_names():
        db.execute("CREATE VIRTUAL TABLE reports_fts USING fts5(url UNINDEXED, title, body)")
    identity.ensure_schema(db)
    return db


def _add_missing_columns(table: sqlite_utils.db.Table, columns: dict) -> None:
    have = set(table.columns_dict)
    for name, kind in columns.items():
        if name not in have:
            table.add_column(name, kind)


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
    ``changed_at`` are filled here) plus the page bytes for ``report_versions``: ``raw``, or ``raw_zlib``
    and ``raw_sha256`` when a worker process has compressed them already. Plain SQL, not sqlite-utils'
    upsert, on this path: it runs for every report, and introspecting the schema each time costs more than
    the write.
    """
    result = StoreResult()
    conn = db.conn
    with conn:
        # Taken before the first read: another worker's batch could otherwise store the same report (found by
        # its content at another URL) between this one's look-up and its write.
        conn.execute("BEGIN IMMEDIATE")
        for record in records:
            record = _as_known_report(conn, record)
            row = conn.execute(
                "SELECT content_sha256, version, first_seen_at, rowid FROM reports WHERE url = ?", [record["url"]]
            ).fetchone()
            _store_attachment_rows(conn, record.get("attachment_rows") or ())
            if row and row[0] == record["content_sha256"]:
                # Same title and body: no new version. What is derived from them (metadata, statistics read
                # from an attachment that came only now, or by a newer parser) is brought up to date.
                conn.execute(_REFRESH_DERIVED, [record.get(c) for c in DERIVED_COLUMNS] + [
                    record["fetched_at"], record["url"]])
                record["version"] = row[1] or 1
                _refresh_stats_cells(conn, record)
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
            conn.execute(_VERSION_INSERT, [
                record["url"], record["version"], record["content_sha256"], record["title"], record["body_text"],
                record["body_html"], raw_zlib, raw_sha256, record["fetched_at"],
            ])
            _store_stats_cells(conn, record)
            if row:  # a new report has no full-text entry to replace
                conn.execute("DELETE FROM reports_fts WHERE rowid = ?", [rowid])
            conn.execute(
                "INSERT INTO reports_fts (rowid, url, title, body) VALUES (?, ?, ?, ?)",
                [rowid, record["url"], record.get("title_terms") or index_terms(record["title"]),
                 record.get("body_terms") or index_terms(record["body_text"])],
            )
            (result.updated if row else result.new).append(record["url"])
    return result


def _as_known_report(conn, record: dict) -> dict:
    """The record keyed by the report it is (``identity``: found before at this URL, or by its content at
    another), with this URL remembered for it."""
    record = dict(record)
    record["content_sha256"] = content_sha256(record["title"], record["body_text"])
    found_at = record["url"]
    report_url = identity.known_report(conn, found_at, record["content_sha256"], record["body_text"]) or found_at
    if report_url != found_at:
        record["url"] = report_url
        record["attachment_rows"] = [{**row, "report_url": report_url} for row in record.get("attachment_rows") or ()]
    identity.remember(conn, found_at, report_url, record.get("site") or "", record.get("registry_site"),
                      record["fetched_at"])
    return record


# Columns derived from a report's content (not the content itself), refreshed when the content is unchanged.
DERIVED_COLUMNS = (
    "published_at", "written_at", "year", "agency", "site_name", "site_code", "column", "topic", "index_no", "doc_no",
    "region_province", "region_city", "region_county", "region_code", "kind", "kind_confidence", "verdict",
    "confidence", "stats_template", "stats_identity_ok", "stats_summary", "stats_checks", "stats_problems",
)
_REFRESH_DERIVED = (
    f"UPDATE reports SET {', '.join(f'[{c}] = ?' for c in DERIVED_COLUMNS)}, fetched_at = ? WHERE url = ?"
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
    "pages = excluded.pages"  # the same file read again (its converter was missing, or timed out)
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
        "SELECT url, name, mime, format, size, sha256, path, text, html, tables, pages, status, message "
        f"FROM attachments WHERE report_url = ? AND sha256 != '' AND {_FINAL_READING} ORDER BY id",
        [identity.report_url_of(db.conn, report_url)],
    )
    return {row["url"]: row for row in rows}


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


def _compressed_raw(record: dict) -> tuple[bytes, str]:
    if record.get("raw_zlib") is not None:
        return record["raw_zlib"], record["raw_sha256"]
    return compress_raw(record.get("raw", b""))


_LOG_COLUMNS = ("crawl_id", "url", "status", "outcome", "message", "fetched_at")


def log_fetches(db: sqlite_utils.Database, rows: list[dict]) -> None:
    if rows:
        with db.conn:
            db.conn.executemany(
                f"INSERT INTO crawl_log ({', '.join(_LOG_COLUMNS)}) VALUES ({', '.join('?' * len(_LOG_COLUMNS))})",
                [[row.get(column) for column in _LOG_COLUMNS] for row in rows],
            )


def search(db: sqlite_utils.Database, words: list[str], limit: int = 20) -> list[dict]:
    """Reports whose title or body contains every word, best match first."""
    query = match_query(words)
    sql = """
        SELECT r.url, r.title, r.year, r.agency, r.published_at, r.body_text
        FROM reports_fts f JOIN reports r ON r.rowid = f.rowid
        WHERE reports_fts MATCH ? ORDER BY bm25(reports_fts, 0, 5.0, 1.0) LIMIT ?
    """
    rows = []
    for url, title, year, agency, published_at, body_text in db.execute(sql, [query, limit]).fetchall():
        rows.append({"url": url, "title": title, "year": year, "agency": agency, "published_at": published_at,
                     "snippet": snippet(body_text or "", words)})
    return rows


def snippet(text: str, words: list[str], width: int = 36) -> str:
    flat = " ".join(text.split())
    for word in words:
        at = flat.find(word)
        if at >= 0:
            start = max(0, at - width)
            return ("…" if start else "") + flat[start : at + len(word) + width] + "…"
    return flat[: width * 2]


def site_summary(db: sqlite_utils.Database) -> list[dict]:
    """Per site: how many reports and which years they cover."""
    rows = db.execute(
        "SELECT COALESCE(NULLIF(site_name, ''), site), site, COUNT(*), MIN(year), MAX(year), "
        "COUNT(DISTINCT year) FROM reports GROUP BY site ORDER BY site"
    ).fetchall()
    return [{"site_name": r[0], "site": r[1], "reports": r[2], "first_year": r[3], "last_year": r[4],
             "years": r[5]} for r in rows]
