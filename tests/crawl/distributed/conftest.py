"""A real redis-server on 127.0.0.1 for each test (Debian's ``redis-server``, installed by ``make``), in a tmp dir,
and helpers that run the distributed crawl's commands in subprocesses, as a deployment would."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from tests.paths import REPO

REDIS_SERVER = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(REDIS_SERVER is None, reason="Debian's redis-server is not installed (make installs it)")


@dataclass
class RedisServer:
    url: str
    process: subprocess.Popen

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(directory: Path) -> RedisServer:
    for _ in range(5):  # a port found free may be taken before the server binds it: try another
        port = _free_port()
        process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server = RedisServer(f"redis://127.0.0.1:{port}/0", process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if server.client().ping():
                    return server
            except redis.ConnectionError:
                time.sleep(0.05)
        process.kill()
        process.wait()
    raise RuntimeError("redis-server did not start")


@pytest.fixture
def redis_server(tmp_path):
    server = start_redis(tmp_path)
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


# A local portal needs no politeness delays (tests of the rate limit set them back), and the crawl is done once
# the queue has been idle a moment. Leases as long as in production's order of magnitude: on a loaded machine a
# worker's reactor can stall for seconds, and a lease that runs out then has its request done twice.
FAST_WORKER = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "GOVREPORTS_OBEY_CRAWL_DELAY=False",
               "-s", "GOVREPORTS_REDIS_IDLE=2", "-s", "GOVREPORTS_REDIS_LEASE=30", "-s", "LOG_LEVEL=INFO",
               # one extraction process per worker: three workers on a small machine
               "-s", "GOVREPORTS_EXTRACT_WORKERS=1"]


def start_command(*args: str, log: Path) -> subprocess.Popen:
    """``govreports ARGS…`` in the background, its output in ``log``."""
    out = log.open("w")
    return subprocess.Popen([sys.executable, "-m", "govreports.cli", *args], cwd=REPO, stdout=out,
                            stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen, log: Path, timeout: float = 240, codes: tuple[int, ...] = (0,)) -> str:
    process.wait(timeout=timeout)
    text = log.read_text()
    assert process.returncode in codes, text[-3000:]
    return text
