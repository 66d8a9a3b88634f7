"""Three workers on one Redis crawl the demo portal; one writer stores it; the result is the single-process crawl's.

Every process is the real ``govreports`` command, the Redis a real redis-server, the portal the demo server."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import time

import pytest

from tests.crawl.distributed.conftest import FAST_WORKER, finish, needs_redis, start_command
from tests.crawling import crawl, govreports
from tests.crawling import url_path as _path

pytestmark = needs_redis


def _portals(demo_portal) -> list[str]:
    """Every demo site with reports that needs no browser."""
    return [demo_portal.start_urls[name] for name, site in demo_portal.expected.items()
            if site.get("reports") and not site.get("needs_browser")]


def _expected_reports(demo_portal) -> set[str]:
    return {report["path"] for site in demo_portal.expected.values()
            if site.get("reports") and not site.get("needs_browser") for report in site["reports"]}


def _content(db) -> dict[str, object]:
    """What a crawl stored, without ids and times: reports and their content, attachments, statistics cells."""
    with sqlite3.connect(db) as conn:
        return {
            "reports": set(conn.execute("SELECT url, content_sha256, title, year, agency, body_source FROM reports")),
            "attachments": set(conn.execute("SELECT report_url, url, sha256, status FROM attachments")),
            "cells": set(conn.execute("SELECT report_url, section, row_label, column_label, value FROM report_stats")),
        }


def _bookkeeping(db) -> dict[str, object]:
    """What ``govreports status`` reads of a crawl: its crawls row and its per-site figures."""
    with sqlite3.connect(db) as conn:
        return {
            "crawls": [(reason, set(json.loads(urls)), bool(finished)) for reason, urls, finished in conn.execute(
                "SELECT reason, start_urls, finished_at FROM crawls")],
            "sites": set(conn.execute(
                "SELECT site, origins, pages, reports_new, reports_changed, reports_unchanged, reports_gone, decoys, "
                "errors, blocked, robots_forbidden, problem FROM crawl_sites")),
        }


def _crawl_with_workers(redis_server, portals, tmp_path, settings=FAST_WORKER, kill_after_pages: int = 0):
    """A seeder and two workers; with ``kill_after_pages`` the first worker is killed (SIGKILL) once that many
    report pages were handed to the writer. Returns the logs and whether the kill happened mid-crawl."""
    url = redis_server.url
    seeder = start_command("crawl", *portals, "--redis", url, *settings, log=tmp_path / "seeder.log")
    workers = [start_command("worker", "--redis", url, *settings, log=tmp_path / f"worker{i}.log") for i in (1, 2)]
    killed_mid_crawl = False
    if kill_after_pages:
        client = redis_server.client()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (
                client.llen("govreports:items") >= kill_after_pages and _has_fetched(tmp_path / "worker1.log")):
            time.sleep(0.05)
        killed_mid_crawl = bool(client.zcard("govreports:requests") or client.zcard("govreports:leases"))
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait(timeout=30)
    logs = [finish(seeder, tmp_path / "seeder.log")]
    for i, worker in enumerate(workers, 1):
        if not (kill_after_pages and i == 1):
            logs.append(finish(worker, tmp_path / f"worker{i}.log"))
    return logs, killed_mid_crawl


def _has_fetched(log) -> bool:
    """The worker's progress line says it has fetched pages."""
    return bool(re.search(r"progress: [1-9]\d* pages fetched", log.read_text()))


def _ingest(redis_server, db) -> str:
    result = govreports("ingest", "--redis", redis_server.url, "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_three_workers_store_what_one_process_stores(demo_portal, redis_server, tmp_path):
    portals = _portals(demo_portal)
    single = tmp_path / "single.db"
    crawl(single, *portals)
    logs, _ = _crawl_with_workers(redis_server, portals, tmp_path)
    finals = [log.rstrip().splitlines()[-1] for log in logs]
    assert all(line.startswith("worker finished (finished)") for line in finals), finals
    # the work was shared: each worker fetched pages
    assert all(re.search(r"\): [1-9]\d* pages fetched", line) for line in finals), finals
    assert list(tmp_path.glob("*.db")) == [single], "workers never write a database"
    distributed = tmp_path / "distributed.db"
    out = _ingest(redis_server, distributed)
    assert "0 handed over twice" in out
    expected = _expected_reports(demo_portal)
    one, many = _content(single), _content(distributed)
    stored = {_path(row[0]) for row in many["reports"]}
    # robots.txt holds in every worker: the TRS site's Disallowed report page is fetched by none (each worker
    # reads robots.txt itself, while requests for the site it took from the shared queue wait for it)
    assert stored == expected
    assert many == one
    # the same bookkeeping too: one crawl, finished, with each site's figures as the single process counted them
    assert _bookkeeping(distributed) == _bookkeeping(single)
    status = govreports("status", "--db", str(distributed))
    assert re.search(rf"last crawl #1: .*\(finished\), {len(portals)} start URL\(s\), [1-9]\d* pages", status.stdout), \
        status.stdout
    client = redis_server.client()
    assert (client.zcard("govreports:requests"), client.zcard("govreports:leases"), client.llen("govreports:items")) \
        == (0, 0, 0)


def test_a_worker_killed_midway_loses_nothing_and_nothing_is_stored_twice(demo_portal, redis_server, tmp_path):
    portals = _portals(demo_portal)
    # a small delay per site keeps the crawl going for a few seconds, with requests in every worker's hands; the
    # killed worker's requests come back after three seconds
    slow = [*FAST_WORKER, "-s", "DOWNLOAD_DELAY=0.05", "-s", "GOVREPORTS_PROGRESS_INTERVAL=0.5",
            "-s", "GOVREPORTS_REDIS_LEASE=3"]
    _, killed_mid_crawl = _crawl_with_workers(redis_server, portals, tmp_path, slow, kill_after_pages=60)
    assert killed_mid_crawl, "the worker was killed before the crawl ended"
    client = redis_server.client()
    assert int(client.get("govreports:reclaimed") or 0) > 0, "the killed worker's leased requests were taken again"
    db = tmp_path / "distributed.db"
    _ingest(redis_server, db)
    with sqlite3.connect(db) as conn:
        stored = [_path(url) for (url,) in conn.execute("SELECT url FROM reports")]
        versions = conn.execute("SELECT url, count(*) FROM report_versions GROUP BY url HAVING count(*) > 1").fetchall()
        attachment_rows = conn.execute(
            "SELECT report_url, url, count(*) FROM attachments GROUP BY 1, 2 HAVING count(*) > 1").fetchall()
    assert sorted(stored) == sorted(_expected_reports(demo_portal))
    assert versions == [] and attachment_rows == []


def test_crawl_without_a_reachable_redis_fails_at_once(tmp_path, demo_portal):
    result = govreports("crawl", demo_portal.start_urls["trs"], "--redis", "redis://127.0.0.1:1/0")
    assert result.returncode == 2
    assert "Redis at redis://127.0.0.1:1/0" in result.stderr
    assert not (tmp_path / "govreports.db").exists()


@pytest.mark.parametrize("command", [["worker"], ["ingest", "--db", "x.db"]])
def test_worker_and_ingest_need_redis(command):
    result = govreports(*command)
    assert result.returncode == 2 and "--redis" in result.stderr


@pytest.mark.parametrize("command", [["worker"], ["ingest", "--db", "x.db"], ["crawl", "http://portal.test/"]])
@pytest.mark.parametrize("url", ["localhost:6379", "http://127.0.0.1:6379/0", "notredis"])
def test_a_redis_url_without_a_redis_scheme_is_a_usage_error_not_a_traceback(command, url):
    result = govreports(*command, "--redis", url)
    assert result.returncode == 2
    assert f"not a Redis URL: {url!r}" in result.stderr and "Traceback" not in result.stderr
