"""The ``govreports`` command line as other tools use it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import urllib.request

import pytest

from tests.contract import EXTRACT_KEYS
from tests.crawling import FAST, crawl, govreports, url_path
from tests.paths import DEMO_ROOT, REPO

ROOT = REPO


def _a_report(demo_portal, name="trs"):
    report = demo_portal.expected[name]["reports"][0]
    path = report["path"]
    return report, DEMO_ROOT / name / path.lstrip("/"), demo_portal.urls[name] + path


def test_extract_saved_page_prints_the_json_contract(demo_portal):
    report, file, url = _a_report(demo_portal)
    result = govreports("extract", str(file), "--url", url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data.keys() == EXTRACT_KEYS
    assert data["url"] == url
    assert data["title"] == report["title"]
    assert data["year"] == report["year"]
    assert data["published_at"][:10] == report["published"]
    assert data["stats_summary"] is None
    assert "版权所有" not in data["body_text"]


def test_extract_url_fetches_the_page(demo_portal):
    report, _, url = _a_report(demo_portal, "hanweb")
    result = govreports("extract", url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == report["title"]


@pytest.mark.parametrize(
    "content, message",
    [(None, "no such file"), (b"\x00\x01\x02\xff" * 500, ": binary data: 500 NUL bytes"),
     (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", ": corrupt: the PDF is truncated"),
     ("这是一段没有任何标签的纯文本。".encode(), ": no HTML tags in the first 64 KB (looks like plain text)")],
    ids=["missing", "binary", "pdf", "plain-text"],
)
def test_extract_bad_input_fails_with_one_line(tmp_path, content, message):
    source = tmp_path / "input.html"
    if content is not None:
        source.write_bytes(content)
    result = govreports("extract", str(source))
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("govreports: ")
    assert message in result.stderr


def test_extract_unreachable_url_fails_cleanly():
    result = govreports("extract", "http://127.0.0.1:9/nothing.html")
    assert result.returncode == 1 and "cannot fetch" in result.stderr


def test_crawl_rejects_bad_arguments(tmp_path):
    assert govreports("crawl", "ftp://x", "--db", str(tmp_path / "x.db")).returncode == 2
    assert govreports("crawl", "http://127.0.0.1:9/", "-s", "NOEQUALS").returncode == 2


def test_search_prints_matching_reports(demo_portal, tmp_path):
    db = tmp_path / "r.db"
    crawl(db, demo_portal.start_urls["trs"])
    result = govreports("search", "行政复议", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "政府信息公开" in result.stdout and "report(s) match 行政复议" in result.stdout
    as_json = govreports("search", "公开", "--db", str(db), "--json")
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert rows and all(demo_portal.urls["trs"] in row["url"] for row in rows)
    assert govreports("search", "不存在的词语组合", "--db", str(db)).returncode == 1
    assert govreports("search", "公开", "--db", str(tmp_path / "none.db")).returncode == 2


def test_scrapy_crawl_command_works_too(demo_portal, tmp_path):
    db = tmp_path / "s.db"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "reports", "-a", f"start_urls={demo_portal.start_urls['oldtable']}",
         "-s", f"GOVREPORTS_DB={db}", *FAST],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(db) as conn:
        count = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        crawls = conn.execute("SELECT id, reason, finished_at FROM crawls").fetchall()
        sites = conn.execute("SELECT crawl_id, site, reports_new, problem FROM crawl_sites").fetchall()
    expected = len(demo_portal.expected["oldtable"]["reports"])
    assert count == expected
    # The crawl itself records its end and its site's figures, whoever runs it (not only `govreports crawl`).
    [(crawl_id, reason, finished_at)] = crawls
    assert reason == "finished" and finished_at
    assert sites == [(crawl_id, demo_portal.urls["oldtable"].rstrip("/"), expected, "")]


def _dataset(db) -> dict:
    with sqlite3.connect(db) as conn:
        return {"reports": set(conn.execute("SELECT url, version, content_sha256, year, title FROM reports")),
                "versions": conn.execute("SELECT COUNT(*) FROM report_versions").fetchone()[0],
                "attachments": conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0],
                "urls": dict(conn.execute("SELECT url, report_url FROM report_urls"))}


def test_demo_run_serves_crawls_and_prints_the_table_and_a_second_run_gives_the_same_dataset(tmp_path):
    db = tmp_path / "demo.db"
    result = govreports("demo-run", "--db", str(db))
    assert result.returncode == 0, result.stderr[-2000:]
    table = result.stdout.split("reports  years", 1)[1].strip().splitlines()
    rows = {line.split()[0]: line for line in table}
    expected = json.loads((DEMO_ROOT / "expected.json").read_text("utf-8"))
    # The static sites, and those whose lists only a JSON API fills (the county and the script-built list are
    # the column-judging and browser paths' to fill).
    counts = {name: len(expected[name]["reports"]) for name in ("trs", "hanweb", "oldtable", "gkmlpt", "jpaas",
                                                                 "epoint", "irs")}
    for name, count in counts.items():
        assert f" {count}  " in rows[expected[name]["site_name"]], name
    assert "crawl finished (finished)" in result.stdout
    first = _dataset(db)
    assert len(first["reports"]) >= sum(counts.values())

    # `make run` again: the demo portal is served on other ports, so every report is found at a new URL.
    again = govreports("demo-run", "--db", str(db))
    assert again.returncode == 0, again.stderr[-2000:]
    assert " 0 reports new, 0 changed" in again.stdout
    second = _dataset(db)
    assert second["reports"] == first["reports"]  # the same rows, keyed by their first URLs, still version 1
    assert (second["versions"], second["attachments"]) == (first["versions"], first["attachments"])
    aliases = {url: report for url, report in second["urls"].items() if url != report}
    assert sorted(aliases.values()) == sorted(url for url, *_ in first["reports"])  # each report: one new URL
    assert all(url_path(alias) == url_path(report) and alias != report for alias, report in aliases.items())
    # each site's line shows its reports under the origin where they were found now
    second_rows = again.stdout.split("reports  years", 1)[1].strip().splitlines()
    assert {line.split()[-1] for line in second_rows}.isdisjoint({line.split()[-1] for line in table})


def test_extract_text_file_cleans_chrome_lines(tmp_path):
    source = tmp_path / "saved.txt"
    source.write_text(
        "无障碍浏览 长者专版\n当前位置：首页 > 政务公开 > 年报\n某县教育局2020年政府信息公开工作年度报告\n"
        "发布时间：2021-01-20 10:00  来源：某县教育局  浏览次数：12\n一、总体情况\n2020年，我局认真贯彻《条例》，信息来源于各股室。\n"
        "版权所有：某县人民政府 备案号：豫ICP备12345678号 技术支持：某科技公司\n", encoding="utf-8")
    result = govreports("extract", str(source), "--url", "http://x.test/a.html")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "某县教育局2020年政府信息公开工作年度报告"
    assert data["published_at"] == "2021-01-20T10:00:00+08:00"
    assert data["body_text"] == "一、总体情况\n2020年，我局认真贯彻《条例》，信息来源于各股室。"
    assert data["year"] == 2020 and data["agency"] == "某县教育局"


def test_demo_portal_command_serves_and_prints_urls():
    process = subprocess.Popen([sys.executable, "-m", "govreports.cli", "demo-portal", "--port", "0", "--json"],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        sites = json.loads(process.stdout.readline())["sites"]
        bundled = json.loads((DEMO_ROOT / "expected.json").read_text("utf-8"))
        assert set(sites) == set(bundled) and {"trs", "hanweb", "oldtable"} <= set(sites)
        with urllib.request.urlopen(sites["trs"], timeout=10) as response:
            assert response.status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_extract_reads_a_report_published_as_a_file(tmp_path, suffix):
    from tests.demo_portal import documents

    title = "平潭县2021年政府信息公开工作年度报告"
    paragraphs = [title, "统计期限自2021年1月1日起至2021年12月31日止。", "一、总体情况。平潭县人民政府主动公开信息1234条。"]
    table = [["本年收到申请数量", "总计"], ["一、本年新收政府信息公开申请数量", "15"]]
    make = documents.make_pdf if suffix == ".pdf" else documents.make_docx
    source = tmp_path / f"report{suffix}"
    source.write_bytes(make(paragraphs, [table]))
    result = govreports("extract", str(source))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data.keys() == EXTRACT_KEYS | {"file"}
    assert data["title"] == title and data["year"] == 2021
    assert data["file"]["status"] == "ok" and data["file"]["format"] == suffix[1:]
    assert "主动公开信息1234条" in data["body_text"]
    assert "一、本年新收政府信息公开申请数量\t15" in data["body_text"]
    assert data["region"]["county"] == "平潭县"
