"""Run the real ``govreports`` command in a subprocess (Scrapy's reactor cannot restart in one process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
