"""A report's identity across URLs: the ``report_urls`` table.

A report is keyed by the first canonical URL it was found at (``reports.url``, which its versions, statistics
cells and attachments point to). Every URL it has been found at since is a row of ``report_urls`` (url → report
url, first and last seen), so a report that moves is recognised instead of stored twice:

- a URL seen before is the report it was then;
- a new URL whose page has the content (``content_sha256`` of title and body) of a report of the same government
  (same host, or same registrable domain: ``discovery.same_government``) is that report. Where the path and query
  are the same too (an http→https move, a new port, www. added) that is enough; elsewhere the body must be long
  enough to tell reports apart (``MIN_IDENTIFYING_CHARS``): two departments' pages that only say 详见附件 under
  the same title are two reports.

``reports.site`` follows the report: it is the origin where it was last found (a moved site's reports count for
the site as it is now), while ``reports.url`` stays the report's first URL.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import sqlite_utils

from govreports.crawl.discovery import same_government

REPORT_URL_COLUMNS = {"url": str, "report_url": str, "first_seen_at": str, "last_seen_at": str}
# Below this many characters of body a page is not told from another by its content alone (a title over
# "详见附件" and a file name), unless it is found at the same path as the report.
MIN_IDENTIFYING_CHARS = 200


def ensure_schema(db: sqlite_utils.Database) -> None:
    """``report_urls``, filled from ``reports`` in a database made before it existed (each report its own URL)."""
    if "report_urls" not in db.table_names():
        with db.conn:
            db["report_urls"].create(REPORT_URL_COLUMNS, pk="url", not_null={"url", "report_url"})
            db["report_urls"].create_index(["report_url"])
            db.execute("INSERT OR IGNORE INTO report_urls (url, report_url, first_seen_at, last_seen_at) "
                       "SELECT url, url, first_seen_at, fetched_at FROM reports")
    db["reports"].create_index(["content_sha256"], if_not_exists=True)


def known_report(conn: sqlite3.Connection, url: str, content_sha256: str, body_text: str) -> str | None:
    """The URL of the stored report this page is (by its URL, or by its content), or None for a new report."""
    row = conn.execute("SELECT report_url FROM report_urls WHERE url = ?", [url]).fetchone()
    if row:
        return row[0]
    if conn.execute("SELECT 1 FROM reports WHERE url = ?", [url]).fetchone():  # stored before report_urls
        return url
    identifying = len(body_text.strip()) >= MIN_IDENTIFYING_CHARS
    path = _path(url)
    candidates = conn.execute(
        "SELECT r.url, u.url FROM reports r JOIN report_urls u ON u.report_url = r.url WHERE r.content_sha256 = ? "
        "ORDER BY r.rowid", [content_sha256])
    for report_url, seen_at in candidates:
        if same_government(seen_at, url) and (identifying or _path(seen_at) == path):
            return report_url
    return None


def report_url_of(conn: sqlite3.Connection, url: str) -> str:
    """The report a URL was found to be, or the URL itself."""
    row = conn.execute("SELECT report_url FROM report_urls WHERE url = ?", [url]).fetchone()
    return row[0] if row else url


def remember(conn: sqlite3.Connection, url: str, report_url: str, site: str, registry_site: str | None,
             seen_at: str) -> None:
    """Note that the report was found at this URL now, on this site (which becomes the report's site, and its
    registry name the report's, unless it was crawled by URL)."""
    conn.execute(
        "INSERT INTO report_urls (url, report_url, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(url) DO UPDATE SET last_seen_at = excluded.last_seen_at", [url, report_url, seen_at, seen_at])
    conn.execute("UPDATE reports SET site = ?, registry_site = COALESCE(?, registry_site) WHERE url = ?",
                 [site, registry_site, report_url])


def follow_moved_attachment(conn: sqlite3.Connection, row: dict) -> None:
    """A file of the report stored before from another URL, with the same bytes, is the same attachment: its row
    takes the URL it was found at now (a moved site's files do not double the report's attachments)."""
    if row["sha256"]:
        conn.execute("UPDATE OR IGNORE attachments SET url = ? WHERE report_url = ? AND sha256 = ? AND url != ?",
                     [row["url"], row["report_url"], row["sha256"], row["url"]])


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}#{parts.fragment}"
