"""The per-page job: a page with no body of its own is never stored as a report."""

from __future__ import annotations

from govreports.ingest import flush_stored, process_and_store, process_page

URL = "http://portal.test/zwgk/xxgknb/index.html"
NAV = '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>'


def _page(title: str, main: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body>{NAV}<div class='position'>当前位置："
            f"<a href='./'>{title}</a></div><div class='main'>{main}</div></body></html>").encode()


def test_a_column_of_year_links_is_logged_as_empty_not_stored(tmp_path):
    years = "".join(f'<li><a href="{year}/index.html">{year}年度</a></li>' for year in range(2008, 2025))
    page = _page("岳西县人民政府办公室政府信息公开年报（含部门）", f"<ul class='years'>{years}</ul>")
    db = tmp_path / "g.db"
    outcome = process_and_store(page, {"url": URL, "site": "http://portal.test", "fetched_at": "2024-01-01"},
                                "text/html", str(db))
    flush_stored(str(db))
    assert outcome["is_report"] is False
    assert outcome["verdict"].startswith(("empty body", "body is only a list"))
    assert not db.exists(), "nothing was written"


def test_a_script_shell_with_an_empty_list_is_not_a_report():
    page = _page("政府信息公开年报", '<ul id="list"></ul><script src="/js/list.js"></script>')
    result = process_page(page, URL, "text/html", list_title="政府信息公开年报")
    assert not result["is_report"] and result["verdict"].startswith("empty body")
    assert result["kind"] != "政府信息公开工作年度报告"


def _report(county: str, paragraphs: int) -> bytes:
    sections = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    text = "".join(f"<h3>{heading}</h3>" + f"<p>{county}人民政府坚持以公开为常态、不公开为例外，"
                   f"持续推进决策、执行、管理、服务、结果公开，第{index}项工作按期完成。</p>" * paragraphs
                   for index, heading in enumerate(sections))
    return _page(f"{county}人民政府2023年政府信息公开工作年度报告", text)


def _stored(db) -> int:
    import sqlite3

    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM reports").fetchone()[0]


def test_a_worker_writes_its_batch_once_it_holds_too_much_not_only_after_fifty_reports(tmp_path):
    """Reports wait in the worker for one transaction per batch; long ones are written before the batch holds
    STORE_BATCH_BYTES (the worker's memory), short ones wait for the batch to fill."""
    from govreports import ingest

    for paragraphs, written_early in ((2, False), (900, True)):
        db = tmp_path / f"{paragraphs}.db"
        for county in ("岳西县", "太湖县", "潜山市"):
            url = f"http://{paragraphs}.portal.test/xxgk/{county}.html"
            outcome = process_and_store(_report(county, paragraphs), {"url": url, "site": "http://portal.test",
                                                                      "fetched_at": "2024-01-01"}, "text/html", str(db))
            assert outcome["is_report"], outcome
        held = ingest._pending_bytes.get(str(db), 0)
        assert (_stored(db) > 0) is written_early, (paragraphs, held)
        assert held < ingest.STORE_BATCH_BYTES
        flush_stored(str(db))
        assert _stored(db) == 3
