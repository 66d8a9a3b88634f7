"""Crawl progress for people watching a long crawl."""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger("govreports.progress")


def pages_per_report(pages: int, stored: int) -> float | None:
    """How focused the walk is: every page fetched (lists, sections, decoys, attachments) per report stored."""
    return round(pages / stored, 1) if stored else None


def progress_figures(stats: dict, elapsed: float) -> dict:
    """The figures a person wants from Scrapy's stats, by name."""
    pages = stats.get("response_received_count", 0)
    stored = sum(stats.get(f"govreports/reports_{how}", 0) for how in ("new", "updated", "unchanged"))
    return {
        "pages_fetched": pages,
        "pages_per_report": pages_per_report(pages, stored),
        "reports_new": stats.get("govreports/reports_new", 0),
        "reports_updated": stats.get("govreports/reports_updated", 0),
        "reports_unchanged": stats.get("govreports/reports_unchanged", 0),
        "reports_flagged": stats.get("govreports/reports_flagged", 0),  # stored, but look hijacked (spam)
        "reports_gone": stats.get("govreports/reports_gone", 0),
        # pages the server answered 304 for, read from the database instead (lists and reports; not attachments)
        "pages_not_modified": stats.get("govreports/not_modified", 0),
        "decoys_skipped": stats.get("govreports/decoys", 0),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "blocked": stats.get("govreports/blocked", 0),
        "errors": stats.get("govreports/errors", 0) + stats.get("govreports/unreadable", 0),
        "pages_per_second": round(pages / elapsed, 1) if elapsed > 0 else 0.0,
        "attachments_read": stats.get("govreports/attachments_ok", 0),
        "attachments_unread": sum(value for key, value in stats.items()
                                  if key.startswith("govreports/attachments_") and key != "govreports/attachments_ok"),
        "reports_from_files": stats.get("govreports/reports_body_from_file", 0),
        "reports_with_stats": stats.get("govreports/reports_with_stats", 0),
        "stats_identity_broken": stats.get("govreports/stats_identity_broken", 0),
        "stats_with_problems": stats.get("govreports/stats_with_problems", 0),
    }


class CrawlProgress:
    """Logs a one-line progress report every ``GOVREPORTS_PROGRESS_INTERVAL`` seconds."""

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("GOVREPORTS_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        return cls(crawler, interval)

    def spider_opened(self, spider):
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def report(self):
        figures = progress_figures(self.crawler.stats.get_stats(), time.monotonic() - self.started)
        stored = figures["reports_new"] + figures["reports_updated"] + figures["reports_unchanged"]
        per_report = figures["pages_per_report"]
        scheduler = self.crawler.engine.scheduler  # None before the spider starts
        logger.info(
            "progress: %d pages fetched (%.1f/s, %d not modified), %d reports stored (%d new, %d changed; %s pages "
            "per report), "
            "%d decoys skipped, %d attachments read (%d not), %d errors, %d in queue",
            figures["pages_fetched"], figures["pages_per_second"], figures["pages_not_modified"], stored,
            figures["reports_new"],
            figures["reports_updated"], "-" if per_report is None else per_report, figures["decoys_skipped"],
            figures["attachments_read"],
            figures["attachments_unread"], figures["errors"], len(scheduler) if scheduler is not None else 0,
        )

    def spider_closed(self, spider, reason):
        if self.loop is not None and self.loop.running:
            self.loop.stop()
