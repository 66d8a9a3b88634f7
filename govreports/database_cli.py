"""The commands of ``govreports`` that read what the crawls stored: ``search``, ``export`` and ``serve``.

``govreports.cli`` owns the command line; these are its handlers for the database (``govreports.store``,
``govreports.serve``). ``coverage`` reads it too, and lives with its work in ``govreports.coverage``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from govreports.cli_output import fail, no_database


def add_commands(sub, default_db: str) -> None:
    search = sub.add_parser("search", help="full-text search of stored reports")
    search.add_argument("words", nargs="+", help="words that must all occur (Chinese words of 2+ characters)")
    search.add_argument("--db", default=default_db)
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    search.add_argument("--flagged", action="store_true", help="include reports that look hijacked (spam)")
    search.set_defaults(handler=_cmd_search)

    export = sub.add_parser("export", help="export stored data for analysis")
    export.add_argument("what", choices=["reports", "stats"],
                        help="reports: one row per report with its text, metadata and statistics summary; "
                             "stats: every statistics-table cell, one row each")
    export.add_argument("--format", choices=["csv", "jsonl", "parquet"], default="csv")
    export.add_argument("--out", help="file to write (default: standard output; required for parquet)")
    export.add_argument("--db", default=default_db)
    export.add_argument("--flagged", action="store_true", help="include reports that look hijacked (spam)")
    export.add_argument("--site", default="", metavar="NAME",
                        help="reports: only this site (registry name, site name or origin)")
    export.add_argument("--year", type=int, metavar="Y", help="reports: only reports covering this year")
    export.add_argument("--since", default="", metavar="DATE",
                        help="reports: only reports new or changed since this date (YYYY-MM-DD)")
    export.set_defaults(handler=_cmd_export)

    from govreports.serve import DEFAULT_HOST, DEFAULT_PORT

    serve = sub.add_parser("serve", help="browse and search the database in Datasette (on 127.0.0.1)")
    serve.add_argument("--db", default=default_db)
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: a free one)")
    serve.set_defaults(handler=_cmd_serve)


def _cmd_export(args) -> int:
    from govreports import store
    from govreports.store import export

    if not Path(args.db).is_file():
        return no_database(args.db)
    if args.format == "parquet" and not args.out:
        return fail("--format parquet needs --out PATH (Parquet is binary)", code=2)
    db = store.open_db(args.db)
    if args.what == "reports":
        try:
            only = export.ReportFilter(site=args.site, year=args.year, since=args.since, flagged=args.flagged)
        except ValueError as error:
            return fail(str(error), code=2)
        rows, kind, what = export.report_rows(db, only), export.REPORTS, "reports"
    elif args.site or args.year is not None or args.since:
        return fail("--site, --year and --since filter `export reports` only", code=2)
    else:
        rows, kind, what = export.stats_rows(db, flagged=args.flagged), export.STATS, "statistics cells"
    if args.format == "parquet":
        count = export.write_parquet(rows, args.out, kind)
    elif args.format == "csv":
        count = _write_text(args.out, lambda out: export.write_csv(rows, out, kind))
    else:
        count = _write_text(args.out, lambda out: export.write_jsonl(rows, out))
    print(f"exported {count} {what} ({args.format})" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def _write_text(path: str | None, write) -> int:
    if not path:
        return write(sys.stdout)
    with open(path, "w", encoding="utf-8", newline="") as out:
        return write(out)


def _cmd_serve(args) -> int:
    from govreports import serve

    if not Path(args.db).is_file():
        return no_database(args.db)
    added = serve.prepare(args.db)
    if added:
        print(f"govreports: declared foreign keys of {', '.join(fk[0] for fk in added)} (once)", file=sys.stderr)
    serve.serve(args.db, args.host, args.port)
    return 0


def _cmd_search(args) -> int:
    from govreports import store

    if not Path(args.db).is_file():
        return no_database(args.db)
    db = store.open_db(args.db)
    try:
        rows = store.search(db, args.words, limit=args.limit, flagged=args.flagged)
    except ValueError as error:
        return fail(str(error), code=2)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['year'] or '----'}  {row['title']}  [{row['agency']}]")
            print(f"      {row['url']}\n      {row['snippet']}")
    if not args.json:
        print(f"{len(rows)} report(s) match {' '.join(args.words)}")
    return 0 if rows else 1
