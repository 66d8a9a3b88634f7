"""The whole per-page job as one picklable function, so it can run in a worker process."""

from __future__ import annotations

import multiprocessing.util

import sqlite_utils

from pipelines import storage
from pipelines.classify import classify_page
from pipelines.errors import InputError
from pipelines.fulltext import index_terms
from pipelines.page import extract_page


def process_page(body: bytes, url: str, content_type: str = "", list_title: str = "") -> dict:
    """Extract, classify and prepare search terms for one fetched page.

    Returns the ``extract_page`` fields plus ``is_report``, ``confidence`` and ``verdict``; a page that
    cannot be read returns ``{"error": message}`` instead of raising.
    """
    try:
        result = extract_page(body, url, content_type)
    except InputError as error:
        return {"error": str(error)}
    verdict = classify_page(result["title"], result["body_text"], list_title)
    result.update(is_report=verdict.is_report, confidence=verdict.confidence, verdict=verdict.reason)
    if verdict.is_report:
        # Work the database writer would otherwise do on the crawl's own process.
        result["title_terms"] = index_terms(result["title"])
        result["body_terms"] = index_terms(result["body_text"])
        result["raw_zlib"], result["raw_sha256"] = storage.compress_raw(body)
    return result


_databases: dict[str, sqlite_utils.Database] = {}
_pending: dict[str, list[dict]] = {}
STORE_BATCH = 50  # reports per transaction: one commit per report costs the full-text index twice as much


def process_and_store(body: bytes, context: dict, content_type: str, db_path: str) -> dict:
    """``process_page``, then store the page if it is a report, in this process's own connection to db_path.

    Storing here, next to the extraction, keeps the large fields (body, HTML, search terms, compressed page)
    inside the worker process: the crawl's process only learns the outcome. ``context`` carries what the
    crawl knows of the page (url, site, list_title, list_date, fetched_at). Reports are written in batches;
    ``flush_stored`` (run when the process exits) writes the rest. Returns ``error`` (unreadable), or
    ``is_report`` and ``verdict``, and for reports ``stored``: new, updated or unchanged.
    """
    result = process_page(body, context["url"], content_type, context.get("list_title", ""))
    if "error" in result or not result["is_report"]:
        return {key: result[key] for key in ("error", "is_report", "verdict") if key in result}
    record = {key: result[key] for key in storage.REPORT_COLUMNS if key in result}
    record.update(context)
    record.update({key: result[key] for key in ("confidence", "verdict", "title_terms", "body_terms", "raw_zlib",
                                                "raw_sha256")})
    database = _database(db_path)
    outcome = storage.store_outcome(database, record)
    pending = _pending.setdefault(db_path, [])
    pending.append(record)
    if len(pending) >= STORE_BATCH:
        flush_stored(db_path)
    return {"is_report": True, "verdict": result["verdict"], "stored": outcome}


def flush_stored(db_path: str | None = None) -> None:
    """Write the reports still waiting for their batch (all databases when db_path is None)."""
    for path in [db_path] if db_path else list(_pending):
        records = _pending.pop(path, [])
        if records:
            storage.store_reports(_database(path), records)


def _database(db_path: str) -> sqlite_utils.Database:
    database = _databases.get(db_path)
    if database is None:
        database = _databases[db_path] = storage.open_db(db_path)
        # A worker process ends without running atexit handlers; multiprocessing's finalizers do run.
        multiprocessing.util.Finalize(None, flush_stored, exitpriority=10)
    return database
