"""A report found at another URL: recognised by that URL or by its content, one row with all its URLs."""

import sqlite3

from govreports import store
from govreports.store.identity import MIN_IDENTIFYING_CHARS

LONG_BODY = "一、总体情况\n" + "本机关认真贯彻落实《政府信息公开条例》，主动公开政府信息，依法办理政府信息公开申请。" * 8
SHORT_BODY = "详见附件。"


def _record(url, body=LONG_BODY, title="某区2022年政府信息公开工作年度报告", site=None, at="2026-01-01T00:00:00+00:00"):
    site = site or url.split("/", 3)[0] + "//" + url.split("/", 3)[2]
    return {"url": url, "site": site, "title": title, "body_text": body, "body_html": f"<p>{body}</p>",
            "published_at": "2023-01-20", "year": 2022, "agency": "某区人民政府", "site_name": "", "site_code": "",
            "index_no": "", "doc_no": "", "attachments": [], "fetched_at": at, "raw": b"<html>raw</html>"}


def _urls(db):
    return {row["url"]: row["report_url"] for row in db["report_urls"].rows}


def test_a_long_report_moved_to_another_path_of_its_site_is_one_report_with_two_urls(tmp_path):
    assert len(LONG_BODY) >= MIN_IDENTIFYING_CHARS
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record("http://www.qu.gov.cn/art/2023/1/20/art_1_9.html")])
    assert store.store_outcome(db, _record("https://qu.gov.cn/xxgk/ndbg/9.shtml")) == "unchanged"
    result = store.store_reports(db, [_record("https://qu.gov.cn/xxgk/ndbg/9.shtml", at="2026-02-01T00:00:00+00:00")])
    assert result.unchanged == ["http://www.qu.gov.cn/art/2023/1/20/art_1_9.html"]
    assert db["reports"].count == 1 and db["report_versions"].count == 1
    row = db["reports"].get("http://www.qu.gov.cn/art/2023/1/20/art_1_9.html")
    assert row["site"] == "https://qu.gov.cn"  # where it was last found
    assert _urls(db) == {"http://www.qu.gov.cn/art/2023/1/20/art_1_9.html": row["url"],
                         "https://qu.gov.cn/xxgk/ndbg/9.shtml": row["url"]}
    moved = db["report_urls"].get("https://qu.gov.cn/xxgk/ndbg/9.shtml")
    assert moved["first_seen_at"].startswith("2026-02-01")
    assert db["report_urls"].get(row["url"])["last_seen_at"].startswith("2026-01-01")


def test_a_port_or_scheme_move_keeps_a_short_report_at_the_same_path(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record("http://127.0.0.1:8001/ndbg/a.html", body=SHORT_BODY)])
    store.store_reports(db, [_record("http://127.0.0.1:8002/ndbg/a.html", body=SHORT_BODY)])
    assert db["reports"].count == 1
    assert set(_urls(db)) == {"http://127.0.0.1:8001/ndbg/a.html", "http://127.0.0.1:8002/ndbg/a.html"}


def test_two_short_pointer_pages_with_one_title_at_two_paths_stay_two_reports(tmp_path):
    # Two departments' pages, each only "详见附件" under the same title: nothing in them tells them apart.
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record("http://www.qu.gov.cn/jyj/ndbg.html", body=SHORT_BODY),
                             _record("http://www.qu.gov.cn/wsj/ndbg.html", body=SHORT_BODY)])
    assert db["reports"].count == 2


def test_the_same_content_on_another_government_is_another_report(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record("http://www.qu.gov.cn/a.html")])
    store.store_reports(db, [_record("http://www.shi.gov.cn/a.html")])
    assert db["reports"].count == 2


def test_a_changed_report_at_a_known_alias_becomes_a_version_of_the_report(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record("http://www.qu.gov.cn/a.html")])
    store.store_reports(db, [_record("https://www.qu.gov.cn/a.html")])
    changed = LONG_BODY + "\n更正：行政复议2件。"
    assert store.store_outcome(db, _record("https://www.qu.gov.cn/a.html", body=changed)) == "updated"
    result = store.store_reports(db, [_record("https://www.qu.gov.cn/a.html", body=changed)])
    assert result.updated == ["http://www.qu.gov.cn/a.html"]
    assert [row["version"] for row in db["report_versions"].rows] == [1, 2]
    assert db["reports"].get("http://www.qu.gov.cn/a.html")["version"] == 2


def test_attachments_found_at_the_new_url_belong_to_the_report(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record("http://www.qu.gov.cn/a.html")])
    attachment = {"report_url": "https://www.qu.gov.cn/a.html", "url": "https://www.qu.gov.cn/a.pdf", "name": "a.pdf",
                  "sha256": "ab" * 32, "status": "ok", "message": "", "fetched_at": "2026-02-01T00:00:00+00:00"}
    store.store_reports(db, [{**_record("https://www.qu.gov.cn/a.html"), "attachment_rows": [attachment]}])
    assert [row["report_url"] for row in db["attachments"].rows] == ["http://www.qu.gov.cn/a.html"]
    assert set(store.stored_attachments(db, "https://www.qu.gov.cn/a.html")) == {"https://www.qu.gov.cn/a.pdf"}


def test_a_database_made_before_report_urls_gets_each_report_as_its_own_url(tmp_path):
    path = tmp_path / "old.db"
    store.store_reports(store.open_db(path), [_record("http://www.qu.gov.cn/a.html")])
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE report_urls")
    db = store.open_db(path)
    assert _urls(db) == {"http://www.qu.gov.cn/a.html": "http://www.qu.gov.cn/a.html"}
    store.store_reports(db, [_record("http://www.qu.gov.cn/a.html", at="2026-02-01T00:00:00+00:00")])
    assert db["reports"].count == 1


def test_the_same_file_of_a_report_found_at_a_new_url_stays_one_attachment(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    first = {"report_url": "http://127.0.0.1:8001/a.html", "url": "http://127.0.0.1:8001/a.pdf", "name": "a.pdf",
             "sha256": "cd" * 32, "status": "ok", "message": "", "fetched_at": "2026-01-01T00:00:00+00:00"}
    store.store_reports(db, [{**_record("http://127.0.0.1:8001/a.html"), "attachment_rows": [first]}])
    moved = {**first, "report_url": "http://127.0.0.1:8002/a.html", "url": "http://127.0.0.1:8002/a.pdf",
             "fetched_at": "2026-02-01T00:00:00+00:00"}
    other = {**moved, "url": "http://127.0.0.1:8002/b.pdf", "sha256": "ef" * 32}
    store.store_reports(db, [{**_record("http://127.0.0.1:8002/a.html"), "attachment_rows": [moved, other]}])
    rows = {row["url"]: row for row in db["attachments"].rows}
    assert set(rows) == {"http://127.0.0.1:8002/a.pdf", "http://127.0.0.1:8002/b.pdf"}
    assert rows["http://127.0.0.1:8002/a.pdf"]["first_seen_at"].startswith("2026-01-01")
    assert {row["report_url"] for row in rows.values()} == {"http://127.0.0.1:8001/a.html"}


def test_a_report_takes_its_registered_site_name_and_a_crawl_by_url_keeps_it(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    url = "http://www.qu.gov.cn/a.html"
    store.store_reports(db, [{**_record(url), "registry_site": "qu"}])
    assert db["reports"].get(url)["registry_site"] == "qu"
    store.store_reports(db, [{**_record(url), "registry_site": None}])  # crawled by URL: the name stays
    assert db["reports"].get(url)["registry_site"] == "qu"
    store.store_reports(db, [{**_record("https://www.qu.gov.cn/a.html"), "registry_site": "qu-https"}])
    assert db["reports"].get(url)["registry_site"] == "qu-https"  # re-registered under another name


def test_the_attachments_of_a_moved_report_are_found_from_its_new_url(tmp_path):
    # a 304 for the report at its new URL asks which kept files there are, and whether one was never read for good
    db = store.open_db(tmp_path / "r.db")
    first, moved = "http://www.qu.gov.cn/art/2023/1/20/art_1_9.html", "https://qu.gov.cn/xxgk/ndbg/9.shtml"
    record = _record(first)
    record["attachment_rows"] = [
        {"report_url": first, "url": first + ".pdf", "name": "年报.pdf", "status": "ok", "message": "",
         "sha256": "a" * 64, "fetched_at": record["fetched_at"]},
        {"report_url": first, "url": first + ".doc", "name": "统计表.doc", "status": "converter_missing",
         "message": "no LibreOffice", "sha256": "b" * 64, "fetched_at": record["fetched_at"]},
    ]
    store.store_reports(db, [record])
    store.store_reports(db, [_record(moved, at="2026-02-01T00:00:00+00:00")])
    assert set(store.stored_attachments(db, moved)) == {first + ".pdf"}
    assert store.unfinished_attachments(db, moved) and store.unfinished_attachments(db, first)
