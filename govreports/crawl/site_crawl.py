"""A crawl of sites, registered or given on demand; each site's outcome is what its crawl recorded in
``crawl_sites`` (``govreports.crawl.extensions.crawl_log``).

What cron needs to hear of, the exit code, is decided here from those outcomes (``exit_code``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from govreports import registry
from govreports.crawl.discovery import site_of
from govreports.crawl.extensions.job_dir import JobDirInUse, holder
from govreports.crawl.run import crawl_groups, job_dirs, project_settings
from govreports.registry import Site

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
    """Crawl the sites at once (blocking) and return the summary and the row of figures each site's crawl
    recorded (``crawl_sites``)."""
    groups = registry.crawl_groups(sites) if registered else [(sites, {})]
    names = [job_name(members) for members, _ in groups]
    for directory in job_dirs(project_settings(db, overrides), names):
        if holder(Path(directory)):  # checked before any crawler starts: none runs half the sites
            raise JobDirInUse(f"a crawl of these sites is running (process {holder(Path(directory))}): {directory}")
    summary = crawl_groups([([url for site in members for url in site.start_urls], settings)
                            for members, settings in groups], db, overrides, job_names=names)
    return summary, [row for run in summary["crawls"] for row in run["sites"]]


def job_name(sites: list[Site]) -> str:
    """The job directory's name of a crawler of these sites: the same sites, the same directory (the same
    command resumes it). One site: its name (an origin made a file name); several: how many and a digest."""
    names = sorted(site.name for site in sites)
    if len(names) == 1:
        return re.sub(r"[^A-Za-z0-9._-]+", "_", names[0])
    return f"{len(names)}-sites-{hashlib.sha1(chr(10).join(names).encode()).hexdigest()[:12]}"


def exit_code(summary: dict, rows: list[dict]) -> int:
    """130 when the crawl was stopped before its end; 1 when a site found no report at all (new or known),
    every fetch of a site failed, or nothing was fetched; else 0."""
    if summary.get("reason") == "shutdown":
        return EXIT_INTERRUPTED
    if not summary.get("pages_fetched") or not rows or any(row["problem"] for row in rows):
        return EXIT_SITE_FAILED
    return EXIT_OK
