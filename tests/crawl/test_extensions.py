"""The extensions in process: crawl progress (figures and the log line) and the crawl log (rows in SQLite).

Signals are sent as the engine sends them; the crawl log writes to a real SQLite file.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from types import SimpleNamespace

import pytest
from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from govreports.crawl.exceptions import NotAReport, UnreadablePage
from govreports.crawl.extensions.crawl_log import CrawlLog
from govreports.crawl.extensions.progress import CrawlProgress, progress_figures
from govreports.crawl.items import ReportPage
from govreports.crawl.signals import crawl_outcome
from tests.crawl import SITE, response_fixture, spider_with_crawler

STATS = {
    "response_received_count": 120,
    "govreports/reports_new": 7, "govreports/reports_updated": 2, "govreports/reports_unchanged": 1,
    "govreports/reports_gone": 3, "govreports/not_modified": 40, "govreports/decoys": 30, "robotstxt/forbidden": 4, "govreports/blocked": 3,
    "govreports/errors": 5, "govreports/unreadable": 1,
    "govreports/attachments_ok": 6, "govreports/attachments_too_large": 1, "govreports/attachments_offsite": 2,
    "govreports/reports_body_from_file": 2, "govreports/reports_with_stats": 8,
    "govreports/stats_identity_broken": 1, "govreports/stats_with_problems": 2,
}


def test_progress_figures_name_what_a_person_wants():
    figures = progress_figures(STATS, elapsed=60.0)
    assert figures == {
        "pages_fetched": 120, "pages_per_report": 12.0, "reports_new": 7, "reports_updated": 2, "reports_unchanged": 1,
        "reports_flagged": 0, "reports_gone": 3, "pages_not_modified": 40,
        "decoys_skipped": 30, "robots_forbidden": 4, "blocked": 3, "errors": 6, "pages_per_second": 2.0,
        "attachments_read": 6, "attachments_unread": 3, "reports_from_files": 2, "reports_with_stats": 8,
        "stats_identity_broken": 1, "stats_with_problems": 2,
    }
    assert progress_figures({}, elapsed=0)["pages_per_second"] == 0.0
    assert progress_figures({"response_received_count": 5}, elapsed=1)["pages_per_report"] is None


def test_the_progress_line(caplog):
    spider = spider_with_crawler(settings={"EXTENSIONS": {}})
    crawler = spider.crawler
    for key, value in STATS.items():
        crawler.stats.set_value(key, value)
    crawler.engine = SimpleNamespace(scheduler=[object()] * 11)  # 11 requests waiting
    progress = CrawlProgress.from_crawler(crawler)
    with caplog.at_level(logging.INFO, logger="govreports.progress"):
        progress.report()
    (line,) = [record.getMessage() for record in caplog.records if record.name == "govreports.progress"]
    assert line.startswith("progress: 120 pages fetched (")
    assert "pages fetched (" in line and "/s, 40 not modified), " in line
    assert ("10 reports stored (7 new, 2 changed; 12.0 pages per report), 30 decoys skipped, 6 attachments read (3 not), 6 errors, "
            "11 in queue") in line


def test_progress_is_off_with_a_zero_interval():
    spider = spider_with_crawler(settings={"EXTENSIONS": {}, "GOVREPORTS_PROGRESS_INTERVAL": 0})
    with pytest.raises(NotConfigured):
        CrawlProgress.from_crawler(spider.crawler)


def _report(url: str, **extraction) -> ReportPage:
    return ReportPage(url=url, body=b"<html></html>", site=SITE, fetched_at="2024-01-20T08:00:00.000+00:00",
                      extraction=extraction)


def test_the_crawl_log_keeps_a_row_for_every_fetch_and_the_summary(tmp_path):
    db = tmp_path / "crawl.db"
    spider = spider_with_crawler(settings={"EXTENSIONS": {}, "GOVREPORTS_DB": str(db)})
    crawler = spider.crawler
    log = CrawlLog.from_crawler(crawler)
    send = crawler.signals.send_catch_log
    send(signals.spider_opened, spider=spider)

    column = response_fixture(f"{SITE}/ndbg/", meta={"role": "column"}, callback=spider.parse_listing)
    robots = response_fixture(f"{SITE}/robots.txt", meta={"dont_obey_robotstxt": True})
    report = response_fixture(f"{SITE}/ndbg/a.html", callback=spider.parse_report)
    for response in (robots, column, report):
        send(signals.response_received, response=response, request=response.request, spider=spider)
    send(crawl_outcome, url=f"{SITE}/private/c.html", status=0, outcome="robots-forbidden", message="not fetched")
    send(crawl_outcome, url=f"{SITE}/ndbg/w.html", status=412, outcome="blocked", message="challenge")
    send(signals.item_scraped, item=_report(f"{SITE}/ndbg/a.html", stored="new"), response=report, spider=spider)
    send(signals.item_dropped, item=_report(f"{SITE}/ndbg/d.html"), response=report, spider=spider,
         exception=NotAReport("not an annual report: d.html (notice)"))
    send(signals.item_dropped, item=_report(f"{SITE}/ndbg/u.html"), response=report, spider=spider,
         exception=UnreadablePage("unreadable page u.html: empty"))
    crawler.stats.set_value("response_received_count", 3)
    crawler.stats.set_value("govreports/reports_new", 1)
    send(signals.spider_closed, spider=spider, reason="finished")

    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, status, outcome, message, fetched_at FROM crawl_log ORDER BY rowid").fetchall()
        (summary, start_urls, finished) = conn.execute("SELECT summary, start_urls, finished_at FROM crawls").fetchone()
    assert [(url.removeprefix(SITE), status, outcome) for url, status, outcome, _, _ in rows] == [
        ("/robots.txt", 200, "robots"),
        ("/ndbg/", 200, "column"),  # the report page waits for its verdict
        ("/private/c.html", 0, "robots-forbidden"),
        ("/ndbg/w.html", 412, "blocked"),
        ("/ndbg/a.html", 200, "report"),
        ("/ndbg/d.html", 200, "decoy"),
        ("/ndbg/u.html", 200, "unreadable"),
    ]
    assert rows[4][3] == "new" and rows[4][4] == "2024-01-20T08:00:00.000+00:00"
    assert rows[5][3].startswith("not an annual report")
    assert json.loads(summary) == {"reports_new": 1, "pages_fetched": 3, "requests": 0, "bytes_received": 0}
    assert json.loads(start_urls) == [f"{SITE}/"] and finished
    with sqlite3.connect(db) as conn:  # the list page is kept for the next crawl to revalidate; report pages
        kept = conn.execute("SELECT url, role, status FROM pages").fetchall()  # are kept with their report
    assert kept == [(f"{SITE}/ndbg/", "column", 200)]
    assert log.db is None  # closed


def test_the_crawl_log_writes_in_batches(tmp_path):
    db = tmp_path / "crawl.db"
    spider = spider_with_crawler(settings={"EXTENSIONS": {}, "GOVREPORTS_DB": str(db)})
    log = CrawlLog.from_crawler(spider.crawler)
    log.batch_size = 3
    log.spider_opened(spider)
    for i in range(7):
        request = Request(f"{SITE}/p{i}.html", meta={"role": "portal"})
        log.on_response(response_fixture(request.url), request)
    log.writer.submit(lambda: None).result()  # let the writer thread finish what it was given
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM crawl_log").fetchone() == (6,)
    log.spider_closed(spider, "finished")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM crawl_log").fetchone() == (7,)


def test_no_console_or_remote_control_port_is_opened():
    """Neither Scrapy's telnet console nor its remote-control HTTP server (which runs code) is enabled."""
    from scrapy.utils.conf import build_component_list
    from scrapy.utils.misc import load_object

    from tests.crawl import crawler_with_settings

    settings = crawler_with_settings().settings
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    extensions = [load_object(path) if isinstance(path, str) else path
                  for path in build_component_list(settings.getwithbase("EXTENSIONS"))]
    assert "RemoteControl" not in {extension.__name__ for extension in extensions}
    assert "CrawlLog" in {extension.__name__ for extension in extensions}
