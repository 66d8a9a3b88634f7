"""Scrapyd end to end: scrapyd-client builds the project's egg and deploys it to a real Scrapyd on 127.0.0.1,
which runs a crawl scheduled through ``schedule.json`` into a SQLite file.

Scrapyd runs in a fresh virtualenv whose only packages are borrowed from the test environment through a path
line, so the editable checkout is not importable there: the crawl, its settings and its spawned extraction
workers can only come from the deployed egg (as on a real Scrapyd host). Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import sysconfig
import textwrap
import time
import urllib.request
import venv
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.crawling import FAST
from tests.paths import DEMO_ROOT, REPO

SITE = "oldtable"
STARTUP_TIMEOUT = 30
JOB_TIMEOUT = 300
# The files an egg is built from: the package and what pyproject.toml and setup.py read.
PROJECT_FILES = ("govreports", "pyproject.toml", "setup.py", "scrapy.cfg", "README.md")
# Requests to 127.0.0.1 must never go through a proxy from the environment.
NO_PROXY_ENV = {key: value for key, value in os.environ.items()
                if key.lower() not in ("http_proxy", "https_proxy", "all_proxy", "pythonpath", "virtual_env")}
NO_PROXY_ENV["NO_PROXY"] = NO_PROXY_ENV["no_proxy"] = "127.0.0.1,localhost"
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    # Scrapyd takes its port from its config file, so one is chosen here: the OS's pick for port 0.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None, **query) -> dict:
    url = f"{base}{endpoint}" + (f"?{urlencode(query)}" if query else "")
    body = urlencode(data).encode() if data is not None else None
    with LOCAL.open(url, data=body, timeout=30) as response:
        answer = json.load(response)
    assert answer.get("status") == "ok", answer
    return answer


def _python_without_checkout(env_dir: Path) -> Path:
    """A virtualenv that sees the test environment's packages but not the editable govreports."""
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   text=True).strip()
    # A path line, unlike the environment's own .pth files, does not run the editable install's finder.
    (Path(site) / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    probe = subprocess.run([str(python), "-c", "import govreports"], cwd=env_dir, env=NO_PROXY_ENV,
                           capture_output=True, text=True)
    assert probe.returncode != 0, "the checkout's govreports is importable where Scrapyd runs"
    return python


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    """A Scrapyd on a free port of 127.0.0.1 with its eggs, logs, databases and items in a temporary folder."""
    home = tmp_path_factory.mktemp("scrapyd")
    python = _python_without_checkout(home / "venv")
    port = _free_port()
    # Scrapyd reads scrapyd.conf from its working directory (and from /etc and ~, which these keys override).
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\n"
        f"items_dir = {home / 'items'}\n"
        "max_proc = 2\n"
        "poll_interval = 0.5\n"
    )
    log = (home / "scrapyd.log").open("w")
    process = subprocess.Popen([str(python), "-m", "scrapyd", "--pidfile="], cwd=home, env=NO_PROXY_ENV,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        try:
            _api(base, "daemonstatus.json")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"scrapyd did not start:\n{(home / 'scrapyd.log').read_text()[-3000:]}")
            time.sleep(0.2)
    yield base, home
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's build inputs, so building the egg leaves nothing in the checkout."""
    root = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)
    return root


def _deploy(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", *args], cwd=project, env=NO_PROXY_ENV,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def egg(project) -> Path:
    path = project.parent / "govreports.egg"
    _deploy(project, "--build-egg", str(path))
    return path


def test_the_egg_carries_the_settings_entry_point_and_the_package_data(egg):
    with zipfile.ZipFile(egg) as archive:
        names = archive.namelist()
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert "[scrapy]\nsettings = govreports.crawl.settings" in entry_points
    assert {name.split("/")[0] for name in names} == {"EGG-INFO", "govreports"}
    assert "govreports/crawl/spiders/reports.py" in names
    portal = {name.split("govreports/demo/portal/", 1)[1] for name in names if name.startswith("govreports/demo/portal/")}
    committed = {p.relative_to(DEMO_ROOT).as_posix() for p in DEMO_ROOT.rglob("*") if p.is_file()} - {".gitattributes"}
    assert portal == committed


def test_spawned_extraction_workers_import_govreports_from_the_egg(scrapyd, egg):
    # Scrapyd's runner puts the egg (a zip) on sys.path in its own process only; a spawned worker starts a
    # fresh interpreter, which finds govreports because multiprocessing hands it the parent's sys.path.
    _, home = scrapyd
    python = home / "venv" / "bin" / "python"
    script = textwrap.dedent("""
        import multiprocessing, sys
        from scrapyd.runner import activate_egg
        activate_egg(sys.argv[1])
        if __name__ == "__main__":
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                print(pool.apply(eval, ("__import__('govreports.ingest').ingest.__file__",)))
    """)
    result = subprocess.run([str(python), "-c", script, str(egg)], cwd=home, env=NO_PROXY_ENV,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == str(egg / "govreports" / "ingest.py")


def test_a_crawl_scheduled_on_scrapyd_stores_the_reports_of_the_site(scrapyd, project, egg, demo_portal):
    base, home = scrapyd
    with (project / "scrapy.cfg").open("a") as cfg:
        cfg.write(f"\n[deploy:test]\nurl = {base}\nproject = govreports\n")
    _deploy(project, "test", "--egg", str(egg), "--version", "1")
    assert _api(base, "listspiders.json", project="govreports")["spiders"] == ["reports"]

    db = home / "govreports.db"
    settings = [f"GOVREPORTS_DB={db}", *(setting for setting in FAST if setting != "-s")]
    job = _api(base, "schedule.json", [
        ("project", "govreports"), ("spider", "reports"), ("start_urls", demo_portal.start_urls[SITE]),
        *(("setting", setting) for setting in settings),
    ])["jobid"]

    deadline = time.monotonic() + JOB_TIMEOUT
    while not any(finished["id"] == job for finished in _api(base, "listjobs.json", project="govreports")["finished"]):
        assert time.monotonic() < deadline, "the scheduled crawl did not finish in time"
        time.sleep(0.5)

    log = (home / "logs" / "govreports" / "reports" / f"{job}.log").read_text("utf-8")
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert "log_count/ERROR" not in log, log[-3000:]
    with sqlite3.connect(db) as conn:
        stored = {url for (url,) in conn.execute("SELECT url FROM reports")}
        crawls = conn.execute("SELECT reason FROM crawls").fetchall()
        sites = conn.execute("SELECT site, reports_new, problem FROM crawl_sites").fetchall()
    site = demo_portal.urls[SITE].rstrip("/")
    # the job records its finish and its site's figures itself (no `govreports crawl` around it)
    assert crawls == [("finished",)] and sites == [(site, len(stored), "")]
    assert stored == {site + report["path"] for report in demo_portal.expected[SITE]["reports"]}
    # Scrapyd's items_dir feed: one line per stored report, without the raw page (bytes no feed can encode)
    feed = (home / "items" / "govreports" / "reports" / f"{job}.jl").read_text("utf-8").splitlines()
    assert {json.loads(line)["url"] for line in feed} == stored
    assert all("body" not in json.loads(line) for line in feed)
