import zlib

from govreports import store
from govreports.store import pages


def _record(url="http://p.test/a.shtml", body="一、总体情况\n本年度共受理行政复议申请2件，政府信息公开工作稳步推进。", **extra):
    return {"url": url, "site": "http://p.test", "title": "某局2020年政府信息公开工作年度报告", "body_text": body,
            "body_html": f"<p>{body}</p>", "published_at": "2021-01-12", "year": 2020, "agency": "某局",
            "site_name": "某市人民政府", "site_code": "", "index_no": "", "doc_no": "", "attachments": [],
            "fetched_at": "2026-01-01T00:00:00+00:00", "raw": b"<html>raw</html>", **extra}


def test_first_store_is_new_and_keeps_the_raw_page(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    result = store.store_reports(db, [_record()])
    assert result.new == ["http://p.test/a.shtml"]
    row = db["reports"].get("http://p.test/a.shtml")
    assert row["version"] == 1 and row["year"] == 2020 and len(row["content_sha256"]) == 64
    version = next(db["report_versions"].rows)
    assert version["raw_zlib"] is None, "the bytes are kept once, in page_bodies, by their sha256"
    assert pages.version_raw(db.conn, version["url"], 1) == b"<html>raw</html>"
    (body,) = db["page_bodies"].rows
    assert body["sha256"] == version["raw_sha256"] and zlib.decompress(body["raw_zlib"]) == b"<html>raw</html>"


def test_same_content_again_adds_nothing(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record()])
    result = store.store_reports(db, [_record(fetched_at="2026-02-01T00:00:00+00:00")])
    assert result.unchanged == ["http://p.test/a.shtml"]
    assert db["reports"].count == 1 and db["report_versions"].count == 1
    assert db["reports"].get("http://p.test/a.shtml")["fetched_at"].startswith("2026-02-01")


def test_changed_content_updates_and_keeps_the_earlier_version(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record()])
    result = store.store_reports(db, [_record(body="更正后的正文：行政诉讼0件。", fetched_at="2026-03-01T00:00:00+00:00")])
    assert result.updated == ["http://p.test/a.shtml"]
    row = db["reports"].get("http://p.test/a.shtml")
    assert row["version"] == 2 and row["first_seen_at"].startswith("2026-01-01")
    bodies = [v["body_text"] for v in db["report_versions"].rows_where(order_by="version")]
    assert bodies[0].startswith("一、总体情况") and bodies[1].startswith("更正后")


def test_search_finds_two_character_words_inside_longer_ones(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record(), _record(url="http://p.test/b.shtml", title="某局年度工作总结",
                                                 body="本年度未发生相关事项。")])
    for words in (["复议"], ["公开"], ["信息公开"], ["行政复议", "总体情况"]):
        urls = [row["url"] for row in store.search(db, words)]
        assert urls == ["http://p.test/a.shtml"], words
    assert store.search(db, ["诉讼"]) == []


def test_search_after_update_finds_only_the_new_text(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record()])
    store.store_reports(db, [_record(body="更正后的正文：行政诉讼0件。")])
    assert store.search(db, ["复议"]) == []
    assert len(store.search(db, ["诉讼"])) == 1


def test_site_summary_counts_reports_and_years(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record(), _record(url="http://p.test/b.shtml", year=2019, body="x")])
    (row,) = store.site_summary(db)
    assert row == {"site_name": "某市人民政府", "site": "http://p.test", "reports": 2, "first_year": 2019,
                   "last_year": 2020, "years": 2, "flagged": 0}


def test_a_database_made_before_the_metadata_columns_gains_them(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE reports (url TEXT PRIMARY KEY, site TEXT, title TEXT, body_text TEXT)")
        conn.execute("INSERT INTO reports VALUES ('http://p.test/old', 'http://p.test', '旧报告', '正文')")
    db = store.open_db(path)
    columns = set(db["reports"].columns_dict)
    assert {"written_at", "column", "topic", "region_code", "kind", "body_source"} <= columns
    assert db["reports"].get("http://p.test/old")["title"] == "旧报告"
    store.store_reports(db, [_record(url="http://p.test/old", column="年报专栏")])
    assert db["reports"].get("http://p.test/old")["column"] == "年报专栏"


def _attachment_row(**extra):
    return {"report_url": "http://p.test/a.shtml", "url": "http://p.test/a.pdf", "name": "年报.pdf",
            "status": "ok", "message": "", "mime": "application/pdf", "format": "pdf", "size": 10,
            "sha256": "ab" * 32, "path": "ab/" + "ab" * 32 + ".pdf", "text": "正文", "html": "<p>正文</p>",
            "tables": [[["a", "b"]]], "pages": 1, "fetched_at": "2026-01-01T00:00:00+00:00", **extra}


def test_attachment_rows_are_stored_with_the_report_once_per_content(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record(attachment_rows=[_attachment_row()])])
    store.store_reports(db, [_record(fetched_at="2026-02-01T00:00:00+00:00",
                                       attachment_rows=[_attachment_row(fetched_at="2026-02-01T00:00:00+00:00")])])
    rows = list(db["attachments"].rows)
    assert len(rows) == 1
    assert rows[0]["first_seen_at"].startswith("2026-01-01") and rows[0]["fetched_at"].startswith("2026-02-01")
    assert store.stored_attachments(db, "http://p.test/a.shtml")["http://p.test/a.pdf"]["text"] == "正文"
    assert store.read_attachment_by_sha256(db, "ab" * 32)["tables"] == '[[["a", "b"]]]'


def test_a_changed_attachment_adds_a_row_and_keeps_the_old_one(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record(attachment_rows=[_attachment_row()])])
    store.store_reports(db, [_record(attachment_rows=[_attachment_row(sha256="cd" * 32, text="更正")])])
    assert {row["text"] for row in db["attachments"].rows} == {"正文", "更正"}


def test_a_failed_fetch_is_one_row_however_often_it_fails(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    failed = _attachment_row(status="http_error", message="HTTP 404", sha256="", path="", text="")
    store.store_reports(db, [_record(attachment_rows=[failed])])
    store.store_reports(db, [_record(attachment_rows=[{**failed, "fetched_at": "2026-03-01T00:00:00+00:00"}])])
    assert db["attachments"].count == 1
    assert store.stored_attachments(db, "http://p.test/a.shtml") == {}


def _cell(value):
    return {"section": "三", "block": "四、结转下年度继续办理", "row_label": "四、结转下年度继续办理", "column_label": "总计",
            "value": value, "raw": str(value)}


def test_statistics_cells_are_stored_per_version_and_never_replaced(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record(stats_template="2021", stats_cells=[_cell(3)])])
    store.store_reports(db, [_record(stats_template="2021", stats_cells=[_cell(3)],
                                       fetched_at="2026-02-01T00:00:00+00:00")])  # unchanged: nothing added
    store.store_reports(db, [_record(body="更正后：结转下年度继续办理4件。", stats_template="2021", stats_cells=[_cell(4)],
                                       fetched_at="2026-03-01T00:00:00+00:00")])
    rows = [(r["version"], r["value"], r["template"]) for r in db["report_stats"].rows_where(order_by="id")]
    assert rows == [(1, 3, "2021"), (2, 4, "2021")]


def test_unchanged_content_still_gets_statistics_found_later(tmp_path):
    # crawl 1: the attachment with the tables failed; crawl 2: it came, same page text
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_record()])
    store.store_reports(db, [_record(stats_template="2021", stats_identity_ok=1, stats_summary='{"requests_new": 3}',
                                       region_code="350128", stats_cells=[_cell(3)],
                                       fetched_at="2026-02-01T00:00:00+00:00")])
    row = db["reports"].get("http://p.test/a.shtml")
    assert (row["version"], row["stats_template"], row["stats_identity_ok"], row["region_code"]) == (1, "2021", 1, "350128")
    assert [(r["version"], r["value"]) for r in db["report_stats"].rows] == [(1, 3)]
    store.store_reports(db, [_record(stats_template="2021", stats_cells=[_cell(3)])])  # the same again: no duplicate
    assert db["report_stats"].count == 1 and db["report_versions"].count == 1


def test_a_reading_that_failed_for_want_of_a_converter_is_read_again(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    missing = _attachment_row(status="converter_missing", message="LibreOffice is not installed", text="", html="")
    store.store_reports(db, [_record(attachment_rows=[missing])])
    assert store.stored_attachments(db, "http://p.test/a.shtml") == {}
    assert store.read_attachment_by_sha256(db, "ab" * 32) is None
    store.store_reports(db, [_record(attachment_rows=[_attachment_row()])])
    (row,) = db["attachments"].rows
    assert (row["status"], row["text"]) == ("ok", "正文")


def test_one_bad_record_does_not_take_its_batch_with_it(tmp_path):
    from govreports import ingest as process

    path = str(tmp_path / "r.db")
    good = [_record(url=f"http://p.test/{i}.shtml") for i in range(3)]
    bad = _record(url="http://p.test/bad.shtml", stats_cells=[_cell(2**70)])  # beyond SQLite's integers
    process._pending[path] = [good[0], bad, good[1], good[2]]
    process.flush_stored(path)
    urls = {row["url"] for row in store.open_db(path)["reports"].rows}
    assert urls == {r["url"] for r in good}


def test_the_reports_columns_derived_from_the_result_keep_their_names_and_types():
    # the schema of issue 5, written out: deriving the columns from govreports.extract.result must not change it
    assert {
        "url": str, "site": str, "title": str, "body_text": str, "body_html": str, "published_at": str,
        "year": int, "agency": str, "site_name": str, "site_code": str, "index_no": str, "doc_no": str,
        "attachments": str, "list_title": str, "list_date": str, "verdict": str, "confidence": float,
        "content_sha256": str, "version": int, "first_seen_at": str, "fetched_at": str, "changed_at": str,
        "written_at": str, "column": str, "topic": str, "region_province": str, "region_city": str,
        "region_county": str, "region_code": str, "kind": str, "kind_confidence": float, "body_source": str,
        "stats_template": str, "stats_identity_ok": int, "stats_summary": str, "stats_checks": str,
        "stats_problems": str, "gone_at": str, "registry_site": str,
        "agency_raw": str, "agency_key": str,  # issue 12: the agency as printed, and one key per body
        "flags": str,  # issue 13: a hijacked page's flags, a JSON list
    } == store.REPORT_COLUMNS


def test_reports_stored_before_agency_keys_get_one_from_their_agency(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE reports (url TEXT PRIMARY KEY, site TEXT, title TEXT, agency TEXT, year INTEGER)")
        conn.executemany("INSERT INTO reports VALUES (?, ?, '年报', ?, 2020)", [
            ("http://a.test/1", "http://a.test", "沭阳县人力资源和社会保障局"),
            ("http://a.test/2", "http://a.test", "县政府办"),  # no place: kept apart per site
            ("http://a.test/3", "http://a.test", ""),
        ])
    db = store.open_db(path)
    keys = {row["url"]: (row["agency_key"], row["agency_raw"]) for row in db["reports"].rows}
    assert keys["http://a.test/1"] == ("沭阳县人力资源社会保障局", "沭阳县人力资源和社会保障局")
    assert keys["http://a.test/2"] == ("县人民政府办公室|a.test", "县政府办")
    assert keys["http://a.test/3"] == (None, None)
