"""Benchmark of `govreports coverage` on a large database: time and peak memory.

    python bench/coverage.py [--db PATH] [--reports 100000] [--body-chars 1500]

Without --db it writes a database of --reports synthetic reports (``synthetic_database``: 200 sites of 50
agencies each over 2013–2024, about one year in seven skipped, one report in four published after its
deadline, 3% revised, statistics summaries from 2019; bodies of --body-chars characters so rows have a real
report's weight) and a 1% one beside it. With --db it times that database (bench/big_database.py's, a crawl's).

It runs the command as a user would (a subprocess: table rows to /dev/null, the chart to a file; then the
statistics changes) and prints wall time and peak RSS beside two references: the same command on the 1%
database (bounded memory: the peak should hardly move with 100× the rows) and a bare full scan of the
columns the view reads (the floor for any view of every report).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from govreports import store  # noqa: E402 - the checkout, not an installed copy

_TEXT = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息，依法办理政府信息公开申请。"
_DEPARTMENTS = ("教育局", "财政局", "公安局", "民政局", "司法局", "自然资源局", "生态环境局", "住房和城乡建设局",
                "交通运输局", "农业农村局", "水利局", "商务局", "文化和旅游局", "卫生健康委员会", "审计局",
                "市场监督管理局", "统计局", "医疗保障局", "应急管理局", "人力资源和社会保障局")
_KIND = "政府信息公开工作年度报告"
_COLUMNS = ("url", "site", "site_name", "title", "body_text", "body_html", "published_at", "year", "agency",
            "agency_raw", "agency_key", "version", "changed_at", "fetched_at", "first_seen_at", "content_sha256",
            "stats_summary", "kind")


def synthetic_database(path: Path, reports: int, body_chars: int = 1500, seed: int = 12) -> int:
    """Write ``reports`` synthetic reports into a new govreports database at path; returns how many."""
    rng = random.Random(seed)
    db = store.open_db(path)
    body = (_TEXT * (body_chars // len(_TEXT) + 1))[:body_chars]
    html = "".join(f"<p>{body[i:i + 100]}</p>" for i in range(0, len(body), 100))
    sql = f"INSERT INTO reports ({', '.join(f'[{c}]' for c in _COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
    rows, written = [], 0
    site_count = max(1, reports // 500)
    with db.conn:
        for site_no in range(site_count):
            county = f"第{site_no}县"
            site = f"https://www.county{site_no}.gov.cn"
            agencies = [f"{county}人民政府", *(f"{county}{d}" for d in _DEPARTMENTS),
                        *(f"{county}第{k}镇人民政府" for k in range(29))]
            for agency in agencies:
                for year in range(2013, 2025):
                    if rng.random() < 0.15 or written >= reports:
                        continue  # a year the agency skipped
                    government = agency.endswith("人民政府")
                    if rng.random() < 0.25:  # late: after 31 March (governments) or 31 January (departments)
                        month = rng.choice([4, 5]) if government else rng.choice([2, 3])
                    else:
                        month = rng.choice([1, 2, 3]) if government else 1
                    published = f"{year + 1}-{month:02d}-{rng.randint(1, 28):02d}"
                    summary = ({"requests_new": rng.randint(0, 300), "requests_processed": rng.randint(0, 300),
                                "granted": rng.randint(0, 100), "identity_ok": True} if year >= 2019 else None)
                    version = 2 if rng.random() < 0.03 else 1
                    url = f"{site}/ndbg/{year}/{written}.html"
                    changed = f"{year + 1}-06-01T00:00:00+00:00" if version > 1 else published
                    rows.append((url, site, f"{county}人民政府", f"{agency}{year}年政府信息公开工作年度报告", body,
                                 html, published, year, agency, agency, agency, version, changed, published, published,
                                 f"{written:064x}", json.dumps(summary) if summary else None, _KIND))
                    written += 1
                    if len(rows) >= 5000:
                        db.conn.executemany(sql, rows)
                        rows = []
        if rows:
            db.conn.executemany(sql, rows)
    db.conn.execute("ANALYZE")
    db.conn.close()
    return written


def _run(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one command (CPU time does not count waiting for a core
    on a shared machine)."""
    started = time.perf_counter()
    # a fresh interpreter per run, so that ru_maxrss (the largest child so far) is this command's own peak
    runner = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
              " u = resource.getrusage(resource.RUSAGE_CHILDREN); print(u.ru_utime + u.ru_stime, u.ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", runner, *args], check=True, capture_output=True, text=True, cwd=REPO)
    cpu, peak = out.stdout.split()
    return time.perf_counter() - started, float(cpu), int(peak) / 1024


def _scan(path: Path) -> float:
    started = time.perf_counter()
    with sqlite3.connect(path) as conn:
        conn.execute("SELECT COUNT(*), SUM(LENGTH(agency_key)), MAX(published_at), MAX(version), MAX(site_name) "
                     "FROM reports").fetchone()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database to time (default: generate one)")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--body-chars", type=int, default=1500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="govreports-coverage-") as tmp:
        small = Path(tmp) / "small.db"
        synthetic_database(small, max(1, args.reports // 100), args.body_chars)
        big = args.db
        if big is None:
            big = Path(tmp) / "big.db"
            started = time.perf_counter()
            count = synthetic_database(big, args.reports, args.body_chars)
            print(f"generated {count:,} reports in {time.perf_counter() - started:.1f} s "
                  f"({big.stat().st_size / 1e6:,.0f} MB)")
        with sqlite3.connect(big) as conn:
            count = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        with sqlite3.connect(small) as conn:
            small_count = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        command = [sys.executable, "-m", "govreports.cli", "coverage", "--out", "/dev/null", "--format", "csv"]
        chart = Path(tmp) / "chart.svg"
        runs = [
            (f"coverage, {count:,} reports", [*command, "--db", str(big), "--chart", str(chart)]),
            (f"coverage --changes, {count:,} reports", [*command, "--changes", "--db", str(big)]),
            (f"coverage, {small_count:,} reports (reference)", [*command, "--db", str(small)]),
        ]
        print(f"\n{'run':<44}{'seconds':>9}{'CPU s':>8}{'peak RSS':>11}")
        for name, run in runs:
            seconds, cpu, peak = _run(run)
            print(f"{name:<44}{seconds:>9.1f}{cpu:>8.1f}{peak:>8.0f} MB")
        print(f"{'full scan of the columns read (floor)':<44}{_scan(big):>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
