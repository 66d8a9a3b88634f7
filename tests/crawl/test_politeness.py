"""robots.txt (Disallow and Crawl-delay) on a small site written by the test."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import datetime

from tests.crawling import crawl

REPORT = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1>{title}</h1><div class="TRS_Editor"><p>一、总体情况</p><p>根据《中华人民共和国政府信息公开条例》编制本报告。</p>
<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p></div></body></html>"""


def _site(root, crawl_delay: str):
    (root / "ndbg").mkdir(parents=True)
    (root / "private").mkdir()
    (root / "robots.txt").write_text(f"User-agent: *\nDisallow: /private/\n{crawl_delay}\n")
    (root / "index.html").write_text(
        '<html><body><a href="/ndbg/index.html">政府信息公开年报</a></body></html>', encoding="utf-8")
    links = "".join(
        f'<li><a href="{href}">测试局{year}年政府信息公开工作年度报告</a></li>'
        for href, year in [("/ndbg/a.html", 2019), ("/ndbg/b.html", 2020), ("/private/c.html", 2021)]
    )
    (root / "ndbg" / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    for path, year in [("ndbg/a.html", 2019), ("ndbg/b.html", 2020), ("private/c.html", 2021)]:
        (root / path).write_text(REPORT.format(title=f"测试局{year}年政府信息公开工作年度报告"), encoding="utf-8")


def _fetch_times(db) -> list[datetime]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT fetched_at FROM crawl_log WHERE outcome NOT IN ('robots', 'robots-forbidden') ORDER BY fetched_at"
        ).fetchall()
    return [datetime.fromisoformat(at) for (at,) in rows]


def test_disallowed_paths_are_not_fetched(serve_dir, tmp_path):
    _site(tmp_path / "site", "")
    server = serve_dir(tmp_path / "site")
    db = tmp_path / "r.db"
    crawl(db, server.urls["site"] + "/index.html")
    with sqlite3.connect(db) as conn:
        stored = {url.rsplit("/", 2)[-2] + "/" + url.rsplit("/", 1)[-1] for (url,) in conn.execute("SELECT url FROM reports")}
        refused = [url for (url,) in conn.execute("SELECT url FROM crawl_log WHERE outcome = 'robots-forbidden'")]
    assert stored == {"ndbg/a.html", "ndbg/b.html"}
    assert [url.endswith("/private/c.html") for url in refused] == [True]


def test_crawl_delay_spaces_requests(serve_dir, tmp_path):
    _site(tmp_path / "site", "Crawl-delay: 1")
    server = serve_dir(tmp_path / "site")
    db = tmp_path / "r.db"
    # AutoThrottle stays on, as in a real crawl: it must not shorten the delay the site asked for.
    crawl(db, server.urls["site"] + "/index.html", settings=["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0"])
    times = _fetch_times(db)
    assert len(times) == 4  # home, column, two reports
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.95, gaps


def test_without_crawl_delay_the_same_crawl_is_quick(serve_dir, tmp_path):
    _site(tmp_path / "site", "")
    server = serve_dir(tmp_path / "site")
    db = tmp_path / "r.db"
    crawl(db, server.urls["site"] + "/index.html", settings=["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"])
    times = _fetch_times(db)
    assert (times[-1] - times[0]).total_seconds() < 2.0
