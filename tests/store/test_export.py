"""`govreports export stats`: one tidy row per report and cell, in CSV, JSON Lines and Parquet."""

from __future__ import annotations

import csv
import io
import json

import pytest

from govreports import store
from govreports.store import export
from tests.crawling import govreports

REPORT = "http://p.test/2021.shtml"


def _cells(*values):
    labels = [("三", "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "自然人"),
              ("三", "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "总计"),
              ("二", "第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")]
    return [{"section": s, "block": b, "row_label": r, "column_label": c, "value": v, "raw": "" if v is None else str(v)}
            for (s, b, r, c), v in zip(labels, values, strict=True)]


def _db(tmp_path, **extra):
    db = store.open_db(tmp_path / "r.db")
    record = {"url": REPORT, "site": "http://p.test", "title": "平潭县2021年政府信息公开工作年度报告",
              "body_text": "正文", "body_html": "<p>正文</p>", "published_at": "2022-01-20", "year": 2021,
              "agency": "平潭县人民政府", "site_name": "平潭县人民政府", "site_code": "", "index_no": "", "doc_no": "",
              "attachments": [], "fetched_at": "2026-01-01T00:00:00+00:00", "raw": b"<html></html>",
              "region_province": "福建省", "region_city": "福州市", "region_county": "平潭县", "region_code": "350128",
              "stats_template": "2021", "stats_identity_ok": 1, "stats_cells": _cells(12, 15, 3.5), **extra}
    store.store_reports(db, [record])
    return db


def test_rows_carry_the_reports_agency_region_and_year(tmp_path):
    rows = list(export.stats_rows(_db(tmp_path)))
    assert len(rows) == 3
    first = rows[0]
    assert (first["agency"], first["region_county"], first["region_code"], first["year"]) == (
        "平潭县人民政府", "平潭县", "350128", 2021)
    assert [row["value"] for row in rows] == [12, 15, 3.5]
    assert isinstance(rows[0]["value"], int) and rows[0]["identity_ok"] is True


def test_only_the_current_version_is_exported_and_the_old_one_is_kept(tmp_path):
    db = _db(tmp_path)
    store.store_reports(db, [{**next(iter([_record_of(db)])), "body_text": "更正后的正文",
                                "stats_cells": _cells(13, 16, None), "fetched_at": "2026-02-01T00:00:00+00:00",
                                "raw": b"<html>2</html>", "attachments": []}])
    assert db["report_stats"].count == 6
    assert [row["value"] for row in export.stats_rows(db)] == [13, 16, None]


def _record_of(db):
    row = db["reports"].get(REPORT)
    return {key: row[key] for key in store.REPORT_COLUMNS if key not in ("version", "content_sha256")}


def test_csv_has_a_header_and_one_line_per_cell(tmp_path):
    out = io.StringIO()
    assert export.write_csv(export.stats_rows(_db(tmp_path)), out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(export.STATS_FIELDS)
    assert rows[2]["value"] == "3.5" and rows[0]["row_label"] == "一、本年新收政府信息公开申请数量"


def test_an_unreadable_cell_is_empty_never_zero(tmp_path):
    db = _db(tmp_path, stats_cells=_cells(None, 15, None))
    out = io.StringIO()
    export.write_jsonl(export.stats_rows(db), out)
    values = [json.loads(line)["value"] for line in out.getvalue().splitlines()]
    assert values == [None, 15, None]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_the_command_writes_each_format(tmp_path, fmt):
    _db(tmp_path)
    out = tmp_path / f"stats.{fmt}"
    result = govreports("export", "stats", "--format", fmt, "--out", str(out), "--db", str(tmp_path / "r.db"))
    assert result.returncode == 0, result.stderr
    assert "exported 3 statistics cells" in result.stderr
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.num_rows == 3 and table.column("region_code").to_pylist() == ["350128"] * 3
        assert table.schema.field("value").type == "double"
    elif fmt == "csv":
        assert out.read_text("utf-8").splitlines()[0].startswith("report_url,title,agency")
    else:
        assert json.loads(out.read_text("utf-8").splitlines()[0])["region_county"] == "平潭县"


def test_an_empty_database_exports_an_empty_parquet_with_its_schema(tmp_path):
    import pyarrow.parquet as pq

    store.open_db(tmp_path / "e.db")
    out = tmp_path / "e.parquet"
    result = govreports("export", "stats", "--format", "parquet", "--out", str(out), "--db", str(tmp_path / "e.db"))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out)
    assert table.num_rows == 0 and "identity_ok" in table.column_names


@pytest.mark.parametrize("args, message", [
    (["--format", "parquet"], "needs --out"),
    (["--db", "/nonexistent/x.db"], "no database"),
])
def test_bad_export_arguments_fail_with_one_line(tmp_path, args, message):
    _db(tmp_path)
    base = ["--db", str(tmp_path / "r.db")] if "--db" not in args else []
    result = govreports("export", "stats", *base, *args)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_flagged_report_is_left_out_of_the_export_unless_asked(tmp_path):
    db = _db(tmp_path, flags='["spam_title", "hidden_links"]')
    assert list(export.stats_rows(db)) == []
    assert len(list(export.stats_rows(db, flagged=True))) == 3
    out = govreports("export", "stats", "--db", str(tmp_path / "r.db"), "--format", "jsonl")
    assert out.stdout == "" and "exported 0 statistics cells" in out.stderr
    out = govreports("export", "stats", "--db", str(tmp_path / "r.db"), "--format", "jsonl", "--flagged")
    assert len(out.stdout.splitlines()) == 3
