"""Incremental re-crawls end to end: a portal of our own served by the real demo server (which answers
conditional requests), crawled four times into one real SQLite file, the site changed between crawls.

Each variant is a server family the crawler meets: strong ETag and Last-Modified with the charset in the
header (nginx), weak ETags on GBK pages (nginx compressing), Last-Modified only with the charset in the page
(TRS), and no validator at all (dynamic pages: every page comes whole, the content hash decides).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import urllib.request
from pathlib import Path

import pytest

from tests.crawling import FAST, crawl, govreports, request_log, url_path
from tests.demo_portal import documents as make

VARIANTS = {
    "etag+last-modified": {"validators": "etag+last-modified", "charset": "utf-8", "send_charset": True,
                           "suffix": ".html"},
    # the others store inline (no worker processes): the same functions, and a crawl that starts faster
    "weak-etag, gbk": {"validators": "weak-etag", "charset": "gbk", "send_charset": True, "suffix": ".shtml",
                       "workers": 0},
    "last-modified only": {"validators": "last-modified", "charset": "utf-8", "send_charset": False,
                           "suffix": ".htm", "workers": 0},
    "no validators": {"validators": "none", "charset": "utf-8", "send_charset": False, "suffix": ".html",
                      "workers": 0},
}
COUNTY = "建德市"


def _title(year: int) -> str:
    return f"{COUNTY}{year}年政府信息公开工作年度报告"


def _paragraphs(year: int, published: int = 1234) -> list[str]:
    return [
        _title(year),
        f"本报告根据《中华人民共和国政府信息公开条例》编制。统计期限自{year}年1月1日起至{year}年12月31日止。",
        f"一、总体情况。{year}年，{COUNTY}人民政府坚持以公开为常态、不公开为例外，主动公开政府信息{published}条。",
        "二、主动公开政府信息情况。三、收到和处理政府信息公开申请情况。",
        "四、政府信息公开行政复议、行政诉讼情况。本年度未发生行政复议和行政诉讼案件。",
    ]


def _page(title: str, body: str, charset: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_{COUNTY}人民政府</title>
<meta name="ArticleTitle" content="{title}"><meta name="SiteName" content="{COUNTY}人民政府"></head>
<body><div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 年报</div><div class="article"><h1>{title}</h1>
<div id="zoom" class="TRS_Editor">{body}</div></div><div class="foot">版权所有：{COUNTY}人民政府</div></body></html>"""


def _report(year: int, charset: str, published: int = 1234) -> str:
    return _page(_title(year), "".join(f"<p>{text}</p>" for text in _paragraphs(year, published)[1:]), charset)


def _pointer(year: int, charset: str) -> str:
    body = f'<p>《{_title(year)}》全文详见附件。</p><p>附件：<a href="../files/{year}.pdf">{_title(year)}.pdf</a></p>'
    return _page(_title(year), body, charset)


class Site:
    """The site directory, written and changed by the test; the server re-reads it on ``reload``."""

    def __init__(self, root: Path, variant: dict):
        self.root, self.variant = root, variant
        self.suffix, self.charset = variant["suffix"], variant["charset"]
        self.listed = [2023, 2022, 2021, 2020]

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode(self.charset))
        # Last-Modified has whole seconds: a change must read as newer than what the last crawl saw
        later = time.time() + 5 * (1 + len(list(self.root.rglob("*"))))
        os.utime(path, (later, later))

    def report(self, year: int) -> str:
        return f"ndbg/{year}{self.suffix}"

    def write_list(self) -> None:
        items = "".join(f'<li><a href="{year}{self.suffix}">{_title(year)}</a><span>{year + 1}-01-20</span></li>'
                        for year in self.listed)
        self.write(f"ndbg/index{self.suffix}", _page("政府信息公开年报", f"<ul>{items}</ul>", self.charset))

    def create(self) -> None:
        self.write(f"index{self.suffix}", _page("首页", f'<a href="ndbg/index{self.suffix}">政府信息公开年报</a>',
                                                 self.charset))
        for year in (2021, 2022, 2023, 2024):  # 2024 exists from the start, linked only later
            self.write(self.report(year), _report(year, self.charset))
        self.write(self.report(2020), _pointer(2020, self.charset))
        self.write("files/2020.pdf", make.make_pdf(_paragraphs(2020)))
        self.write_list()
        self.write("robots.txt", "User-agent: *\nDisallow:\n")
        self.write("site.json", json.dumps({"start": f"/index{self.suffix}", "charset": self.charset,
                                            "send_charset": self.variant["send_charset"],
                                            "validators": self.variant["validators"]}))
        self.write("_routes.json", "[]")


def _reload(base: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{base}/_demo/reload", data=b"", method="POST")).read()


def _rows(db: Path, sql: str, *params) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params)]


@pytest.fixture(scope="module", params=list(VARIANTS))
def recrawled(request, tmp_path_factory):
    """Four crawls: the first; the same site again; after a report changed, two were taken down (404, 410),
    the list gained a report and the attachment was replaced; after the two came back."""
    from tests.conftest import serve

    variant = VARIANTS[request.param]
    site = Site(tmp_path_factory.mktemp("recrawl") / "site", variant)
    site.create()
    portal = serve(site.root)
    try:
        (base,), (start,) = portal.urls.values(), portal.start_urls.values()
        db = tmp_path_factory.mktemp("db") / "govreports.db"
        runs = []

        def crawl_once(exit_code: int = 0):
            before = len(request_log(base)["answers"])
            workers = ["-s", f"GOVREPORTS_EXTRACT_WORKERS={variant['workers']}"] if "workers" in variant else []
            result = crawl(db, start, settings=[*FAST, *workers], exit_code=exit_code)
            gone = {url_path(row["url"]) for row in _rows(db, "SELECT url FROM reports WHERE gone_at IS NOT NULL")}
            versions = _rows(db, "SELECT COUNT(*) AS n FROM report_versions")[0]["n"]
            runs.append({"stdout": result.stdout, "answers": request_log(base)["answers"][before:], "gone": gone, "versions": versions})

        crawl_once()
        crawl_once()
        site.write(site.report(2022), _report(2022, site.charset, published=5678))
        (site.root / site.report(2021)).unlink()
        site.write("_routes.json", json.dumps([{"method": "GET", "path": f"/{site.report(2023)}", "status": 410}]))
        site.listed = [2024, 2023, 2022, 2021, 2020]
        site.write_list()
        site.write("files/2020.pdf", make.make_pdf(_paragraphs(2020, published=4321)))
        _reload(base)
        crawl_once()
        runs[-1]["status"] = govreports("status", "--db", str(db))
        site.write(site.report(2021), _report(2021, site.charset))
        site.write("_routes.json", "[]")
        _reload(base)
        crawl_once()
        yield {"db": db, "runs": runs, "site": site, "variant": request.param, "base": base}
    finally:
        portal.stop()


def _fetched(answers: list, status: int) -> set[str]:
    return {url_path(path) for method, path, code, _ in answers if code == status}


def _report_paths(site: Site) -> set[str]:
    return {f"/{site.report(year)}" for year in (2020, 2021, 2022, 2023, 2024)}


def test_the_first_crawl_stores_every_listed_report(recrawled):
    db, site = recrawled["db"], recrawled["site"]
    first_seen = _rows(db, "SELECT url FROM reports WHERE first_seen_at < (SELECT started_at FROM crawls WHERE id = 2)")
    assert {url_path(row["url"]) for row in first_seen} == {f"/{site.report(year)}" for year in (2020, 2021, 2022, 2023)}
    assert "4 reports new" in recrawled["runs"][0]["stdout"]


def test_a_second_crawl_of_an_unchanged_site_downloads_no_report_body(recrawled):
    second = recrawled["runs"][1]
    whole = _fetched(second["answers"], 200)
    if recrawled["variant"] == "no validators":
        # nothing to revalidate with: every page comes whole, and the content hash says nothing changed
        assert _report_paths(recrawled["site"]) - {f"/{recrawled['site'].report(2024)}"} <= whole
    else:
        assert whole <= {"/robots.txt"}, "only robots.txt comes whole: every page and file answered 304"
        assert len(_fetched(second["answers"], 304)) >= 7  # home, list, four reports, the attachment
        assert "of them not modified" in second["stdout"] and " 0 of them not modified" not in second["stdout"]
    assert "0 reports new, 0 changed, 4 unchanged, 0 gone" in second["stdout"]
    assert [run["versions"] for run in recrawled["runs"][:2]] == [4, 4]


def test_a_changed_page_gives_version_two_and_keeps_version_one(recrawled):
    db, site = recrawled["db"], recrawled["site"]
    (report,) = _rows(db, "SELECT url, version, body_text FROM reports WHERE url LIKE ?", f"%/{site.report(2022)}")
    assert report["version"] == 2 and "5678条" in report["body_text"]
    versions = _rows(db, "SELECT version, body_text FROM report_versions WHERE url = ? ORDER BY version", report["url"])
    assert [v["version"] for v in versions] == [1, 2]
    assert "1234条" in versions[0]["body_text"] and "5678条" in versions[1]["body_text"]
    unchanged = _rows(db, "SELECT version FROM reports WHERE url LIKE ?", f"%/{site.report(2021)}")
    assert unchanged == [{"version": 1}], "an unchanged report keeps its version"


def test_a_removed_report_is_marked_gone_and_cleared_when_it_comes_back(recrawled):
    db, site, runs = recrawled["db"], recrawled["site"], recrawled["runs"]
    assert "2 gone" in runs[2]["stdout"]
    assert runs[2]["gone"] == {f"/{site.report(2021)}", f"/{site.report(2023)}"}
    gone = _rows(db, "SELECT url, status FROM crawl_log WHERE outcome = 'gone'")
    assert {(url_path(row["url"]), row["status"]) for row in gone} == {
        (f"/{site.report(2021)}", 404), (f"/{site.report(2023)}", 410)}
    assert "0 gone" in runs[3]["stdout"]
    assert _rows(db, "SELECT COUNT(*) AS n FROM reports WHERE gone_at IS NOT NULL")[0]["n"] == 0
    assert _rows(db, "SELECT COUNT(*) AS n FROM reports")[0]["n"] == 5, "a gone report is never deleted"
    sites = _rows(db, "SELECT reports_gone FROM crawl_sites ORDER BY crawl_id")
    assert [row["reports_gone"] for row in sites] == [0, 0, 2, 0]


def test_a_changed_list_leads_to_its_new_report(recrawled):
    db, site, runs = recrawled["db"], recrawled["site"], recrawled["runs"]
    assert "1 reports new, 2 changed, 0 unchanged, 2 gone" in runs[2]["stdout"]
    assert _rows(db, "SELECT version FROM reports WHERE url LIKE ?", f"%/{site.report(2024)}") == [{"version": 1}]
    if recrawled["variant"] != "no validators":
        assert f"/ndbg/index{site.suffix}" in _fetched(runs[2]["answers"], 200), "the changed list came whole"


def test_attachments_are_revalidated_and_a_replaced_file_is_read(recrawled):
    db, site, runs = recrawled["db"], recrawled["site"], recrawled["runs"]
    if recrawled["variant"] != "no validators":
        assert "/files/2020.pdf" in _fetched(runs[1]["answers"], 304)
        assert "/files/2020.pdf" in _fetched(runs[3]["answers"], 304)
    assert "/files/2020.pdf" in _fetched(runs[2]["answers"], 200)
    files = _rows(db, "SELECT sha256, text FROM attachments WHERE url LIKE '%/files/2020.pdf' ORDER BY id")
    assert len(files) == 2 and files[0]["sha256"] != files[1]["sha256"], "the replaced file is a row of its own"
    (report,) = _rows(db, "SELECT version, body_text FROM reports WHERE url LIKE ?", f"%/{site.report(2020)}")
    assert report["version"] == 2 and "4321条" in report["body_text"], "the page's body is its new file's text"


def test_status_shows_the_gone_figures(recrawled):
    while_gone = recrawled["runs"][2]["status"]
    assert while_gone.returncode == 0, while_gone.stderr
    assert "(5), 2 gone" in while_gone.stdout, "reports stored and marked gone"
    assert "1 new, 2 changed, 0 unchanged, 2 gone" in while_gone.stdout, "the last crawl's figures"
    back = govreports("status", "--db", str(recrawled["db"]))
    assert back.returncode == 0, back.stderr
    assert "0 gone" in back.stdout and "5 unchanged" in back.stdout and "(5), " not in back.stdout
