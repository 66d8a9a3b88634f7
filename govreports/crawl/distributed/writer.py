"""The one writer of a distributed crawl: drains the pages workers handed over into the SQLite database.

Taking a page is reliable too: ``LMOVE`` moves it from the items list to an ``ingesting`` list, and that list is
emptied only after the batch it holds is committed, so a writer killed mid-batch loses nothing: the next one
starts by putting the ``ingesting`` pages back. A lock key (renewed while the writer runs) keeps a second writer
from starting against the same crawl: SQLite is written by one process.

The crawl's bookkeeping (its ``crawls`` row, crawl log and ``crawl_sites``) is stored here too, from what the
workers handed over (``rounds``).

A page a worker handed over twice (its lease ran out while it was being stored, and another worker fetched it
again) is stored once: the second copy of the same URL and bytes is skipped here, and one with other bytes is a
re-crawl of a changed page, which the store versions as usual.
"""

from __future__ import annotations

import logging
import os
import signal
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import redis

from govreports.crawl.distributed import handoff, rounds
from govreports.crawl.distributed.keys import Keys
from govreports.extract import attachments
from govreports.ingest import flush_stored, process_and_store

logger = logging.getLogger(__name__)

BATCH = 50  # pages per commit, as the crawl's own store batches
LOCK_SECONDS = 60


class WriterBusy(RuntimeError):
    """Another ``govreports ingest`` holds the crawl's writer lock."""


@dataclass
class IngestFigures:
    pages: int = 0
    stored: dict[str, int] = field(default_factory=dict)  # new / updated / unchanged
    decoys: int = 0
    unreadable: int = 0
    repeats: int = 0  # the same page handed over twice
    logged: int = 0  # crawl-log rows stored
    closed: list[int] = field(default_factory=list)  # crawls rows closed (their rounds were over)

    def line(self) -> str:
        stored = ", ".join(f"{count} {how}" for how, count in sorted(self.stored.items())) or "none"
        closed = ", ".join(f"#{crawl_id}" for crawl_id in self.closed) or "none"
        return (f"ingested {self.pages} pages: reports {stored}; {self.decoys} not reports, "
                f"{self.unreadable} unreadable, {self.repeats} handed over twice; {self.logged} crawl-log rows, "
                f"crawls closed: {closed}")


class Writer:
    def __init__(self, server: redis.Redis, keys: Keys, db_path: str, files_dir: str):
        self.redis = server
        self.keys = keys
        self.db_path = db_path
        self.files_dir = files_dir
        self.figures = IngestFigures()
        self.token = f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.seen: set[tuple[str, int]] = set()  # (url, hash of the bytes) stored by this writer
        self.stopping = False
        self.book = rounds.Bookkeeper(server, keys, db_path)

    def run(self, follow: bool = False, poll_seconds: float = 1.0) -> IngestFigures:
        """Drain the items list (and with ``follow`` keep waiting for more until SIGINT/SIGTERM)."""
        self._lock()
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            back = self._put_back_unfinished()
            if back:
                logger.info("%d pages a writer had taken but not committed are taken again", back)
            while not self.stopping:
                taken = self._take(BATCH, poll_seconds if follow else 0)
                if taken:
                    self._store(taken)
                self.book.take_log()
                if not taken:
                    self.book.close_rounds()
                    if not follow:
                        break
                self._lock()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.redis.delete(self.keys.ingest_lock) if self._holds_lock() else None
            self.book.close()
        self.figures.logged, self.figures.closed = self.book.logged, self.book.closed
        return self.figures

    def _stop(self, *_):
        self.stopping = True

    def _lock(self) -> None:
        if self.redis.set(self.keys.ingest_lock, self.token, nx=True, ex=LOCK_SECONDS) or self._holds_lock():
            self.redis.expire(self.keys.ingest_lock, LOCK_SECONDS)
            return
        raise WriterBusy(f"another ingest writes this crawl ({self.redis.get(self.keys.ingest_lock).decode()})")

    def _holds_lock(self) -> bool:
        return self.redis.get(self.keys.ingest_lock) == self.token.encode()

    def _put_back_unfinished(self) -> int:
        back = 0
        while self.redis.lmove(self.keys.ingesting, self.keys.items, "RIGHT", "LEFT") is not None:
            back += 1
        return back

    def _take(self, count: int, wait_seconds: float) -> list[bytes]:
        taken = []
        while len(taken) < count:
            payload = self.redis.lmove(self.keys.items, self.keys.ingesting, "LEFT", "RIGHT")
            if payload is None:
                if taken or not wait_seconds:
                    break
                payload = self.redis.blmove(self.keys.items, self.keys.ingesting, wait_seconds, "LEFT", "RIGHT")
                if payload is None:
                    break
            taken.append(payload)
        return taken

    def _store(self, payloads: list[bytes]) -> None:
        for payload in payloads:
            self._store_one(handoff.decode(payload))
        flush_stored(self.db_path)
        self.book.take_log()  # the stored pages' crawl-log rows, before the batch is let go
        self.redis.delete(self.keys.ingesting)  # committed: nothing of this batch needs taking again

    def _store_one(self, page: dict) -> None:
        figures = self.figures
        figures.pages += 1
        context, body = page["context"], page["body"]
        identity = (context["url"], hash(body))
        if identity in self.seen:
            figures.repeats += 1
            return
        self.seen.add(identity)
        args = (body, context, page["content_type"], self.db_path, self.files_dir)
        result = process_and_store(*args)
        if "fetch" in result:  # the attachments this database does not have yet: the worker fetched them all
            result = process_and_store(*args, _fetched_for(result["fetch"], page["fetched"]))
        self.book.log_page(page.get("round", ""), context, result)
        if "error" in result:
            figures.unreadable += 1
        elif not result["is_report"]:
            figures.decoys += 1
        else:
            figures.stored[result["stored"]] = figures.stored.get(result["stored"], 0) + 1


def _fetched_for(wanted: list[dict], fetched: list[dict]) -> list[dict]:
    """The worker's fetches of the attachments wanted (one it did not fetch is recorded as such)."""
    by_url = {one["url"]: one for one in fetched}
    return [by_url.get(one["url"]) or {"url": one["url"], "name": one.get("name", ""), "body": None,
                                       "status": attachments.FETCH_ERROR, "message": "not fetched by the worker"}
            for one in wanted]


def files_dir_for(settings, db_path: str) -> str:
    """Where attachment files go: the crawl's rule (GOVREPORTS_FILES_DIR, else files/ beside the database)."""
    if not settings.getbool("GOVREPORTS_ATTACHMENTS"):
        return ""
    return settings.get("GOVREPORTS_FILES_DIR") or str(Path(db_path).parent / "files")
