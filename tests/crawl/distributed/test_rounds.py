"""A distributed crawl's bookkeeping: the writer records a ``crawls`` row, the crawl log and ``crawl_sites`` from
what workers handed over, and closes the crawl once it is over.

The Redis side is driven as workers and seeders drive it (``govreports.crawl.distributed.rounds``); the writer is
the real ``govreports ingest``, ``govreports status`` reads the result; Redis and SQLite are real.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

from govreports.crawl.distributed import rounds
from govreports.crawl.distributed.keys import Keys
from tests.crawl.distributed.conftest import needs_redis
from tests.crawl.distributed.test_writer import REPORTS, ingest, page
from tests.crawling import govreports

pytestmark = needs_redis

KEYS = Keys("govreports")
SITE = "http://127.0.0.1:8001"
API = "http://api.127.0.0.1:8002"  # a further list-API host the site declared


def _row(path: str, outcome: str, status: int = 200, message: str = "", base: str = SITE) -> dict:
    return {"url": base + path, "status": status, "outcome": outcome, "message": message,
            "fetched_at": "2026-12-03T10:00:00.000+00:00"}


def _crawls(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, reason, finished_at IS NOT NULL, start_urls, summary FROM crawls").fetchall()


def _site_figures(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT crawl_id, site, pages, reports_new, errors, blocked, robots_forbidden, problem "
                            "FROM crawl_sites ORDER BY crawl_id, site").fetchall()


def _seed(client, start_urls=(SITE + "/index.html",), sites=None) -> str:
    rounds.start_round(client, KEYS)
    return rounds.add_to_round(client, KEYS, list(start_urls), sites or {"county": [SITE]}, {"api.127.0.0.1": "county"})


def test_the_crawl_stays_running_until_its_workers_stopped_and_is_then_closed_with_its_figures(redis_server, tmp_path):
    client = redis_server.client()
    round_id = _seed(client)
    joined = [rounds.worker_opened(client, KEYS) for _ in range(2)]
    log = rounds.LogPusher(client, KEYS)
    for row in [_row("/robots.txt", "robots"), _row("/index.html", "portal"), _row("/ndbg/", "column"),
                _row("/ndbg/nbk/1.html", "robots-forbidden", 0), _row("/ndbg/2.html", "error", 500, "HttpError"),
                _row("/list?page=1", "column", base=API), _row("/ndbg/3.html", "decoy", message="not a report")]:
        log(row)
    client.rpush(KEYS.items, page(REPORTS[0], SITE, round_id), page(REPORTS[1], SITE, round_id))
    rounds.worker_closed(client, KEYS, joined[0], {"pages_fetched": 5, "handed_off": 2}, "finished")
    db = tmp_path / "g.db"

    # one worker still runs: what is there is stored, and the crawl shows as running
    result = ingest(redis_server, db)
    assert "9 crawl-log rows, crawls closed: none" in result.stdout, result.stdout
    assert _crawls(db) == [(1, None, False, json.dumps([SITE + "/index.html"]), None)]
    status = govreports("status", "--db", str(db), "--json")
    assert json.loads(status.stdout)["last_run"][0]["reason"] == "running"
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT outcome, message FROM crawl_log WHERE outcome = 'report'")) == \
            [("report", "new"), ("report", "new")]

    rounds.worker_closed(client, KEYS, joined[1], {"pages_fetched": 4, "handed_off": 0}, "finished")
    result = ingest(redis_server, db)
    assert "0 crawl-log rows, crawls closed: #1" in result.stdout, result.stdout
    (_, reason, finished, _, summary), = _crawls(db)
    assert (reason, finished) == ("finished", True)
    assert json.loads(summary) == {"pages_fetched": 9, "handed_off": 2}
    # the API host's page counts for the site that declared it; robots.txt is no page; the decoy is a page fetched,
    # not a report
    assert _site_figures(db) == [(1, "county", 6, 2, 1, 0, 1, "")]
    status = govreports("status", "--db", str(db))
    assert "last crawl #1: started" in status.stdout and "(finished), 1 start URL(s), 9 pages" in status.stdout
    assert not [key for key in client.keys(f"{KEYS.prefix}:round:*")], "the closed round's keys are gone"
    assert client.smembers(KEYS.rounds) == set()


def test_a_crawl_one_of_whose_workers_was_killed_is_closed_a_while_after_it_finished(redis_server, tmp_path):
    client = redis_server.client()
    round_id = _seed(client)
    killed, stopped = rounds.worker_opened(client, KEYS), rounds.worker_opened(client, KEYS)
    rounds.LogPusher(client, KEYS)(_row("/index.html", "portal"))
    rounds.worker_closed(client, KEYS, stopped, {"pages_fetched": 1}, "finished")  # `killed` never says
    db = tmp_path / "g.db"
    assert "crawls closed: none" in ingest(redis_server, db).stdout
    long_ago = datetime.now(timezone.utc) - timedelta(seconds=rounds.CLOSE_GRACE + 1)
    client.hset(KEYS.round(round_id), "finished_at", long_ago.isoformat(timespec="milliseconds"))
    assert "crawls closed: #1" in ingest(redis_server, db).stdout
    assert [(reason, finished) for _, reason, finished, _, _ in _crawls(db)] == [("finished", True)]
    assert killed == stopped == round_id


def test_each_row_goes_to_the_round_it_was_logged_in_and_a_new_round_ends_one_never_finished(redis_server, tmp_path):
    client = redis_server.client()
    log = rounds.LogPusher(client, KEYS)
    log(_row("/before-any-round.html", "portal"))  # a worker started before any seeder: nothing to count it in
    first = _seed(client, [SITE + "/a.html"])
    rounds.worker_opened(client, KEYS)
    log(_row("/a.html", "portal"))
    # the workers were stopped (SIGTERM) just as the queue ran dry; the next seeder starts a new round
    second = _seed(client, [SITE + "/b.html", SITE + "/c.html"], {"other": [SITE]})
    joined = rounds.worker_opened(client, KEYS)
    log(_row("/b.html", "portal"))
    log(_row("/c.html", "blocked", 412))
    client.rpush(KEYS.items, page(REPORTS[0], SITE, second))
    rounds.worker_closed(client, KEYS, joined, {"pages_fetched": 2}, "finished")
    db = tmp_path / "g.db"
    assert "crawls closed: #1, #2" in ingest(redis_server, db).stdout
    assert first != second
    assert [(reason, json.loads(urls)) for _, reason, _, urls, _ in _crawls(db)] == [
        ("shutdown", [SITE + "/a.html"]), ("finished", [SITE + "/b.html", SITE + "/c.html"])]
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT crawl_id, url FROM crawl_log")) == [
            (1, SITE + "/a.html"), (2, SITE + "/b.html"), (2, SITE + "/c.html"), (2, SITE + REPORTS[0])]
    assert _site_figures(db) == [(1, "county", 1, 0, 0, 0, 0, "no report found"), (2, "other", 2, 1, 0, 1, 0, "")]


def test_round_ids_sort_as_the_rounds_started_even_within_one_millisecond(redis_server):
    """The writer numbers crawls by sorting round ids: rounds started back to back (many in one millisecond)
    must still sort in the order they started."""
    client = redis_server.client()
    started = [rounds.start_round(client, KEYS) for _ in range(60)]
    assert len(set(started)) == len(started)
    assert sorted(started) == started
