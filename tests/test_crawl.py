"""End to end: the real spider crawls the demo portal served on 127.0.0.1 into a real SQLite file."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import pytest

from tests.crawling import crawl


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def demo_db(demo_portal, tmp_path_factory):
    db = tmp_path_factory.mktemp("crawl") / "govreports.db"
    first = crawl(db, *demo_portal.start_urls.values())
    return db, first


def _stored(db) -> dict[str, set[str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT site, url FROM reports").fetchall()
    by_site: dict[str, set[str]] = {}
    for site, url in rows:
        by_site.setdefault(site, set()).add(_path(url))
    return by_site


def _site_key(demo_portal, name):
    return demo_portal.urls[name].rstrip("/")


@pytest.mark.parametrize("name", ["trs", "hanweb", "oldtable"])
def test_every_expected_report_and_nothing_else_is_stored(demo_db, demo_portal, name):
    db, _ = demo_db
    expected = {report["path"] for report in demo_portal.expected[name]["reports"]}
    assert len(expected) >= 25
    stored = _stored(db).get(_site_key(demo_portal, name), set())
    assert stored - expected == set(), "stored pages that are not reports"
    assert expected - stored == set(), "reports missed"


@pytest.mark.parametrize("name", ["trs", "hanweb", "oldtable"])
def test_no_decoy_is_stored(demo_db, demo_portal, name):
    db, _ = demo_db
    decoys = set(demo_portal.expected[name]["decoys"])
    assert decoys
    assert _stored(db).get(_site_key(demo_portal, name), set()) & decoys == set()


def test_robots_disallowed_pages_are_never_fetched(demo_db, demo_portal):
    db, _ = demo_db
    forbidden = {path for site in demo_portal.expected.values() for path in site.get("robots_disallowed", [])}
    assert forbidden
    with sqlite3.connect(db) as conn:
        fetched = {_path(url) for (url,) in conn.execute("SELECT url FROM crawl_log WHERE outcome != 'robots-forbidden'")}
        refused = {_path(url) for (url,) in conn.execute("SELECT url FROM crawl_log WHERE outcome = 'robots-forbidden'")}
    assert fetched & forbidden == set()
    assert forbidden <= refused, "the disallowed links were found, and refused by the robots.txt check"


def test_nothing_off_site_is_fetched(demo_db, demo_portal):
    db, _ = demo_db
    sites = {url.rstrip("/") for url in demo_portal.urls.values()}
    with sqlite3.connect(db) as conn:
        fetched = [url for (url,) in conn.execute("SELECT url FROM crawl_log")]
    assert fetched and all(f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" in sites for u in fetched)


@pytest.mark.parametrize("name", ["trs", "hanweb", "oldtable"])
def test_every_list_page_of_each_pager_kind_is_read(demo_db, demo_portal, name):
    db, _ = demo_db
    with sqlite3.connect(db) as conn:
        fetched = {_path(url) for (url,) in conn.execute("SELECT url FROM crawl_log WHERE outcome = 'column'")}
    list_pages = set(demo_portal.expected[name]["list_pages"])
    assert len(list_pages) >= 3
    assert list_pages - fetched == set()


def test_gbk_pages_decode_to_the_right_characters(demo_db, demo_portal):
    db, _ = demo_db
    expected = {r["path"]: r for r in demo_portal.expected["oldtable"]["reports"]}
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, title, body_text FROM reports WHERE site = ?",
                            [_site_key(demo_portal, "oldtable")]).fetchall()
    assert rows
    for url, title, body in rows:
        assert title == expected[_path(url)]["title"]
        assert "\ufffd" not in body and "政府信息公开" in body


def test_metadata_of_stored_reports(demo_db, demo_portal):
    db, _ = demo_db
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = {(_path(r["url"]), r["site"]): r for r in conn.execute("SELECT * FROM reports")}
    checked = 0
    for name, site in demo_portal.expected.items():
        for report in site["reports"]:
            row = rows[(report["path"], _site_key(demo_portal, name))]
            assert row["title"] == report["title"]
            assert row["year"] == report["year"], report["path"]
            assert row["published_at"][:10] == report["published"], report["path"]
            assert row["agency"] == report["agency"], report["path"]
            assert row["body_text"] and row["content_sha256"]
            checked += 1
    assert checked >= 75


def test_a_second_crawl_adds_nothing(demo_db, demo_portal):
    db, _ = demo_db
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        versions_before = conn.execute("SELECT COUNT(*) FROM report_versions").fetchone()[0]
    second = crawl(db, *demo_portal.start_urls.values())
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == before
        assert conn.execute("SELECT COUNT(*) FROM report_versions").fetchone()[0] == versions_before
        assert conn.execute("SELECT COUNT(*) FROM crawls").fetchone()[0] >= 2
    assert " 0 reports new" in second.stdout
    assert f"{before} unchanged" in second.stdout


def test_summary_and_progress_are_printed(demo_db):
    _, first = demo_db
    assert "crawl finished (finished)" in first.stdout
    assert "decoys skipped" in first.stdout
    assert "progress:" in first.stderr or "Storing reports in" in first.stderr
