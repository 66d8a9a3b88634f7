"""The registry and monitoring commands of ``govreports``: ``sites add|list|show|remove`` and ``status``.

``govreports.cli`` owns the command line; these are its handlers for the site registry (``govreports.registry``)
and for what the crawls of those sites left in the database (``govreports.store.crawl_sites``).
"""

from __future__ import annotations

import json
from pathlib import Path

from govreports import registry
from govreports.cli_output import no_database, pad


def add_commands(sub, default_db: str) -> None:
    sites_help = f"site registry (default: ${registry.SITES_ENV}, or {registry.SITES_FILE} beside the database)"
    sites = sub.add_parser("sites", help="the site registry that `crawl --all` crawls: add, list, show, remove")
    actions = sites.add_subparsers(required=True, metavar="ACTION")

    def action(name: str, help_text: str, handler):
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("--sites", metavar="PATH", help=sites_help)
        parser.add_argument("--db", default=default_db, help="the database the registry sits beside")
        parser.set_defaults(handler=handler)
        return parser

    add = action("add", "register a site", _cmd_add)
    add.add_argument("name", help="the site's name: letters, digits, '-' and '_'")
    add.add_argument("urls", nargs="+", metavar="URL", help="start URL(s): home page or report column")
    add.add_argument("--region", default="", help="free text: a GB/T 2260 code or a place name")
    add.add_argument("--delay", type=float, help="seconds between requests to this site")
    add.add_argument("--concurrency", type=int, help="requests at once to this site")
    add.add_argument("--browser", action="store_true", help="render its list pages in Chromium")
    add.add_argument("--api-host", dest="api_hosts", action="append", default=[], metavar="HOST",
                     help="a further host its list pages call (repeatable)")
    add.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                     help="a Scrapy setting for crawls of this site (repeatable; values read as TOML)")
    listing = action("list", "list the registered sites", _cmd_list)
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    action("show", "show one site's entry", _cmd_show).add_argument("name")
    action("remove", "remove a site from the registry", _cmd_remove).add_argument("name")

    status = sub.add_parser("status", help="per-site reports stored and last crawl, for monitoring")
    status.add_argument("--db", default=default_db)
    status.add_argument("--sites", metavar="PATH", help=sites_help)
    status.add_argument("--json", action="store_true", help="the status as one JSON object")
    status.set_defaults(handler=_cmd_status)


def sites_path(args) -> Path:
    return Path(args.sites) if args.sites else registry.default_path(args.db)


def load_sites(args) -> list[registry.Site]:
    """The registry's sites; a registry that cannot be read raises RegistryError, its message naming the file."""
    return registry.load(sites_path(args))


def _cmd_add(args) -> int:
    from govreports.crawl.run import parse_setting

    settings = {}
    for text in args.settings:
        try:
            name, value = parse_setting(text)
        except ValueError:
            raise registry.RegistryError(f"--set takes NAME=VALUE, got {text!r}") from None
        settings[name] = registry.setting_value(value)
    site = registry.Site(args.name, args.urls, args.region, args.delay, args.concurrency, args.browser,
                         args.api_hosts, settings)
    path = sites_path(args)
    registry.add(path, site)
    print(f"registered {site.name} ({len(site.start_urls)} start URL(s)) in {path}")
    return 0


def _cmd_list(args) -> int:
    sites = load_sites(args)
    if args.json:
        for site in sites:
            print(json.dumps(site.as_dict(), ensure_ascii=False))
        return 0
    print(f"{pad('site', 20)}{pad('region', 12)}{'delay':>6}  {'browser':<8}start URLs")
    for site in sites:
        delay = f"{site.delay:g}" if site.delay is not None else "-"
        print(f"{pad(site.name, 20)}{pad(site.region or '-', 12)}{delay:>6}  {'yes' if site.browser else 'no':<8}"
              f"{' '.join(site.start_urls)}")
    print(f"{len(sites)} site(s) in {sites_path(args)}")
    return 0


def _cmd_show(args) -> int:
    site = _named(load_sites(args), args.name)
    print(registry.render(site), end="")
    return 0


def _cmd_remove(args) -> int:
    path = sites_path(args)
    registry.remove(path, args.name)
    print(f"removed {args.name} from {path}")
    return 0


def _named(sites: list[registry.Site], name: str) -> registry.Site:
    for site in sites:
        if site.name == name:
            return site
    raise registry.RegistryError(f"no site named {name!r} (see `govreports sites list`)")


def named_sites(sites: list[registry.Site], names: list[str]) -> list[registry.Site]:
    return [_named(sites, name) for name in names]


def _cmd_status(args) -> int:
    from govreports import store
    from govreports.store import crawl_sites

    if not Path(args.db).is_file():
        return no_database(args.db)
    sites = {site.name: site.origins for site in load_sites(args)}
    report = crawl_sites.status(store.open_db(args.db), sites)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_status(report)
    troubled = [site for site in report["sites"] if site["last_crawl"] and site["last_crawl"]["problem"]]
    return 1 if troubled else 0


def _print_status(report: dict) -> None:
    if not report["last_run"]:
        print("no crawl yet")
    for crawl in report["last_run"]:
        print(f"last crawl #{crawl['id']}: started {crawl['started_at']}, finished {crawl['finished_at'] or '-'} "
              f"({crawl['reason']}), {len(crawl['start_urls'])} start URL(s), "
              f"{crawl['summary'].get('pages_fetched', 0)} pages")
    print(f"\n{pad('site', 24)}{'reports':>8}  {'years':<22}last crawl")
    for site in report["sites"]:
        years = f"{site['first_year']}–{site['last_year']} ({site['years']})" if site["first_year"] else "-"
        if site.get("gone"):  # stored reports whose URL now answers 404/410 (kept, marked gone)
            years += f", {site['gone']} gone"
        crawl = site["last_crawl"]
        if crawl is None:
            outcome = "never crawled" if site["registered"] else "(not registered)"
        else:
            outcome = (f"#{crawl['crawl_id']} {crawl['reason']}: {crawl['pages']} pages, {crawl['reports_new']} new, "
                       f"{crawl['reports_changed']} changed, {crawl['reports_unchanged']} unchanged, "
                       f"{crawl['reports_gone']} gone, "
                       f"{crawl['errors']} errors, {crawl['blocked']} blocked")
            if crawl["problem"]:
                outcome += f"  <- {crawl['problem']}"
        print(f"{pad(site['site'], 24)}{site['reports']:>8}  {pad(years, 22)}{outcome}")
        if site["flagged"]:
            print(f"    {site['flagged']} more report(s) look hijacked (spam): not counted; "
                  "`search --flagged` finds them")
        for error in site["errors"]:
            print(f"    {error['outcome']} {error['status'] or ''} {error['url']} {error['message']}".rstrip())
