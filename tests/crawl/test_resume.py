"""An interrupted crawl resumes with the same command, without loss or duplicates: a real `govreports crawl`
subprocess, stopped mid-crawl by SIGINT (as Ctrl-C stops it: the whole process group) or by kill -9, then run
again. A site of its own is served for each test, so its request log shows every page fetched by both runs."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.crawling import FAST, served_paths, url_path
from tests.paths import DEMO_ROOT, REPO

SITE = "gkmlpt"  # 105 reports over API pages: long enough to stop in the middle
# Slow enough that the crawl is stopped well before its end; the progress line says when it is under way.
SLOW = [*FAST, "-s", "DOWNLOAD_DELAY=0.1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "GOVREPORTS_PROGRESS_INTERVAL=0.5"]
WAIT = 240
_STORED = re.compile(r"(\d+) reports stored")


def _command(db: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "govreports.cli", "crawl", url, "--db", str(db), *SLOW]


def _interrupted(db: Path, url: str, stop: signal.Signals, log: Path, after_reports: int = 15) -> int:
    """Run the crawl until its progress line counts ``after_reports`` reports, stop its process group with
    ``stop``, and return its exit code."""
    with log.open("w") as err:
        process = subprocess.Popen(_command(db, url), cwd=REPO, stdout=subprocess.DEVNULL, stderr=err,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + WAIT
        while max(map(int, _STORED.findall(log.read_text("utf-8"))), default=0) < after_reports:
            assert process.poll() is None, log.read_text("utf-8")[-3000:]
            assert time.monotonic() < deadline, "the crawl never got under way"
            time.sleep(0.1)
        os.killpg(process.pid, stop)
        return process.wait(timeout=WAIT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _again(db: Path, url: str) -> subprocess.CompletedProcess:
    result = subprocess.run(_command(db, url), cwd=REPO, capture_output=True, text=True, timeout=WAIT)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _stored(db: Path) -> tuple[list[str], list[int], list[str]]:
    with sqlite3.connect(db) as conn:
        return ([url for (url,) in conn.execute("SELECT url FROM reports")],
                [version for (version,) in conn.execute("SELECT version FROM report_versions")],
                [reason for (reason,) in conn.execute("SELECT reason FROM crawls ORDER BY id")])


def _expected(portal) -> set[str]:
    return {portal.urls[SITE].rstrip("/") + report["path"] for report in portal.expected[SITE]["reports"]}


def _portal(serve_dir, tmp_path):
    # One site of the demo, with the ground truth beside it, so its request log is this test's alone.
    root = tmp_path / "portal"
    root.mkdir()
    (root / SITE).symlink_to(DEMO_ROOT / SITE, target_is_directory=True)
    expected = json.loads((DEMO_ROOT / "expected.json").read_text("utf-8"))
    (root / "expected.json").write_text(json.dumps({SITE: expected[SITE]}), "utf-8")
    return serve_dir(root)


def test_a_crawl_stopped_by_ctrl_c_resumes_where_it_stopped(serve_dir, tmp_path):
    portal = _portal(serve_dir, tmp_path)
    db, url = tmp_path / "g.db", portal.start_urls[SITE]
    assert _interrupted(db, url, signal.SIGINT, tmp_path / "first.log") == 130
    urls, _, reasons = _stored(db)
    assert reasons == ["shutdown"] and 0 < len(urls) < len(_expected(portal))  # stopped mid-crawl, what came is stored
    jobs = [path for path in (tmp_path / "jobs").iterdir()]
    assert [path.name for path in jobs] == ["http_127.0.0.1_" + url.split(":")[2].split("/")[0]]
    assert (jobs[0] / "requests.seen").is_file() and not (jobs[0] / "govreports.running").exists()

    second = _again(db, url)
    assert "resuming the interrupted crawl" in second.stderr
    urls, versions, reasons = _stored(db)
    assert sorted(urls) == sorted(_expected(portal)) and versions == [1] * len(urls)
    assert reasons == ["shutdown", "finished"]
    # No page fetched twice: the second run fetched only what the first had left.
    served = Counter(served_paths(portal.urls[SITE]))
    assert all(served[url_path(report)] == 1 for report in urls), served
    assert not jobs[0].exists()  # a finished crawl's queue is gone: the next crawl is a new one


def test_a_crawl_killed_with_sigkill_is_crawled_again_without_loss_or_duplicates(serve_dir, tmp_path):
    portal = _portal(serve_dir, tmp_path)
    db, url = tmp_path / "g.db", portal.start_urls[SITE]
    assert _interrupted(db, url, signal.SIGKILL, tmp_path / "first.log") == -signal.SIGKILL
    urls, _, reasons = _stored(db)
    # Workers held reports not yet written (a batch is 50): those are lost with them.
    assert len(urls) < len(_expected(portal)) and reasons == [None]

    second = _again(db, url)
    assert "was killed before it closed" in second.stderr
    urls, versions, reasons = _stored(db)
    assert sorted(urls) == sorted(_expected(portal))
    assert versions == [1] * len(urls)  # what the first run had stored is found unchanged, not stored again
    assert reasons == ["killed", "finished"]
    assert not any((tmp_path / "jobs").iterdir())
