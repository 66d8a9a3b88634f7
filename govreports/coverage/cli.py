"""`govreports coverage`: the compliance view on the command line (the work is in ``govreports.coverage``).

Rows are written as SQLite yields them (table, CSV, or a JSON array written element by element), so the
command's memory does not grow with the database; the chart counts them as they pass.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import IO

from govreports.cli_output import no_database, pad
from govreports.coverage import (
    CHANGE_FIELDS,
    COVERAGE_FIELDS,
    Tally,
    coverage_rows,
    statistics_changes,
    svg_chart,
    tallied,
)

_TABLE_COLUMNS = (("agency", 34), ("year", 6), ("status", 9), ("published_at", 12), ("deadline", 12),
                  ("days_late", 6), ("revised", 8), ("site_name", 20))
_CHANGE_COLUMNS = (("agency", 34), ("metric", 28), ("previous_year", 6), ("year", 6), ("previous", 9), ("value", 9),
                   ("change", 8))


def add_command(sub, default_db: str) -> None:
    coverage = sub.add_parser(
        "coverage", help="who published each year's report, on time or late, who is missing, what changed")
    coverage.add_argument("--site", help="one site: its registry name, origin (https://host) or site name")
    coverage.add_argument("--year", type=int, help="one report year")
    coverage.add_argument("--format", choices=["table", "csv", "json"], default="table")
    coverage.add_argument("--changes", action="store_true",
                          help="the statistics' changes from one report to the next, largest first, instead")
    coverage.add_argument("--limit", type=int, default=50, help="changes to list (default 50)")
    coverage.add_argument("--chart", metavar="PATH", help="also write the chart (SVG) there")
    coverage.add_argument("--as-of", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                          help="the day deadlines are judged on (default today): missing only once past")
    coverage.add_argument("--out", help="file to write (default: standard output)")
    coverage.add_argument("--db", default=default_db)
    coverage.set_defaults(handler=run)


def run(args) -> int:
    from govreports import store

    if not Path(args.db).is_file():
        return no_database(args.db)
    db = store.open_db(args.db)
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout  # noqa: SIM115
    try:
        if args.changes:
            rows = statistics_changes(db, site=args.site, year=args.year, limit=args.limit)
            count = _write(rows, out, args.format, CHANGE_FIELDS, _CHANGE_COLUMNS)
        else:
            tally = Tally()
            rows = tallied(coverage_rows(db, site=args.site, year=args.year, today=args.as_of), tally)
            count = _write(rows, out, args.format, COVERAGE_FIELDS, _TABLE_COLUMNS)
            if args.format == "table":
                _print_totals(tally, out)
            if args.chart:
                Path(args.chart).write_text(svg_chart(tally), "utf-8")
    finally:
        if args.out:
            out.close()
    what = "changes" if args.changes else "agency-years"
    print(f"{count} {what}" + (f"; chart written to {args.chart}" if args.chart and not args.changes else ""),
          file=sys.stderr)
    return 0


def _write(rows, out: IO[str], form: str, fields: tuple[str, ...], columns: tuple[tuple[str, int], ...]) -> int:
    count = 0
    if form == "csv":
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the loop's result
            writer.writerow(row)
    elif form == "json":
        out.write("[")
        for count, row in enumerate(rows, start=1):
            out.write(("," if count > 1 else "") + "\n" + json.dumps(row, ensure_ascii=False))
        out.write("\n]\n")
    else:
        out.write("".join(pad(name, width) for name, width in columns).rstrip() + "\n")
        for count, row in enumerate(rows, start=1):  # noqa: B007
            out.write("".join(pad(_cell(row[name], name), width) for name, width in columns).rstrip() + "\n")
    return count


def _print_totals(tally: Tally, out: IO[str]) -> None:
    totals = {kind: sum(year[kind] for year in tally.by_year.values()) for kind in ("on_time", "late", "no_date",
                                                                                     "missing")}
    out.write(f"\n{totals['on_time']} on time, {totals['late']} late, {totals['no_date']} without a date, "
              f"{totals['missing']} missing\n")


def _cell(value, name: str) -> str:
    if name == "published_at":
        return value[:10]  # the day counts; the time stays in CSV and JSON
    if value is None or value is False:
        return ""
    return "yes" if value is True else str(value)
