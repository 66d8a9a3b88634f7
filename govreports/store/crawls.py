"""The ``crawls`` rows: one per crawl, opened when its spider opens and closed with its finish reason.

A crawl killed outright (kill -9, the machine going down) never writes its end. Each row names the process that
runs it (host, pid and the process's start time, so a reused pid is not taken for it), and a row left open by a
process that is gone is marked ``killed`` by the next crawl or ``status`` that opens the database.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import sqlite_utils

from govreports.store.schema import add_missing_columns

# How a crawl ended: Scrapy's finish reasons ("finished", "shutdown" on SIGINT/SIGTERM, "closespider_…"), and ours.
KILLED = "killed"
RUNNING = "running"
# The ``process`` of a distributed crawl's row: its workers run anywhere; its writer closes it (distributed.rounds).
DISTRIBUTED = "distributed"


def ensure_schema(db: sqlite_utils.Database) -> None:
    # reason: the finish reason; run_id: the first crawl of the run, when one process ran several crawlers (sites
    # with settings of their own); process: "host pid start-time" of the process running it.
    add_missing_columns(db["crawls"], {"reason": str, "run_id": int, "process": str})


def this_process() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()} {pid} {_started(pid) or ''}".rstrip()


def is_alive(process: str) -> bool:
    """Whether the process a crawls row names still runs (a process on another host is taken to)."""
    host, _, rest = (process or "").partition(" ")
    if host == DISTRIBUTED:
        return True
    pid_text, _, started = rest.partition(" ")
    if not pid_text.isdigit() or host != socket.gethostname():
        # another host's process cannot be looked at; a row from before this column is from a crawl long gone
        return bool(process)
    pid = int(pid_text)
    if started and Path("/proc").is_dir():
        return _started(pid) == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _started(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/PID/stat field 22), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def mark_killed(db: sqlite_utils.Database) -> list[int]:
    """Mark the crawls whose process died before they finished as ``killed``; returns their ids."""
    ensure_schema(db)
    open_rows = db.execute("SELECT id, process FROM crawls WHERE finished_at IS NULL AND COALESCE(reason, '') = ''")
    dead = [crawl_id for crawl_id, process in open_rows.fetchall() if not is_alive(process)]
    if dead:
        with db.conn:
            db.conn.executemany("UPDATE crawls SET reason = ? WHERE id = ?", [(KILLED, crawl_id) for crawl_id in dead])
    return dead


def start(db: sqlite_utils.Database, started_at: str, start_urls: list[str], run_id: int | None = None,
          process: str = "") -> int:
    """Open a crawl's row (naming this process, or ``process``), after marking the crawls that died unfinished."""
    mark_killed(db)
    with db.conn:
        crawl_id = db["crawls"].insert({"started_at": started_at, "start_urls": json.dumps(start_urls),
                                        "process": process or this_process()}).last_pk
        db["crawls"].update(crawl_id, {"run_id": run_id or crawl_id})
    return crawl_id


def finish(db: sqlite_utils.Database, crawl_id: int, finished_at: str, reason: str, summary: dict) -> None:
    with db.conn:
        db["crawls"].update(crawl_id, {"finished_at": finished_at, "reason": reason, "summary": json.dumps(summary)})
