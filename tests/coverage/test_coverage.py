"""The compliance view on real SQLite files: deadlines, missing years, revisions, statistics changes, the chart
and the command's formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from govreports import store
from govreports.coverage import Tally, coverage_rows, deadline, is_government, statistics_changes, svg_chart, tallied
from tests.crawling import govreports

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(("agency", "year", "due"), [
    ("沭阳县发展和改革局", 2023, date(2024, 1, 31)),  # a county department: art. 49, 31 January
    ("沭阳县人民政府", 2023, date(2024, 3, 31)),  # the county government: 31 March
    ("沭阳县人民政府办公室", 2019, date(2020, 1, 31)),  # the office is a department of its own
    ("平潭综合实验区管理委员会", 2022, date(2023, 3, 31)),  # a zone's committee stands for its government
    ("思明区鹭江街道办事处", 2021, date(2022, 3, 31)),
    ("沭阳县发展和改革局", 2018, date(2019, 3, 31)),  # before the 2019 revision: everyone by 31 March
    ("宜春市统计局", 2008, date(2009, 3, 31)),
])
def test_the_legal_deadline(agency, year, due):
    assert deadline(agency, year) == due


def test_governments_and_departments():
    assert is_government("某某县某某镇人民政府") and is_government("县政府")
    assert not is_government("某某县人民政府办公室") and not is_government("某某市卫健委")


def _report(url, agency, year, published, site="http://a.test", site_name="甲县人民政府", summary=None, **extra):
    body = f"一、总体情况\n{agency}{year}年度政府信息公开工作稳步推进。"
    return {"url": url, "site": site, "title": f"{agency}{year}年政府信息公开工作年度报告", "body_text": body,
            "body_html": f"<p>{body}</p>", "published_at": published, "year": year, "agency": agency,
            "agency_key": agency, "agency_raw": agency, "site_name": site_name, "attachments": [],
            "fetched_at": "2026-01-01T00:00:00+00:00", "raw": b"<html></html>",
            "stats_summary": json.dumps(summary) if summary else None, **extra}


@pytest.fixture
def db(tmp_path):
    database = store.open_db(tmp_path / "coverage.db")
    store.store_reports(database, [
        # a department: on time, one day late, a gap (2021), and a revised report (2022)
        _report("http://a.test/1", "沭阳县教育局", 2019, "2020-01-31T17:00:00+08:00", summary={"requests_new": 10}),
        _report("http://a.test/2", "沭阳县教育局", 2020, "2021-02-01", summary={"requests_new": 40}),
        _report("http://a.test/3", "沭阳县教育局", 2022, "2023-01-20", summary={"requests_new": 35}),
        # the government: 31 March; its site's last year is 2023, so 2023 is missing too
        _report("http://a.test/4", "沭阳县人民政府", 2020, "2021-03-30", summary={"requests_new": 100}),
        _report("http://a.test/5", "沭阳县人民政府", 2023, "2024-04-02", summary={"requests_new": 160}),
        # a second site whose report has no date
        _report("http://b.test/1", "泗洪县财政局", 2022, "", site="http://b.test", site_name="泗洪县人民政府"),
    ])
    revised = _report("http://a.test/3", "沭阳县教育局", 2022, "2023-01-20", summary={"requests_new": 35})
    revised["body_text"] += "\n（更正：第三部分数字有误，已修改。）"
    store.store_reports(database, [{**revised, "fetched_at": "2026-02-01T00:00:00+00:00"}])
    return database


def _by_key(rows):
    return {(row["agency"], row["year"]): row for row in rows}


def test_each_agency_year_has_its_status(db):
    rows = _by_key(coverage_rows(db, today=TODAY))
    assert rows[("沭阳县教育局", 2019)]["status"] == "on time"  # 31 January, even at 17:00
    assert rows[("沭阳县教育局", 2020)]["status"] == "late" and rows[("沭阳县教育局", 2020)]["days_late"] == 1
    assert rows[("沭阳县教育局", 2021)]["status"] == "missing"  # published 2020 and 2022, not 2021
    assert rows[("沭阳县教育局", 2023)]["status"] == "missing"  # its site covers 2023
    assert rows[("沭阳县人民政府", 2020)]["status"] == "on time"  # a government: 31 March
    assert rows[("沭阳县人民政府", 2021)]["status"] == rows[("沭阳县人民政府", 2022)]["status"] == "missing"
    assert rows[("沭阳县人民政府", 2023)]["status"] == "late"
    assert rows[("泗洪县财政局", 2022)]["status"] == "no date"
    assert ("沭阳县人民政府", 2019) not in rows  # before its first report: nothing is claimed
    assert ("泗洪县财政局", 2023) not in rows  # its site's last year is 2022


def test_a_report_changed_after_publication_is_revised(db):
    rows = _by_key(coverage_rows(db, today=TODAY))
    assert rows[("沭阳县教育局", 2022)]["revised"] and rows[("沭阳县教育局", 2022)]["versions"] == 2
    assert rows[("沭阳县教育局", 2022)]["revised_at"].startswith("2026-02-01")
    assert not rows[("沭阳县教育局", 2019)]["revised"]


def test_a_year_whose_deadline_is_ahead_is_not_due_yet(db):
    rows = _by_key(coverage_rows(db, today=date(2024, 1, 15)))
    assert rows[("沭阳县教育局", 2023)]["status"] == "not due"
    assert rows[("沭阳县教育局", 2021)]["status"] == "missing"


def test_site_and_year_narrow_the_view(db):
    assert {row["agency"] for row in coverage_rows(db, site="泗洪县人民政府", today=TODAY)} == {"泗洪县财政局"}
    assert {row["agency"] for row in coverage_rows(db, site="http://a.test", today=TODAY)} == {
        "沭阳县教育局", "沭阳县人民政府"}
    assert {row["year"] for row in coverage_rows(db, year=2021, today=TODAY)} == {2021}


def test_statistics_changes_largest_first(db):
    changes = list(statistics_changes(db))
    assert [(c["agency"], c["previous_year"], c["year"], c["change"]) for c in changes] == [
        ("沭阳县人民政府", 2020, 2023, 60), ("沭阳县教育局", 2019, 2020, 30), ("沭阳县教育局", 2020, 2022, -5)]
    assert [c["change"] for c in statistics_changes(db, year=2022)] == [-5]


def test_the_chart_counts_what_the_rows_say(db):
    tally = Tally()
    rows = list(tallied(coverage_rows(db, today=TODAY), tally))
    assert sum(year["late"] for year in tally.by_year.values()) == sum(r["status"] == "late" for r in rows) == 2
    assert tally.by_site["甲县人民政府"] == {"published": 5, "late": 2, "missing": 4}
    svg = svg_chart(tally)
    assert svg.startswith("<svg") and "甲县人民政府" in svg and "40% (2/5)" in svg
    assert svg.count('class="late"') == 2  # one bar segment per year with late reports


def test_the_command_writes_csv_json_table_and_chart(db, tmp_path):
    path = str(tmp_path / "coverage.db")
    result = govreports("coverage", "--db", path, "--format", "csv", "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["agency"], r["year"], r["status"]) for r in rows} >= {("沭阳县教育局", "2020", "late"),
                                                                     ("沭阳县教育局", "2021", "missing")}
    chart = tmp_path / "chart.svg"
    result = govreports("coverage", "--db", path, "--format", "json", "--year", "2023", "--chart", str(chart))
    assert {(r["agency"], r["status"]) for r in json.loads(result.stdout)} == {
        ("沭阳县教育局", "missing"), ("沭阳县人民政府", "late")}
    assert chart.read_text("utf-8").startswith("<svg")
    table = govreports("coverage", "--db", path, "--site", "泗洪县人民政府").stdout
    assert "泗洪县财政局" in table and "no date" in table and "沭阳" not in table
    changes = govreports("coverage", "--db", path, "--changes", "--format", "json").stdout
    assert json.loads(changes)[0]["change"] == 60
    assert govreports("coverage", "--db", str(tmp_path / "none.db")).returncode == 2
