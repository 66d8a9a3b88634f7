"""Every request that waits for its site's robots.txt is checked against it, not only the first.

A site's first requests all wait while its robots.txt downloads: several start URLs of one site, here; a worker
of a distributed crawl joining a shared queue that holds a site's pages (tests/crawl/distributed). Scrapy's
middleware gave the parser to the first waiting request only and let every later one through (see
``RobotsCrawlDelayMiddleware.robot_parser``). Each test queues the site's start page first (it fetches
robots.txt), then pages robots.txt disallows, mixed with pages it allows, so that a crawl refusing everything
fails too. What was fetched is read from the server's own log.
"""

from __future__ import annotations

import sqlite3

from tests.crawling import FAST, crawl, served_paths
from tests.crawling import url_path as _path


def _forbidden(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {_path(url) for (url,) in conn.execute("SELECT url FROM crawl_log WHERE outcome = 'robots-forbidden'")}


def _crawl_at_once(db, base: str, start: str, paths: list[str], settings: list[str], exit_code: int = 0
                   ) -> list[str]:
    """Crawl the start page and ``paths`` of one site, all start URLs; the paths the server answered."""
    before = len(served_paths(base))
    crawl(db, base + start, *(base + path for path in paths), settings=settings, exit_code=exit_code)
    return served_paths(base)[before:]


def test_every_start_url_robots_txt_disallows_is_refused(demo_portal, tmp_path):
    # one URL under each Disallow line of the TRS site's robots.txt: a report page among them, which the site
    # lists nowhere else, and what Chinese portals' search, app and image paths look like
    disallowed = ["/zwgk/ndbg/nbk/t20200110_122118.shtml", "/was5/web/search?channelid=200&searchword=%E5%B9%B4%E6%8A%A5",
                  "/trsapp/ndbg/list.do?page=2", "/images/2020/banner.jpg"]
    allowed = ["/zwgk/ndbg/202401/t20240121_126815.shtml", "/xwdt/"]
    paths = [disallowed[0], allowed[0], *disallowed[1:], allowed[1]]
    db = tmp_path / "trs.db"
    served = _crawl_at_once(db, demo_portal.urls["trs"], "/index.shtml", paths, FAST)
    assert served[0] == "/robots.txt"
    assert not set(disallowed) & set(served)
    assert set(allowed) <= set(served)
    assert _forbidden(db) == set(disallowed)
    with sqlite3.connect(db) as conn:
        assert "/zwgk/ndbg/nbk/t20200110_122118.shtml" not in {_path(url) for (url,) in conn.execute(
            "SELECT url FROM reports")}


# A robots.txt unlike the TRS site's in every way it may differ: a group of its own for our user agent (the
# group for everyone else disallows nothing), Allow exceptions inside a disallowed path, the * and $ patterns,
# a query rule, and a Crawl-delay, obeyed, whose lookup waits for robots.txt as well. The longest rule wins:
# /internal/public/x.asp is allowed.
ROBOTS = """User-agent: *
Disallow:

User-agent: govreports
Crawl-delay: 0.2
Disallow: /internal/
Allow: /internal/public/
Disallow: /*.asp$
Disallow: /*?print=
"""


def test_a_robots_txt_with_a_group_for_us_allow_lines_and_patterns(serve_dir, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    (site / "index.html").write_text("<html><body><p>首页</p></body></html>", encoding="utf-8")
    (site / "site.json").write_text('{"name": "robots-groups", "start": "/index.html"}', encoding="utf-8")
    base = serve_dir(site).urls["robots-groups"]
    disallowed = ["/internal/2023.html", "/reports/list.asp", "/ndbg/2023.html?print=1", "/internal/2023/a.pdf"]
    allowed = ["/internal/public/2023.html", "/reports/list.aspx", "/reports/list.asp?page=2", "/internal/public/x.asp"]
    paths = [path for pair in zip(disallowed, allowed, strict=True) for path in pair]
    obeying = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]  # Crawl-delay obeyed
    db = tmp_path / "groups.db"
    served = _crawl_at_once(db, base, "/index.html", paths, obeying, exit_code=1)
    assert served[0] == "/robots.txt"
    assert not set(disallowed) & set(served)
    assert set(allowed) <= set(served)
    assert _forbidden(db) == set(disallowed)
