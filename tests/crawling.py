"""Run the real ``govreports`` command in a subprocess (Scrapy's reactor cannot restart in one process)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from govreports.demo.server import REQUEST_LOG
from tests.paths import REPO

# The demo server is on 127.0.0.1: its log is read directly, never through a proxy the environment may name.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# A local portal needs no politeness delays; tests that check them turn them back on.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "GOVREPORTS_OBEY_CRAWL_DELAY=False"]


def govreports(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govreports.cli", *args],
        capture_output=True, text=True, timeout=timeout, cwd=REPO,
    )


def crawl(db: Path, *urls: str, settings: list[str] = FAST, exit_code: int = 0) -> subprocess.CompletedProcess:
    """``govreports crawl``; exit code 1 is expected where a site finds no report (for cron, a site to look at)."""
    result = govreports("crawl", *urls, "--db", str(db), *settings)
    assert result.returncode == exit_code, result.stdout + result.stderr
    return result


def url_path(url: str) -> str:
    """The path and query of a URL: how tests name a demo page whatever port the portal was served on."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def request_log(base_url: str, times: bool = False) -> dict:
    """What a demo site answered so far, its ``/_demo/requests`` (``govreports.demo.request_log``): ``requests``
    and ``answers`` in order, ``arrived`` by the server's monotonic clock, with ``times`` also ``times`` (seconds
    since the epoch)."""
    url = base_url.rstrip("/") + REQUEST_LOG + ("?times" if times else "")
    with _DIRECT.open(url, timeout=30) as answer:
        return json.load(answer)


def served_paths(base_url: str) -> list[str]:
    """The path and query, as sent (percent-encoded), of every request a demo site answered so far, in order."""
    return [path for _, path in request_log(base_url)["requests"]]


def arrivals(base_url: str, clock: str = "arrived") -> list[tuple[str, float]]:
    """(path and query, when it came in) of every request a demo site answered so far, in order: by the server's
    monotonic clock (``arrived``: gaps within one server) or in seconds since the epoch (``times``)."""
    log = request_log(base_url, times=clock == "times")
    return [(path, at) for (_, path), at in zip(log["requests"], log[clock], strict=True)]
