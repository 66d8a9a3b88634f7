"""Run the real ``govreports`` command in a subprocess (Scrapy's reactor cannot restart in one process)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from tests.paths import REPO

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


def served_paths(base_url: str) -> list[str]:
    """The path and query, as sent (percent-encoded), of every request a demo site answered so far, in order
    (its ``/_demo/requests``)."""
    with urllib.request.urlopen(base_url.rstrip("/") + "/_demo/requests") as answer:
        return [path for _, path in json.loads(answer.read())["requests"]]
