"""``govreports reprocess``: a site crawled through the real demo server, the server stopped (nothing left to
fetch), the stored results made to look like an older parser's, and the stored raw pages read again."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest

from govreports.store.db import content_sha256
from tests.crawl.test_recrawl import VARIANTS, Site
from tests.crawling import FAST, crawl, govreports, url_path


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A database of a crawl whose portal is no longer served."""
    from tests.conftest import serve

    site = Site(tmp_path_factory.mktemp("reprocess") / "site", VARIANTS["weak-etag, gbk"])
    site.create()
    portal = serve(site.root)
    try:
        (start,) = portal.start_urls.values()
        (origin,) = portal.urls.values()
        db = tmp_path_factory.mktemp("db") / "govreports.db"
        crawl(db, start, settings=[*FAST, "-s", "GOVREPORTS_EXTRACT_WORKERS=0"])
    finally:
        portal.stop()  # from here on every fetch would fail
    return db, site, origin.rstrip("/")


def _copy(db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "govreports.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    (tmp_path / "files").symlink_to(db.parent / "files")
    return copy


def _report(conn, site: Site, year: int) -> dict:
    conn.row_factory = sqlite3.Row
    return dict(conn.execute("SELECT * FROM reports WHERE url LIKE ?", [f"%/{site.report(year)}"]).fetchone())


def test_reprocess_adds_a_version_only_where_the_output_changed(crawled, tmp_path):
    db, site, _ = crawled
    db = _copy(db, tmp_path)
    with sqlite3.connect(db) as conn:
        # 2022: stored by an "older parser" that kept the chrome in the body (its version 1 says so too)
        old = _report(conn, site, 2022)
        body = "无障碍浏览 当前位置：首页\n" + old["body_text"]
        conn.execute("UPDATE reports SET body_text = ?, content_sha256 = ? WHERE url = ?",
                     [body, content_sha256(old["title"], body), old["url"]])
        conn.execute("UPDATE report_versions SET body_text = ? WHERE url = ?", [body, old["url"]])
        # 2021: a derived column an older parser got wrong; 2023: gone when last crawled
        conn.execute("UPDATE reports SET year = 1999 WHERE url LIKE ?", [f"%/{site.report(2021)}"])
        conn.execute("UPDATE reports SET gone_at = '2026-01-01T00:00:00' WHERE url LIKE ?", [f"%/{site.report(2023)}"])
    result = govreports("reprocess", "--db", str(db), "--workers", "0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 pages reprocessed: 1 changed (a new version), 3 unchanged" in result.stdout and "0 errors" in result.stdout
    with sqlite3.connect(db) as conn:
        fixed = _report(conn, site, 2022)
        assert fixed["version"] == 2 and fixed["body_text"] == old["body_text"]
        versions = conn.execute("SELECT version, body_text FROM report_versions WHERE url = ? ORDER BY version",
                                [old["url"]]).fetchall()
        assert [v[0] for v in versions] == [1, 2] and versions[0][1] == body, "version 1 is kept as it was"
        refreshed = _report(conn, site, 2021)
        assert refreshed["year"] == 2021 and refreshed["version"] == 1, "refreshed in place, no new version"
        assert _report(conn, site, 2023)["gone_at"] == "2026-01-01T00:00:00", "reprocess saw nothing of the site"
        pointer = _report(conn, site, 2020)
        assert pointer["version"] == 1 and "1234条" in pointer["body_text"], "the kept PDF was read again"
        assert conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 4


def test_a_database_from_before_the_pages_table_is_reprocessed_from_its_versions(crawled, tmp_path):
    db, site, _ = crawled
    db = _copy(db, tmp_path)
    with sqlite3.connect(db) as conn:
        # as earlier versions stored it: the raw page in the version row, no pages row, no page_bodies
        for url, sha256 in conn.execute("SELECT url, raw_sha256 FROM report_versions").fetchall():
            body = conn.execute("SELECT raw_zlib FROM page_bodies WHERE sha256 = ?", [sha256]).fetchone()
            if body is not None:
                conn.execute("UPDATE report_versions SET raw_zlib = ? WHERE url = ?", [body[0], url])
        conn.execute("DROP TABLE pages")
        conn.execute("DROP TABLE page_bodies")
        assert zlib.decompress(conn.execute("SELECT raw_zlib FROM report_versions WHERE url LIKE ?",
                                            [f"%/{site.report(2021)}"]).fetchone()[0]).startswith(b"<!DOCTYPE")
    result = govreports("reprocess", "--db", str(db), "--workers", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 pages reprocessed: 0 changed (a new version), 4 unchanged" in result.stdout


def test_reprocess_of_one_site_and_of_a_site_that_is_not_there(crawled, tmp_path):
    db, _, origin = crawled
    db = _copy(db, tmp_path)
    mine = govreports("reprocess", "--db", str(db), "--site", origin, "--workers", "0")
    assert mine.returncode == 0 and "4 pages reprocessed" in mine.stdout, mine.stderr
    other = govreports("reprocess", "--db", str(db), "--site", "http://elsewhere.test")
    assert other.returncode == 1 and "no stored report of http://elsewhere.test" in other.stderr
    unknown = govreports("reprocess", "--db", str(db), "--site", "nowhere")
    assert unknown.returncode == 2 and "no site named 'nowhere'" in unknown.stderr
    missing = govreports("reprocess", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2


def test_a_report_whose_raw_page_is_lost_is_an_error_not_a_crash(crawled, tmp_path):
    db, site, _ = crawled
    db = _copy(db, tmp_path)
    with sqlite3.connect(db) as conn:
        url = _report(conn, site, 2021)["url"]
        conn.execute("DELETE FROM pages WHERE url = ?", [url])
        conn.execute("UPDATE report_versions SET raw_sha256 = 'lost' WHERE url = ?", [url])
    result = govreports("reprocess", "--db", str(db), "--workers", "0")
    assert result.returncode == 1
    assert "3 unchanged" in result.stdout and "1 errors" in result.stdout
    assert url_path(url) in result.stderr and "raw page is not kept" in result.stderr
