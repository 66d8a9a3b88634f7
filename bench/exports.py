"""Exports and Datasette on a large database: time and peak memory of each.

    python bench/exports.py [--reports 100000] [--db PATH] [--keep DIR]

Generates a database of N reports (bench/big_database.py) unless --db names one, then runs
``govreports export reports`` in each format, ``export reports --year 2021``, and ``export stats``, each as its own
process, printing wall seconds, rows per second, the file's size and the process's peak RSS. Last it starts
``govreports serve`` on the database and times the pages a reader opens first: the reports table with its facets,
searches for a rare and a common word, and a JSON page of search results.
"""

from __future__ import annotations

import argparse
import json
import select
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_database import make_database
from crawl import ROOT, run_measured

EXPORTS = [
    ("reports", "csv", []), ("reports", "jsonl", []), ("reports", "parquet", []),
    ("reports", "parquet", ["--year", "2021"]), ("stats", "csv", []), ("stats", "parquet", []),
]
PAGES = [
    ("reports table, 4 facets", "reports"),
    ("search 行政复议 (every report)", "reports?_search=" + urllib.parse.quote("行政复议")),
    ("search 第7县教育局 (one agency)", "reports?_search=" + urllib.parse.quote("第7县教育局")),
    ("search 政府信息公开, 100 rows JSON", "reports.json?_search=" + urllib.parse.quote("政府信息公开") + "&_size=100"),
    ("a report's row page", None),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--db", help="an existing database to measure (default: generate one)")
    parser.add_argument("--keep", help="directory for the database and the exports (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govreports-bench-") as scratch:
        work = Path(args.keep or scratch)
        work.mkdir(parents=True, exist_ok=True)
        db = Path(args.db) if args.db else work / "big.db"
        if not args.db:
            started = time.monotonic()
            figures = make_database(db, args.reports)
            print(f"generated {figures['reports']:,} reports, {figures['cells']:,} cells, "
                  f"{figures['bytes'] / 2**20:,.0f} MB in {time.monotonic() - started:.0f} s")
        print("\n| export | rows | seconds | rows/s | file MB | peak RSS MB |\n|---|---|---|---|---|---|")
        for what, fmt, extra in EXPORTS:
            out = work / f"{what}{'-'.join(['', *extra])}.{fmt}"
            result, seconds, peak = run_measured([sys.executable, "-m", "govreports.cli", "export", what, "--format",
                                                 fmt, "--out", str(out), "--db", str(db), *extra])
            rows = int(result.stderr.split("exported ", 1)[1].split()[0])
            print(f"| {what} {fmt} {' '.join(extra)} | {rows:,} | {seconds:.1f} | {rows / seconds:,.0f} | "
                  f"{out.stat().st_size / 2**20:,.0f} | {peak:.0f} |")
            out.unlink()
        pages(db)


def pages(db: Path) -> None:
    process = psutil.Popen([sys.executable, "-m", "govreports.cli", "serve", "--db", str(db), "--port", "0"],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 3600)  # a first serve may declare foreign keys
        line = process.stdout.readline() if ready else ""
        base = line.split(" at ", 1)[1].strip() + db.stem + "/"
        row = urllib.parse.quote(_first_url_path(base))
        print("\n| Datasette page | seconds | KB |\n|---|---|---|")
        for name, path in PAGES:
            started = time.monotonic()
            with urllib.request.urlopen(base + (path or f"reports/{row}"), timeout=600) as response:
                size = len(response.read())
            print(f"| {name} | {time.monotonic() - started:.2f} | {size / 1024:,.0f} |")
        print(f"\nserve peak RSS after these pages: {process.memory_info().rss / 2**20:.0f} MB")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _first_url_path(base: str) -> str:
    with urllib.request.urlopen(base + "reports.json?_shape=array&_size=1&_col=title", timeout=600) as response:
        url = json.loads(response.read())[0]["url"]
    # Datasette's tilde encoding of a primary key in a row URL
    return "".join(c if c.isalnum() or c in "_-" else "".join(f"~{b:02X}" for b in c.encode()) for c in url)


if __name__ == "__main__":
    main()
