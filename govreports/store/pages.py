"""Every page a crawl fetched and may ask for again: its validators, headers and raw bytes.

``pages`` has one row per fetched URL (report pages, and the portal, section and list pages read for links):
the ``ETag`` and ``Last-Modified`` a re-crawl sends back (``If-None-Match`` / ``If-Modified-Since``), the
response headers (content type and charset, which ``govreports reprocess`` needs to read the bytes again),
``raw_sha256`` of the bytes, ``fetched_at`` (the last 200), ``checked_at`` (the last 200 or 304) and
``gone_at`` (the first 404/410 of a known report, cleared when it answers again).

Raw bytes are content-addressed in ``page_bodies`` (sha256 -> zlib), shared by ``pages`` and
``report_versions``, so a report's page is held once however many rows point at it. A report published as a file
is kept under the files directory (``attachments.path``) and not here; ``raw_body`` finds it either way.
A report page's row is written in the transaction that stores its report (``store_reports``): a 304 for a
page this table knows as a report always means the report is in the database.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import sqlite_utils

from govreports.store import identity

PAGE_COLUMNS = {
    "url": str, "site": str, "role": str, "status": int, "content_type": str, "headers": str, "etag": str,
    "last_modified": str, "raw_sha256": str, "fetched_at": str, "checked_at": str, "gone_at": str,
}
REPORT = "report"  # pages.role of a stored report's page; list pages keep the spider's role (portal, column)
# Not kept: how the bytes travelled (the body is stored decoded) and what belongs to one session.
_TRANSPORT_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive",
                      "set-cookie", "date"}
GONE_STATUSES = (404, 410)  # a known report answering these is marked gone, never deleted


def ensure_schema(db: sqlite_utils.Database) -> None:
    """``pages`` and ``page_bodies``, added to a database of any age."""
    if "pages" not in db.table_names():
        db["pages"].create(PAGE_COLUMNS, pk="url", not_null={"url"})
        db["pages"].create_index(["site", "role"])
        db["pages"].create_index(["raw_sha256"])
    if "page_bodies" not in db.table_names():
        db["page_bodies"].create({"sha256": str, "raw_zlib": bytes}, pk="sha256", not_null={"sha256"})
    if "report_versions" in db.table_names():
        db.execute("CREATE INDEX IF NOT EXISTS idx_report_versions_raw_sha256 ON report_versions (raw_sha256)")


def kept_headers(headers: Mapping) -> dict[str, str]:
    """A response's headers as stored: names as sent, values as text, transport headers left out. Takes
    Scrapy's Headers (bytes, lists of values) or a plain dict of strings."""
    kept = {}
    for name, value in headers.items():
        name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        if name.lower() in _TRANSPORT_HEADERS:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        kept[name] = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
    return kept


def validators(headers: Mapping[str, str]) -> tuple[str, str]:
    """(ETag, Last-Modified) of stored headers, "" where the server sent none. A weak ETag (W/"…") is kept as
    it came: servers compare If-None-Match weakly, so it still earns a 304."""
    lower = {name.lower(): value for name, value in headers.items()}
    return lower.get("etag", "").strip(), lower.get("last-modified", "").strip()


def page_row(url: str, site: str, role: str, status: int, headers: Mapping[str, str], raw_sha256: str,
             at: str) -> dict:
    """The ``pages`` row of a fetch answered with the page (200)."""
    etag, last_modified = validators(headers)
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return {"url": url, "site": site, "role": role, "status": status, "content_type": content_type,
            "headers": json.dumps(dict(headers), ensure_ascii=False), "etag": etag, "last_modified": last_modified,
            "raw_sha256": raw_sha256, "fetched_at": at, "checked_at": at, "gone_at": None}


_PAGE_FIELDS = list(PAGE_COLUMNS)
_PAGE_UPSERT = (
    f"INSERT INTO pages ({', '.join(_PAGE_FIELDS)}) VALUES ({', '.join('?' * len(_PAGE_FIELDS))}) "
    f"ON CONFLICT(url) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _PAGE_FIELDS if c != 'url')}"
)


def record_page(conn: sqlite3.Connection, row: dict, raw_zlib: bytes | None) -> None:
    """Write a page's row and (when given) its bytes; bytes the page held before and nothing else points at
    are dropped. Runs inside the caller's transaction."""
    before = conn.execute("SELECT raw_sha256 FROM pages WHERE url = ?", [row["url"]]).fetchone()
    keep_body(conn, row["raw_sha256"], raw_zlib)
    conn.execute(_PAGE_UPSERT, [row.get(column) for column in _PAGE_FIELDS])
    if before and before[0] and before[0] != row["raw_sha256"]:
        drop_unused_body(conn, before[0])


def keep_body(conn: sqlite3.Connection, sha256: str, raw_zlib: bytes | None) -> None:
    """Raw bytes (zlib), once per sha256; None: the bytes are a file kept elsewhere."""
    if raw_zlib is not None and sha256:
        conn.execute("INSERT OR IGNORE INTO page_bodies (sha256, raw_zlib) VALUES (?, ?)", [sha256, raw_zlib])


def drop_unused_body(conn: sqlite3.Connection, sha256: str) -> None:
    conn.execute(
        "DELETE FROM page_bodies WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM pages WHERE raw_sha256 = ?) "
        "AND NOT EXISTS (SELECT 1 FROM report_versions WHERE raw_sha256 = ?)", [sha256, sha256, sha256])


def record_checked(conn: sqlite3.Connection, url: str, at: str, headers: Mapping[str, str] | None = None) -> None:
    """A 304: the page is as stored. Validators a 304 brings replace the stored ones (RFC 9111 4.3.4)."""
    etag, last_modified = validators(headers or {})
    conn.execute("UPDATE pages SET checked_at = ?, gone_at = NULL, etag = COALESCE(NULLIF(?, ''), etag), "
                 "last_modified = COALESCE(NULLIF(?, ''), last_modified) WHERE url = ?",
                 [at, etag, last_modified, url])


def record_gone(conn: sqlite3.Connection, urls: Iterable[str], at: str) -> None:
    """Known reports whose URL answered 404/410: marked gone (the first time), never deleted. A report found at
    several URLs (``report_urls``: moved from http to https, or to a new port) is gone only when none of its other
    URLs still answers."""
    for url in urls:
        conn.execute("UPDATE pages SET gone_at = COALESCE(gone_at, ?), checked_at = ? WHERE url = ?", [at, at, url])
        report_url = identity.report_url_of(conn, url)
        conn.execute(
            "UPDATE reports SET gone_at = COALESCE(gone_at, ?) WHERE url = ? AND NOT EXISTS ("
            " SELECT 1 FROM report_urls u LEFT JOIN pages p ON p.url = u.url"
            " WHERE u.report_url = ? AND u.url != ? AND p.gone_at IS NULL)", [at, report_url, report_url, url])


def record_fetched(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """List and portal pages as the crawl read them: ``{"row": page_row, "raw": bytes}`` for a 200,
    ``{"checked": url, "at": …, "headers": …}`` for a 304. One transaction."""
    if not rows:
        return
    with db.conn:
        for row in rows:
            if "checked" in row:
                record_checked(db.conn, row["checked"], row["at"], row.get("headers"))
            else:
                record_page(db.conn, row["row"], zlib.compress(row["raw"], 6))


def stored_validators(conn: sqlite3.Connection, url: str) -> tuple[str, str] | None:
    """(ETag, Last-Modified) to revalidate ``url`` with, or None when the page is unknown or came without any."""
    row = conn.execute("SELECT etag, last_modified FROM pages WHERE url = ?", [url]).fetchone()
    if row is None or not (row[0] or row[1]):
        return None
    return row[0] or "", row[1] or ""


def stored_page(conn: sqlite3.Connection, url: str, files_dir: str | Path = "") -> tuple[dict[str, str], bytes] | None:
    """(headers, raw bytes) of the stored copy of ``url``, or None when there is none."""
    row = conn.execute("SELECT headers, raw_sha256 FROM pages WHERE url = ?", [url]).fetchone()
    if row is None or not row[1]:
        return None
    body = raw_body(conn, row[1], files_dir)
    return (json.loads(row[0] or "{}"), body) if body is not None else None


def raw_body(conn: sqlite3.Connection, sha256: str, files_dir: str | Path = "") -> bytes | None:
    """Stored bytes by their sha256: a page's (``page_bodies``), else a file's kept under files_dir."""
    row = conn.execute("SELECT raw_zlib FROM page_bodies WHERE sha256 = ?", [sha256]).fetchone()
    if row is not None:
        return zlib.decompress(row[0])
    if files_dir:
        row = conn.execute("SELECT path FROM attachments WHERE sha256 = ? AND path != '' LIMIT 1", [sha256]).fetchone()
        path = Path(files_dir) / row[0] if row else None
        if path is not None and path.is_file():
            return path.read_bytes()
    return None


def version_raw(conn: sqlite3.Connection, url: str, version: int, files_dir: str | Path = "") -> bytes | None:
    """The raw page of a report version: in the row itself (databases before ``page_bodies``), else by its sha256."""
    row = conn.execute("SELECT raw_zlib, raw_sha256 FROM report_versions WHERE url = ? AND version = ?",
                       [url, version]).fetchone()
    if row is None:
        return None
    raw = zlib.decompress(row[0]) if row[0] else b""
    return raw or (raw_body(conn, row[1], files_dir) if row[1] else None)


def known_reports(conn: sqlite3.Connection, sites: Iterable[str]) -> list[tuple[str, str, str, str]]:
    """(url, site, list_title, list_date) of the stored reports of these sites (origins) that a crawl fetched, so a
    re-crawl asks for each again even when no list links it any more."""
    sites = list(sites)
    if not sites:
        return []
    rows = conn.execute(
        "SELECT p.url, p.site, COALESCE(r.list_title, ''), COALESCE(r.list_date, '') FROM pages p "
        # a report found at several URLs (moved, or the same content) is keyed by the first (report_urls)
        "JOIN reports r ON r.url = COALESCE((SELECT u.report_url FROM report_urls u WHERE u.url = p.url), p.url) "
        f"WHERE p.role = ? AND p.site IN ({', '.join('?' * len(sites))}) "
        "ORDER BY p.url", [REPORT, *sites])
    return rows.fetchall()


def reader(path: str | Path) -> sqlite3.Connection | None:
    """A connection for the crawl process's look-ups (it only reads), or None when there is no database with pages
    yet. Not SQLite's mode=ro: a read-only connection cannot open a WAL database whose -shm file is missing."""
    if not Path(path).is_file():
        return None
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=60000")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'pages'").fetchone() is None:
        conn.close()
        return None
    return conn
