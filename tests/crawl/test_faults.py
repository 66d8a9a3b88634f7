"""A crawl of the fault portal (``tests/crawl/fault_portal.py``): every fault met, overcome or logged.

One real crawl (``govreports crawl`` in a subprocess) against a real HTTP server on 127.0.0.1; the assertions
read the database it leaves and the requests the server saw.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.crawl.fault_portal import COLUMN, FaultPortal
from tests.crawling import crawl, govreports, url_path


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    db = tmp_path_factory.mktemp("faults") / "faults.db"
    with FaultPortal() as portal:
        result = crawl(db, portal.url + "/")
        hits = dict(portal.hits)
    with sqlite3.connect(db) as conn:
        log = conn.execute("SELECT url, status, outcome, message FROM crawl_log ORDER BY id").fetchall()
        reports = {url_path(row[0]): row[1:] for row in conn.execute(
            "SELECT url, agency, confidence, flags, body_text, body_html FROM reports")}
    return {"db": db, "result": result, "hits": hits, "reports": reports,
            "log": [(url_path(url), status, outcome, message) for url, status, outcome, message in log]}


def _logged(fault_crawl, path: str) -> list[tuple]:
    return [row for row in fault_crawl["log"] if row[0] == path]


@pytest.mark.parametrize("name", ["retry-seconds", "retry-date"])
def test_a_retry_waits_as_long_as_retry_after_asks(fault_crawl, name):
    # The server refuses a retry that comes before the moment its Retry-After named (seconds, or an HTTP-date
    # for the 429): retried at once, the report would be refused RETRY_TIMES more times and lost.
    path = f"/ndbg/{name}.html"
    assert fault_crawl["hits"][path] == 2
    assert path in fault_crawl["reports"]
    assert _logged(fault_crawl, path)[-1][2] == "report"


def test_a_retry_after_past_the_bound_is_not_waited_for_and_says_so(fault_crawl):
    path = "/ndbg/retry-too-long.html"
    assert fault_crawl["hits"][path] == 1
    ((_, status, outcome, message),) = _logged(fault_crawl, path)
    assert (status, outcome) == (503, "error") and "retry after 86400" in message


def test_a_redirect_loop_is_logged(fault_crawl):
    # loop-a → loop-b → loop-a: Scrapy's duplicate filter drops the second loop-a, which reaches no errback
    ((_, status, outcome, message),) = _logged(fault_crawl, "/ndbg/loop-a.html")
    assert (status, outcome) == (0, "dropped")
    assert "loop-b.html" in message


def test_too_many_redirects_are_logged_under_the_linked_url(fault_crawl):
    ((_, status, outcome, message),) = _logged(fault_crawl, "/ndbg/endless.html")
    assert (status, outcome) == (0, "too_many_redirects")
    assert message.startswith("20 redirects")


def test_every_linked_report_ends_in_a_log_row(fault_crawl):
    logged = {row[0] for row in fault_crawl["log"]}
    missing = [name for name, _ in COLUMN if f"/ndbg/{name}.html" not in logged and name != "refresh-http"]
    assert missing == []
    assert "/ndbg/moved.html" in logged  # the refresh-http page's row is its target's


def test_a_page_nested_past_the_parser_limit_is_read_whole(fault_crawl):
    agency, _, _, body_text, _ = fault_crawl["reports"]["/ndbg/deep.html"]
    assert agency == "北岭县农业农村局"
    assert body_text.startswith("本报告由北岭县农业农村局") and "五、存在的主要问题及改进情况" in body_text


def test_a_javascript_meta_refresh_does_not_lose_the_report(fault_crawl):
    assert "/ndbg/refresh-js.html" in fault_crawl["reports"]
    assert "/ndbg/moved.html" in fault_crawl["reports"]  # an http refresh is still followed


def test_hijacked_reports_are_flagged_and_less_trusted(fault_crawl):
    reports = fault_crawl["reports"]
    for path in ("/ndbg/hijacked-title.html", "/ndbg/hijacked-body.html"):
        _, confidence, flags, _, _ = reports[path]
        assert json.loads(flags) and confidence < 0.5
    clean = [path for path, row in reports.items() if json.loads(row[2]) == []]
    assert len(clean) == len(reports) - 2 and all(reports[path][1] >= 0.7 for path in clean)
    assert "(2 of them look hijacked)" in fault_crawl["result"].stdout


def test_hijacked_reports_stay_out_of_search_unless_asked(fault_crawl):
    db = str(fault_crawl["db"])
    plain = govreports("search", "政府信息公开", "--db", db, "--json", "--limit", "50")
    flagged = govreports("search", "政府信息公开", "--db", db, "--json", "--limit", "50", "--flagged")
    plain_urls = {url_path(json.loads(line)["url"]) for line in plain.stdout.splitlines()}
    flagged_urls = {url_path(json.loads(line)["url"]) for line in flagged.stdout.splitlines()}
    assert flagged_urls - plain_urls == {"/ndbg/hijacked-title.html", "/ndbg/hijacked-body.html"}


def test_hostile_links_do_not_survive_in_body_html(fault_crawl):
    _, _, _, _, body_html = fault_crawl["reports"]["/ndbg/hostile-links.html"]
    assert "script" not in body_html.lower() and "data:" not in body_html
    assert '/ndbg/real-attachment.html">原文</a>' in body_html
    assert "报告全文" in body_html  # the text of a dropped link stays


def test_a_bare_embed_keeps_the_body_after_it(fault_crawl):
    _, _, _, body_text, _ = fault_crawl["reports"]["/ndbg/embed.html"]
    assert body_text.startswith("报告原文：") and body_text.endswith("下一步将加强培训。")


def test_a_cookie_with_a_domain_does_not_stop_the_crawl(fault_crawl):
    assert "/ndbg/cookie.html" in fault_crawl["reports"]


def test_no_console_is_enabled_in_a_real_crawl(fault_crawl):
    enabled = fault_crawl["result"].stderr.split("Enabled extensions:", 1)[1].split("]", 1)[0]
    assert "TelnetConsole" not in enabled and "RemoteControl" not in enabled
    assert "CrawlLog" in enabled  # the list read is the real one


def test_the_journal_is_gone_after_a_clean_finish(fault_crawl):
    db = fault_crawl["db"]
    assert list(db.parent.glob(db.name + ".crawl-*.journal")) == []
