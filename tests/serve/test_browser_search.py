"""A person's search: a real headless Chromium (Debian's ``chromium``, driven by Playwright, never a downloaded
browser) opens the reports table of `govreports serve`, types 行政复议 into Datasette's search box, submits, and
sees the matching reports — and the page asks nothing of any host but 127.0.0.1."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

import pytest

from govreports.crawl import browser
from govreports.crawl.run import project_settings

pytestmark = pytest.mark.skipif(not any(shutil.which(name) for name in ("chromium", "chromium-browser")),
                                reason="Debian's chromium is not installed (make install installs it)")


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=browser.find_chromium(project_settings()), headless=True,
            args=["--no-sandbox"] if os.geteuid() == 0 else [])  # Chromium refuses its sandbox as root
        try:
            yield chromium.new_page()
        finally:
            chromium.close()


def test_typing_a_chinese_word_in_the_search_box_finds_the_reports(served, page):
    base, _ = served
    elsewhere: list[str] = []
    # anything the page would fetch from another host is recorded and refused
    page.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
               else (elsewhere.append(route.request.url), route.abort()))
    page.goto(f"{base}govreports/reports")
    assert page.locator("td.col-title").count() == 5
    page.fill("#_search", "行政复议")
    with page.expect_navigation():
        page.press("#_search", "Enter")
    assert "_search=" in page.url
    titles = sorted(page.locator("td.col-title").all_inner_texts())
    assert titles == ["平潭县2021年政府信息公开工作年度报告", "长乐区2021年工作报告"]
    assert page.input_value("#_search") == "行政复议"
    assert "2 rows where search matches" in page.inner_text("h3")
    page.fill("#_search", "不存在的词")
    with page.expect_navigation():
        page.press("#_search", "Enter")
    assert page.locator("td.col-title").count() == 0
    assert elsewhere == []
