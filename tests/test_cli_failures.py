"""A crawl that meets walls and dead hosts says so, keeps going, and loses nothing it already has."""

from __future__ import annotations

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from govreports.crawl.blocked import BLOCKED_STATUSES
from tests.crawling import FAST, govreports


class _Wall(BaseHTTPRequestHandler):
    """Answers like a site behind an anti-bot wall: the wall's status (412 for 瑞数 (Rivers Security), 521 for
    加速乐 (Jiasule), 403 for a WAF) and an obfuscated challenge script."""

    status = 412

    def do_GET(self):
        if self.path == "/robots.txt":
            self.send_error(404)
            return
        body = b"<html><head><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;</script></head></html>"
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(params=[403, 412, 521])
def walled_site(request):
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Wall", (_Wall,), {"status": request.param}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", request.param
    server.shutdown()


def test_an_anti_bot_wall_is_recorded_as_blocked_not_bypassed(walled_site, tmp_path):
    site, status = walled_site
    db = tmp_path / "r.db"
    result = govreports("crawl", site + "/", "--db", str(db), *FAST)
    assert result.returncode == 1, result.stderr[-2000:]  # for cron: the site's every fetch failed
    assert f"site {site}: all 1 fetches failed" in result.stderr
    assert "1 blocked" in result.stdout
    assert "recorded as blocked" in result.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT status, outcome, message FROM crawl_log WHERE outcome = 'blocked'").fetchall()
    assert rows == [(status, "blocked", BLOCKED_STATUSES[status])]


def test_a_dead_host_is_an_error_and_earlier_reports_stay(demo_portal, tmp_path):
    db = tmp_path / "r.db"
    assert govreports("crawl", demo_portal.start_urls["trs"], "--db", str(db), *FAST).returncode == 0
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    result = govreports("crawl", "http://127.0.0.1:9/", "--db", str(db), *FAST, "-s", "RETRY_TIMES=1")
    assert result.returncode == 1
    assert "0 pages fetched" in result.stdout and "1 errors" in result.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == before
        (outcome, message), = conn.execute("SELECT outcome, message FROM crawl_log WHERE url LIKE '%:9/%'").fetchall()
    assert outcome == "error" and "refused" in message.lower()
