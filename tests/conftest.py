"""Shared fixtures: the demo portal served by a subprocess, the way Scrapy's own tests run their mockserver.

A separate process keeps the server's threads out of the test process (and out of Twisted's reactor when
a test runs a crawl), and its ports are chosen by the OS, so tests can run side by side.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.paths import DEMO_ROOT, REPO

STARTUP_TIMEOUT = 30


@dataclass
class ServedPortal:
    """A running demo server: site name -> start URL / base URL, and the ground truth when there is one."""

    start_urls: dict[str, str]
    urls: dict[str, str]
    expected: dict | None
    root: Path
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def serve(root: Path) -> ServedPortal:
    """Start ``python -m govreports.demo.server --json --root ROOT`` and wait for its JSON line."""
    root = Path(root)
    paths = [str(REPO), os.environ.get("PYTHONPATH")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    process = subprocess.Popen(
        [sys.executable, "-m", "govreports.demo.server", "--json", "--root", str(root)],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env=env,
    )
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_TIMEOUT)
    line = process.stdout.readline() if ready else ""
    if not line:
        process.kill()
        process.wait()
        raise RuntimeError(f"demo server for {root} did not start (exit code {process.returncode})")
    info = json.loads(line)
    expected_file = root / "expected.json"
    expected = json.loads(expected_file.read_text("utf-8")) if expected_file.is_file() else None
    return ServedPortal(info["sites"], info["urls"], expected, root, process)


@pytest.fixture(scope="session")
def demo_portal():
    """The committed demo portal (govreports/demo/portal), served for the whole test session."""
    portal = serve(DEMO_ROOT)
    yield portal
    portal.stop()


@pytest.fixture
def serve_dir():
    """Serve any directory of sites (or a single site directory): ``portal = serve_dir(tmp_path)``."""
    started: list[ServedPortal] = []

    def start(root: Path) -> ServedPortal:
        portal = serve(root)
        started.append(portal)
        return portal

    yield start
    for portal in started:
        portal.stop()
