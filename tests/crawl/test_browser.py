"""The opt-in browser path: a list built by a script no reader knows, rendered by a real headless Chromium
(Debian's ``chromium`` through scrapy-playwright), against the demo portal's ``jslist`` site."""

from __future__ import annotations

import shutil
import sqlite3
from urllib.parse import urlsplit

import pytest

from govreports.crawl import browser
from govreports.crawl.run import project_settings
from tests.crawling import FAST, crawl, govreports

needs_chromium = pytest.mark.skipif(not any(shutil.which(name) for name in ("chromium", "chromium-browser")),
                                    reason="Debian's chromium is not installed (make install installs it)")


def _stored_paths(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {urlsplit(url).path for (url,) in conn.execute("SELECT url FROM reports")}


@pytest.fixture(scope="module")
def jslist(demo_portal):
    return demo_portal.start_urls["jslist"], demo_portal.expected["jslist"]


@needs_chromium
def test_rendered_list_yields_every_report(jslist, tmp_path):
    start, expected = jslist
    db = tmp_path / "rendered.db"
    result = crawl(db, start, settings=[*FAST, "--browser"])
    assert "crawl finished" in result.stdout
    assert _stored_paths(db) == {report["path"] for report in expected["reports"]}


def test_without_the_browser_the_scripted_list_is_not_read(jslist, tmp_path):
    """The control: the same crawl without --browser finds none of the reports only the script lists, so the
    test above shows what the browser adds (and the default crawl stays browser-free); cron hears of it."""
    start, expected = jslist
    db = tmp_path / "plain.db"
    result = govreports("crawl", start, "--db", str(db), *FAST)
    assert result.returncode == 1 and "no report found" in result.stderr
    assert not _stored_paths(db) & {report["path"] for report in expected["reports"]}


def _after_addons(**overrides):
    """The crawl's settings as Scrapy's add-on manager leaves them (the add-ons named in ADDONS applied)."""
    settings = project_settings(overrides=overrides)
    assert "govreports.crawl.browser.BrowserAddon" in settings.getdict("ADDONS")
    browser.BrowserAddon().update_settings(settings)
    return settings


def test_the_default_crawl_loads_no_browser_handler():
    handlers = _after_addons().getdict("DOWNLOAD_HANDLERS")
    assert not any("playwright" in str(handler) for handler in handlers.values())


@needs_chromium
def test_a_browser_site_gets_the_playwright_handler_and_debian_chromium():
    settings = _after_addons(GOVREPORTS_BROWSER_SITES=["http://127.0.0.1:1/"])
    assert "playwright" in settings.getdict("DOWNLOAD_HANDLERS")["http"]
    options = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert options["executable_path"] == browser.find_chromium(settings)
    assert "--disable-background-networking" in options["args"]


def test_only_the_named_sites_are_rendered():
    sites = browser.browser_sites(project_settings(overrides={
        "GOVREPORTS_BROWSER_SITES": "https://a.example.gov.cn/zwgk/index.html, http://127.0.0.1:8080"}))
    assert sites == {"https://a.example.gov.cn", "http://127.0.0.1:8080"}
    assert browser.renders(sites, "http://127.0.0.1:8080")
    assert not browser.renders(sites, "https://b.example.gov.cn")
    assert browser.renders(frozenset({"*"}), "https://b.example.gov.cn")
    assert not browser.renders(frozenset(), "https://b.example.gov.cn")


def test_a_missing_chromium_is_a_clear_error_before_crawling(jslist, tmp_path):
    start, _ = jslist
    result = govreports("crawl", start, "--db", str(tmp_path / "x.db"), "--browser",
                        "-s", f"GOVREPORTS_CHROMIUM={tmp_path / 'no-such-chromium'}")
    assert result.returncode == 2
    assert "GOVREPORTS_CHROMIUM" in result.stderr and "not an executable" in result.stderr
    assert not (tmp_path / "x.db").exists()
