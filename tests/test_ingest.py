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
