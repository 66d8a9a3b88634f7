"""The whole per-page job as one picklable function, so it can run in a worker process."""

from __future__ import annotations

import json
import logging
import multiprocessing.util
import signal

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
    # extract_page judged the page alone; here the list's link text counts too (and a file has no kind yet)
    kind = classify_kind(result["title"], result["body_text"], list_title, verdict)
    result.update(kind=kind.kind, kind_confidence=kind.confidence)


logger = logging.getLogger(__name__)
_databases: dict[str, sqlite_utils.Database] = {}
_pending: dict[str, list[dict]] = {}
STORE_BATCH = 50  # reports per transaction: one commit per report costs the full-text index twice as much


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
    database = _database(db_path)
    rows: list[dict] = []
    if files_dir:
        rows, missing = _attachment_rows(result, body, content_type, context, database, files_dir, fetched)
        if missing:
            return {"is_report": True, "verdict": result["verdict"], "fetch": missing}
        if "document" not in result:
            _body_from_attachment(result, rows, context.get("list_title", ""))
            _stats_from_attachment(result, rows)
            if not result["body_text"].strip():  # neither the page nor its files hold any text
                return {"is_report": False, "verdict": "empty body: no text on the page or in its attachments"}
    result.pop("document", None)
    # A report that is a file kept under files_dir: its version rows point there by sha256 instead of
    # holding the file a second time.
    kept_file = rows[0] if rows and rows[0]["url"] == url and rows[0]["sha256"] else None
    record = _record(result, context, b"" if kept_file else body)
    if kept_file:
        record["raw_sha256"] = kept_file["sha256"]
    record["attachment_rows"] = rows
    outcome = store.store_outcome(database, record)
    pending = _pending.setdefault(db_path, [])
    pending.append(record)
    if len(pending) >= STORE_BATCH:
        flush_stored(db_path)
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    return {"is_report": True, "verdict": result["verdict"], "stored": outcome, "attachments": statuses,
            "body_source": record["body_source"], "stats_identity_ok": record["stats_identity_ok"],
            "stats_tables": bool(record["stats_cells"]), "stats_problems": bool(record["stats_problems"])}


def _attachment_rows(result: CrawlExtraction, body: bytes, content_type: str, context: dict, database, files_dir: str,
                     fetched: list[dict] | None) -> tuple[list[dict], list[dict]]:
    """(the ``attachments`` rows of this report, the attachments still to download first).

    A report that is a file is its own attachment. A page's attachments stored by an earlier crawl are not
    downloaded again; the others are asked for once (``fetched`` is None) and read when they come."""
    url, fetched_at = context["url"], context["fetched_at"]
    if "document" in result:
        itself = {"url": url, "name": result["title"], "status": "ok", "message": "", "body": body,
                  "content_type": content_type}
        return [attachment_row(database, files_dir, url, itself, fetched_at, result["document"])], []
    wanted = attachments.fetchable(result["attachments"], result.get("year"))
    known = store.stored_attachments(database, url) if wanted else {}
    missing = [a for a in wanted if a["url"] not in known]
    if missing and fetched is None:
        return [], missing
    rows = [attachment_row(database, files_dir, url, one, fetched_at) for one in fetched or ()]
    rows += [{**known[a["url"]], "report_url": url, "fetched_at": fetched_at} for a in wanted if a["url"] in known]
    return rows, []


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
        if not records:
            continue
        try:
            store.store_reports(_database(path), records)
        except Exception:
            logger.warning("a batch of %d reports failed to store; storing them one by one", len(records))
            for record in records:
                try:
                    store.store_reports(_database(path), [record])
                except Exception:
                    logger.exception("could not store %s", record["url"])


def _database(db_path: str) -> sqlite_utils.Database:
    database = _databases.get(db_path)
    if database is None:
        database = _databases[db_path] = store.open_db(db_path)
        # A worker process ends without running atexit handlers; multiprocessing's finalizers do run.
        multiprocessing.util.Finalize(None, flush_stored, exitpriority=10)
    return database
