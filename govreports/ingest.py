"""The whole per-page job as one picklable function, so it can run in a worker process."""

from __future__ import annotations

import json
import logging
import multiprocessing.util
import signal
import sys

import sqlite_utils

from govreports import store
from govreports.disclosure_tables import parse_stats
from govreports.extract import attachments, read
from govreports.extract.classify import LIST_BODY_LINKS, classify_kind, classify_page, empty_body_verdict
from govreports.extract.errors import InputError
from govreports.extract.htmltree import link_texts
from govreports.extract.metadata import report_year
from govreports.extract.report_file import attachment_row
from govreports.extract.result import CrawlExtraction
from govreports.store.fulltext import index_terms


def process_page(
    body: bytes, url: str, content_type: str = "", list_title: str = "", list_date: str = ""
) -> CrawlExtraction | dict:
    """Extract and classify one fetched page: an HTML page, or a report published as a file (PDF, DOC …).

    Returns ``govreports.extract.read``'s result (``stats``, and a file's ``document``) with the classification:
    ``is_report``, ``confidence`` and ``verdict``. A page that cannot be read returns ``{"error": message}``
    instead of raising.
    """
    try:
        result = read(body, url, content_type, list_title=list_title, list_date=list_date)
    except InputError as error:
        return {"error": str(error)}
    _classify(result, list_title)
    return result


# A flagged report's confidence, as a share of the verdict's: below every unflagged report's (0.6 and up).
HIJACKED_CONFIDENCE = 0.4


def _classify(result: CrawlExtraction, list_title: str) -> None:
    verdict = None
    if "document" not in result:  # a report published as a file stands for itself, even a scanned one
        html = result.get("body_html") or ""
        # the rendered body is parsed for its links only when it holds enough of them to be a list of links
        links = link_texts(html) if html.count("<a") >= LIST_BODY_LINKS else []
        verdict = empty_body_verdict(result["body_text"], links, bool(result.get("attachments")),
                                     result.get("empty_reason", ""))
    verdict = verdict or classify_page(result["title"], result["body_text"], list_title)
    result.update(is_report=verdict.is_report, confidence=verdict.confidence, verdict=verdict.reason)
    if verdict.is_report and result.get("flags"):
        # a report under injected spam is still the report, but nothing to count on until someone looks
        result.update(confidence=round(verdict.confidence * HIJACKED_CONFIDENCE, 2),
                      verdict=f"{verdict.reason}; looks hijacked ({', '.join(result['flags'])})")
    # extract_page judged the page alone; here the list's link text counts too (and a file has no kind yet)
    kind = classify_kind(result["title"], result["body_text"], list_title, verdict)
    result.update(kind=kind.kind, kind_confidence=kind.confidence)


logger = logging.getLogger(__name__)
_databases: dict[str, sqlite_utils.Database] = {}
_pending: dict[str, list[dict]] = {}
_pending_bytes: dict[str, int] = {}
STORE_BATCH = 50  # reports per transaction: one commit per report costs the full-text index twice as much
# ... and at most this much held (pages, text, index terms, cells, files): a worker keeps its batch in memory
# until it is written, and fifty long reports with their tables would cost each worker tens of MB.
STORE_BATCH_BYTES = 4 * 2**20


def process_and_store(
    body: bytes, context: dict, content_type: str, db_path: str, files_dir: str = "", fetched: list[dict] | None = None,
) -> dict:
    """``process_page``, then store the page if it is a report, in this process's own connection to db_path.

    Storing here, next to the extraction, keeps the large fields (body, HTML, search terms, compressed page)
    inside the worker process: the crawl's process only learns the outcome. ``context`` carries what the
    crawl knows of the page (url, site, list_title, list_date, fetched_at). Reports are written in batches;
    ``flush_stored`` (run when the process exits) writes the rest.

    With ``files_dir`` set, attachments are kept too. A report with attachments not yet stored comes back
    as ``{"fetch": [attachment, …]}`` and nothing is stored: the crawl downloads them and calls again
    with ``fetched`` (per attachment: url, name, status, message and the bytes as ``body`` when they came).
    Returns ``error`` (unreadable), or ``is_report`` and ``verdict``, and for reports ``stored``: new,
    updated or unchanged, and ``attachments``: how many were stored and with which statuses.
    """
    url = context["url"]
    result = process_page(body, url, content_type, context.get("list_title", ""), context.get("list_date", ""))
    if "error" in result or not result["is_report"]:
        return {key: result[key] for key in ("error", "is_report", "verdict") if key in result}
    database = connection(db_path)
    rows: list[dict] = []
    if files_dir:
        rows, missing = _attachment_rows(result, body, content_type, context, database, files_dir, fetched)
        if missing:
            return {"is_report": True, "verdict": result["verdict"], "fetch": missing}
        if "document" not in result:
            _body_from_attachment(result, rows, context.get("list_title", ""))
            _stats_from_attachment(result, rows)
    if "document" not in result and not result["body_text"].strip():
        # neither the page nor its files (when fetched) hold any text: a page is never stored without a body
        # (a report published as a file is, even a scan: the file is kept, marked needs_ocr)
        reason = result.get("empty_reason") or "no text on the page or in its attachments"
        return {"is_report": False, "verdict": f"empty body: {reason}"[:200]}
    result.pop("document", None)
    # A report that is a file kept under files_dir: its version rows point there by sha256 instead of
    # holding the file a second time.
    kept_file = rows[0] if rows and rows[0]["url"] == url and rows[0]["sha256"] else None
    record = _record(result, context, b"" if kept_file else body)
    if kept_file:
        record["raw_zlib"], record["raw_sha256"] = None, kept_file["sha256"]
    record["attachment_rows"] = rows
    outcome = store.store_outcome(database, record)
    _queue(db_path, record)
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    return {"is_report": True, "verdict": result["verdict"], "stored": outcome, "attachments": statuses,
            "body_source": record["body_source"], "stats_identity_ok": record["stats_identity_ok"],
            "stats_tables": bool(record["stats_cells"]), "stats_problems": bool(record["stats_problems"]),
            "flagged": bool(result.get("flags"))}


def _attachment_rows(result: CrawlExtraction, body: bytes, content_type: str, context: dict, database, files_dir: str,
                     fetched: list[dict] | None) -> tuple[list[dict], list[dict]]:
    """(the ``attachments`` rows of this report, the attachments to download first).

    A report that is a file is its own attachment. A page's attachments are asked for once (``fetched`` is
    None), those kept by an earlier crawl with the validators they came with: a 304 (or a fetch that fails now)
    keeps the kept copy and its reading, a replaced file comes back and is read. ``context["reread_files"]``
    reads files again even when the same file was read before (``govreports reprocess``)."""
    url, fetched_at = context["url"], context["fetched_at"]
    if "document" in result:
        itself = {"url": url, "name": result["title"], "status": "ok", "message": "", "body": body,
                  "content_type": content_type}
        return [attachment_row(database, files_dir, url, itself, fetched_at, result["document"])], []
    wanted = attachments.fetchable(result["attachments"], result.get("year"))
    known = store.stored_attachments(database, url) if wanted else {}
    if wanted and fetched is None:
        return [], [{**one, **_validators(known.get(one["url"]))} for one in wanted]
    came = {one["url"]: one for one in fetched or ()}
    rows = []
    for one in wanted:
        answer, kept = came.get(one["url"]), known.get(one["url"])
        if kept is not None and (answer is None or answer.get("body") is None):
            rows.append({**kept, "report_url": url, "fetched_at": fetched_at})
        elif answer is not None:
            rows.append(attachment_row(database, files_dir, url, answer, fetched_at,
                                       reuse=not context.get("reread_files")))
    return rows, []


def _validators(kept: dict | None) -> dict:
    """What the crawl sends back to revalidate a kept file (nothing for a file never kept)."""
    if not kept:
        return {}
    return {"etag": kept.get("etag") or "", "last_modified": kept.get("last_modified") or ""}


def store_unchanged(context: dict, db_path: str, files_dir: str = "", fetched: list[dict] | None = None) -> dict:
    """A report page the server answered 304 for: not extracted again.

    With ``files_dir``, the report's kept attachments are asked for first (``{"fetch": …}``, with their
    validators; ``{"read_again": True}`` when one of them was never read for good on this machine). Then the
    report is seen again as it is, in this process's batch: its version kept, ``gone_at`` cleared, ``fetched_at``
    now. The caller runs ``process_and_store`` instead when a kept file came back replaced."""
    url = context["url"]
    database = connection(db_path)
    if files_dir and fetched is None:
        if store.unfinished_attachments(database, url):
            return {"is_report": True, "verdict": "not modified", "read_again": True}
        known = {one: kept for one, kept in store.stored_attachments(database, url).items() if one != url}
        if known:
            return {"is_report": True, "verdict": "not modified",
                    "fetch": [{"url": one, "name": kept["name"], **_validators(kept)} for one, kept in known.items()]}
    _queue(db_path, {"url": url, "fetched_at": context["fetched_at"], "unchanged": True,
                     "headers": (context.get("page") or {}).get("headers")})
    return {"is_report": True, "verdict": "not modified", "stored": "unchanged"}


def _queue(db_path: str, record: dict) -> None:
    pending = _pending.setdefault(db_path, [])
    pending.append(record)
    held = _pending_bytes[db_path] = _pending_bytes.get(db_path, 0) + held_bytes(record)
    if len(pending) >= STORE_BATCH or held >= STORE_BATCH_BYTES:
        flush_stored(db_path)


def held_bytes(value) -> int:
    """About the memory a queued record holds: its strings and bytes, its containers (nested rows and cells)."""
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(held_bytes(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return sys.getsizeof(value) + sum(held_bytes(item) for item in value)
    return sys.getsizeof(value)


def _body_from_attachment(result: CrawlExtraction, rows: list[dict], list_title: str) -> None:
    """A page that only points at its attachment (详见附件) takes the attachment's text as its body."""
    names = [a.get("name", "") for a in result["attachments"]]
    if not rows or not attachments.body_is_pointer(result["body_text"], names):
        return
    chosen = attachments.choose_body(rows)
    if chosen is None:
        return
    result.update(body_text=chosen["text"], body_html=chosen.get("html") or "", body_source=chosen["url"],
                  empty_reason="", stats=parse_stats(chosen.get("html") or "", chosen["text"]))
    if result.get("year") is None:
        result["year"] = report_year(result["title"], result["body_text"], result["published_at"])
    _classify(result, list_title)


def _stats_from_attachment(result: CrawlExtraction, rows: list[dict]) -> None:
    """A page whose own body holds no statistics tables may carry them in an attachment (统计表.xls, the
    PDF version of the report): the first attachment whose tables are the statistics tables counts."""
    if result.get("stats") is not None and result["stats"].tables_found:
        return
    for row in rows:
        tables = row.get("tables")
        if row.get("status") != "ok" or not tables or tables == "[]":
            continue
        stats = parse_stats(tables=json.loads(tables) if isinstance(tables, str) else tables)
        if stats.tables_found:
            result["stats"] = stats
            return


def _stats_fields(stats) -> dict:
    """The ``reports`` columns of a StatsResult, and its cells for ``report_stats``."""
    if stats is None or not stats.tables_found:
        return {"stats_template": "", "stats_identity_ok": None, "stats_summary": None, "stats_checks": None,
                "stats_problems": json.dumps(stats.problems, ensure_ascii=False) if stats and stats.problems
                else None, "stats_cells": []}
    return {
        "stats_template": stats.template,
        "stats_identity_ok": None if stats.identity_ok is None else int(stats.identity_ok),
        "stats_summary": json.dumps(stats.summary, ensure_ascii=False),
        "stats_checks": json.dumps([check for check in stats.checks if not check.get("ok")], ensure_ascii=False),
        "stats_problems": json.dumps(stats.problems, ensure_ascii=False) if stats.problems else None,
        "stats_cells": [{"section": cell.table, "block": cell.block, "row_label": cell.row, "column_label": cell.column,
                         "value": cell.value, "raw": cell.raw} for cell in stats.cells],
    }


def _record(result: CrawlExtraction, context: dict, body: bytes) -> dict:
    """The ``reports`` row of a result, with the work the database writer would otherwise do."""
    region = result.get("region") or {}
    record = {key: result[key] for key in store.REPORT_COLUMNS if key in result}
    record.update(context)
    record.update(_stats_fields(result.get("stats")))
    record.update(
        confidence=result["confidence"], verdict=result["verdict"],
        region_province=region.get("province", ""), region_city=region.get("city", ""),
        region_county=region.get("county", ""), region_code=region.get("code", ""),
        body_source=result.get("body_source") or "page",
        title_terms=index_terms(result["title"]), body_terms=index_terms(result["body_text"]),
    )
    record["raw_zlib"], record["raw_sha256"] = store.compress_raw(body)
    record["flags"] = json.dumps(result.get("flags") or [], ensure_ascii=False)
    return record


def worker_started() -> None:
    """A worker process ignores SIGINT and SIGTERM: Ctrl-C reaches the whole process group, and a worker stopped
    by it would lose the reports of its unwritten batch. The crawl process stops the workers itself (the pool is
    closed at the end of the crawl, and each writes its last batch as it exits)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def flush_stored(db_path: str | None = None) -> None:
    """Write the reports still waiting for their batch (all databases when db_path is None).

    A batch that fails (a value SQLite cannot hold, a locked database past its time-out) is written again
    report by report, so one bad record costs only itself; it is logged with its URL."""
    for path in [db_path] if db_path else list(_pending):
        records = _pending.pop(path, [])
        _pending_bytes.pop(path, None)
        if not records:
            continue
        try:
            store.store_reports(connection(path), records)
        except Exception:
            logger.warning("a batch of %d reports failed to store; storing them one by one", len(records))
            for record in records:
                try:
                    store.store_reports(connection(path), [record])
                except Exception:
                    logger.exception("could not store %s", record["url"])


def connection(db_path: str) -> sqlite_utils.Database:
    """This process's connection to db_path, opened once; reports queued here are written when it exits."""
    database = _databases.get(db_path)
    if database is None:
        database = _databases[db_path] = store.open_db(db_path)
        # A worker process ends without running atexit handlers; multiprocessing's finalizers do run.
        multiprocessing.util.Finalize(None, flush_stored, exitpriority=10)
    return database
