"""Per-site outcomes of a crawl, counted from its crawl log, and the status read back from a real database."""

from __future__ import annotations

import json
import subprocess
import sys

from govreports import store
from govreports.store import crawl_sites
from tests.paths import REPO

A, B = "http://a.test", "https://b.test:8443"
SITES = {"a": [A], "b": [B], "quiet": ["http://quiet.test"], "silent": ["http://silent.test"]}
LOG = [
    (f"{A}/robots.txt", 200, "robots", ""),
    (f"{A}/", 200, "portal", ""),
    (f"{A}/ndbg/", 200, "column", ""),
    (f"{A}/ndbg/1.html", 200, "report", "new"),
    (f"{A}/ndbg/2.html", 200, "report", "updated"),
    (f"{A}/ndbg/3.html", 200, "report", "unchanged"),
    (f"{A}/ndbg/4.html", 200, "decoy", "not an annual report"),
    (f"{A}/ndbg/5.html", 0, "error", "TimeoutError"),
    (f"{A}/ndbg/6.html", 410, "gone", "HTTP 410"),  # a known report removed: neither a page nor a failure
    ("https://api.a.test/list?page=2", 200, "column", ""),  # a further API host a declared
    ("http://stranger.test/x", 200, "page", ""),  # no site's: not counted
    (f"{B}/robots.txt", 404, "robots", ""),
    (f"{B}/", 404, "portal", ""),
    (f"{B}/", 404, "error", "Ignoring non-200 response"),
    ("http://quiet.test/", 200, "portal", ""),
    ("http://quiet.test/zwgk/", 403, "blocked", "anti-bot wall"),
]


def test_figures_per_site_and_what_cron_should_hear_of():
    rows = {row["site"]: row for row in crawl_sites.figures(LOG, SITES, {"api.a.test": "a"})}
    assert rows["a"] == {"site": "a", "origins": [A], "pages": 7, "reports_new": 1, "reports_changed": 1,
                         "reports_unchanged": 1, "reports_gone": 1, "decoys": 1, "errors": 1, "blocked": 0,
                         "robots_forbidden": 0, "problem": ""}
    assert rows["b"]["problem"] == "all 1 fetches failed" and rows["b"]["pages"] == 0
    assert rows["quiet"]["problem"] == "no report found" and rows["quiet"]["blocked"] == 1
    assert rows["silent"]["problem"] == "nothing fetched"


def _crawled_db(tmp_path):
    db = store.open_db(tmp_path / "g.db")
    crawl_id = store.start_crawl(db, "2026-01-01T00:00:00", [f"{A}/", f"{B}/"])
    store.log_fetches(db, [{"crawl_id": crawl_id, "url": url, "status": status, "outcome": outcome,
                            "message": message, "fetched_at": "2026-01-01T00:00:01"}
                           for url, status, outcome, message in LOG])
    store.finish_crawl(db, crawl_id, "2026-01-01T00:01:00", "finished", {"pages_fetched": 9})
    db["reports"].insert_all([{"url": f"{A}/ndbg/{i}.html", "site": A, "year": year}
                              for i, year in enumerate((2019, 2020, 2020), 1)])
    db["reports"].insert({"url": "http://old.test/1.html", "site": "http://old.test", "year": 2018})
    return db, crawl_id


def test_record_keeps_a_row_per_site(tmp_path):
    db, crawl_id = _crawled_db(tmp_path)
    crawl_sites.record(db, crawl_id, {"a": [A], "b": [B]})
    rows = list(db.query("SELECT site, origins, pages, problem FROM crawl_sites WHERE crawl_id = ? ORDER BY site",
                         [crawl_id]))
    assert rows == [{"site": "a", "origins": json.dumps([A]), "pages": 6, "problem": ""},
                    {"site": "b", "origins": json.dumps([B]), "pages": 0, "problem": "all 1 fetches failed"}]
    assert db["crawls"].get(crawl_id)["reason"] == "finished"


def test_status_per_site_last_crawl_and_its_failed_fetches(tmp_path):
    db, crawl_id = _crawled_db(tmp_path)
    crawl_sites.record(db, crawl_id, {"a": [A], "b": [B]})
    report = crawl_sites.status(db, {"a": [A], "b": [B], "new": ["http://new.test"]})
    assert [crawl["id"] for crawl in report["last_run"]] == [crawl_id]
    assert report["last_run"][0]["reason"] == "finished"
    sites = {site["site"]: site for site in report["sites"]}
    assert (sites["a"]["reports"], sites["a"]["first_year"], sites["a"]["last_year"], sites["a"]["years"]) == (
        3, 2019, 2020, 2)
    assert sites["a"]["errors"] == [{"url": f"{A}/ndbg/5.html", "status": 0, "outcome": "error",
                                     "message": "TimeoutError"}]
    assert sites["b"]["last_crawl"]["problem"] == "all 1 fetches failed"
    assert sites["new"]["last_crawl"] is None and sites["new"]["registered"]
    # reports of a site crawled on demand and never registered are listed by their origin
    assert sites["http://old.test"]["reports"] == 1 and not sites["http://old.test"]["registered"]


def test_status_lists_a_dead_host_crawled_by_url(tmp_path):
    db, crawl_id = _crawled_db(tmp_path)
    crawl_sites.record(db, crawl_id, {A: [A], B: [B]})
    sites = {site["site"]: site for site in crawl_sites.status(db, {})["sites"]}
    assert sites[B]["reports"] == 0 and sites[B]["last_crawl"]["problem"] == "all 1 fetches failed"
    assert list(sites) == [A, "http://old.test", B]


def test_a_crawl_whose_process_was_killed_reads_as_killed_and_a_live_one_as_running(tmp_path):
    path = tmp_path / "g.db"
    script = ("import sys, time; from govreports import store; "
              "store.start_crawl(store.open_db(sys.argv[1]), '2026-01-01T00:00:00', ['http://a.test/']); "
              "print('open', flush=True); time.sleep(120)")
    process = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "open"
        db = store.open_db(path)
        assert crawl_sites.status(db, {})["last_run"][0]["reason"] == "running"
    finally:
        process.kill()  # SIGKILL: the crawl never writes its end
        process.wait()
        process.stdout.close()
    own = store.start_crawl(db, "2026-01-01T00:05:00", ["http://a.test/"])  # the next crawl marks it
    reasons = {row["id"]: row["reason"] for row in db["crawls"].rows}
    assert reasons == {own - 1: "killed", own: None}
    assert crawl_sites.status(db, {})["last_run"][0]["reason"] == "running"  # this process's own crawl
