"""The crawl log survives kill -9: rows are journaled as they are logged and replayed at the next open_db.

The kill is real: a child process runs the crawl log extension (with a real crawler's settings and a real
SQLite file), logs rows, and sends itself SIGKILL while rows are still waiting for their batch.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from govreports import store
from govreports.store.log_journal import LogJournal, journal_path
from tests.paths import REPO

_CHILD = textwrap.dedent("""
    import os, signal, sys
    from scrapy import Request
    from govreports.crawl.extensions.crawl_log import CrawlLog
    from tests.crawl import SITE, response_fixture, spider_with_crawler

    db, rows, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    spider = spider_with_crawler(settings={"EXTENSIONS": {}, "GOVREPORTS_DB": db})
    log = CrawlLog.from_crawler(spider.crawler)
    log.batch_size = batch
    log.spider_opened(spider)
    for i in range(rows):
        request = Request(f"{SITE}/p{i}.html", meta={"role": "portal"})
        log.on_response(response_fixture(request.url), request)
    log.writer.submit(lambda: None).result()  # the batches handed over are in SQLite
    os.kill(os.getpid(), signal.SIGKILL)
""")


def _killed_crawl(db, rows: int, batch: int) -> None:
    child = subprocess.run([sys.executable, "-c", _CHILD, str(db), str(rows), str(batch)], cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -9, child.stderr


def _logged(db) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [url.rsplit("/", 1)[1] for (url,) in conn.execute("SELECT url FROM crawl_log ORDER BY id")]


@pytest.mark.parametrize(("rows", "batch"), [(7, 3), (5, 200)])
def test_a_killed_crawl_loses_no_log_row(tmp_path, rows, batch):
    db = tmp_path / "r.db"
    _killed_crawl(db, rows, batch)
    written = _logged(db)
    assert len(written) == rows - rows % batch  # what the batches wrote before the kill; the rest was pending
    store.open_db(db).close()  # the next open replays the journal
    assert _logged(db) == [f"p{i}.html" for i in range(rows)]  # every row, once, in order
    assert not journal_path(db, 1).exists()


def test_a_running_crawls_journal_is_left_alone(tmp_path):
    db = tmp_path / "r.db"
    database = store.open_db(db)
    crawl_id = store.start_crawl(database, "2026-01-01T00:00:00", [])
    journal = LogJournal(db, crawl_id)  # held, as a running crawl holds it
    journal.append({"crawl_id": crawl_id, "url": "http://a/x", "status": 200, "outcome": "page", "message": "",
                    "fetched_at": "t"})
    store.open_db(db).close()
    assert _logged(db) == [] and journal.path.exists()
    journal.file.close()  # the process is gone: its lock with it
    store.open_db(db).close()
    assert _logged(db) == ["x"] and not journal.path.exists()


def test_a_torn_last_line_is_left_out(tmp_path):
    db = tmp_path / "r.db"
    store.open_db(db).close()
    journal_path(db, 3).write_text(
        '{"crawl_id": 3, "url": "http://a/ok", "status": 200, "outcome": "page", "message": "", "fetched_at": "t"}\n'
        '{"crawl_id": 3, "url": "http://a/to', encoding="utf-8")
    store.open_db(db).close()
    assert _logged(db) == ["ok"]
