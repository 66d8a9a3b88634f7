"""The site registry and monitoring commands, run as cron would: ``sites``, ``crawl --all``, ``status``."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.crawling import FAST, govreports
from tests.paths import REPO


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def site_answering_404(tmp_path):
    """A site serving an empty folder: its start URL (and robots.txt) answer 404."""
    empty = tmp_path / "empty"
    empty.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(empty)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_sites_add_list_show_remove(tmp_path):
    db = str(tmp_path / "data" / "g.db")
    added = govreports("sites", "add", "guangzhou", "https://www.gz.gov.cn/zwgk/ndbg/", "--region", "440100",
                       "--delay", "2", "--concurrency", "1", "--browser", "--api-host", "api.gz.gov.cn",
                       "--set", "DOWNLOAD_TIMEOUT=120", "--db", db)
    assert added.returncode == 0, added.stderr
    registry = tmp_path / "data" / "sites.toml"  # beside the database
    assert f"registered guangzhou (1 start URL(s)) in {registry}" in added.stdout
    assert govreports("sites", "add", "shenzhen", "http://www.sz.gov.cn/", "--db", db).returncode == 0

    listed = govreports("sites", "list", "--db", db)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[1].split() == ["guangzhou", "440100", "2", "yes", "https://www.gz.gov.cn/zwgk/ndbg/"]
    assert "2 site(s)" in listed.stdout
    as_json = [json.loads(line) for line in govreports("sites", "list", "--json", "--sites", str(registry)).stdout.splitlines()]
    assert as_json[0] == {"name": "guangzhou", "start_urls": ["https://www.gz.gov.cn/zwgk/ndbg/"], "region": "440100",
                          "delay": 2.0, "concurrency": 1, "browser": True, "api_hosts": ["api.gz.gov.cn"],
                          "settings": {"DOWNLOAD_TIMEOUT": 120}}
    shown = govreports("sites", "show", "guangzhou", "--db", db)
    assert shown.stdout.startswith('[sites.guangzhou]\nstart_urls = ["https://www.gz.gov.cn/zwgk/ndbg/"]\n')
    assert "[sites.guangzhou.settings]\nDOWNLOAD_TIMEOUT = 120\n" in shown.stdout

    assert govreports("sites", "remove", "guangzhou", "--db", db).returncode == 0
    assert [site["name"] for site in map(json.loads, govreports(
        "sites", "list", "--json", "--db", db).stdout.splitlines())] == ["shenzhen"]
    missing = govreports("sites", "show", "guangzhou", "--db", db)
    assert missing.returncode == 2 and "no site named 'guangzhou'" in missing.stderr


def test_a_bad_registry_is_bad_input_naming_file_and_line(tmp_path):
    registry = tmp_path / "sites.toml"
    registry.write_text('[sites.a]\nstart_urls = ["http://a.test/"]\ndealy = 2\n', "utf-8")
    for command in (["sites", "list"], ["crawl", "--all"], ["sites", "add", "b", "http://b.test/"]):
        result = govreports(*command, "--sites", str(registry))
        assert result.returncode == 2
        assert f"govreports: {registry}:3: site 'a': unknown key 'dealy'" in result.stderr
    duplicate = govreports("sites", "add", "b", "https://b.test/", "--sites", str(tmp_path / "new.toml"))
    assert duplicate.returncode == 0
    taken = govreports("sites", "add", "c", "https://b.test/other/", "--sites", str(tmp_path / "new.toml"))
    assert taken.returncode == 2 and "claimed by two sites, 'b' and 'c'" in taken.stderr
    bad_setting = govreports("sites", "add", "d", "https://d.test/", "--set", "NOEQUALS", "--sites", str(registry))
    assert bad_setting.returncode == 2 and "--set takes NAME=VALUE, got 'NOEQUALS'" in bad_setting.stderr
    assert govreports("crawl", "--all", "http://a.test/").returncode == 2  # URLs or the registry, not both
    empty = govreports("crawl", "--all", "--sites", str(tmp_path / "none.toml"))
    assert empty.returncode == 2 and "no sites registered" in empty.stderr


def test_crawl_all_crawls_every_registered_site_and_tells_cron_which_failed(demo_portal, site_answering_404,
                                                                            tmp_path):
    db = str(tmp_path / "g.db")
    # every demo site that publishes reports (the IRS site's search host only answers its API: no site of its
    # own), the one whose list a script builds with a browser
    publishing = {name: site for name, site in demo_portal.expected.items() if site["reports"]}
    for name in publishing:
        browser = ["--browser"] if publishing[name].get("needs_browser") else []
        added = govreports("sites", "add", name, demo_portal.start_urls[name], "--region", "440000", *browser, "--db", db)
        assert added.returncode == 0
    assert govreports("sites", "add", "gone", site_answering_404 + "/index.html", "--db", db).returncode == 0

    result = govreports("crawl", "--all", "--db", db, *FAST)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "site gone: all 1 fetches failed" in result.stderr
    assert "crawl finished (finished)" in result.stdout
    with sqlite3.connect(db) as conn:
        (crawl_id, reason), = conn.execute("SELECT id, reason FROM crawls").fetchall()
        rows = {row[0]: row[1:] for row in conn.execute(
            "SELECT site, pages, reports_new, reports_changed, reports_unchanged, errors, problem FROM crawl_sites "
            "WHERE crawl_id = ?", [crawl_id])}
        named = dict(conn.execute("SELECT registry_site, COUNT(*) FROM reports GROUP BY registry_site").fetchall())
    assert reason == "finished"
    assert rows["gone"] == (0, 0, 0, 0, 1, "all 1 fetches failed")
    for name, expected in publishing.items():
        assert rows[name][1] == named[name] == len(expected["reports"]), name
        assert rows[name][-1] == ""

    status = govreports("status", "--db", db)
    assert status.returncode == 1  # the last crawl of a site had a problem
    assert "last crawl #1" in status.stdout and "(finished)" in status.stdout
    lines = {line.split()[0]: line for line in status.stdout.splitlines() if line and not line.startswith(" ")}
    assert "0  -" in lines["gone"] and "<- all 1 fetches failed" in lines["gone"]
    assert f"    error 404 {site_answering_404}/index.html" in status.stdout
    for name, expected in publishing.items():
        assert f"{len(expected['reports'])} new" in lines[name]
    as_json = json.loads(govreports("status", "--db", db, "--json").stdout)
    assert {site["site"] for site in as_json["sites"]} == {*publishing, "gone"}

    # The broken site removed, a registered site crawled on its own: its reports are known, all is well.
    assert govreports("sites", "remove", "gone", "--db", db).returncode == 0
    again = govreports("crawl", "--site", "trs", "--db", db, *FAST)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"{len(demo_portal.expected['trs']['reports'])} unchanged" in again.stdout
    assert govreports("status", "--db", db).returncode == 0


def test_an_interrupted_crawl_records_shutdown_and_exits_130(demo_portal, tmp_path):
    """SIGINT, as a stopping cron job or an operator sends it: Scrapy closes the crawl ("shutdown"), each site's
    figures so far are stored, and the exit code tells the crawl did not run to its end. The site's registered
    delay keeps this crawl slow enough to interrupt: the delay holds although -s DOWNLOAD_DELAY=0."""
    db = str(tmp_path / "g.db")
    assert govreports("sites", "add", "trs", demo_portal.start_urls["trs"], "--delay", "0.5", "--db", db).returncode == 0
    process = subprocess.Popen([sys.executable, "-m", "govreports.cli", "crawl", "--all", "--db", db, *FAST],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _crawl_started(db):
            time.sleep(0.2)
        time.sleep(3)  # a few pages in
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, stderr[-2000:]
    assert "crawl finished (shutdown)" in stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT reason FROM crawls").fetchall() == [("shutdown",)]
        (pages, reports), = conn.execute(
            "SELECT pages, reports_new FROM crawl_sites WHERE site = 'trs'").fetchall()
    # two pages a second: stopped short of the site's reports (the requests already in its download slot
    # still go out, at its delay: a graceful stop of a polite crawl takes up to CONCURRENT_REQUESTS delays)
    assert pages >= 1 and reports < len(demo_portal.expected["trs"]["reports"])
    assert "(shutdown)" in govreports("status", "--db", db).stdout


def _crawl_started(db: str) -> bool:
    try:
        with sqlite3.connect(db) as conn:
            return bool(conn.execute("SELECT COUNT(*) FROM crawls").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return False
