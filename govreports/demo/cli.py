"""The demo commands of ``govreports``: ``demo-portal`` (serve the bundled portal) and ``demo-run`` (serve it,
crawl it offline, print what was found).

``govreports.cli`` owns the command line; ``demo-portal`` takes options of its own, which
``govreports.demo.server`` parses.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from govreports.cli_output import pad, print_crawl_summary


def add_commands(sub, default_db: str) -> None:
    # Listed for --help; `govreports.cli.main` hands its arguments to the server's own parser.
    sub.add_parser("demo-portal", help="serve the bundled demo portal on 127.0.0.1 (--port, --root, --json)")

    demo = sub.add_parser("demo-run", help="serve the demo portal, crawl it offline, print what was found")
    demo.add_argument("--db", default=default_db)
    demo.set_defaults(handler=_cmd_demo_run)


def serve_portal(argv: list[str]) -> int:
    """``govreports demo-portal …``: the demo server with its own options (--root, --host, --port, --json)."""
    from govreports.demo import server

    return server.main(argv) or 0


def _cmd_demo_run(args) -> int:
    from govreports import store
    from govreports.crawl.run import crawl
    from govreports.demo.server import start_portal

    root = _root()
    portal = start_portal(root)
    # The demo portal is local: no politeness delays needed, and the crawl takes seconds.
    overrides = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "GOVREPORTS_OBEY_CRAWL_DELAY": False,
                 "GOVREPORTS_PROGRESS_INTERVAL": 2, "STATS_DUMP": False}
    try:
        for name, url in sorted(portal.start_urls.items()):
            print(f"demo portal {name}: {url}")
        expected = _expected(root)
        rendered = _browser_sites(expected, portal.start_urls)
        if rendered:
            overrides["GOVREPORTS_BROWSER_SITES"] = rendered
        summary = crawl(_portals(expected, portal.start_urls), db=args.db, overrides=overrides)
    finally:
        portal.stop()
    print_crawl_summary(summary)
    db = store.open_db(args.db)
    rows = store.site_summary(db)
    print(f"\n{pad('site', 28)}{'reports':>8}  years")
    for row in rows:
        years = f"{row['first_year']}–{row['last_year']} ({row['years']} years)" if row["first_year"] else "?"
        print(f"{pad(row['site_name'], 28)}{row['reports']:>8}  {years}  {row['site']}")
    return 0 if rows else 1


def _expected(root: Path) -> dict:
    expected_file = root / "expected.json"
    return json.loads(expected_file.read_text("utf-8")) if expected_file.is_file() else {}


def _portals(expected: dict, start_urls: dict[str, str]) -> list[str]:
    """The demo sites to start at: those that publish reports (a search host that only answers a portal's list
    API is no portal of its own)."""
    return [url for name, url in start_urls.items() if not expected or (expected.get(name) or {}).get("reports")]


def _browser_sites(expected: dict, start_urls: dict[str, str]) -> list[str]:
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


def _root() -> Path:
    from govreports.demo import portal_root

    return Path(os.environ.get("GOVREPORTS_DEMO_ROOT") or portal_root())
