"""A large govreports database for benchmarks: N reports of realistic size, stored the way a crawl stores them.

    python bench/big_database.py PATH [--reports 100000]

``make_database(path, reports)`` is the reusable part: reports of agencies (four to a site; ~6,300 agencies
on ~1,600 sites for 100,000 reports), one per agency and year (2008–2024), bodies of 2–6 KB of report prose
with the statistics tables as tab-separated lines, body HTML, the raw page (zlib), full-text terms, the
statistics summary and 100 statistics cells for reports of 2019 on, and one report in twelve published only
as a PDF (no site name of its own, an attachment row). Some agencies skip years and one report in forty was
revised (version 2), so coverage and change views have something to find. Everything goes through
``store.store_reports`` in batches of 500; the prose comes from 64 body shapes filled with each agency's
name, year and numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govreports import store  # noqa: E402
from govreports.disclosure_tables import SUMMARY_COUNTS  # noqa: E402
from govreports.store.fulltext import index_terms  # noqa: E402

YEARS = range(2008, 2025)
PROVINCES = [("福建省", "福州市", "35"), ("浙江省", "湖州市", "33"), ("河南省", "周口市", "41"),
             ("江苏省", "徐州市", "32"), ("贵州省", "遵义市", "52"), ("吉林省", "通化市", "22")]
DEPARTMENTS = ["人民政府", "人民政府办公室", "发展和改革局", "教育局", "财政局", "自然资源局", "生态环境局",
               "住房和城乡建设局", "交通运输局", "卫生健康委员会", "市场监督管理局", "司法局"]
PARAGRAPHS = [
    "本报告根据《中华人民共和国政府信息公开条例》和有关规定编制，内容包括总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
    "一、总体情况。{year}年，{agency}坚持以人民为中心，全面推进决策、执行、管理、服务、结果公开，"
    "不断提升政务公开质量，主动公开各类政府信息{n1}条，其中规范性文件{n2}件。",
    "（一）主动公开。围绕优化营商环境、乡村振兴、民生保障等重点领域，及时发布政策文件和解读材料，"
    "通过政府网站、政务新媒体和新闻发布会等渠道公开信息，回应社会关切。",
    "（二）依申请公开。全年共收到政府信息公开申请{n3}件，均在法定期限内答复，未发生因答复不及时引发行政复议的情况。",
    "（三）政府信息管理。建立健全信息发布审查机制，落实保密审查制度，动态调整主动公开基本目录，确保信息准确、权威。",
    "（四）平台建设。优化政府网站栏目设置，整合政务新媒体账号，提升政府信息公开平台的集约化水平和检索便利性。",
    "（五）监督保障。将政务公开工作纳入年度绩效考核，组织业务培训{n4}场次，开展网站和政务新媒体常态化检查。",
    "四、政府信息公开行政复议、行政诉讼情况。本年度因政府信息公开被申请行政复议{n5}件，提起行政诉讼{n6}件。",
    "五、存在的主要问题及改进情况。一是公开内容的深度和广度有待拓展；二是政策解读形式较为单一；"
    "三是基层政务公开标准化规范化建设仍需加强。下一步将围绕上述问题逐项整改。",
    "六、其他需要报告的事项。本年度未收取信息处理费。{agency}将继续深入贯彻落实条例要求，持续提升政务公开工作水平。",
]
_STATS_ROWS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
               "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（七）总计", "四、结转下年度继续办理"]
_STATS_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
VARIANTS = 64  # distinct body shapes; the agency, year and numbers make every body differ


def make_database(path: str | Path, reports: int = 100_000, seed: int = 12) -> dict:
    """Write ``reports`` reports into a new govreports database at ``path``; returns a few figures."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists: give a new path")
    rng = random.Random(seed)
    db = store.open_db(path)
    agencies = _agencies(rng, max(1, reports // (len(YEARS) - 3) + 1))  # enough despite the skipped years
    batch: list[dict] = []
    stored = revised = 0
    for agency in agencies:
        for year in YEARS:
            if stored >= reports:
                break
            if rng.random() < agency["skip"]:
                continue  # a year this agency did not publish
            batch.append(_report(rng, agency, year))
            stored += 1
            if len(batch) >= 500:
                store.store_reports(db, batch)
                batch = []
    store.store_reports(db, batch)
    # one report in forty was revised after publication: a second version
    changed = [row[0] for row in db.execute("SELECT url FROM reports WHERE rowid % 40 = 0")]
    for start in range(0, len(changed), 500):
        rows = [dict(zip(_COLUMNS, row, strict=True)) for row in db.execute(
            f"SELECT {', '.join(f'[{c}]' for c in _COLUMNS)} FROM reports WHERE url IN "
            f"({', '.join('?' * len(changed[start:start + 500]))})", changed[start:start + 500])]
        for row in rows:
            row.update(body_text=row["body_text"] + "\n（本报告已更正）", raw=b"", attachments=[],
                       fetched_at="2026-06-01T00:00:00+00:00", **_stats(rng, row["year"]))
        store.store_reports(db, rows)
        revised += len(rows)
    db.execute("ANALYZE")
    return {"reports": db["reports"].count, "revised": revised, "cells": db["report_stats"].count,
            "agencies": len(agencies), "bytes": path.stat().st_size}


_COLUMNS = [c for c in store.REPORT_COLUMNS if c not in ("content_sha256", "version", "first_seen_at", "changed_at")]


def _agencies(rng: random.Random, count: int) -> list[dict]:
    agencies = []
    for n in range(count):
        province, city, code = PROVINCES[n % len(PROVINCES)]
        county = f"第{n // len(DEPARTMENTS) + 1}县"
        site_no = n // 4  # a county portal carries a few departments' reports
        agencies.append({
            "id": n, "name": f"{county}{DEPARTMENTS[n % len(DEPARTMENTS)]}", "province": province, "city": city,
            "county": county, "code": f"{code}{n % 100:02d}{n % 97:02d}",
            "site": f"http://site{site_no}.example.gov.cn", "site_name": f"{county}人民政府",
            "skip": rng.choice((0.0, 0.0, 0.05, 0.2)),
        })
    return agencies


_bodies: dict[int, tuple[str, str, str]] = {}


def _body(variant: int, rng: random.Random) -> tuple[str, str, str]:
    """(text template, html template, stats lines) of a body variant: 2–6 KB of prose and tables."""
    if variant not in _bodies:
        paragraphs = [PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(rng.randint(8, 24))]
        table = "\n".join("\t".join([row, *(str(rng.randint(0, 40)) for _ in _STATS_COLUMNS)])
                          for row in _STATS_ROWS)
        text = "\n".join(paragraphs)
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        _bodies[variant] = (text, html, table)
    return _bodies[variant]


def _report(rng: random.Random, agency: dict, year: int) -> dict:
    variant = rng.randrange(VARIANTS)
    text, html, table = _body(variant, rng)
    numbers = {f"n{i}": rng.randint(0, 500) for i in range(1, 7)}
    body_text = text.format(year=year, agency=agency["name"], **numbers) + "\n" + table
    body_html = html.format(year=year, agency=agency["name"], **numbers)
    is_file = rng.random() < 1 / 12
    slug = f"{agency['code']}{agency['id']:06d}"
    url = f"{agency['site']}/xxgk/ndbg/{year}/{slug}" + (".pdf" if is_file else ".html")
    title = f"{agency['name']}{year}年政府信息公开工作年度报告"
    month = rng.choice((1, 1, 2, 3, 3, 4, 6))
    record = {
        "url": url, "site": agency["site"], "title": title, "body_text": body_text, "body_html": body_html,
        "body_source": url if is_file else "page", "published_at": f"{year + 1}-{month:02d}-{rng.randint(1, 28):02d}",
        "written_at": "", "year": year, "agency": agency["name"], "site_name": "" if is_file else agency["site_name"],
        "site_code": "", "column": "政府信息公开年报", "topic": "综合政务", "index_no": f"{slug}/{year}-00001",
        "doc_no": "", "region_province": agency["province"], "region_city": agency["city"],
        "region_county": agency["county"], "region_code": agency["code"], "kind": "政府信息公开工作年度报告",
        "kind_confidence": 0.95, "confidence": 0.95, "verdict": "title names the report", "list_title": title,
        "list_date": "", "attachments": [], "fetched_at": "2026-01-01T00:00:00+00:00",
        "raw": f"<html><body>{body_html}</body></html>".encode(),
        "title_terms": index_terms(title), "body_terms": index_terms(body_text),
    }
    record.update(_stats(rng, year))
    if is_file:
        record["attachment_rows"] = [{"report_url": url, "url": url, "name": title, "status": "ok", "message": "",
                                      "format": "pdf", "mime": "application/pdf", "size": len(body_text) * 3,
                                      "sha256": f"{rng.getrandbits(128):032x}", "text": "",
                                      "fetched_at": record["fetched_at"]}]
    return record


def _stats(rng: random.Random, year: int) -> dict:
    if year < 2019:
        return {"stats_template": "", "stats_identity_ok": None, "stats_summary": None, "stats_cells": []}
    ok = rng.random() > 0.05
    summary = {name: rng.randint(0, 300) for name in SUMMARY_COUNTS}
    summary["identity_ok"] = ok
    cells = [{"section": "三", "block": row, "row_label": row, "column_label": column, "value": rng.randint(0, 50),
              "raw": ""} for row in _STATS_ROWS * 2 for column in _STATS_COLUMNS]
    cells += [{"section": "二", "block": "第二十条第（一）项", "row_label": label, "column_label": "现行有效件数",
               "value": rng.randint(0, 99), "raw": ""} for label in ("规章", "行政规范性文件")] * 8
    return {"stats_template": "2021" if year >= 2021 else "2019", "stats_identity_ok": int(ok),
            "stats_summary": json.dumps(summary), "stats_checks": "[]", "stats_cells": cells}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    started = time.monotonic()
    figures = make_database(args.path, args.reports)
    print(f"{figures['reports']:,} reports ({figures['revised']:,} revised), {figures['cells']:,} statistics cells, "
          f"{figures['agencies']:,} agencies, {figures['bytes'] / 2**20:,.0f} MB in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
