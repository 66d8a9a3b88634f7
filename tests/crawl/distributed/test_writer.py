"""The one writer (``govreports ingest``) against a real redis-server and a real SQLite file."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

from govreports.crawl.distributed import handoff
from govreports.crawl.distributed.keys import Keys
from tests.crawl.distributed.conftest import needs_redis
from tests.crawling import govreports
from tests.paths import DEMO_ROOT, REPO

pytestmark = needs_redis

KEYS = Keys("govreports")


def page(path: str, site: str = "http://127.0.0.1:8001", round_id: str = "") -> bytes:
    """A report page of the demo portal as a worker hands it over (the TRS site's bytes, no attachments), fetched
    in crawl round ``round_id``."""
    body = (DEMO_ROOT / "trs" / path.lstrip("/")).read_bytes()
    context = {"url": site + path, "site": site, "list_title": "", "list_date": "",
               "fetched_at": "2026-12-03T10:00:00.000+00:00"}
    return handoff.encode(body, context, "text/html", [], round_id)


REPORTS = ["/zwgk/ndbg/202401/t20240121_126815.shtml", "/zwgk/ndbg/202502/t20250204_128077.shtml"]


def ingest(redis_server, db, *extra):
    return govreports("ingest", "--redis", redis_server.url, "--db", str(db), "-s", "GOVREPORTS_ATTACHMENTS=False",
                      *extra)


def _versions(db) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT url, version FROM report_versions"))


def test_a_page_handed_over_twice_is_stored_once(redis_server, tmp_path):
    client = redis_server.client()
    client.rpush(KEYS.items, page(REPORTS[0]), page(REPORTS[1]), page(REPORTS[0]))
    db = tmp_path / "g.db"
    result = ingest(redis_server, db)
    assert result.returncode == 0, result.stderr
    assert "ingested 3 pages: reports 2 new; 0 not reports, 0 unreadable, 1 handed over twice" in result.stdout
    assert [version for _, version in _versions(db)] == [1, 1]
    assert client.llen(KEYS.items) == 0 and client.llen(KEYS.ingesting) == 0
    # handed over again in a later crawl with the same content: seen again, no second version
    client.rpush(KEYS.items, page(REPORTS[0]))
    result = ingest(redis_server, db)
    assert "reports 1 unchanged" in result.stdout
    assert [version for _, version in _versions(db)] == [1, 1]


def test_pages_a_killed_writer_had_taken_are_taken_again(redis_server, tmp_path):
    client = redis_server.client()
    client.rpush(KEYS.ingesting, page(REPORTS[0]))  # taken by a writer that died before its commit
    client.rpush(KEYS.items, page(REPORTS[1]))
    db = tmp_path / "g.db"
    result = ingest(redis_server, db)
    assert "ingested 2 pages: reports 2 new" in result.stdout
    assert len(_versions(db)) == 2


def test_a_second_writer_is_refused_while_one_runs(redis_server, tmp_path):
    client = redis_server.client()
    client.set(KEYS.ingest_lock, "otherhost:4242:abc", ex=60)
    client.rpush(KEYS.items, page(REPORTS[0]))
    result = ingest(redis_server, tmp_path / "g.db")
    assert result.returncode == 2
    assert "another ingest writes this crawl (otherhost:4242:abc)" in result.stderr
    assert client.llen(KEYS.items) == 1, "nothing was taken"


def test_with_follow_the_writer_waits_for_pages_until_told_to_stop(redis_server, tmp_path):
    db = tmp_path / "g.db"
    process = subprocess.Popen([sys.executable, "-m", "govreports.cli", "ingest", "--redis", redis_server.url,
                                "--db", str(db), "--follow", "-s", "GOVREPORTS_ATTACHMENTS=False"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    client = redis_server.client()
    deadline = time.monotonic() + 60
    while not client.exists(KEYS.ingest_lock) and time.monotonic() < deadline:
        time.sleep(0.05)
    client.rpush(KEYS.items, page(REPORTS[0]))
    while client.llen(KEYS.items) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "still following"
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "ingested 1 pages: reports 1 new" in out
    assert len(_versions(db)) == 1 and not client.exists(KEYS.ingest_lock)
