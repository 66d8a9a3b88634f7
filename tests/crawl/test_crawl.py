"""End to end: the real spider crawls the demo portal served on 127.0.0.1 into a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import urlsplit

import pytest

from govreports.crawl.discovery import canonical_url
from tests.crawling import FAST, crawl, govreports
from tests.crawling import url_path as _path
from tests.paths import DEMO_ROOT

_EXPECTED = json.loads((DEMO_ROOT / "expected.json").read_text("utf-8"))
#: every demo site that publishes reports (the search host of the IRS site only answers its API)
SITES = [name for name, site in _EXPECTED.items() if site.get("reports")]


def _start_urls(demo_portal) -> list[str]:
    """The portals (the IRS site's search host only answers its API: it is no portal to start at)."""
    return [demo_portal.start_urls[name] for name in SITES]


def _crawl_settings(demo_portal) -> list[str]:
    """FAST, and the sites whose lists only a script no reader knows builds rendered in Chromium (as demo-run does)."""
    rendered = ",".join(demo_portal.start_urls[name] for name in SITES if _EXPECTED[name].get("needs_browser"))
    return [*FAST, "-s", f"GOVREPORTS_BROWSER_SITES={rendered}"]


@pytest.fixture(scope="module")
def demo_db(demo_portal, tmp_path_factory):
    db = tmp_path_factory.mktemp("crawl") / "govreports.db"
    first = crawl(db, *_start_urls(demo_portal),
                  settings=[*_crawl_settings(demo_portal), "-s", "GOVREPORTS_PROGRESS_INTERVAL=1"])
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


@pytest.mark.parametrize("name", SITES)
def test_every_expected_report_and_nothing_else_is_stored(demo_db, demo_portal, name):
    db, _ = demo_db
    expected = {report["path"] for report in demo_portal.expected[name]["reports"]}
    assert len(expected) >= 8
    stored = _stored(db).get(_site_key(demo_portal, name), set())
    assert stored - expected == set(), "stored pages that are not reports"
    assert expected - stored == set(), "reports missed"


@pytest.mark.parametrize("name", SITES)
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


@pytest.mark.parametrize("name", ["trs", "hanweb", "oldtable", "county"])
def test_every_list_page_of_each_pager_kind_is_read(demo_db, demo_portal, name):
    db, _ = demo_db
    with sqlite3.connect(db) as conn:
        fetched = {_path(url) for (url,) in conn.execute("SELECT url FROM crawl_log WHERE outcome = 'column'")}
    # as the crawl requests them: canonical (dataproxy.jsp's query arguments sorted)
    list_pages = {_path(canonical_url("http://demo.test" + page)) for page in demo_portal.expected[name]["list_pages"]}
    assert len(list_pages) >= 3
    assert list_pages - fetched == set()


def test_the_year_column_page_is_read_as_a_list_not_stored(demo_db, demo_portal):
    db, _ = demo_db
    county = demo_portal.expected["county"]
    with sqlite3.connect(db) as conn:
        outcomes = {_path(url): outcome for url, outcome in conn.execute("SELECT url, outcome FROM crawl_log")}
    assert outcomes[county["report_column"]] == "column"
    assert {f"/zwgk/xxgknb/{year}/index.html" for year in county["year_columns"]} <= {
        path for path, outcome in outcomes.items() if outcome == "column"}
    assert county["report_column"] not in _stored(db).get(_site_key(demo_portal, "county"), set())


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
    second = crawl(db, *_start_urls(demo_portal), settings=_crawl_settings(demo_portal))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == before
        assert conn.execute("SELECT COUNT(*) FROM report_versions").fetchone()[0] == versions_before
        assert conn.execute("SELECT COUNT(*) FROM crawls").fetchone()[0] >= 2
    assert " 0 reports new" in second.stdout
    assert f"{before} unchanged" in second.stdout


def test_summary_and_progress_are_printed(demo_db):
    _, first = demo_db
    assert "crawl finished (finished)" in first.stdout
    assert " per report stored)" in first.stdout
    assert "decoys skipped" in first.stdout
    assert "progress:" in first.stderr and "attachments read" in first.stderr
    assert "Traceback" not in first.stderr


def _reports_by_path(db, demo_portal) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {(_path(r["url"]), r["site"]): dict(r) for r in conn.execute("SELECT * FROM reports")}


def _reports_with(demo_portal, key: str):
    """(site name, expected report) for the demo reports whose ground truth has ``key``."""
    for name, site in demo_portal.expected.items():
        for report in site["reports"]:
            if report.get(key):
                yield name, report


def test_attachment_only_and_file_only_reports_take_their_files_text(demo_db, demo_portal):
    db, _ = demo_db
    rows = _reports_by_path(db, demo_portal)
    sources = {"attachment": 0, "file": 0, "page": 0}
    for name, report in _reports_with(demo_portal, "attachment"):
        row = rows[(report["path"], _site_key(demo_portal, name))]
        source = report.get("body_source", "page")
        sources[source] += 1
        if source == "page":
            assert row["body_source"] == "page"
        else:
            assert _path(row["body_source"]) == report["attachment"]
            assert "详见附件" not in row["body_text"]
        assert row["body_text"].split("\n")[0].startswith(report["body_start"][:12]) or \
            report["body_start"][:12] in row["body_text"], report["path"]
    assert sources["attachment"] >= 5 and sources["file"] >= 1 and sources["page"] >= 5


def test_every_attachment_is_kept_and_read(demo_db, demo_portal):
    db, _ = demo_db
    with sqlite3.connect(db) as conn:
        rows = {_path(url): (status, fmt, sha) for url, status, fmt, sha in
                conn.execute("SELECT url, status, format, sha256 FROM attachments")}
    for _, report in _reports_with(demo_portal, "attachment"):
        status, fmt, sha = rows[report["attachment"]]
        assert (status, fmt) == ("ok", report["attachment_format"]), report["attachment"]
        assert (db.parent / "files" / sha[:2] / f"{sha}.{fmt}").is_file()


@pytest.mark.parametrize("name, province, code_prefix", [
    ("trs", "江西省", "3604"), ("hanweb", "浙江省", "330521"), ("oldtable", "河南省", "411627"),
])
def test_region_and_kind_of_stored_reports(demo_db, demo_portal, name, province, code_prefix):
    db, _ = demo_db
    rows = [r for (_, site), r in _reports_by_path(db, demo_portal).items() if site == _site_key(demo_portal, name)]
    assert len(rows) >= 25
    for row in rows:
        assert row["region_province"] == province and row["region_code"].startswith(code_prefix), row["agency"]
        assert row["kind"] == "政府信息公开工作年度报告" and row["kind_confidence"] >= 0.6


def test_statistics_summary_and_identity_of_every_2019_report(demo_db, demo_portal):
    import json

    db, _ = demo_db
    rows = _reports_by_path(db, demo_portal)
    checked = broken = 0
    for name, report in _reports_with(demo_portal, "stats"):
        row = rows[(report["path"], _site_key(demo_portal, name))]
        stats = report["stats"]
        apps, review = stats["applications"], stats["review_litigation"]
        summary = json.loads(row["stats_summary"])
        assert summary == {
            "requests_new": apps["一"][6], "requests_carried_over": apps["二"][6],
            "requests_processed": apps["三(七)"][6], "granted": apps["三(一)"][6],
            "partially_granted": apps["三(二)"][6], "carried_forward": apps["四"][6],
            "reviews_total": review[4], "lawsuits_direct_total": review[9], "lawsuits_after_review_total": review[14],
            "identity_ok": stats["identities_hold"],
        }, report["path"]
        assert row["stats_template"] == stats["template"]
        assert row["stats_identity_ok"] == int(stats["identities_hold"])
        if not stats["identities_hold"]:
            broken += 1
            assert json.loads(row["stats_checks"]), "the failing check names its cells"
        checked += 1
    assert checked >= 20 and broken >= 1


def test_every_statistics_number_is_stored_as_a_cell(demo_db, demo_portal):
    db, _ = demo_db
    with sqlite3.connect(db) as conn:
        cells: dict[tuple[str, str], list[float]] = {}
        for url, section, value in conn.execute(
                "SELECT s.report_url, s.section, s.value FROM report_stats s JOIN reports r "
                "ON r.url = s.report_url AND r.version = s.version"):
            cells.setdefault((_path(url), section), []).append(value)
    for _, report in _reports_with(demo_portal, "stats"):
        stats = report["stats"]
        expected_三 = sorted(v for row in stats["applications"].values() for v in row)
        assert sorted(cells[(report["path"], "三")]) == expected_三, report["path"]
        assert sorted(cells[(report["path"], "四")]) == sorted(stats["review_litigation"]), report["path"]
        expected_二 = sorted(v for row in stats["active"].values() for v in row)
        assert sorted(cells[(report["path"], "二")]) == pytest.approx(expected_二), report["path"]


def test_export_stats_of_the_demo_crawl(demo_db, tmp_path):
    import csv

    db, _ = demo_db
    out = tmp_path / "stats.csv"
    result = govreports("export", "stats", "--format", "csv", "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) > 20 * 150
    # every site's province: the static sites', the county site's (安徽省) and those of the sites whose lists only a
    # JSON API fills (gkmlpt, Epoint, IRS)
    assert {"江西省", "浙江省", "河南省", "安徽省", "广东省", "江苏省", "吉林省"} <= {row["region_province"] for row in rows}
    assert all(row["year"] and int(row["year"]) >= 2019 for row in rows)


def test_export_reports_of_the_demo_crawl(demo_db, tmp_path):
    """Every stored report once, each with its site's name — the reports published only as files included, which
    print none of their own — and the statistics summary in its columns."""
    from collections import Counter

    import pyarrow.parquet as pq

    db, _ = demo_db
    out = tmp_path / "reports.parquet"
    result = govreports("export", "reports", "--format", "parquet", "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    rows = pq.read_table(out).to_pylist()
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT url, stats_summary FROM reports").fetchall())
        printed = conn.execute("SELECT site, site_name FROM reports WHERE body_source = 'page'").fetchall()
    names = {site: Counter(name for other, name in printed if other == site).most_common(1)[0][0]
             for site, _ in printed}
    assert sorted(row["url"] for row in rows) == sorted(stored)
    files = [row for row in rows if row["body_source"] == row["url"]]
    assert files and all(row["site_name"] == names[row["site"]] for row in files)
    assert all(row["site_name"] for row in rows)
    for row in rows:
        summary = json.loads(stored[row["url"]]) if stored[row["url"]] else {}
        assert row["requests_new"] == summary.get("requests_new") and row["identity_ok"] == summary.get("identity_ok")
    assert sum(row["requests_new"] is not None for row in rows) > 100
