"""The compliance view of a crawled demo portal, against the ground truth: `govreports coverage`, and the
Datasette page /-/coverage served by `govreports serve` (a real Datasette) and read by a real headless Chromium."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date

import pytest

from tests.crawling import FAST, crawl, govreports
from tests.paths import REPO

SITE = "county"  # 岳西县人民政府: departments late in January, years skipped


def _truth(reports: list[dict]) -> tuple[set, set]:
    """(late, missing) agency-years of the ground truth, by the rule written out: reports on 2019 and later are
    due on 31 January (departments) or 31 March (governments) of the next year, earlier ones on 31 March;
    missing are the years between an agency's first and last report that it skipped."""
    late, years = set(), {}
    for report in reports:
        agency, year = report["agency"], report["year"]
        years.setdefault(agency, set()).add(year)
        government = agency.endswith("人民政府")
        due = date(year + 1, 1, 31) if year >= 2019 and not government else date(year + 1, 3, 31)
        if date.fromisoformat(report["published"]) > due:
            late.add((agency, year))
    missing = {(agency, year) for agency, have in years.items()
               for year in range(min(have), max(have)) if year not in have}
    return late, missing


@pytest.fixture(scope="module")
def county(demo_portal, tmp_path_factory):
    db = tmp_path_factory.mktemp("coverage") / "govreports.db"
    crawl(db, demo_portal.start_urls[SITE], settings=FAST)
    late, missing = _truth(demo_portal.expected[SITE]["reports"])
    assert late and missing, "the demo county must have a late and a missing report"
    return db, late, missing


def test_the_command_finds_every_late_and_missing_report(county):
    db, late, missing = county
    result = govreports("coverage", "--db", str(db), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["agency"], r["year"]) for r in rows if r["status"] == "late"} == late
    found_missing = {(r["agency"], r["year"]) for r in rows if r["status"] == "missing"}
    assert missing <= found_missing
    # the others are the years after an agency's last report, up to its site's last year
    published = {(r["agency"], r["year"]) for r in rows if r["reports"]}
    last = {agency: max(y for a, y in published if a == agency) for agency, _ in published}
    assert all(year > last[agency] for agency, year in found_missing - missing)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(county):
    db, _, _ = county
    port = _free_port()
    # `govreports serve`: Datasette with the project's plugins (search, and this page) and metadata
    process = subprocess.Popen([sys.executable, "-m", "govreports.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                                "--port", str(port)],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{url}/-/versions.json", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"datasette did not start: {process.stderr.read()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_the_plugin_is_declared_as_a_datasette_entry_point():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["entry-points"]["datasette"]["govreports_coverage"] == "govreports.coverage.datasette_page"


needs_chromium = pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")


@needs_chromium
def test_the_coverage_page_shows_a_late_and_a_missing_report(datasette, county):
    from playwright.sync_api import sync_playwright

    from govreports.crawl.browser import _FLAGS

    _, late, missing = county
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                             args=[*_FLAGS, "--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{datasette}/")
            page.click("details.nav-menu summary")  # reached from Datasette's menu …
            page.click("text=Coverage: who published, late, missing")
            page.wait_for_url("**/-/coverage*")
            assert page.locator("#chart svg").count() == 1
            shown = page.eval_on_selector_all(
                "#coverage tbody tr",
                "rows => rows.map(r => [r.className, r.querySelector('.agency').innerText,"
                " Number(r.querySelector('.year').innerText)])")
            assert {(agency, year) for kind, agency, year in shown if kind == "late"} == late
            assert missing <= {(agency, year) for kind, agency, year in shown if kind == "missing"}
            # … and filtered with its own form: late reports only
            page.select_option("select[name=status]", "late")
            page.click("input[type=submit]")
            page.wait_for_url("**status=late*")
            statuses = page.eval_on_selector_all("#coverage td.status", "cells => cells.map(c => c.innerText)")
            assert statuses and set(statuses) == {"late"}
        finally:
            browser.close()
