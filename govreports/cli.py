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
import sys
import urllib.error
import urllib.request
from pathlib import Path

from govreports import database_cli, distributed_cli, sites_cli
from govreports.cli_output import fail, no_database, print_crawl_summary
from govreports.coverage import cli as coverage_cli
from govreports.demo import cli as demo_cli
from govreports.registry import RegistryError


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["demo-portal"]:  # the server parses its own options (--root, --host, --port, --json)
        return demo_cli.serve_portal(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except RegistryError as error:
        return fail(str(error), code=2)
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
    crawl.add_argument("--redis", type=distributed_cli.redis_url, metavar="REDIS_URL",
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
    reprocess.add_argument("--workers", type=int, default=None, help="worker processes (default: "
                                                                     "GOVREPORTS_REPROCESS_WORKERS, 2)")
    reprocess.set_defaults(handler=_cmd_reprocess)

    database_cli.add_commands(sub, default_db)

    coverage_cli.add_command(sub, default_db)

    demo_cli.add_commands(sub, default_db)
    return parser


def _cmd_crawl(args) -> int:
    from govreports.crawl import site_crawl
    from govreports.crawl.run import parse_setting
    from govreports.crawl.settings import GOVREPORTS_DB as default_db

    try:
        overrides = dict(parse_setting(text) for text in args.settings)
    except ValueError as error:
        return fail(str(error), code=2)
    registered = bool(args.all or args.site_names)
    if registered == bool(args.urls):
        return fail("give start URLs, or --all / --site NAME for registered sites (not both)", code=2)
    bad = [url for url in args.urls if not url.startswith(("http://", "https://"))]
    if bad:
        return fail(f"not an http(s) URL: {bad[0]}", code=2)
    if registered:
        args.db = args.db or overrides.get("GOVREPORTS_DB") or default_db  # the registry sits beside it
        sites = sites_cli.load_sites(args)
        sites = sites_cli.named_sites(sites, args.site_names) if args.site_names else sites
        if not sites:
            return fail(f"no sites registered in {sites_cli.sites_path(args)}: `govreports sites add` first", code=2)
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
            return fail(str(error), code=2)
    if args.redis:  # workers never open the database: `govreports ingest` stores what they hand over
        return distributed_cli.crawl(args.redis, sites, overrides, registered)
    from govreports.crawl.extensions.job_dir import JobDirInUse

    try:
        summary, rows = site_crawl.crawl(sites, db=args.db, overrides=overrides, registered=registered)
    except JobDirInUse as error:  # a crawl of the same sites still running (cron runs overlapping)
        return fail(str(error))
    print_crawl_summary(summary)
    for row in rows:
        if row["problem"]:
            print(f"govreports: site {row['site']}: {row['problem']}", file=sys.stderr)
    return site_crawl.exit_code(summary, rows)


def _cmd_reprocess(args) -> int:
    from govreports import reprocess
    from govreports.crawl import settings
    from govreports.crawl.revalidation import files_dir
    from govreports.crawl.run import project_settings

    if not Path(args.db).is_file():
        return no_database(args.db)
    origins, name = [], ""
    if args.site:
        registered = {site.name: site for site in sites_cli.load_sites(args)}
        if args.site in registered:
            origins, name = registered[args.site].origins, args.site
        elif args.site.startswith(("http://", "https://")):
            origins = [args.site.rstrip("/")]
        else:
            return fail(f"no site named {args.site!r} in {sites_cli.sites_path(args)} (or give its origin)", code=2)
    urls = reprocess.report_urls(args.db, origins, name)
    if not urls:
        return fail(f"no stored report{' of ' + args.site if args.site else ''} in {args.db}")
    workers = settings.GOVREPORTS_REPROCESS_WORKERS if args.workers is None else args.workers

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
            return fail(f"cannot fetch {source}: {error}")
    else:
        path = Path(source)
        if not path.is_file():
            return fail(f"no such file: {source}", code=2)
        body, url, content_type = path.read_bytes(), args.url or path.resolve().as_uri(), ""
    try:
        # A .txt file is text another tool extracted: it is cleaned line by line. Anything else must be HTML or
        # a report file, so a page saved under the wrong name fails loudly instead of being read as text.
        result = extract(body, url, content_type, plain_text=source.lower().endswith(".txt"))
    except InputError as error:
        return fail(f"{source}: {error}", code=2)
    file = result.get("file")
    if file is not None and file["status"] not in ("ok", "needs_ocr"):  # nothing could be read from it
        return fail(f"{source}: {file['status']}: {file['message']}", code=2)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _fetch(url: str) -> tuple[bytes, str, str]:
    from govreports.crawl import settings

    request = urllib.request.Request(url, headers={"User-Agent": settings.USER_AGENT})
    with urllib.request.urlopen(request, timeout=settings.DOWNLOAD_TIMEOUT) as response:
        return response.read(settings.DOWNLOAD_MAXSIZE), response.geturl(), response.headers.get("Content-Type", "")


if __name__ == "__main__":
    sys.exit(main())
