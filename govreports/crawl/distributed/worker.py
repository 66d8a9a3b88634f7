"""Running a worker of a distributed crawl, and seeding the shared queue (``govreports crawl … --redis``)."""

from __future__ import annotations

import json
import time

import redis

from govreports.crawl.distributed import rounds
from govreports.crawl.distributed.keys import Keys, client_options, connect

_SCHEDULER = "govreports.crawl.distributed.scheduler.LeasingScheduler"
_QUEUE = "govreports.crawl.distributed.queue.LeasedPriorityQueue"
_PIPELINE = "govreports.crawl.distributed.handoff.HandoffPipeline"
_RATE_LIMIT = "govreports.crawl.distributed.ratelimit.SharedRateLimitMiddleware"
_CRAWL_LOG = "govreports.crawl.distributed.crawl_log.SharedCrawlLog"


def worker_settings(settings, redis_url: str) -> None:
    """Turn a crawl's settings into a worker's: scrapy-redis's scheduler (leased) and duplicate filter on the
    shared server, the hand-off to the writer instead of the database, the crawl log handed over through Redis
    too (workers never open the database), and the shared per-site rate limit after every other downloader
    middleware."""
    keys = Keys(settings.get("GOVREPORTS_REDIS_PREFIX"))
    pipelines = {**settings.getdict("ITEM_PIPELINES"), "govreports.crawl.pipelines.ReportPipeline": None,
                 _PIPELINE: 300}
    extensions = {**settings.getdict("EXTENSIONS"), "govreports.crawl.extensions.crawl_log.CrawlLog": None,
                  _CRAWL_LOG: settings.getdict("EXTENSIONS").get("govreports.crawl.extensions.crawl_log.CrawlLog")}
    middlewares = {**settings.getdict("DOWNLOADER_MIDDLEWARES"), _RATE_LIMIT: 990}
    for name, value in {
        "GOVREPORTS_REDIS_URL": redis_url, "REDIS_URL": redis_url, "REDIS_PARAMS": client_options(),
        "SCHEDULER": _SCHEDULER, "SCHEDULER_QUEUE_CLASS": _QUEUE, "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": keys.requests, "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # The shared limit spaces a site's requests exactly; a random local jitter would send some late,
        # closer to another worker's next request than the delay.
        "DOWNLOAD_DELAY_JITTER": 0,
        "GOVREPORTS_REVALIDATE": False,  # conditional requests need the database, which only the writer opens
        "ITEM_PIPELINES": pipelines, "EXTENSIONS": extensions, "DOWNLOADER_MIDDLEWARES": middlewares,
    }.items():
        settings.set(name, value, priority="cmdline")


def seed(server: redis.Redis, keys: Keys, site_settings: dict, settings, start_urls: list[str]) -> bool:
    """Before a seeder queues its start URLs: publish the per-site delays and API hosts of registered sites
    (every worker keeps to them), and, when no crawl is under way (nothing waiting, nothing leased), start a
    new round: forget what the last crawl queued, so a weekly re-crawl fetches again. Returns whether a new
    round started; a seeder that finds a crawl under way adds its start URLs to it. Either way the round
    learns the start URLs and the sites whose figures the writer counts (``rounds``)."""
    from govreports.crawl.extensions.crawl_log import crawl_sites_of

    for origin, slot in (site_settings.get("DOWNLOAD_SLOTS") or {}).items():
        if slot.get("delay"):
            server.hset(keys.site_delays, origin, float(slot["delay"]))
    for origin, hosts in (site_settings.get("GOVREPORTS_API_HOSTS") or {}).items():
        server.hset(keys.api_hosts, origin, json.dumps(list(hosts)))
    new_round = not (server.zcard(keys.requests) or server.zcard(keys.leases))
    if new_round:
        server.delete(*keys.round_keys())
        stale = list(server.scan_iter(match=keys.list_links_pattern, count=1000))
        for start in range(0, len(stale), 1000):
            server.unlink(*stale[start:start + 1000])
        rounds.start_round(server, keys)
    rounds.add_to_round(server, keys, start_urls, *crawl_sites_of(settings, start_urls))
    return new_round


def run_worker(start_urls: list[str], redis_url: str, overrides: dict | None = None,
               site_settings: dict | None = None) -> dict:
    """Run one worker in this process (blocking) until the shared crawl has been idle long enough; with
    ``start_urls`` it seeds them first. Returns this worker's figures."""
    from scrapy.crawler import Crawler, CrawlerProcess

    from govreports.crawl.distributed.spider import SharedStateSpider
    from govreports.crawl.extensions.progress import progress_figures
    from govreports.crawl.run import project_settings, with_group_settings

    settings = with_group_settings(project_settings(overrides=overrides), site_settings or {})
    worker_settings(settings, redis_url)
    keys = Keys(settings.get("GOVREPORTS_REDIS_PREFIX"))
    connect(redis_url, ride_out_outages=False).ping()  # a wrong URL fails now, not after minutes of retries
    server = connect(redis_url)
    new_round = seed(server, keys, site_settings or {}, settings, start_urls) if start_urls else False
    process = CrawlerProcess(settings)
    crawler = Crawler(SharedStateSpider, settings, init_reactor=True)
    process.crawl(crawler, start_urls=list(start_urls))
    started = time.monotonic()
    process.start()
    stats = crawler.stats.get_stats()
    figures = progress_figures(stats, time.monotonic() - started)
    figures.update(
        reason=stats.get("finish_reason", "unknown"), new_round=new_round,
        handed_off=stats.get("govreports/handed_off", 0), files_handed_off=stats.get("govreports/files_handed_off", 0),
        waiting=server.zcard(keys.requests), leased=server.zcard(keys.leases), to_ingest=server.llen(keys.items),
    )
    return figures
