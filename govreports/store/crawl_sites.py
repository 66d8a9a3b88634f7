"""Per-site outcomes of a crawl (``crawl_sites``), and what ``govreports status`` reads.

A site's figures are counted from the crawl log after the crawl, not by the crawl's components: the log already
holds every fetch with its outcome, and counting there keeps the spider and its extensions unaware of sites'
names. A site is a set of origins (``scheme://host[:port]``, what the spider keys its download slots by); its
name is its registry name, or the origin itself for a site crawled on demand.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import sqlite_utils

from govreports.crawl.discovery import site_of
from govreports.store import crawls
from govreports.store.queries import clean_reports_where
from govreports.store.schema import add_missing_columns

CRAWL_SITE_COLUMNS = {
    "id": int, "crawl_id": int, "site": str, "origins": str, "pages": int, "reports_new": int,
    "reports_changed": int, "reports_unchanged": int, "reports_gone": int, "decoys": int, "errors": int,
    "blocked": int, "robots_forbidden": int, "problem": str,
}
# Fetches that brought nothing back; "robots" rows (robots.txt itself) are neither success nor failure.
FETCH_FAILURES = ("error", "blocked", "robots-forbidden", "too_large")
_FIGURE_OF_OUTCOME = {"decoy": "decoys", "blocked": "blocked", "robots-forbidden": "robots_forbidden",
                      "error": "errors", "unreadable": "errors", "gone": "reports_gone"}
_REPORT_FIGURE = {"new": "reports_new", "updated": "reports_changed", "unchanged": "reports_unchanged"}


def ensure_schema(db: sqlite_utils.Database) -> None:
    """The tables and columns this module writes, added to a database of any age."""
    if "crawl_sites" not in db.table_names():
        db["crawl_sites"].create(CRAWL_SITE_COLUMNS, pk="id", not_null={"crawl_id", "site"})
        db["crawl_sites"].create_index(["site", "crawl_id"])
    else:
        add_missing_columns(db["crawl_sites"], CRAWL_SITE_COLUMNS)  # reports_gone came with issue 11
    crawls.ensure_schema(db)


def figures(log_rows, sites: dict[str, list[str]], api_hosts: dict[str, str] | None = None) -> list[dict]:
    """One row of figures per site (name -> its origins) from a crawl's log rows (url, status, outcome, message).

    A fetch belongs to the site whose origin it has, or, on a further API host, to the site that declared it.
    ``problem`` says why cron should hear of the site: no report at all (new or known), or every fetch failed.
    """
    site_of_origin = {origin: name for name, origins in sites.items() for origin in origins}
    rows = {name: {"site": name, "origins": origins, **dict.fromkeys(
        [c for c in CRAWL_SITE_COLUMNS if c not in ("id", "crawl_id", "site", "origins", "problem")], 0),
        "failed": 0} for name, origins in sites.items()}
    for url, status, outcome, message in log_rows:
        name = site_of_origin.get(site_of(url)) or (api_hosts or {}).get(urlsplit(url).hostname or "")
        if name is None:
            continue
        row = rows[name]
        if outcome in FETCH_FAILURES:
            row["failed"] += 1
        elif outcome != "robots" and status and 200 <= status < 400:
            row["pages"] += 1
        if outcome == "report" and message in _REPORT_FIGURE:
            row[_REPORT_FIGURE[message]] += 1
        elif outcome in _FIGURE_OF_OUTCOME:
            row[_FIGURE_OF_OUTCOME[outcome]] += 1
    for row in rows.values():
        failed = row.pop("failed")
        reports = row["reports_new"] + row["reports_changed"] + row["reports_unchanged"]
        if not row["pages"] and failed:
            row["problem"] = f"all {failed} fetches failed"
        elif not row["pages"]:
            row["problem"] = "nothing fetched"
        elif not reports:
            row["problem"] = "no report found"
        else:
            row["problem"] = ""
    return list(rows.values())


def record(db: sqlite_utils.Database, crawl_id: int, sites: dict[str, list[str]],
           api_hosts: dict[str, str] | None = None) -> list[dict]:
    """Count a closing crawl's figures per site into ``crawl_sites``; returns the rows. (Reports are named by
    their registered site as they are stored: ``reports.registry_site``.)"""
    ensure_schema(db)
    log = db.execute("SELECT url, status, outcome, message FROM crawl_log WHERE crawl_id = ?", [crawl_id])
    rows = figures(log.fetchall(), sites, api_hosts)
    with db.conn:
        db["crawl_sites"].insert_all(
            [{**row, "crawl_id": crawl_id, "origins": json.dumps(row["origins"])} for row in rows])
    return rows


# --- status ---------------------------------------------------------------------------------------------------


def status(db: sqlite_utils.Database, sites: dict[str, list[str]], error_lines: int = 5) -> dict:
    """What ``govreports status`` shows: the last run (its crawls: one, or one a group of sites with settings of
    their own), and per site its stored reports and its last crawl with that crawl's failed fetches."""
    ensure_schema(db)
    crawls.mark_killed(db)
    columns = "id, started_at, finished_at, reason, start_urls, summary"
    latest = db.execute("SELECT id, run_id FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    run = db.execute(f"SELECT {columns} FROM crawls WHERE id = ? OR run_id = ? ORDER BY id",
                     [latest[0], latest[1] or latest[0]]).fetchall() if latest else []
    claimed = {origin for origins in sites.values() for origin in origins}
    # Sites crawled by URL: the origins of stored reports and of crawls (a dead host has no report to show).
    unregistered = [row[0] for row in db.execute(
        "SELECT site FROM reports WHERE registry_site IS NULL UNION SELECT site FROM crawl_sites WHERE site LIKE "
        "'%://%' ORDER BY 1") if row[0] not in claimed]
    everyone = {**sites, **{origin: [origin] for origin in unregistered}}
    return {
        "last_run": [_crawl(row) for row in run],
        "sites": [_site_status(db, name, origins, name in sites, error_lines) for name, origins in everyone.items()],
    }


def _crawl(row) -> dict:
    crawl_id, started_at, finished_at, reason, start_urls, summary = row
    # A crawl killed outright (kill -9, a crash) is marked killed (crawls.mark_killed); one still running has no end.
    return {"id": crawl_id, "started_at": started_at, "finished_at": finished_at,
            "reason": reason or ("finished" if finished_at else crawls.RUNNING),
            "start_urls": json.loads(start_urls or "[]"), "summary": json.loads(summary or "{}")}


def _site_status(db, name: str, origins: list[str], registered: bool, error_lines: int) -> dict:
    marks = ", ".join("?" * len(origins))
    clean = clean_reports_where()
    count, gone, first, last, years, flagged = db.execute(
        f"SELECT COUNT(*), COUNT(gone_at), MIN(year), MAX(year), COUNT(DISTINCT year), "
        f"(SELECT COUNT(*) FROM reports WHERE NOT {clean} AND (registry_site = ? OR site IN ({marks}))) "
        f"FROM reports WHERE {clean} AND (registry_site = ? OR site IN ({marks}))",
        [name, *origins, name, *origins]).fetchone()
    latest = db.execute(
        "SELECT s.crawl_id, c.started_at, c.finished_at, c.reason, s.pages, s.reports_new, s.reports_changed, "
        "s.reports_unchanged, COALESCE(s.reports_gone, 0), s.errors, s.blocked, s.problem "
        "FROM crawl_sites s JOIN crawls c ON c.id = s.crawl_id "
        "WHERE s.site = ? ORDER BY s.crawl_id DESC LIMIT 1", [name]).fetchone()
    site = {"site": name, "registered": registered, "origins": origins, "reports": count, "gone": gone,
            "first_year": first, "last_year": last, "years": years, "flagged": flagged, "last_crawl": None,
            "errors": []}
    if latest:
        keys = ("crawl_id", "started_at", "finished_at", "reason", "pages", "reports_new", "reports_changed",
                "reports_unchanged", "reports_gone", "errors", "blocked", "problem")
        site["last_crawl"] = dict(zip(keys, latest, strict=True))
        site["last_crawl"]["reason"] = _crawl((latest[0], None, latest[2], latest[3], None, None))["reason"]
        clauses = " OR ".join("url LIKE ?" for _ in origins)
        site["errors"] = [
            {"url": url, "status": status, "outcome": outcome, "message": message}
            for url, status, outcome, message in db.execute(
                f"SELECT url, status, outcome, message FROM crawl_log WHERE crawl_id = ? AND outcome IN "
                f"({', '.join('?' * len(FETCH_FAILURES))}, 'unreadable') AND ({clauses}) ORDER BY id LIMIT ?",
                [latest[0], *FETCH_FAILURES, *[origin + "/%" for origin in origins], error_lines])
        ]
    return site
