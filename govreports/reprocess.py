"""``govreports reprocess``: extraction and classification run again over what the database keeps, offline.

Each stored report's raw page (``pages`` and ``page_bodies``, or the current version's row in databases from
before them) is read again with the content type its response came with, and its kept attachment files are
read again from the files directory; the outcome is stored as a crawl's would be (``ingest.process_and_store``):
a new version only where title or body changed, the derived columns (metadata, region, kind, statistics)
refreshed otherwise. Nothing is fetched: an attachment never kept stays unread. ``fetched_at`` and
``gone_at`` stay as the last crawl left them.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from govreports import ingest, store
from govreports.store import pages


@dataclass
class Figures:
    pages: int = 0  # reports whose raw page was read again
    changed: int = 0  # a new version
    unchanged: int = 0  # same title and body (derived columns refreshed)
    not_reports: int = 0  # now judged not a report: kept as it is, never deleted
    errors: list[str] = field(default_factory=list)  # "url: why"

    def add(self, url: str, outcome: dict) -> None:
        self.pages += 1
        if "error" in outcome:
            self.errors.append(f"{url}: {outcome['error']}")
        elif not outcome.get("is_report"):
            self.not_reports += 1
        elif outcome.get("stored") == "updated":
            self.changed += 1
        else:
            self.unchanged += 1

    def line(self) -> str:
        return (f"{self.pages} pages reprocessed: {self.changed} changed (a new version), {self.unchanged} unchanged, "
                f"{self.not_reports} no longer judged a report (kept), {len(self.errors)} errors")


def report_urls(db_path: str | Path, origins: Iterable[str] = (), registry_site: str = "") -> list[str]:
    """The stored reports to reprocess: all, or those of a site (its registry name or its origins)."""
    origins = list(origins)
    with sqlite3.connect(db_path) as conn:
        if not origins and not registry_site:
            return [url for (url,) in conn.execute("SELECT url FROM reports ORDER BY url")]
        marks = ", ".join("?" * len(origins)) or "''"
        has_registry = "registry_site" in {row[1] for row in conn.execute("PRAGMA table_info(reports)")}
        by_name = "registry_site = ? OR " if has_registry else ""
        rows = conn.execute(f"SELECT url FROM reports WHERE {by_name}site IN ({marks}) ORDER BY url",
                            [registry_site] * bool(has_registry) + origins)
        return [url for (url,) in rows]


def reprocess_report(url: str, db_path: str, files_dir: str) -> dict:
    """One report read again from the database and stored (runs in a worker): ``process_and_store``'s outcome,
    or ``{"error": …}`` when its raw page is not kept."""
    conn = ingest.connection(db_path).conn
    row = conn.execute(
        "SELECT r.site, r.list_title, r.list_date, r.fetched_at, r.version, r.gone_at, p.content_type, p.raw_sha256 "
        "FROM reports r LEFT JOIN pages p ON p.url = r.url WHERE r.url = ?", [url]).fetchone()
    if row is None:
        return {"error": "no longer in the database"}
    site, list_title, list_date, fetched_at, version, gone_at, content_type, raw_sha256 = row
    raw = pages.raw_body(conn, raw_sha256, files_dir) if raw_sha256 else None
    if raw is None:
        raw = pages.version_raw(conn, url, version or 1, files_dir)
    if raw is None:
        return {"error": "its raw page is not kept"}
    context = {"url": url, "site": site, "list_title": list_title or "", "list_date": list_date or "",
               "fetched_at": fetched_at, "gone_at": gone_at, "reread_files": True}
    kept = _kept_files(conn, url, files_dir)
    return ingest.process_and_store(raw, context, content_type or "", db_path, files_dir, kept)


def _kept_files(conn: sqlite3.Connection, url: str, files_dir: str) -> list[dict]:
    """The report's attachments as a crawl would hand them over, from the files kept (the latest per URL)."""
    fetched = {}
    for one, name, mime, path, etag, last_modified in conn.execute(
            "SELECT url, name, mime, path, etag, last_modified FROM attachments WHERE report_url = ? AND path != '' "
            "AND url != ? ORDER BY id", [url, url]):
        kept = Path(files_dir) / path
        if kept.is_file():
            fetched[one] = {"url": one, "name": name, "status": "ok", "message": "", "body": kept.read_bytes(),
                            "content_type": mime or "", "etag": etag or "", "last_modified": last_modified or ""}
    return list(fetched.values())


def run(db_path: str, files_dir: str, urls: list[str], workers: int,
        progress: Callable[[Figures, int], None] | None = None, every: float = 5.0) -> Figures:
    """Reprocess ``urls`` in ``workers`` processes (0: here); ``progress(figures, total)`` every ``every`` s."""
    figures = Figures()
    last = time.monotonic()
    store.open_db(db_path).close()  # a database of any age gains the tables and columns this writes
    if workers > 0:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            answers = pool.imap(_reprocess, [(url, db_path, files_dir) for url in urls], chunksize=4)
            for url, outcome in zip(urls, answers, strict=True):
                figures.add(url, outcome)
                if progress and time.monotonic() - last > every:
                    progress(figures, len(urls))
                    last = time.monotonic()
            pool.close()
            pool.join()  # each worker writes its last batch as it exits
    else:
        for url in urls:
            figures.add(url, _reprocess((url, db_path, files_dir)))
            if progress and time.monotonic() - last > every:
                progress(figures, len(urls))
                last = time.monotonic()
        ingest.flush_stored(db_path)
    return figures


def _reprocess(args: tuple[str, str, str]) -> dict:
    try:
        return reprocess_report(*args)
    except Exception as error:  # one report's failure is counted, the others go on
        return {"error": f"{type(error).__name__}: {error}"[:300]}
