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


def crawl(db: Path, *urls: str, settings: list[str] = FAST) -> subprocess.CompletedProcess:
    result = govreports("crawl", *urls, "--db", str(db), *settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return result
