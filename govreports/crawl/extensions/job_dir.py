"""Resuming an interrupted crawl from its job directory (Scrapy's ``JOBDIR``), without loss or duplicates.

Scrapy keeps a crawl's pending requests (disk queues), the fingerprints of every request it has queued
(``requests.seen``) and the spider's ``state`` in the job directory, and a crawl started again with the same one
carries on where it stopped. That holds only for a crawl that closed: the queues write their bookkeeping when
they close and ``requests.seen`` is written through a buffer, so after kill -9 (or a crash, or a second Ctrl-C) the
directory says requests were seen whose pages were never stored — and worker processes may have held up to a
batch of reports not yet written. Such a directory cannot be trusted, so this extension:

- at start, finds the marker a crawl leaves in its job directory while it runs; if the process named there is gone,
  the last crawl never closed: the directory is emptied and the crawl starts afresh (the store is idempotent by URL
  and content: what was stored is found unchanged, what was lost is fetched again). A marker whose process still runs
  means another crawl uses the directory now: this one stops before it starts;
- at a close by SIGINT/SIGTERM (``shutdown``) removes the marker: the next crawl resumes;
- at a finished close removes the directory: the next crawl is a new crawl, not a resumption of a finished one
  (whose ``requests.seen`` would filter out every page).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

from govreports.store.crawls import is_alive, this_process

logger = logging.getLogger(__name__)

MARKER = "govreports.running"


class JobDirInUse(RuntimeError):
    """Another crawl that runs now uses this job directory."""


def holder(directory: Path) -> str | None:
    """The process (``crawls.this_process``) of the live crawl that uses this job directory now, or None."""
    marker = directory / MARKER
    process = marker.read_text("utf-8").strip() if marker.is_file() else ""
    return process if process and is_alive(process) else None


def prepare(directory: Path) -> str:
    """Make a job directory ready for a crawl of this process; returns what happened to it: "new", "resumed" or
    "discarded" (left by a crawl that never closed). Raises JobDirInUse when a live crawl holds it."""
    marker = directory / MARKER
    outcome = "resumed" if directory.is_dir() and any(directory.iterdir()) else "new"
    if marker.is_file():
        process = holder(directory)
        if process:
            raise JobDirInUse(f"job directory {directory} is in use by the crawl of process {process}")
        shutil.rmtree(directory)
        outcome = "discarded"
    directory.mkdir(parents=True, exist_ok=True)
    marker.write_text(this_process() + "\n", "utf-8")
    return outcome


def close(directory: Path, reason: str) -> None:
    """A finished crawl's job directory is removed; an interrupted one's is kept, unmarked, for the next crawl."""
    if reason == "finished":
        shutil.rmtree(directory, ignore_errors=True)
    else:
        (directory / MARKER).unlink(missing_ok=True)


class JobDirGuard:
    """Applies ``prepare`` and ``close`` to the crawl's ``JOBDIR``; not enabled without one."""

    def __init__(self, crawler, directory: Path):
        self.directory = directory
        outcome = prepare(directory)
        if outcome == "discarded":
            logger.warning("the last crawl with job directory %s was killed before it closed: its queue cannot be "
                           "trusted and is discarded; crawling afresh (stored reports are kept)", directory)
        elif outcome == "resumed":
            logger.info("resuming the interrupted crawl in %s", directory)
        crawler.stats.set_value("govreports/job_dir", outcome)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        directory = job_dir(crawler.settings)
        if not directory:
            raise NotConfigured
        return cls(crawler, Path(directory))

    def spider_closed(self, spider, reason):
        close(self.directory, reason)
