"""Distributed crawl benchmark: pages/s with 1, 2 and 4 workers on one Redis, the per-site request rate they
keep, the writer's pages/s, and the bytes a queued request costs in Redis.

    python bench/distributed.py [--scale N] [--delay S] [--keep DIR]

Generates the demo portal (every site that needs no browser; each site is its own server on its own port),
serves it on 127.0.0.1 in its own process, and for 1, 2 and 4 workers starts a fresh redis-server, a seeder
(``govreports crawl URL… --redis``) and the other workers (``govreports worker``), all with the same per-site
delay (``DOWNLOAD_DELAY``; AutoThrottle off). Throughput and rates are read from the sites' own request logs
(server-side arrival times): pages/s is every request of the run over the time from its first to its last
request (start-up and the idle wait before workers stop are not crawl time); per site, its rate over its busy
span, the most requests in any one-second window and the median gap, against the delay. After the 4-worker run,
``govreports ingest`` stores what the workers collected, timed. Last, 20,000 report requests shaped as the spider
makes them are queued into an empty Redis to measure the bytes per queued request (and the crawl memory kept per
request: the spider's key and scrapy-redis's fingerprint).

All processes share this machine: on two cores, four workers and their extraction processes compete for CPU,
so the figures show where politeness (the per-site delay), not the number of workers, bounds the crawl.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.crawling import arrivals  # noqa: E402
from tests.demo_portal.generator import generate  # noqa: E402

WORKER_COUNTS = (1, 2, 4)
QUEUE_SAMPLE = 20_000


def start_redis(directory: Path) -> tuple[subprocess.Popen, str]:
    import redis

    from tests.crawl.distributed.conftest import start_redis as start

    server = start(directory)
    redis.Redis.from_url(server.url).ping()
    return server.process, server.url


def site_rates(times: list[float]) -> tuple[float, int, float]:
    """(requests/s over the site's busy span, the most requests in any one-second window, the median gap in s).

    Arrival times are noted by the site's server thread: on a loaded machine a thread that gets the CPU late
    notes two requests together that came a delay apart, so the closest gap says little; the rate over the span
    and the median gap do not suffer from that."""
    times = sorted(times)
    most, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    gaps = sorted(later - earlier for earlier, later in itertools.pairwise(times))
    span = times[-1] - times[0]
    return (len(times) - 1) / span if span else 0.0, most, gaps[len(gaps) // 2]


def crawl_run(workers: int, start_urls: list[str], settings: list[str], work: Path):
    """A seeder and workers-1 workers on a fresh Redis; returns its URL, each process's last line and the server."""
    redis_dir = work / f"redis-{workers}"
    shutil.rmtree(redis_dir, ignore_errors=True)
    redis_dir.mkdir(parents=True)
    redis_process, url = start_redis(redis_dir)
    command = [sys.executable, "-m", "govreports.cli"]
    processes = [subprocess.Popen([*command, "crawl", *start_urls, "--redis", url, *settings], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)]
    processes += [subprocess.Popen([*command, "worker", "--redis", url, *settings], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                  for _ in range(workers - 1)]
    lines = [process.communicate()[0].strip().splitlines()[-1] for process in processes]
    return url, lines, redis_process


def queue_bytes(work: Path) -> dict[str, float]:
    """Bytes per queued request in Redis's own accounting (used_memory before and after)."""
    import redis
    from scrapy.utils.test import get_crawler

    from govreports.crawl.discovery import Link
    from govreports.crawl.distributed.keys import Keys
    from govreports.crawl.distributed.queue import LeasedPriorityQueue
    from govreports.crawl.spiders.reports import ReportsSpider

    directory = work / "redis-queue"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    process, url = start_redis(directory)
    try:
        client = redis.Redis.from_url(url)
        crawler = get_crawler(ReportsSpider, {"GOVREPORTS_REDIS_PREFIX": "bench"})
        spider = ReportsSpider.from_crawler(crawler, start_urls="https://www.example.gov.cn/")
        queue = LeasedPriorityQueue(client, spider, Keys("bench").requests)
        site = "https://www.example.gov.cn"
        requests = [spider._report_request(
            Link(f"{site}/zwgk/zfxxgk/ndbg/2023{n % 12 + 1:02d}/t2023{n % 12 + 1:02d}{n % 28 + 1:02d}_{4_000_000 + n}"
                 f".shtml", f"某某县第{n}局2022年政府信息公开工作年度报告", "2023-01-15"),
            site, f"{site}/zwgk/zfxxgk/ndbg/index_{n // 20}.shtml") for n in range(QUEUE_SAMPLE)]
        figures = {}
        before = client.info("memory")["used_memory"]
        for request in requests:
            queue.push(request)
        figures["queued request (waiting)"] = (client.info("memory")["used_memory"] - before) / QUEUE_SAMPLE
        before = client.info("memory")["used_memory"]
        client.sadd(Keys("bench").queued, *[request.url for request in requests])
        figures["spider's key (queued set)"] = (client.info("memory")["used_memory"] - before) / QUEUE_SAMPLE
        from scrapy_redis.dupefilter import RFPDupeFilter

        dupefilter = RFPDupeFilter(client, Keys("bench").dupefilter)
        before = client.info("memory")["used_memory"]
        for request in requests:
            dupefilter.request_seen(request)
        figures["fingerprint (dupefilter)"] = (client.info("memory")["used_memory"] - before) / QUEUE_SAMPLE
        figures["pickled request (payload)"] = sum(len(queue._encode_request(r)) for r in requests) / QUEUE_SAMPLE
        # each fetch's crawl-log row waits in Redis until the writer takes it
        from govreports.crawl.distributed import rounds

        rounds.start_round(client, Keys("bench"))
        log = rounds.LogPusher(client, Keys("bench"))
        before = client.info("memory")["used_memory"]
        for request in requests:
            log({"url": request.url, "status": 200, "outcome": "report", "message": "",
                 "fetched_at": "2026-12-03T10:00:00.000+00:00"})
        figures["crawl-log row (for the writer)"] = (client.info("memory")["used_memory"] - before) / QUEUE_SAMPLE
        return figures
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=3, help="demo portal scale")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds between requests to one site")
    parser.add_argument("--keep", type=Path, help="keep the generated portal, Redis dirs and database here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="govreports-bench-distributed-"))
    portal_dir = work / "portal"
    manifest = generate(portal_dir, scale=args.scale) if not portal_dir.exists() else \
        json.loads((portal_dir / "expected.json").read_text("utf-8"))
    names = [name for name, site in manifest.items() if site.get("reports") and not site.get("needs_browser")]
    print(f"portal: {len(names)} sites, {sum(len(manifest[n]['reports']) for n in names)} reports "
          f"(scale {args.scale}), per-site delay {args.delay} s")
    settings = [arg for setting in (
        "AUTOTHROTTLE_ENABLED=False", f"DOWNLOAD_DELAY={args.delay}", "GOVREPORTS_OBEY_CRAWL_DELAY=False",
        "CONCURRENT_REQUESTS=16", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "GOVREPORTS_REDIS_IDLE=3",
        "GOVREPORTS_EXTRACT_WORKERS=1", "GOVREPORTS_PROGRESS_INTERVAL=0", "LOG_LEVEL=WARNING")
        for arg in ("-s", setting)]
    server = subprocess.Popen([sys.executable, "-m", "govreports.demo.server", "--json", "--root", str(portal_dir)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    rows = []
    try:
        served = json.loads(server.stdout.readline())
        start_urls, bases = [served["sites"][n] for n in names], served["urls"]
        for workers in WORKER_COUNTS:
            seen = {name: len(arrivals(base, clock="times")) for name, base in bases.items()}
            url, lines, redis_process = crawl_run(workers, start_urls, settings, work)
            logs = {name: arrivals(base, clock="times")[seen[name]:] for name, base in bases.items()}
            times = [at for log in logs.values() for _, at in log]
            span = max(times) - min(times)
            per_site = {name: site_rates([at for _, at in log]) for name, log in logs.items() if len(log) > 1}
            rows.append((workers, len(times), span, per_site, lines))
            if workers == WORKER_COUNTS[-1]:
                db = work / "distributed.db"
                db.unlink(missing_ok=True)
                started = time.monotonic()
                ingest = subprocess.run([sys.executable, "-m", "govreports.cli", "ingest", "--redis", url,
                                         "--db", str(db)], cwd=ROOT, capture_output=True, text=True)
                ingest_seconds = time.monotonic() - started
            redis_process.terminate()
            redis_process.wait()
    finally:
        server.terminate()
        server.wait()

    active = len(rows[-1][3])  # sites that were asked anything (the IRS site's API host is one of its own)
    ceiling = active / args.delay
    print(f"\n{'workers':>8}{'requests':>10}{'seconds':>9}{'pages/s':>9}   busiest site "
          f"(limit {1 / args.delay:.1f}/s): requests/s over its busy span, most in any 1 s, median gap")
    for workers, count, span, per_site, _ in rows:
        rate, most, gap = max(per_site.values())
        print(f"{workers:>8}{count:>10}{span:>9.1f}{count / span:>9.1f}   {rate:.2f}/s, {most} in 1 s, "
              f"median gap {gap * 1000:.0f} ms")
    print(f"(politeness ceiling: {active} sites × {1 / args.delay:.0f} requests/s = {ceiling:.0f} requests/s, "
          "reached only while every site still has pages to fetch)")
    print("\nper site, 4 workers: requests/s over its busy span, most in any 1 s, median gap ms")
    for name, (rate, most, gap) in sorted(rows[-1][3].items()):
        print(f"  {name:<12}{rate:>6.2f}{most:>4}{gap * 1000:>8.0f}")
    for workers, *_, lines in rows:
        print(f"\n{workers} worker(s):")
        for line in lines:
            print(f"  {line}")
    summary = ingest.stdout.strip().splitlines()[-1] if ingest.stdout.strip() else ingest.stderr[-500:]
    pages = int(summary.split("ingested ")[1].split(" ")[0]) if summary.startswith("ingested") else 0
    print(f"\nwriter: {summary}\n  {ingest_seconds:.1f} s, {pages / ingest_seconds:.1f} pages/s (extraction, "
          "attachments read, SQLite; one process)")

    figures = queue_bytes(work)
    print(f"\nRedis memory per queued report request ({QUEUE_SAMPLE:,} queued, used_memory before and after):")
    for label, value in figures.items():
        print(f"  {label:<28}{value:>8.0f} bytes   ({value * 1e6 / 2**20:,.0f} MiB per million)")


if __name__ == "__main__":
    main()
