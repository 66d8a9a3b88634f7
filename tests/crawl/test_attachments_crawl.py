"""Attachments end to end: a small portal of our own, with files made by the tests, crawled through a real
server on 127.0.0.1 into a real SQLite file and a real files directory."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.crawling import FAST, crawl
from tests.demo_portal import documents as make

COUNTY = "桐庐县"
STATS_TABLE = [
    ["本年收到申请数量", "自然人", "商业企业", "总计"],
    ["一、本年新收政府信息公开申请数量", "12", "3", "15"],
    ["二、上年结转政府信息公开申请数量", "1", "0", "1"],
]
MAXSIZE = 300_000  # bytes: the "too large" attachment is just over it


def _title(year: int) -> str:
    return f"{COUNTY}{year}年政府信息公开工作年度报告"


def _paragraphs(year: int) -> list[str]:
    return [
        _title(year),
        f"本报告根据《中华人民共和国政府信息公开条例》编制。统计期限自{year}年1月1日起至{year}年12月31日止。",
        f"一、总体情况。{year}年，{COUNTY}人民政府坚持以公开为常态、不公开为例外，主动公开政府信息1234条。",
        "二、主动公开政府信息情况。",
        "三、收到和处理政府信息公开申请情况。",
        "四、政府信息公开行政复议、行政诉讼情况。本年度未发生行政复议和行政诉讼案件。",
    ]


def _page(title: str, body: str, date: str = "2024-01-20") -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_{COUNTY}人民政府</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date} 09:30">
<meta name="ContentSource" content="{COUNTY}人民政府办公室"><meta name="SiteName" content="{COUNTY}人民政府"></head>
<body><div class="top">无障碍浏览 长者专版</div><div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 年报</div>
<div class="article"><h1>{title}</h1><div class="info">发布时间：{date} 来源：{COUNTY}人民政府办公室</div>
<div id="zoom" class="TRS_Editor">{body}</div></div>
<div class="foot">版权所有：{COUNTY}人民政府 网站标识码：3301220001 浙ICP备05012345号</div></body></html>"""


def _pointer(year: int, href: str, name: str) -> str:
    body = f'<p>《{_title(year)}》全文详见附件。</p><p>附件：<a href="{href}">{name}</a></p>'
    return _page(_title(year), body, f"{year + 1}-01-20")


def _full_page(year: int, links: list[tuple[str, str]]) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in _paragraphs(year)[1:])
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in STATS_TABLE)
    attached = "".join(f'<p>附件{i + 1}：<a href="{href}">{name}</a></p>' for i, (href, name) in enumerate(links))
    return _page(_title(year), f"{paragraphs}<table border='1'>{rows}</table>{attached}", f"{year + 1}-01-20")


@pytest.fixture(scope="module")
def portal_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("attachments") / "site"
    files: dict[str, bytes] = {
        "files/2020.pdf": make.make_pdf(_paragraphs(2020), [STATS_TABLE], table_positions=[4]),
        "_q/2021.docx": make.make_docx(_paragraphs(2021), [STATS_TABLE], table_positions=[4]),
        "files/2022.doc": make.make_doc(_paragraphs(2022), [STATS_TABLE]),
        "files/2018.wps": make.make_wps(_paragraphs(2018), []),
        "files/2019.pdf": make.make_pdf(_paragraphs(2019), [STATS_TABLE], table_positions=[4]),
        "files/2023-error.pdf": make.html_error_page_as_pdf("404"),
        "files/2023-scan.pdf": make.make_image_only_pdf(),
        "files/2023-locked.pdf": make.make_encrypted_pdf(_paragraphs(2023), user_password="secret"),
        "files/2023-huge.pdf": make.make_pdf(_paragraphs(2023)) + b"%" + b"0" * (MAXSIZE + 1000),
        "files/2023-broken.pdf": make.make_pdf(_paragraphs(2023))[:900],
        "files/2023-stats.xlsx": make.make_xlsx([STATS_TABLE]),
        "files/2023.ofd": make.make_ofd(_paragraphs(2023)),
        "files/2023-all.zip": make.make_zip({"年报正文.pdf": make.make_pdf(_paragraphs(2023)),
                                             "统计表.docx": make.make_docx([], [STATS_TABLE])}, gbk_names=True),
    }
    pages = {
        "index.html": _page("首页", '<a href="ndbg/index.html">政府信息公开年报</a>'),
        "ndbg/2020.html": _pointer(2020, "../files/2020.pdf", f"{_title(2020)}.pdf"),
        "ndbg/2021.html": _pointer(2021, "/module/download/downfile.jsp?classid=0&filename=2021.docx",
                                   f"{_title(2021)}.docx"),
        "ndbg/2022.html": _pointer(2022, "../files/2022.doc", f"{_title(2022)}.doc"),
        "ndbg/2018.html": _pointer(2018, "../files/2018.wps", f"{_title(2018)}.wps"),
        "ndbg/2023.html": _full_page(2023, [
            ("../files/2023-error.pdf", "统计表.pdf"), ("../files/2023-scan.pdf", "盖章版.pdf"),
            ("../files/2023-locked.pdf", "加密版.pdf"), ("../files/2023-huge.pdf", "高清版.pdf"),
            ("../files/2023-broken.pdf", "损坏.pdf"), ("../files/2023-missing.pdf", "已删除.pdf"),
            ("http://other.example/2023.pdf", "外站.pdf"),
            ("../files/2023-stats.xlsx", "统计数据.xlsx"), ("../files/2023.ofd", "全文.ofd"),
            ("../files/2023-all.zip", "打包下载.zip"),
            ("/module/download/downfile.jsp?filename=away.pdf", "外跳.pdf"),
            ("/module/download/downfile.jsp?filename=here.pdf", "站内跳转.pdf"),
        ]),
    }
    links = [(f"{y}.html", _title(y)) for y in (2023, 2022, 2021, 2020, 2018)]
    links.append(("../files/2019.pdf", f"{_title(2019)}.pdf"))  # a report published only as a file
    pages["ndbg/index.html"] = _page("政府信息公开年报", "<ul>" + "".join(
        f'<li><a href="{href}">{text}</a><span>2021-01-20</span></li>' for href, text in links) + "</ul>")
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "site.json").write_text(json.dumps({"start": "/index.html", "send_charset": True}), "utf-8")
    download = "/module/download/downfile.jsp"
    (root / "_routes.json").write_text(json.dumps([
        {"method": "GET", "path": download, "params": {"filename": "2021.docx"}, "file": "_q/2021.docx"},
        # a download script sending the crawler off the portal (never fetched: .invalid cannot resolve anyway)
        {"method": "GET", "path": download, "params": {"filename": "away.pdf"}, "redirect": "http://example.invalid/a.pdf"},
        {"method": "GET", "path": download, "params": {"filename": "here.pdf"}, "redirect": "/files/2020.pdf"},
    ]))
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def crawled(portal_dir, tmp_path_factory):
    from tests.conftest import serve

    portal = serve(portal_dir)
    try:
        db = tmp_path_factory.mktemp("db") / "govreports.db"
        settings = [*FAST, "-s", f"GOVREPORTS_ATTACHMENT_MAXSIZE={MAXSIZE}"]
        first = crawl(db, *portal.start_urls.values(), settings=settings)
        second = crawl(db, *portal.start_urls.values(), settings=settings)
        yield db, first, second
    finally:
        portal.stop()


def _query(db: Path, sql: str, *params) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params)]


def _report(db: Path, year: int) -> dict:
    rows = _query(db, "SELECT * FROM reports WHERE year = ?", year)
    assert len(rows) == 1, f"expected one {year} report, got {[r['url'] for r in rows]}"
    return rows[0]


def _attachment(db: Path, name: str) -> dict:
    rows = _query(db, "SELECT * FROM attachments WHERE name = ?", name)
    assert len(rows) == 1, f"expected one attachment named {name}, got {len(rows)}"
    return rows[0]


def test_every_report_is_stored_including_the_file_only_one(crawled):
    db, _, _ = crawled
    years = sorted(row["year"] for row in _query(db, "SELECT year FROM reports"))
    assert years == [2018, 2019, 2020, 2021, 2022, 2023]


@pytest.mark.parametrize("year, suffix", [(2020, "files/2020.pdf"), (2021, "filename=2021.docx"),
                                          (2022, "files/2022.doc"), (2018, "files/2018.wps")])
def test_a_pointer_page_takes_its_attachments_text_as_body(crawled, year, suffix):
    db, _, _ = crawled
    report = _report(db, year)
    assert report["body_source"].endswith(suffix)
    assert "详见附件" not in report["body_text"]
    assert f"统计期限自{year}年1月1日起" in report["body_text"]
    assert "主动公开政府信息1234条" in report["body_text"]


@pytest.mark.parametrize("year", [2020, 2021, 2022])
def test_the_attachments_table_comes_through_as_a_table(crawled, year):
    db, _, _ = crawled
    report = _report(db, year)
    assert "一、本年新收政府信息公开申请数量\t12\t3\t15" in report["body_text"]
    assert "<table" in report["body_html"]


def test_a_report_published_as_a_file_is_read_from_the_file(crawled):
    db, _, _ = crawled
    report = _report(db, 2019)
    assert report["url"].endswith("/files/2019.pdf")
    assert report["title"] == _title(2019)
    assert report["body_source"] == report["url"]
    assert "主动公开政府信息1234条" in report["body_text"]


def test_a_page_with_its_own_body_keeps_it(crawled):
    db, _, _ = crawled
    report = _report(db, 2023)
    assert report["body_source"] == "page"
    assert "主动公开政府信息1234条" in report["body_text"]


@pytest.mark.parametrize("name, status", [
    ("统计表.pdf", "not_a_document"), ("盖章版.pdf", "needs_ocr"), ("加密版.pdf", "encrypted"),
    ("高清版.pdf", "too_large"), ("损坏.pdf", "corrupt"), ("已删除.pdf", "http_error"), ("外站.pdf", "offsite"),
    ("外跳.pdf", "offsite"),
])
def test_bad_attachments_get_a_status_and_a_message(crawled, name, status):
    db, _, _ = crawled
    row = _attachment(db, name)
    assert row["status"] == status
    assert row["message"]


@pytest.mark.parametrize("name, fmt, expected", [
    ("统计数据.xlsx", "xlsx", "一、本年新收政府信息公开申请数量\t12\t3\t15"),
    ("全文.ofd", "ofd", "主动公开政府信息1234条"),
    ("打包下载.zip", "zip", "一、本年新收政府信息公开申请数量\t12\t3\t15"),
])
def test_spreadsheets_ofd_and_zips_are_read(crawled, name, fmt, expected):
    db, _, _ = crawled
    row = _attachment(db, name)
    assert (row["status"], row["format"]) == ("ok", fmt)
    assert expected in row["text"]
    if fmt == "zip":
        assert "主动公开政府信息1234条" in row["text"] and "年报正文.pdf" in row["text"], "GBK member names decoded"


def test_originals_are_kept_by_sha256_under_the_files_directory(crawled):
    import hashlib

    db, _, _ = crawled
    row = _attachment(db, f"{_title(2020)}.pdf")
    kept = db.parent / "files" / row["path"]
    data = kept.read_bytes()
    assert hashlib.sha256(data).hexdigest() == row["sha256"] == kept.stem
    assert row["size"] == len(data) and data.startswith(b"%PDF") and row["mime"] == "application/pdf"
    scanned = _attachment(db, "盖章版.pdf")
    assert (db.parent / "files" / scanned["path"]).is_file(), "a scanned file is kept for OCR later"
    assert _attachment(db, "高清版.pdf")["sha256"] == "", "a file over the limit is not kept"


def test_a_recrawl_revalidates_attachments_and_neither_downloads_nor_duplicates_them(crawled):
    db, _, _ = crawled
    rows = _query(db, "SELECT crawl_id, status, COUNT(*) AS n FROM crawl_log WHERE outcome = 'attachment' "
                      "GROUP BY crawl_id, status")
    per_crawl = {(row["crawl_id"], row["status"]): row["n"] for row in rows}
    assert per_crawl.get((1, 200), 0) >= 8
    assert per_crawl.get((2, 304), 0) >= 8, "every kept file is asked for with its validators: 304"
    assert per_crawl.get((2, 200), 0) <= 3, "only attachments that failed come whole again"
    names = [row["name"] for row in _query(db, "SELECT name FROM attachments")]
    assert len(names) == len(set(names))
    versions = _query(db, "SELECT url, COUNT(*) AS n FROM report_versions GROUP BY url HAVING n > 1")
    assert versions == []


def test_the_crawl_summary_counts_attachments(crawled):
    import re

    _, first, _ = crawled
    m = re.search(r"attachments: (\d+) read, (\d+) not read, (\d+) reports whose text is a file", first.stdout)
    assert m, first.stdout
    # read: 2020 pdf, 2021 docx, 2022 doc, 2018 wps, 2019 (the file report itself), and the 2023 page's xlsx,
    # ofd, zip and the PDF reached through an on-site redirect; not read: the 8 bad ones
    assert (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (9, 8, 5)


def test_redirects_are_followed_on_the_portal_and_refused_off_it(crawled):
    db, _, _ = crawled
    away = _attachment(db, "外跳.pdf")
    assert away["message"] == "redirected to http://example.invalid/a.pdf"
    here = _attachment(db, "站内跳转.pdf")
    assert here["status"] == "ok" and "主动公开政府信息1234条" in here["text"]
    fetched = [row["url"] for row in _query(db, "SELECT url FROM crawl_log")]
    assert not any("example.invalid" in url for url in fetched)


def test_a_page_whose_worker_never_answers_is_given_up_not_waited_for(portal_dir, tmp_path):
    from tests.conftest import serve

    portal = serve(portal_dir)
    try:
        result = crawl(tmp_path / "t.db", *portal.start_urls.values(),
                       settings=[*FAST, "-s", "GOVREPORTS_WORKER_TIMEOUT=0.001"], exit_code=1)
    finally:
        portal.stop()
    assert "crawl finished (finished)" in result.stdout
    assert "its worker died or hung" in result.stderr
    assert "no report found" in result.stderr  # every report given up: cron hears of the site


@pytest.mark.parametrize("body, is_pointer", [
    ("《某县2020年政府信息公开工作年度报告》全文详见附件。\n附件：某县2020年政府信息公开工作年度报告.pdf", True),
    ("附件：某县2020年政府信息公开工作年度报告.pdf", True),
    ("请点击下载：2020年年报", True),
    ("", True),
    ("一、总体情况。" + "本年度主动公开政府信息1234条，" * 12 + "\n附件1：统计表.xls", False),
    ("一、总体情况。" + "本年度主动公开政府信息1234条，" * 40 + "详见附件。", False),
])
def test_a_pointer_body_is_told_from_a_report_body(body, is_pointer):
    from govreports.extract.attachments import body_is_pointer

    assert body_is_pointer(body, ["某县2020年政府信息公开工作年度报告.pdf"]) is is_pointer


def test_with_attachments_off_a_file_report_is_still_stored_with_its_bytes(portal_dir, tmp_path):
    from tests.conftest import serve

    portal = serve(portal_dir)
    try:
        db = tmp_path / "off.db"
        crawl(db, *portal.start_urls.values(), settings=[*FAST, "-s", "GOVREPORTS_ATTACHMENTS=False"])
    finally:
        portal.stop()
    report = _report(db, 2019)
    assert "主动公开政府信息1234条" in report["body_text"]
    assert _query(db, "SELECT COUNT(*) AS n FROM attachments")[0]["n"] == 0
    assert not (tmp_path / "files").exists()
    from govreports.store import pages

    with sqlite3.connect(db) as conn:
        assert pages.version_raw(conn, report["url"], 1).startswith(b"%PDF"), "the file is the raw page"


@pytest.mark.parametrize("name, year, other", [
    ("太康县生态环境局2019年度政府信息公开工作年度报告", 2011, True),
    ("太康县环境保护局2011年政府信息公开工作年度报告.pdf", 2011, False),
    ("附件：统计表.xls", 2011, False),
    ("2019年年报.pdf", None, False),
])
def test_an_attachment_named_for_another_year_is_not_this_reports(name, year, other):
    from govreports.extract.attachments import fetchable, names_other_year

    assert names_other_year(name, year) is other
    assert bool(fetchable([{"url": "http://p.test/a.pdf", "name": name}], year)) is not other
