"""`govreports export reports`: one row per report (current version) with its text, metadata and flattened
statistics summary, in CSV, JSON Lines and Parquet, read back with pyarrow (pandas is kept out of
the environment: sqlite-utils imports it whenever it is installed, ~60 MB in every crawl process and worker)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from govreports import store
from govreports.disclosure_tables import SUMMARY_COUNTS
from govreports.store import export
from tests.crawling import govreports

SUMMARY = {"requests_new": 120, "requests_carried_over": 3, "requests_processed": 118, "granted": 60,
           "partially_granted": 10, "carried_forward": 5, "reviews_total": 2, "lawsuits_direct_total": None,
           "lawsuits_after_review_total": 0, "identity_ok": True}


def _report(url, site, year, *, site_name="", summary=None, fetched_at="2026-01-01T00:00:00+00:00", **extra):
    return {"url": url, "site": site, "title": f"{year}年政府信息公开工作年度报告", "body_text": f"正文{year}\n行政复议",
            "body_html": "<p>正文</p>", "published_at": f"{year + 1}-01-20", "year": year, "agency": "某县人民政府",
            "site_name": site_name, "site_code": "", "index_no": "", "doc_no": "", "attachments": [],
            "fetched_at": fetched_at, "raw": b"<html></html>", "region_province": "福建省", "region_code": "350128",
            "stats_summary": json.dumps(summary) if summary else None,
            "stats_identity_ok": None if summary is None else int(summary["identity_ok"]), **extra}


def _db(tmp_path):
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [
        _report("http://a.test/2020.html", "http://a.test", 2020, site_name="平潭县人民政府", summary=SUMMARY),
        _report("http://a.test/2021.pdf", "http://a.test", 2021, body_source="http://a.test/2021.pdf"),
        _report("http://b.test/2021.html", "http://b.test", 2021, site_name="长乐区人民政府",
                summary={**SUMMARY, "requests_new": None, "identity_ok": False},
                fetched_at="2026-03-01T08:00:00+00:00"),
    ])
    return db


def test_one_row_per_report_with_the_summary_flattened(tmp_path):
    rows = {row["url"]: row for row in export.report_rows(_db(tmp_path))}
    assert len(rows) == 3
    first = rows["http://a.test/2020.html"]
    assert list(first) == list(export.REPORT_FIELDS)
    assert first["body_text"] == "正文2020\n行政复议" and "body_html" not in first and "stats_summary" not in first
    assert {name: first[name] for name in SUMMARY_COUNTS} == {name: SUMMARY[name] for name in SUMMARY_COUNTS}
    assert first["identity_ok"] is True and first["stats_identity_ok"] is True
    other = rows["http://b.test/2021.html"]
    assert other["requests_new"] is None and other["identity_ok"] is False
    no_tables = rows["http://a.test/2021.pdf"]
    assert all(no_tables[name] is None for name in (*SUMMARY_COUNTS, "identity_ok", "stats_identity_ok"))


def test_a_report_that_is_a_file_takes_its_sites_name(tmp_path):
    # stored before and after the site's named pages: both get the name the site's pages print
    db = store.open_db(tmp_path / "r.db")
    store.store_reports(db, [_report("http://c.test/2019.pdf", "http://c.test", 2019)])
    assert db["reports"].get("http://c.test/2019.pdf")["site_name"] == ""
    store.store_reports(db, [_report("http://c.test/2020.html", "http://c.test", 2020, site_name="福清市人民政府"),
                             _report("http://c.test/2021.pdf", "http://c.test", 2021),
                             _report("http://d.test/2021.pdf", "http://d.test", 2021)])
    names = {row["url"]: row["site_name"] for row in export.report_rows(db)}
    assert names == {"http://c.test/2019.pdf": "福清市人民政府", "http://c.test/2020.html": "福清市人民政府",
                     "http://c.test/2021.pdf": "福清市人民政府", "http://d.test/2021.pdf": ""}


def test_a_database_written_before_the_fix_is_repaired_when_opened(tmp_path):
    db = _db(tmp_path)
    db.execute("UPDATE reports SET site_name = '' WHERE url LIKE '%.pdf'")
    db.conn.commit()
    reopened = store.open_db(tmp_path / "r.db")
    assert reopened["reports"].get("http://a.test/2021.pdf")["site_name"] == "平潭县人民政府"


@pytest.mark.parametrize("only, urls", [
    (export.ReportFilter(site="长乐区人民政府"), ["http://b.test/2021.html"]),
    (export.ReportFilter(site="http://a.test"), ["http://a.test/2020.html", "http://a.test/2021.pdf"]),
    (export.ReportFilter(year=2021), ["http://a.test/2021.pdf", "http://b.test/2021.html"]),
    (export.ReportFilter(since="2026-02-01"), ["http://b.test/2021.html"]),
    (export.ReportFilter(site="http://a.test", year=2020), ["http://a.test/2020.html"]),
    (export.ReportFilter(year=1999), []),
])
def test_filters(tmp_path, only, urls):
    assert sorted(row["url"] for row in export.report_rows(_db(tmp_path), only)) == urls


def test_a_registered_sites_name_selects_its_reports(tmp_path):
    db = _db(tmp_path)
    db.execute("UPDATE reports SET registry_site = 'pingtan' WHERE site = 'http://a.test'")
    db.conn.commit()
    rows = list(export.report_rows(db, export.ReportFilter(site="pingtan")))
    assert len(rows) == 2 and {row["registry_site"] for row in rows} == {"pingtan"}


def test_a_bad_since_date_is_refused():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        export.ReportFilter(since="1 March")


def test_parquet_reads_back_with_its_types(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    _db(tmp_path)
    out = tmp_path / "reports.parquet"
    result = govreports("export", "reports", "--format", "parquet", "--out", str(out), "--db", str(tmp_path / "r.db"))
    assert result.returncode == 0, result.stderr
    assert "exported 3 reports (parquet)" in result.stderr
    table = pq.read_table(out)
    assert table.num_rows == 3 and table.column_names == list(export.REPORT_FIELDS)
    types = {field.name: field.type for field in table.schema}
    assert types["year"] == pa.int64() and types["requests_new"] == pa.int64()
    assert types["identity_ok"] == pa.bool_() and types["kind_confidence"] == pa.float64()
    assert types["body_text"] == pa.string() and types["site_name"] == pa.string()
    by_url = {row["url"]: row for row in table.to_pylist()}
    assert by_url["http://a.test/2020.html"]["requests_processed"] == 118
    assert by_url["http://a.test/2021.pdf"]["site_name"] == "平潭县人民政府"
    assert by_url["http://b.test/2021.html"]["identity_ok"] is False


def test_parquet_is_written_in_row_groups(tmp_path):
    import pyarrow.parquet as pq

    db = store.open_db(tmp_path / "many.db")
    store.store_reports(db, [_report(f"http://a.test/{n}.html", "http://a.test", 2000 + n % 20, summary=SUMMARY)
                             for n in range(25)])
    out = tmp_path / "many.parquet"
    small_groups = export.Export(export.REPORTS.columns, row_group=10)
    assert export.write_parquet(export.report_rows(db), str(out), small_groups) == 25
    meta = pq.ParquetFile(out).metadata
    assert (meta.num_rows, meta.num_row_groups) == (25, 3)


def test_an_empty_export_is_a_parquet_file_with_the_schema(tmp_path):
    import pyarrow.parquet as pq

    store.open_db(tmp_path / "e.db")
    out = tmp_path / "e.parquet"
    result = govreports("export", "reports", "--format", "parquet", "--out", str(out), "--db", str(tmp_path / "e.db"),
                        "--year", "2020")
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out)
    assert table.num_rows == 0 and table.column_names == list(export.REPORT_FIELDS)


def test_csv_and_jsonl_hold_the_same_rows(tmp_path):
    db = _db(tmp_path)
    text = io.StringIO()
    assert export.write_csv(export.report_rows(db), text, export.REPORTS) == 3
    from_csv = list(csv.DictReader(io.StringIO(text.getvalue())))
    assert list(from_csv[0]) == list(export.REPORT_FIELDS)
    lines = io.StringIO()
    export.write_jsonl(export.report_rows(db), lines)
    from_jsonl = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert [row["url"] for row in from_csv] == [row["url"] for row in from_jsonl]
    assert from_csv[0]["body_text"] == from_jsonl[0]["body_text"] == "正文2020\n行政复议"  # a newline inside a field
    assert from_csv[0]["requests_new"] == "120" and from_jsonl[0]["requests_new"] == 120


def test_the_command_filters_and_writes_jsonl_to_standard_output(tmp_path):
    _db(tmp_path)
    result = govreports("export", "reports", "--format", "jsonl", "--year", "2021", "--site", "http://b.test",
                        "--db", str(tmp_path / "r.db"))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["url"] for row in rows] == ["http://b.test/2021.html"]
    assert "exported 1 reports (jsonl)" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["reports", "--since", "yesterday"], "YYYY-MM-DD"),
    (["stats", "--year", "2020"], "filter `export reports` only"),
])
def test_bad_filters_fail_with_one_line(tmp_path, args, message):
    _db(tmp_path)
    result = govreports("export", *args, "--db", str(tmp_path / "r.db"))
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
