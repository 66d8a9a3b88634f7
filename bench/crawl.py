"""Crawl benchmark: govreports' whole pipeline against a bare Scrapy spider, on the same large portal.

    python bench/crawl.py [--scale N] [--keep DIR]

Generates the demo portal at a scale of >= 5,000 report pages, serves it on 127.0.0.1 (in its own
process), then crawls it twice in this invocation — the bare spider (bench/bare_spider.py: same walk,
stores nothing) and ``govreports crawl`` (extraction, classification, SQLite, full-text index) — with
the same concurrency and no delays. Prints pages/s of both, their ratio, and each run's peak RSS
(the crawl process plus its extraction workers). A third run with GOVREPORTS_ATTACHMENTS=False shows
what reading the attachments (PDF tables above all) costs: the bare spider downloads them too, but
reading them is work it does not do. A fourth with GOVREPORTS_EXTRACT_WORKERS=2 shows what a second
extraction worker buys an unthrottled crawl (time) and costs (memory).

Then the same portal is crawled a second time into the same database, unchanged: every known page is asked for
with its validators and answered 304 (issue 11). Requests, 200s and 304s (from the crawl log), bytes received
and seconds of both crawls are printed side by side.

The ratio is measured on the three static families (TRS, Hanweb, the old table layout), whose walk the bare
spider knows: there the list readers of the API families only look at each list page and find nothing, which
is what they must cost. A last run crawls every site of the portal (the API families, the county site with
year sub-columns and a department sub-site) and prints the reports it stored against the ground truth and
the pages it fetched per report stored.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.demo_portal.generator import generate  # noqa: E402

STATIC_FAMILIES = ("trs", "hanweb", "oldtable")  # the walk bench/bare_spider.py knows
SAME_PACE = ["CONCURRENT_REQUESTS=16", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "AUTOTHROTTLE_ENABLED=False",
             "DOWNLOAD_DELAY=0", "GOVREPORTS_OBEY_CRAWL_DELAY=False", "LOG_LEVEL=WARNING",
             "GOVREPORTS_PROGRESS_INTERVAL=0"]


def run_measured(command: list[str], allowed_codes: tuple[int, ...] = (0,)
                 ) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run a command; return its result, wall seconds and the peak RSS (MB) of its process tree."""
    started = time.monotonic()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    if process.returncode not in allowed_codes:
        raise SystemExit(f"{' '.join(command[:4])} … failed:\n{stderr[-3000:]}")
    return result, time.monotonic() - started, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=60, help="demo portal scale (60 gives >= 5,000 reports)")
    parser.add_argument("--keep", type=Path, help="keep the generated portal and database here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="govreports-bench-"))
    portal_dir = work / "portal"
    if not portal_dir.exists():
        manifest = generate(portal_dir, scale=args.scale)
    else:
        manifest = json.loads((portal_dir / "expected.json").read_text(encoding="utf-8"))
    reports = sum(len(manifest[name]["reports"]) for name in STATIC_FAMILIES)
    print(f"portal: {reports} report pages over the {len(STATIC_FAMILIES)} static sites, {len(manifest)} sites in all "
          f"(scale {args.scale}) in {portal_dir}")

    server = subprocess.Popen([sys.executable, "-m", "govreports.demo.server", "--json", "--root", str(portal_dir)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        sites = json.loads(server.stdout.readline())["sites"]
        start_urls = [sites[name] for name in STATIC_FAMILIES]
        every_portal = [url for name, url in sites.items() if manifest[name]["reports"]]
        bare, bare_wall, bare_rss = run_measured([sys.executable, "bench/bare_spider.py", *start_urls])
        bare_figures = json.loads(bare.stdout.strip().splitlines()[-1])
        db = work / "bench.db"
        _remove_db(db)
        settings = [arg for setting in SAME_PACE for arg in ("-s", setting)]
        runs = {}
        recrawl = {}
        for label, extra in (("govreports crawl", []), ("  without attachments", ["GOVREPORTS_ATTACHMENTS=False"]),
                             ("  two extraction workers", ["GOVREPORTS_EXTRACT_WORKERS=2"])):
            _remove_db(db)
            extra_args = [arg for setting in extra for arg in ("-s", setting)]
            command = [sys.executable, "-m", "govreports.cli", "crawl", *start_urls, "--db", str(db), *settings,
                       *extra_args]
            runs[label] = run_measured(command)
            if not recrawl:  # the same portal again, unchanged, into the same database
                recrawl["first crawl"] = (runs[label][1], _crawl_figures(db, 1))
                second = run_measured(command)
                recrawl["second crawl, unchanged"] = (second[1], _crawl_figures(db, 2))
        # every site; the one whose list a script builds without a browser (the bench measures the default crawl)
        _remove_db(db)
        everything = run_measured([sys.executable, "-m", "govreports.cli", "crawl", *every_portal, "--db", str(db),
                                   *settings], allowed_codes=(0, 1))
    finally:
        server.terminate()
        server.wait()
    bare_rate = bare_figures["pages"] / bare_wall
    print(f"\n{'run':<26}{'pages':>8}{'seconds':>10}{'pages/s':>10}{'peak RSS MB':>14}{'ratio':>8}"
          f"{'pages/report':>14}")
    print(f"{'bare Scrapy spider':<26}{bare_figures['pages']:>8}{bare_wall:>10.1f}{bare_rate:>10.1f}{bare_rss:>14.0f}")
    for label, (ours, ours_wall, ours_rss) in runs.items():
        summary_line = ours.stdout.strip().splitlines()[-1]
        pages = int(summary_line.split(" pages fetched")[0].rsplit(" ", 1)[-1])
        rate = pages / ours_wall
        per_report = re.search(r"\(([\d.]+|-) per report stored\)", summary_line)
        print(f"{label:<26}{pages:>8}{ours_wall:>10.1f}{rate:>10.1f}{ours_rss:>14.0f}{rate / bare_rate:>8.2f}"
              f"{per_report.group(1) if per_report else '?':>14}")
    print("\n(targets: ratio >= 0.70, peak RSS <= 300 MB)")
    for label, (ours, _, _) in runs.items():
        print(f"{label.strip()}: {ours.stdout.strip().splitlines()[-1]}")

    print(f"\n{'re-crawl (static sites)':<26}{'requests':>10}{'200':>8}{'304':>8}{'MB received':>13}{'seconds':>9}"
          f"{'reports unchanged':>19}")
    for label, (wall, figures) in recrawl.items():
        print(f"{label:<26}{figures['requests']:>10}{figures['200']:>8}{figures['304']:>8}"
              f"{figures['bytes'] / 2**20:>13.1f}{wall:>9.1f}{figures['unchanged']:>19}")

    ours, wall, rss = everything
    summary_line = ours.stdout.strip().splitlines()[-1]
    stored = sum(int(n) for n in re.findall(r"(\d+) reports new", summary_line))
    expected = sum(len(manifest[name]["reports"]) for name in sites if manifest[name]["reports"])
    print(f"\nevery site ({len(every_portal)} portals, no browser): {stored} of {expected} reports stored in "
          f"{wall:.1f} s, peak RSS {rss:.0f} MB\n{summary_line}")


def _remove_db(db: Path) -> None:
    """The database and its WAL files: a new database beside a stale -shm file cannot be opened."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


def _crawl_figures(db: Path, crawl_id: int) -> dict:
    """Requests, bytes received, 200s and 304s (the crawl log's statuses) and reports unchanged of one crawl."""
    with sqlite3.connect(db) as conn:
        summary = json.loads(conn.execute("SELECT summary FROM crawls WHERE id = ?", [crawl_id]).fetchone()[0])
        statuses = dict(conn.execute("SELECT status, COUNT(*) FROM crawl_log WHERE crawl_id = ? GROUP BY status",
                                     [crawl_id]).fetchall())
    return {"requests": summary.get("requests", 0), "bytes": summary.get("bytes_received", 0),
            "200": statuses.get(200, 0), "304": statuses.get(304, 0), "unchanged": summary.get("reports_unchanged", 0)}


if __name__ == "__main__":
    main()
