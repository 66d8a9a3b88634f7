"""Hijacked reports (``reports.flags``) are stored, and kept out of clean counts and searches unless asked.

Pages go through the crawl's own per-page job (``process_and_store``) into a real SQLite file."""

from __future__ import annotations

import json

from govreports import store
from govreports.ingest import flush_stored, process_and_store
from govreports.store import crawl_sites
from tests.crawl.fault_portal import hijacked_body_page, hijacked_title_page, report_page

SITE = "http://www.fault.gov.cn"


def _stored(tmp_path) -> str:
    db = str(tmp_path / "r.db")
    pages = {"clean.html": report_page("东山县人民政府"), "title.html": hijacked_title_page(),
             "body.html": hijacked_body_page()}
    for name, page in pages.items():
        context = {"url": f"{SITE}/ndbg/{name}", "site": SITE, "list_title": "", "list_date": "",
                   "fetched_at": "2026-01-01T00:00:00+00:00"}
        outcome = process_and_store(page, context, "text/html; charset=utf-8", db)
        assert outcome["stored"] == "new" and outcome["flagged"] == (name != "clean.html")
    flush_stored(db)
    return db


def test_flags_are_stored_as_a_json_list(tmp_path):
    database = store.open_db(_stored(tmp_path))
    flags = {row["url"].rsplit("/", 1)[1]: json.loads(row["flags"]) for row in database["reports"].rows}
    assert flags["clean.html"] == [] and "spam_title" in flags["title.html"] and "spam_body" in flags["body.html"]


def test_search_leaves_flagged_reports_out_unless_asked(tmp_path):
    database = store.open_db(_stored(tmp_path))
    assert [row["url"] for row in store.search(database, ["政府信息公开"])] == [f"{SITE}/ndbg/clean.html"]
    assert len(store.search(database, ["政府信息公开"], flagged=True)) == 3


def test_counts_are_of_clean_reports_and_say_how_many_are_flagged(tmp_path):
    database = store.open_db(_stored(tmp_path))
    (summary,) = store.site_summary(database)
    assert (summary["reports"], summary["flagged"], summary["years"]) == (1, 2, 1)
    (site,) = crawl_sites.status(database, {"fault": [SITE]})["sites"]
    assert (site["reports"], site["flagged"]) == (1, 2)


def test_the_clean_condition_reads_rows_stored_before_the_column(tmp_path):
    database = store.open_db(_stored(tmp_path))
    database.execute("UPDATE reports SET flags = NULL WHERE url LIKE '%title.html'")
    clean = database.execute(f"SELECT COUNT(*) FROM reports r WHERE {store.clean_reports_where('r')}").fetchone()
    assert clean == (2,)
