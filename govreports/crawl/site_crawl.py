"""A crawl of sites, registered or given on demand, with each site's outcome recorded in ``crawl_sites``.

What cron needs to hear of, the exit code, is decided here from those outcomes (``exit_code``).
"""

from __future__ import annotations

from govreports import registry, store
from govreports.crawl.discovery import site_of
from govreports.crawl.run import crawl_groups
from govreports.registry import Site
from govreports.store import crawl_sites

# Exit codes (documented in the CLI docstring and the README): 1 a site needs looking at, 130 interrupted.
EXIT_OK, EXIT_SITE_FAILED, EXIT_INTERRUPTED = 0, 1, 130


def on_demand_sites(urls: list[str]) -> list[Site]:
    """URLs given on the command line, as sites: one a origin, named by it."""
    by_origin: dict[str, list[str]] = {}
    for url in urls:
        by_origin.setdefault(site_of(url), []).append(url)
    return [Site(origin, start_urls) for origin, start_urls in by_origin.items()]


def crawl(sites: list[Site], db: str | None = None, overrides: dict | None = None,
          registered: bool = True) -> tuple[dict, list[dict]]:
    """Crawl the sites at once (blocking) and return the summary and one row of figures per site."""
    groups = registry.crawl_groups(sites) if registered else [(sites, {})]
    summary = crawl_groups([([url for site in members for url in site.start_urls], settings)
                            for members, settings in groups], db, overrides)
    database = store.open_db(summary["db"])
    rows: list[dict] = []
    try:
        run_id = min((run["crawl_id"] for run in summary["crawls"] if run["crawl_id"] is not None), default=None)
        for (members, _), run in zip(groups, summary["crawls"], strict=True):
            if run["crawl_id"] is None:  # the crawl log was never opened (the crawl failed to start)
                continue
            api_hosts = {host: site.name for site in members for host in site.api_hosts}
            rows += crawl_sites.record(database, run["crawl_id"], run["reason"],
                                       {site.name: site.origins for site in members}, api_hosts, registered, run_id)
    finally:
        database.close()
    return summary, rows


def exit_code(summary: dict, rows: list[dict]) -> int:
    """130 when the crawl was stopped before its end; 1 when a site found no report at all (new or known),
    every fetch of a site failed, or nothing was fetched; else 0."""
    if summary.get("reason") == "shutdown":
        return EXIT_INTERRUPTED
    if not summary.get("pages_fetched") or not rows or any(row["problem"] for row in rows):
        return EXIT_SITE_FAILED
    return EXIT_OK
