"""Running the ``reports`` spider from Python (the CLI, benchmarks and tests use this)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.project import get_project_settings

from govreports.crawl.extensions.progress import pages_per_report, progress_figures


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


def with_group_settings(settings, group_settings: dict):
    """A copy of the crawl's settings with a group's own (a site's registry entry) over the project's and
    under the command line's."""
    own = settings.copy()
    for name, value in group_settings.items():
        if (own.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:
            own.set(name, value, priority="spider")
    return own


def job_dirs(settings, names: list[str]) -> list[str]:
    """Each crawler's job directory: NAME under ``-s JOBDIR=DIR`` when given, else under GOVREPORTS_JOBS_DIR
    (by default ``jobs`` beside the database)."""
    base = settings.get("JOBDIR") or settings.get("GOVREPORTS_JOBS_DIR") or Path(settings.get("GOVREPORTS_DB")
                                                                                ).parent / "jobs"
    return [str(Path(base) / name) for name in names]


def crawl(start_urls: list[str], db: str | None = None, overrides: dict | None = None) -> dict:
    """Crawl the portals in this process (blocking) and return the summary figures."""
    return crawl_groups([(list(start_urls), {})], db, overrides)


def crawl_groups(groups: list[tuple[list[str], dict]], db: str | None = None, overrides: dict | None = None,
                 job_names: list[str] | None = None) -> dict:
    """Crawl groups of portals at once in this process (blocking), one crawler a group, each with the group's
    settings under the command line's; return the summed figures and, per group, its crawl's id, finish
    reason (``crawls``) and per-site figures (``crawl_sites``). With ``job_names``, each crawler keeps its queue
    in a job directory of that name (``job_dirs``), so an interrupted crawl resumes."""
    from scrapy.crawler import Crawler

    from govreports.crawl.extensions.crawl_log import CrawlLog
    from govreports.crawl.spiders.reports import ReportsSpider

    settings = project_settings(db, overrides)
    settings.set("GOVREPORTS_RUN", uuid.uuid4().hex, priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    directories = job_dirs(settings, job_names) if job_names else [None] * len(groups)
    for (start_urls, group_settings), directory in zip(groups, directories, strict=True):
        own = with_group_settings(settings, group_settings)
        if directory:
            own.set("JOBDIR", directory, priority="cmdline")
        crawler = Crawler(ReportsSpider, own, init_reactor=not crawlers)  # the first installs the reactor
        process.crawl(crawler, start_urls=list(start_urls))
        crawlers.append(crawler)
    started = time.monotonic()
    process.start()
    summary: dict = {}
    runs = []
    for crawler in crawlers:
        stats = crawler.stats.get_stats()
        for name, value in progress_figures(stats, time.monotonic() - started).items():
            if name != "pages_per_report":  # a ratio: computed from the totals below
                summary[name] = summary.get(name, 0) + value
        log = next((ext for ext in crawler.extensions.middlewares if isinstance(ext, CrawlLog)), None)
        runs.append({"crawl_id": log.crawl_id if log else None, "reason": stats.get("finish_reason", "unknown"),
                     "sites": log.site_rows if log else []})
    summary["pages_per_second"] = round(summary.get("pages_per_second", 0.0), 1)
    stored = sum(summary.get(f"reports_{how}", 0) for how in ("new", "updated", "unchanged"))
    summary["pages_per_report"] = pages_per_report(summary.get("pages_fetched", 0), stored)
    reasons = [run["reason"] for run in runs]
    summary["reason"] = next((reason for reason in reasons if reason != "finished"), reasons[0] if reasons else "")
    summary["crawls"] = runs
    summary["db"] = settings.get("GOVREPORTS_DB")
    return summary
