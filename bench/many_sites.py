"""Many-site benchmark: the peak memory of `govreports crawl --all` over a registry of 50+ local sites at once.

    python bench/many_sites.py [--sites 60] [--own-settings 6] [--workers 1 2] [--paced-workers 1 2] [--keep DIR]

Serves N sites of the committed demo portal, each on a port of its own: the static and API families, once per
loopback address (127.0.0.2, 127.0.0.3 …: copies of one site on one host would be recognised as one site's
reports moved to another port, see govreports/store/identity.py). Writes a registry (sites.toml) naming them all
(trs-02, hanweb-02 … by family and address) and runs
``govreports crawl --all``: once with every site in the registry's shared crawler, once with
``--own-settings`` of them carrying a ``[sites.NAME.settings]`` table (a longer DOWNLOAD_TIMEOUT), which gives
each of those a crawler of its own in the same process. Then the one-crawler run again with each of the
``--workers`` counts of extraction workers (time against memory), and with the crawler's own pacing
(AutoThrottle, DOWNLOAD_DELAY, Crawl-delay: how a scheduled crawl runs) and each of ``--paced-workers``; the other
runs are unthrottled. For each run it prints the peak RSS of the whole
process tree (the crawl process, its extraction workers and multiprocessing's resource tracker, sampled with psutil
every 50 ms) and its peak PSS (shared library pages counted once), of the crawl process alone and of its largest
child, the most processes seen at once, the wall time, and the reports stored against the ground truth.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govreports import registry  # noqa: E402

DEMO = ROOT / "govreports" / "demo" / "portal"
# Families whose pages name no other demo site (gkmlpt and irs hold {{demo-site:NAME}} placeholders, which a
# renamed copy would not resolve) and need no browser.
FAMILIES = ("trs", "hanweb", "oldtable", "jpaas", "epoint", "county")
QUIET = ["LOG_LEVEL=WARNING", "GOVREPORTS_PROGRESS_INTERVAL=0"]
# As fast as the machine goes: the most in flight at once, so the most memory.
PACE = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "GOVREPORTS_OBEY_CRAWL_DELAY=False", *QUIET]


def serve(count: int) -> tuple[list[subprocess.Popen], dict[str, str], int]:
    """Serve ``count`` sites: one demo server per loopback address, each serving the families on ports of its
    own. Returns the servers, name -> start URL, and the reports the ground truth expects."""
    expected = json.loads((DEMO / "expected.json").read_text("utf-8"))
    root = Path(tempfile.mkdtemp(prefix="govreports-many-portal-"))
    for family in FAMILIES:
        (root / family).symlink_to(DEMO / family, target_is_directory=True)
    servers, start_urls, reports = [], {}, 0
    for address in range(2, 2 + -(-count // len(FAMILIES))):
        server = subprocess.Popen([sys.executable, "-m", "govreports.demo.server", "--json", "--root", str(root),
                                   "--host", f"127.0.0.{address}"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        servers.append(server)
        for family, url in json.loads(server.stdout.readline())["sites"].items():
            if len(start_urls) < count:
                start_urls[f"{family}-{address:02d}"] = url
                reports += len(expected[family]["reports"])
    return servers, start_urls, reports


def write_registry(path: Path, start_urls: dict[str, str], own_settings: int) -> None:
    path.unlink(missing_ok=True)
    every = max(1, len(start_urls) // own_settings) if own_settings else 0
    for index, (name, url) in enumerate(sorted(start_urls.items())):
        settings = {"DOWNLOAD_TIMEOUT": 90 + index} if every and index % every == 0 and index // every < own_settings \
            else {}
        registry.add(path, registry.Site(name, [url], settings=settings))


def run_measured(command: list[str]) -> tuple[subprocess.CompletedProcess, float, dict]:
    """Run a command; return its result, wall seconds and its memory: the peak RSS (MB) of its process tree, of
    the crawl process alone and of its largest child, the peak PSS of the tree (each shared page counted once,
    split between the processes that map it: the libraries every Python process loads), and the most
    processes in the tree at once."""
    started = time.monotonic()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = {"tree": 0, "pss": 0, "main": 0, "child": 0, "processes": 0}
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            infos = [one.memory_full_info() for one in tree if one.is_running()]
            sizes = [info.rss for info in infos]
            memory.update(tree=max(memory["tree"], sum(sizes)), pss=max(memory["pss"], sum(i.pss for i in infos)),
                          main=max(memory["main"], sizes[0]), child=max(memory["child"], *sizes[1:], 0),
                          processes=max(memory["processes"], len(sizes)))
        except (psutil.Error, IndexError):
            pass
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    memory.update({key: memory[key] / 2**20 for key in ("tree", "pss", "main", "child")})
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), time.monotonic() - started, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=60, help="how many sites to serve and crawl at once")
    parser.add_argument("--own-settings", type=int, default=6,
                        help="in the second run, how many sites carry settings of their own (a crawler each)")
    parser.add_argument("--keep", type=Path, help="keep the portal, registry and database here")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2],
                        help="run the one-crawler crawl again with each of these GOVREPORTS_EXTRACT_WORKERS")
    parser.add_argument("--paced-workers", type=int, nargs="*", default=[1, 2],
                        help="and with the crawler's own pacing (AutoThrottle, delays, Crawl-delay) and these workers")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="govreports-many-"))
    servers, start_urls, expected = serve(args.sites)
    rows = []
    try:
        print(f"{len(start_urls)} sites on {len(set(start_urls.values()))} ports, {expected} reports")
        runs = [("one crawler for all", 0, None, PACE),
                (f"{args.own_settings} sites with own settings", args.own_settings, None, PACE)]
        runs += [(f"one crawler, {workers} worker(s)", 0, workers, PACE) for workers in args.workers]
        runs += [(f"default pacing, {workers} worker(s)", 0, workers, QUIET) for workers in args.paced_workers]
        for label, own, workers, pace in runs:
            settings = [arg for setting in pace for arg in ("-s", setting)]
            if workers is not None:
                settings += ["-s", f"GOVREPORTS_EXTRACT_WORKERS={workers}"]
            db = work / "many.db"
            for stale in work.glob("many.db*"):
                stale.unlink()
            write_registry(work / "sites.toml", start_urls, own)
            result, wall, memory = run_measured([sys.executable, "-m", "govreports.cli", "crawl", "--all", "--db",
                                                    str(db), "--sites", str(work / "sites.toml"), *settings])
            summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:]
            stored = int(match.group(1)) if (match := re.search(r"(\d+) reports new", summary)) else 0
            groups = len(registry.crawl_groups(registry.load(work / "sites.toml")))
            rows.append((label, groups, wall, memory, stored))
            print(f"{label}: exit {result.returncode}: {summary}", flush=True)
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    print(f"\n{'run':<30}{'crawlers':>9}{'processes':>10}{'seconds':>9}{'peak RSS MB':>13}{'peak PSS MB':>13}"
          f"{'crawl process':>15}{'largest child':>15}{'reports':>9}{'expected':>9}")
    for label, groups, wall, memory, stored in rows:
        print(f"{label:<30}{groups:>9}{memory['processes']:>10}{wall:>9.1f}{memory['tree']:>13.0f}"
              f"{memory['pss']:>13.0f}{memory['main']:>15.0f}{memory['child']:>15.0f}{stored:>9}{expected:>9}")
    print("\n(target: peak RSS of the whole tree under 300 MB)")


if __name__ == "__main__":
    main()
