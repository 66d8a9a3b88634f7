"""A small govreports database and a real `govreports serve` subprocess on 127.0.0.1 serving it."""

from __future__ import annotations

import json
import select
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from govreports import store
from tests.paths import REPO

STARTUP_TIMEOUT = 60

# The words are spread so that each search finds a different set: 复议 is inside 行政复议 and alone in 复议机关;
# 政府信息公开 is in some bodies and one title only.
BODIES = {
    "http://a.test/2021.html": ("平潭县2021年政府信息公开工作年度报告", "本年度共收到行政复议申请2件。\n依申请公开情况良好。"),
    "http://a.test/2020.html": ("平潭县2020年年度报告", "复议机关维持原决定。\n主动公开政府信息公开目录。"),
    "http://a.test/2019.pdf": ("平潭县2019年报告", "全年未发生行政诉讼。"),
    "http://b.test/2021.html": ("长乐区2021年工作报告", "行政复议和行政诉讼各一件。\n政府信息公开平台运行平稳。"),
    "http://b.test/2018.html": ("长乐区2018年报告", "English words: Review and disclosure, 2018."),
}
SITE_NAMES = {"http://a.test": "平潭县人民政府", "http://b.test": "长乐区人民政府"}
SUMMARY = {"requests_new": 12, "requests_carried_over": 0, "requests_processed": 12, "granted": 5,
           "partially_granted": 1, "carried_forward": 0, "reviews_total": 2, "lawsuits_direct_total": 1,
           "lawsuits_after_review_total": 0, "identity_ok": True}


def make_database(path) -> None:
    db = store.open_db(path)
    records = []
    for url, (title, body) in BODIES.items():
        site = url.split("/20")[0]
        year = int(url.rsplit("/", 1)[1][:4])
        records.append({
            "url": url, "site": site, "title": title, "body_text": body, "body_html": f"<p>{body}</p>",
            "published_at": f"{year + 1}-01-20", "year": year, "agency": SITE_NAMES[site],
            "site_name": "" if url.endswith(".pdf") else SITE_NAMES[site], "site_code": "", "index_no": "",
            "doc_no": "", "attachments": [], "fetched_at": "2026-01-01T00:00:00+00:00", "raw": body.encode(),
            "region_province": "福建省", "region_code": "350128" if site.startswith("http://a") else "350112",
            "kind": "政府信息公开工作年度报告", "stats_template": "2021", "stats_summary": json.dumps(SUMMARY),
            "stats_identity_ok": 1,
            "stats_cells": [{"section": "三", "block": "一、本年新收政府信息公开申请数量",
                             "row_label": "一、本年新收政府信息公开申请数量", "column_label": "总计", "value": 12,
                             "raw": "12"}],
            "attachment_rows": [{"report_url": url, "url": url + ".doc", "name": "附件", "status": "ok",
                                 "message": "", "sha256": url, "text": "附件正文", "fetched_at": "2026-01-01"}],
        })
    store.store_reports(db, records)


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """(base URL, database path) of `govreports serve --port 0` on a database of BODIES."""
    path = tmp_path_factory.mktemp("serve") / "govreports.db"
    make_database(path)
    process = subprocess.Popen([sys.executable, "-m", "govreports.cli", "serve", "--db", str(path), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_TIMEOUT)
    line = process.stdout.readline() if ready else ""
    if "http://127.0.0.1:" not in line:
        process.kill()
        raise RuntimeError(f"govreports serve did not start: {line!r} {process.stderr.read()}")
    try:
        yield line.split(" at ", 1)[1].strip(), path
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stdout.close()
        process.stderr.close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def quote(text: str) -> str:
    return urllib.parse.quote(text)
