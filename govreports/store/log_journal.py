"""The crawl log's journal: every row on disk the moment it is logged, so a killed crawl loses none.

The crawl log writes its rows to SQLite in batches, on a thread of its own (the reactor must never wait for
a database another process is writing). A batch still in memory died with the process (kill -9, the OOM
killer). So each row is first appended to a journal file beside the database and flushed to the kernel:
one ``write`` of a short line, a few microseconds, never blocked by SQLite's locks (a per-row commit on the
reactor thread would wait for the workers' report transactions); a killed process leaves its writes in the
page cache, so they are on disk even though nothing was fsynced. The crawl deletes its journal when every
row is in SQLite.

The next ``open_db`` replays journals left behind: the rows of a crawl reach ``crawl_log`` in journal order
and only from its own writer, so the rows already there are the journal's first N, and only the rest are
inserted. A running crawl holds an exclusive ``flock`` on its journal; a journal that can be locked belongs
to a process that is gone.
"""

from __future__ import annotations

import fcntl
import json
import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def journal_path(db_path: str | Path, crawl_id: int) -> Path:
    return Path(f"{db_path}.crawl-{crawl_id}.journal")


class LogJournal:
    """The append-only journal of one crawl's log rows (one JSON object a line), locked while the crawl runs."""

    def __init__(self, db_path: str | Path, crawl_id: int):
        self.path = journal_path(db_path, crawl_id)
        self.file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - open for the crawl's lifetime
        fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def append(self, row: dict) -> None:
        self.file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.file.flush()  # to the kernel: what a killed process wrote survives it

    def remove(self) -> None:
        """Every row is in SQLite: the journal goes (unlinked before the lock is let go)."""
        self.path.unlink(missing_ok=True)
        self.file.close()


def replay_journals(db, db_path: str | Path) -> int:
    """Insert the rows of journals that killed crawls left beside ``db_path`` and not yet in ``crawl_log``;
    delete those journals. Returns how many rows were inserted."""
    db_path = Path(db_path)
    inserted = 0
    for path in sorted(db_path.parent.glob(f"{db_path.name}.crawl-*.journal")):
        try:
            file = open(path, encoding="utf-8")  # noqa: SIM115 - closed below
        except FileNotFoundError:  # another process replayed it first
            continue
        with file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # its crawl is running
                continue
            rows = _rows(file)
            inserted += _insert_missing(db, rows)
            path.unlink(missing_ok=True)
    return inserted


def _rows(file) -> list[dict]:
    rows = []
    for line in file:
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:  # the line being written when the process died
            break
    return rows


def _insert_missing(db, rows: list[dict]) -> int:
    from govreports.store.db import log_fetches  # db opens with a replay: imported here, not at the top

    if not rows:
        return 0
    crawl_id = rows[0]["crawl_id"]
    have = db.conn.execute("SELECT COUNT(*) FROM crawl_log WHERE crawl_id = ?", [crawl_id]).fetchone()[0]
    missing = rows[have:]
    log_fetches(db, missing)
    if missing:
        logger.warning("crawl %s was killed: %d crawl-log rows recovered from its journal", crawl_id, len(missing))
    return len(missing)
