"""The ``govreports`` command: crawl, extract, search, and the offline demo portal.

This is a contract other tools rely on: options, output formats and exit codes change only on purpose.
Exit codes: 0 success, 1 the work ran but failed (nothing crawled, nothing found), 2 bad input (a bad URL,
setting or site registry), 130 interrupted. For cron, `crawl` (a URL or `--all`) exits 1 when any site found
no report at all (new or known), when every fetch of a site failed, or when nothing was fetched; each site's
figures and the reason are in the `crawl_sites` table and `status`, which exits 1 while a site's last crawl
had such a problem.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path

from govreports import distributed_cli, sites_cli
from govreports.registry import RegistryError


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["demo-portal"]:  # the server parses its own options (--root, --host, --port, --json)
        from govreports.demo import server

        return server.main(argv[1:]) or 0
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except RegistryError as error:
        return _fail(str(error), code=2)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and the like
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    from govreports.crawl.settings import GOVREPORTS_DB as default_db  # the crawl's default is every command's

    parser = argparse.ArgumentParser(prog="govreports", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    crawl = sub.add_parser("crawl", help="crawl portals' annual reports into the database")
    crawl.add_argument("urls", nargs="*", metavar="URL", help="portal start URL(s): home page or report column")
    crawl.add_argument("--all", action="store_true", help="crawl every site of the registry, all at once")
    crawl.add_argument("--site", dest="site_names", action="append", default=[], metavar="NAME",
                       help="crawl this registered site (repeatable)")
    crawl.add_argument("--sites", metavar="PATH",
                       help="site registry (default: $GOVREPORTS_SITES, or sites.toml beside the database)")
    crawl.add_argument("--db", default=None, help=f"SQLite database (default {default_db})")
    crawl.add_argument("-s", "--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                       help="set a Scrapy setting, as `scrapy crawl -s` does (repeatable)")
    crawl.add_argument("--browser", action="store_true",
                       help="render these sites' list pages in headless Chromium (lists built by unknown scripts)")
    crawl.add_argument("--redis", metavar="REDIS_URL",
                       help="a distributed crawl: seed this Redis's shared queue and work as one of its workers")
    crawl.set_defaults(handler=_cmd_crawl)

    extract = sub.add_parser("extract", help="extract one saved page, report file, text file or URL as JSON")
    extract.add_argument("source", help="a saved page, a report file (PDF, DOC(X), WPS, XLS(X), OFD, ZIP), "
                                        "a .txt file of extracted text, or an http(s) URL")
    extract.add_argument("--url", default="", help="the original URL of a saved page")
    extract.set_defaults(handler=_cmd_extract)

    sites_cli.add_commands(sub, default_db)
    distributed_cli.add_commands(sub, default_db)

    reprocess = sub.add_parser("reprocess", help="extract and classify the stored raw pages again, offline")
    reprocess.add_argument("--site", metavar="NAME", help="only this site: a registered name or an origin "
                                                          "(scheme://host[:port])")
    reprocess.add_argument("--db", default=default_db)
    reprocess.add_argument("--sites", metavar="PATH", help="site registry (default: beside the database)")
    reprocess.add_argument("--workers", type=int, default=None, help="worker processes (default: the crawl's "
                                                                     "GOVREPORTS_EXTRACT_WORKERS)")
    reprocess.set_defaults(handler=_cmd_reprocess)

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

    from govreports.coverage.cli import add_command as add_coverage  # imported here: it imports this module

    add_coverage(sub, default_db)

    # Listed for --help; `main` hands its arguments to the server's own parser.
    sub.add_parser("demo-portal", help="serve the bundled demo portal on 127.0.0.1 (--port, --root, --json)")

    demo = sub.add_parser("demo-run", help="serve the demo portal, crawl it offline, print what was found")
    demo.add_argument("--db", default=default_db)
    demo.set_defaults(handler=_cmd_demo_run)
    return parser


def _cmd_crawl(args) -> int:
    from govreports.crawl import site_crawl
    from govreports.crawl.run import parse_setting
    from govreports.crawl.settings import GOVREPORTS_DB as default_db

    try:
        overrides = dict(parse_setting(text) for text in args.settings)
    except ValueError as error:
        return _fail(str(error), code=2)
    registered = bool(args.all or args.site_names)
    if registered == bool(args.urls):
        return _fail("give start URLs, or --all / --site NAME for registered sites (not both)", code=2)
    bad = [url for url in args.urls if not url.startswith(("http://", "https://"))]
    if bad:
        return _fail(f"not an http(s) URL: {bad[0]}", code=2)
    if registered:
        args.db = args.db or overrides.get("GOVREPORTS_DB") or default_db  # the registry sits beside it
        sites = sites_cli.load_sites(args)
        sites = sites_cli.named_sites(sites, args.site_names) if args.site_names else sites
        if not sites:
            return _fail(f"no sites registered in {sites_cli.sites_path(args)}: `govreports sites add` first", code=2)
    else:
        sites = site_crawl.on_demand_sites(args.urls)
    if args.browser:  # every site of this crawl; registered sites may also ask for it one by one (browser = true)
        overrides["GOVREPORTS_BROWSER_SITES"] = [url for site in sites for url in site.start_urls]
    if args.browser or any(site.browser for site in sites):
        from govreports.crawl import browser
        from govreports.crawl.run import project_settings

        try:
            browser.find_chromium(project_settings(overrides=overrides))
        except browser.BrowserUnavailable as error:
            return _fail(str(error), code=2)
    if args.redis:  # workers never open the database: `govreports ingest` stores what they hand over
        return distributed_cli.crawl(args.redis, sites, overrides, registered)
    from govreports.crawl.extensions.job_dir import JobDirInUse

    try:
        summary, rows = site_crawl.crawl(sites, db=args.db, overrides=overrides, registered=registered)
    except JobDirInUse as error:  # a crawl of the same sites still running (cron runs overlapping)
        return _fail(str(error))
    _print_summary(summary)
    for row in rows:
        if row["problem"]:
            print(f"govreports: site {row['site']}: {row['problem']}", file=sys.stderr)
    return site_crawl.exit_code(summary, rows)


def _print_summary(summary: dict) -> None:
    per_report = summary.get("pages_per_report")
    print(
        "crawl finished ({reason}): {pages_fetched} pages fetched ({per_report} per report stored), "
        "{pages_not_modified} of them not modified, {reports_new} reports new, "
        "{reports_updated} changed, {reports_unchanged} unchanged, {reports_gone} gone "
        "({reports_flagged} of them look hijacked), "
        "{decoys_skipped} decoys skipped, "
        "{robots_forbidden} forbidden by robots.txt, {blocked} blocked, {errors} errors; attachments: "
        "{attachments_read} read, {attachments_unread} not read, {reports_from_files} reports whose text is a file; "
        "statistics tables: {reports_with_stats} reports, {stats_identity_broken} with broken identities, "
        "{stats_with_problems} with unparsed parts -> {db}".format(
            **summary, per_report="-" if per_report is None else per_report)
    )


def _cmd_reprocess(args) -> int:
    from govreports import reprocess
    from govreports.crawl import settings
    from govreports.crawl.revalidation import files_dir
    from govreports.crawl.run import project_settings

    if not Path(args.db).is_file():
        return _fail(f"no database at {args.db}: run `govreports crawl` first", code=2)
    origins, name = [], ""
    if args.site:
        registered = {site.name: site for site in sites_cli.load_sites(args)}
        if args.site in registered:
            origins, name = registered[args.site].origins, args.site
        elif args.site.startswith(("http://", "https://")):
            origins = [args.site.rstrip("/")]
        else:
            return _fail(f"no site named {args.site!r} in {sites_cli.sites_path(args)} (or give its origin)", code=2)
    urls = reprocess.report_urls(args.db, origins, name)
    if not urls:
        return _fail(f"no stored report{' of ' + args.site if args.site else ''} in {args.db}")
    workers = settings.GOVREPORTS_EXTRACT_WORKERS if args.workers is None else args.workers

    def progress(figures, total):
        print(f"progress: {figures.pages}/{total} pages, {figures.changed} changed, {figures.unchanged} unchanged, "
              f"{len(figures.errors)} errors", file=sys.stderr)

    figures = reprocess.run(args.db, files_dir(project_settings(args.db)), urls, max(0, workers), progress)
    for error in figures.errors[:20]:
        print(f"govreports: {error}", file=sys.stderr)
    print(f"reprocess finished: {figures.line()} -> {args.db}")
    return 1 if figures.errors else 0


def _cmd_extract(args) -> int:
    from govreports.extract import extract
    from govreports.extract.errors import InputError

    source = args.source
    if source.startswith(("http://", "https://")):
        try:
            body, url, content_type = _fetch(source)
        except (urllib.error.URLError, OSError, ValueError) as error:
            return _fail(f"cannot fetch {source}: {error}")
    else:
        path = Path(source)
        if not path.is_file():
            return _fail(f"no such file: {source}", code=2)
        body, url, content_type = path.read_bytes(), args.url or path.resolve().as_uri(), ""
    try:
        # A .txt file is text another tool extracted: it is cleaned line by line. Anything else must be HTML or
        # a report file, so a page saved under the wrong name fails loudly instead of being read as text.
        result = extract(body, url, content_type, plain_text=source.lower().endswith(".txt"))
    except InputError as error:
        return _fail(f"{source}: {error}", code=2)
    file = result.get("file")
    if file is not None and file["status"] not in ("ok", "needs_ocr"):  # nothing could be read from it
        return _fail(f"{source}: {file['status']}: {file['message']}", code=2)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _fetch(url: str) -> tuple[bytes, str, str]:
    from govreports.crawl import settings

    request = urllib.request.Request(url, headers={"User-Agent": settings.USER_AGENT})
    with urllib.request.urlopen(request, timeout=settings.DOWNLOAD_TIMEOUT) as response:
        return response.read(settings.DOWNLOAD_MAXSIZE), response.geturl(), response.headers.get("Content-Type", "")


def _cmd_export(args) -> int:
    from govreports import store
    from govreports.store import export

    if not Path(args.db).is_file():
        return _fail(f"no database at {args.db}: run `govreports crawl` first", code=2)
    if args.format == "parquet" and not args.out:
        return _fail("--format parquet needs --out PATH (Parquet is binary)", code=2)
    db = store.open_db(args.db)
    if args.what == "reports":
        try:
            only = export.ReportFilter(site=args.site, year=args.year, since=args.since, flagged=args.flagged)
        except ValueError as error:
            return _fail(str(error), code=2)
        rows, kind, what = export.report_rows(db, only), export.REPORTS, "reports"
    elif args.site or args.year is not None or args.since:
        return _fail("--site, --year and --since filter `export reports` only", code=2)
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
        return _fail(f"no database at {args.db}: run `govreports crawl` first", code=2)
    added = serve.prepare(args.db)
    if added:
        print(f"govreports: declared foreign keys of {', '.join(fk[0] for fk in added)} (once)", file=sys.stderr)
    serve.serve(args.db, args.host, args.port)
    return 0


def _cmd_search(args) -> int:
    from govreports import store

    if not Path(args.db).is_file():
        return _fail(f"no database at {args.db}: run `govreports crawl` first", code=2)
    db = store.open_db(args.db)
    try:
        rows = store.search(db, args.words, limit=args.limit, flagged=args.flagged)
    except ValueError as error:
        return _fail(str(error), code=2)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['year'] or '----'}  {row['title']}  [{row['agency']}]")
            print(f"      {row['url']}\n      {row['snippet']}")
    if not args.json:
        print(f"{len(rows)} report(s) match {' '.join(args.words)}")
    return 0 if rows else 1


def _cmd_demo_run(args) -> int:
    from govreports import store
    from govreports.crawl.run import crawl
    from govreports.demo.server import start_portal

    root = _demo_root()
    portal = start_portal(root)
    # The demo portal is local: no politeness delays needed, and the crawl takes seconds.
    overrides = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "GOVREPORTS_OBEY_CRAWL_DELAY": False,
                 "GOVREPORTS_PROGRESS_INTERVAL": 2, "STATS_DUMP": False}
    try:
        for name, url in sorted(portal.start_urls.items()):
            print(f"demo portal {name}: {url}")
        expected = _demo_expected(root)
        rendered = _demo_browser_sites(expected, portal.start_urls)
        if rendered:
            overrides["GOVREPORTS_BROWSER_SITES"] = rendered
        summary = crawl(_demo_portals(expected, portal.start_urls), db=args.db, overrides=overrides)
    finally:
        portal.stop()
    _print_summary(summary)
    db = store.open_db(args.db)
    rows = store.site_summary(db)
    print(f"\n{_pad('site', 28)}{'reports':>8}  years")
    for row in rows:
        years = f"{row['first_year']}–{row['last_year']} ({row['years']} years)" if row["first_year"] else "?"
        print(f"{_pad(row['site_name'], 28)}{row['reports']:>8}  {years}  {row['site']}")
    return 0 if rows else 1


def _demo_expected(root: Path) -> dict:
    expected_file = root / "expected.json"
    return json.loads(expected_file.read_text("utf-8")) if expected_file.is_file() else {}


def _demo_portals(expected: dict, start_urls: dict[str, str]) -> list[str]:
    """The demo sites to start at: those that publish reports (a search host that only answers a portal's list
    API is no portal of its own)."""
    return [url for name, url in start_urls.items() if not expected or (expected.get(name) or {}).get("reports")]


def _demo_browser_sites(expected: dict, start_urls: dict[str, str]) -> list[str]:
    """The demo sites whose lists need a browser (their ground truth says so), if Chromium is here to render them."""
    from govreports.crawl import browser
    from govreports.crawl.run import project_settings

    wanted = [start_urls[name] for name, site in expected.items()
              if isinstance(site, dict) and site.get("needs_browser") and name in start_urls]
    if not wanted:
        return []
    try:
        browser.find_chromium(project_settings())
    except browser.BrowserUnavailable as error:
        print(f"note: {error}; the lists of {', '.join(wanted)} will not be read", file=sys.stderr)
        return []
    return wanted


def _pad(text: str, width: int) -> str:
    """Left-align for a terminal, where a Chinese character takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - columns)


def _demo_root() -> Path:
    from govreports.demo import portal_root

    return Path(os.environ.get("GOVREPORTS_DEMO_ROOT") or portal_root())


def _fail(message: str, code: int = 1) -> int:
    print(f"govreports: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
