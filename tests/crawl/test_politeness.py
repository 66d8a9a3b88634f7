"""robots.txt (Disallow and Crawl-delay) on small sites written by the test, checked on the server's side.

The server logs every request it answers and when it came in (``/_demo/requests``), so these tests see what
the crawl actually fetched and the gaps it actually left, not what the crawler believes it did.
"""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from tests.crawling import FAST, arrivals, crawl
from tests.demo_portal import documents as make

REPORT = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1>{title}</h1><div class="TRS_Editor"><p>一、总体情况</p><p>根据《中华人民共和国政府信息公开条例》编制本报告。</p>
<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>{attached}</div></body></html>"""

CRAWL_DELAY = 1.0
# The server stamps a request when it starts answering it; the crawler spaces the moments it sends them.
# A request that waited longer for its connection than the next one narrows the gap the server sees a
# little. A site whose delay is not restored gets gaps of a few hundredths of a second.
TOLERANCE = 0.25
REPORT_YEARS = range(2014, 2024)  # ten report pages, all queued at once when the column page is read


def _title(year: int) -> str:
    return f"测试局{year}年政府信息公开工作年度报告"


def _write(root: Path, rel: str, data: str | bytes) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _site(root: Path, robots: str) -> None:
    """Home -> column of reports; one report Disallowed, and the 2023 report's two attachments, one of them
    under a Disallowed path. Both attachments are pointer-page files named like the report."""
    _write(root, "robots.txt", robots)
    _write(root, "index.html", '<html><body><a href="/ndbg/index.html">政府信息公开年报</a></body></html>')
    pages = {f"ndbg/{year}.html": year for year in REPORT_YEARS}
    pages["private/2013.html"] = 2013
    links = "".join(f'<li><a href="/{path}">{_title(year)}</a></li>' for path, year in pages.items())
    _write(root, "ndbg/index.html", f"<html><body><ul>{links}</ul></body></html>")
    attached = ('<p>附件1：<a href="/files/2023-stats.pdf">统计表.pdf</a></p>'
                '<p>附件2：<a href="/internal/files/2023-draft.pdf">内部稿.pdf</a></p>')
    for path, year in pages.items():
        _write(root, path, REPORT.format(title=_title(year), attached=attached if year == 2023 else ""))
    paragraphs = [_title(2023), "一、总体情况。本年度主动公开政府信息1234条。"]
    _write(root, "files/2023-stats.pdf", make.make_pdf(paragraphs))
    _write(root, "internal/files/2023-draft.pdf", make.make_pdf(paragraphs))


def _crawled(serve_dir, tmp_path, robots: str, settings: list[str]):
    _site(tmp_path / "site", robots)
    server = serve_dir(tmp_path / "site")
    db = tmp_path / "r.db"
    crawl(db, server.urls["site"] + "/index.html", settings=settings)
    return db, arrivals(server.urls["site"])


@pytest.fixture(scope="module")
def delayed(tmp_path_factory):
    """The site crawled as a real crawl is: AutoThrottle on (it must not shorten the delay the site asked
    for), no delay of our own, so every gap comes from robots.txt."""
    from tests.conftest import serve

    root = tmp_path_factory.mktemp("politeness")
    _site(root / "site", f"User-agent: *\nDisallow: /private/\nDisallow: /internal/\nCrawl-delay: {CRAWL_DELAY:g}\n")
    server = serve(root / "site")
    try:
        db = root / "r.db"
        crawl(db, server.urls["site"] + "/index.html",
              settings=["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0"])
        yield db, arrivals(server.urls["site"])
    finally:
        server.stop()


def _paths(served) -> list[str]:
    return [path for path, _ in served]


def test_every_gap_between_requests_to_a_site_is_at_least_its_crawl_delay(delayed):
    _, fetched = delayed
    # robots.txt, home, column, ten reports queued together, the allowed attachment: the delay must hold for all
    # of them, not only until AutoThrottle has seen the first answers (robots.txt goes in the site's own slot)
    assert _paths(fetched)[0] == "/robots.txt" and len(fetched) == 4 + len(REPORT_YEARS)
    gaps = [round(b - a, 3) for (_, a), (_, b) in itertools.pairwise(fetched)]
    assert min(gaps) >= CRAWL_DELAY - TOLERANCE, list(zip(_paths(fetched)[1:], gaps, strict=True))


def test_disallowed_pages_are_not_fetched(delayed):
    db, served = delayed
    assert not [path for path in _paths(served) if path.startswith("/private/")]
    with sqlite3.connect(db) as conn:
        stored = {url.split("/", 3)[3] for (url,) in conn.execute("SELECT url FROM reports")}
        refused = [url for (url,) in conn.execute("SELECT url FROM crawl_log WHERE outcome = 'robots-forbidden'")]
    assert stored == {f"ndbg/{year}.html" for year in REPORT_YEARS}
    assert [url.endswith("/private/2013.html") for url in refused] == [True]


def test_a_disallowed_attachment_is_not_fetched_and_says_why(delayed):
    db, served = delayed
    assert "/files/2023-stats.pdf" in _paths(served)  # the allowed one was fetched: the page's files were read
    assert not [path for path in _paths(served) if path.startswith("/internal/")]
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT name, status FROM attachments"))
        message = conn.execute("SELECT message FROM attachments WHERE name = '内部稿.pdf'").fetchone()[0]
    assert rows == {"统计表.pdf": "ok", "内部稿.pdf": "robots_forbidden"}
    assert "robots.txt" in message


def test_a_disallow_for_another_user_agent_does_not_apply(serve_dir, tmp_path):
    # the counterpart of the tests above, on a site that differs in every way they allow: the rules name
    # another crawler, no delay, and everything under /private/ and /internal/ is fetched
    _, served = _crawled(serve_dir, tmp_path, "User-agent: otherbot\nDisallow: /\nCrawl-delay: 30\n\n"
                                              "User-agent: *\nDisallow:\n", FAST)
    assert "/private/2013.html" in _paths(served)
    assert "/internal/files/2023-draft.pdf" in _paths(served)
