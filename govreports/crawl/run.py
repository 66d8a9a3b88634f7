"""Running the ``reports`` spider from Python (the CLI, benchmarks and tests use this)."""

from __future__ import annotations

import os
import time

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from govreports.crawl.extensions.progress import progress_figures


def parse_setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"-s takes NAME=VALUE, got {text!r}")
    return name.strip(), value


def project_settings(db: str | None = None, overrides: dict | None = None):
    os.environ["SCRAPY_SETTINGS_MODULE"] = "govreports.crawl.settings"
    settings = get_project_settings()
    if db:
        settings.set("GOVREPORTS_DB", db, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def crawl(start_urls: list[str], db: str | None = None, overrides: dict | None = None) -> dict:
    """Crawl the portals in this process (blocking) and return the summary figures."""
    from govreports.crawl.spiders.reports import ReportsSpider

    settings = project_settings(db, overrides)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ReportsSpider)
    started = time.monotonic()
    process.crawl(crawler, start_urls=list(start_urls))
    process.start()
    stats = crawler.stats.get_stats()
    summary = progress_figures(stats, time.monotonic() - started)
    summary["reason"] = stats.get("finish_reason", "unknown")
    summary["db"] = settings.get("GOVREPORTS_DB")
    return summary
