"""The pages a crawl fetched (``govreports.store.pages``) in a real SQLite file: validators, stored copies,
content-addressed bodies, gone marks, and databases from before these tables."""

from __future__ import annotations

import sqlite3
import zlib

from govreports import store
from govreports.store import pages

URL = "http://p.test/ndbg/1.html"


def _record(body="一、总体情况\n本年度政府信息公开工作稳步推进。", raw=b"<html>one</html>", **extra):
    return {"url": URL, "site": "http://p.test", "title": "某局2020年政府信息公开工作年度报告", "body_text": body,
            "body_html": f"<p>{body}</p>", "attachments": [], "fetched_at": "2026-01-01T00:00:00+00:00", "raw": raw,
            "page": {"status": 200, "headers": {"Content-Type": "text/html; charset=gbk", "ETag": 'W/"abc"',
                                                "Last-Modified": "Thu, 01 Jan 2026 00:00:00 GMT"}}, **extra}


def test_kept_headers_leave_out_transport_and_keep_weak_etags():
    kept = pages.kept_headers({b"Content-Type": [b"text/html"], b"Content-Encoding": [b"gzip"],
                               b"ETag": [b'W/"x1"'], b"Set-Cookie": [b"a=1"], b"Vary": [b"A", b"B"]})
    assert kept == {"Content-Type": "text/html", "ETag": 'W/"x1"', "Vary": "A, B"}
    assert pages.validators({"etag": '"s"', "last-modified": "Mon"}) == ('"s"', "Mon")
    assert pages.validators({}) == ("", "")


def test_a_stored_report_writes_its_page_row_and_one_copy_of_its_bytes(tmp_path):
    db = store.open_db(tmp_path / "g.db")
    store.store_reports(db, [_record()])
    row = db["pages"].get(URL)
    assert row["role"] == "report" and row["etag"] == 'W/"abc"' and row["content_type"] == "text/html; charset=gbk"
    assert pages.stored_validators(db.conn, URL) == ('W/"abc"', "Thu, 01 Jan 2026 00:00:00 GMT")
    headers, body = pages.stored_page(db.conn, URL)
    assert body == b"<html>one</html>" and headers["Content-Type"] == "text/html; charset=gbk"
    assert db["page_bodies"].count == 1, "the version and the page share one copy"
    assert pages.known_reports(db.conn, ["http://p.test"]) == [(URL, "http://p.test", "", "")]
    assert pages.known_reports(db.conn, ["http://other.test"]) == []


def test_new_bytes_with_the_same_content_replace_the_page_copy_and_drop_the_unused_one(tmp_path):
    db = store.open_db(tmp_path / "g.db")
    store.store_reports(db, [_record()])
    # a view counter changed the bytes, not the report: no version, the page row points at the new bytes
    result = store.store_reports(db, [_record(raw=b"<html>one, seen 2 times</html>",
                                              fetched_at="2026-02-01T00:00:00+00:00")])
    assert result.unchanged == [URL] and db["report_versions"].count == 1
    assert pages.stored_page(db.conn, URL)[1] == b"<html>one, seen 2 times</html>"
    assert pages.version_raw(db.conn, URL, 1) == b"<html>one</html>", "version 1 keeps its own bytes"
    store.store_reports(db, [_record(raw=b"<html>one, seen 3 times</html>", fetched_at="2026-03-01T00:00:00+00:00")])
    assert db["page_bodies"].count == 2, "the bytes of the second fetch were no one's any more"


def test_not_modified_and_gone_marks(tmp_path):
    db = store.open_db(tmp_path / "g.db")
    store.store_reports(db, [_record()])
    store.log_fetches(db, [{"crawl_id": 1, "url": URL, "status": 410, "outcome": "gone", "message": "HTTP 410",
                            "fetched_at": "2026-02-01T00:00:00+00:00"}])
    assert db["reports"].get(URL)["gone_at"] == db["pages"].get(URL)["gone_at"] == "2026-02-01T00:00:00+00:00"
    store.log_fetches(db, [{"crawl_id": 2, "url": URL, "status": 404, "outcome": "gone", "message": "HTTP 404",
                            "fetched_at": "2026-03-01T00:00:00+00:00"}])
    assert db["reports"].get(URL)["gone_at"].startswith("2026-02-01"), "gone since the first time it was missed"
    # back, answered 304 with a new ETag: seen again, same version
    store.store_reports(db, [{"url": URL, "fetched_at": "2026-04-01T00:00:00+00:00", "unchanged": True,
                              "headers": {"ETag": '"new"'}}])
    report, page = db["reports"].get(URL), db["pages"].get(URL)
    assert report["gone_at"] is None and report["fetched_at"].startswith("2026-04") and report["version"] == 1
    assert page["gone_at"] is None and page["checked_at"].startswith("2026-04") and page["etag"] == '"new"'
    assert page["fetched_at"].startswith("2026-01"), "fetched_at is the last 200"


def test_a_database_of_an_earlier_version_gains_the_new_tables_and_columns(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE reports (url TEXT PRIMARY KEY, site TEXT, title TEXT, version INTEGER)")
        conn.execute("CREATE TABLE report_versions (id INTEGER PRIMARY KEY, url TEXT, version INTEGER, "
                     "raw_zlib BLOB, raw_sha256 TEXT)")
        conn.execute("CREATE TABLE attachments (id INTEGER PRIMARY KEY, report_url TEXT, url TEXT, sha256 TEXT)")
        conn.execute("INSERT INTO report_versions (url, version, raw_zlib, raw_sha256) VALUES (?, 1, ?, 'x')",
                     [URL, zlib.compress(b"<html>old</html>")])
    db = store.open_db(path)
    assert {"pages", "page_bodies"} <= set(db.table_names())
    assert "gone_at" in db["reports"].columns_dict and "etag" in db["attachments"].columns_dict
    assert pages.version_raw(db.conn, URL, 1) == b"<html>old</html>"
