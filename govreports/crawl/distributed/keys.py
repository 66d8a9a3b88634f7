"""The Redis keys of a distributed crawl, named in one place, and the connection to the server.

Every key starts with ``GOVREPORTS_REDIS_PREFIX`` (default ``govreports``), so several crawls can share one
Redis server under different prefixes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

# How long a client keeps retrying a command while Redis is away (a restart, a fail-over, a network blip):
# exponential back-off up to 5 s between tries, about five minutes in all. A worker blocked in such a retry
# simply pauses, then carries on where it was; past that, the command fails and the worker stops.
_OUTAGE_RETRIES = 64


def client_options(ride_out_outages: bool = True) -> dict:
    """Options of every Redis client of a distributed crawl (ours and scrapy-redis's, through REDIS_PARAMS)."""
    options = {"socket_timeout": 30, "socket_connect_timeout": 10, "health_check_interval": 30}
    if ride_out_outages:
        options.update(retry=Retry(ExponentialBackoff(cap=5.0, base=0.1), _OUTAGE_RETRIES),
                       retry_on_error=[redis.ConnectionError, redis.TimeoutError])
    return options


def connect(url: str, ride_out_outages: bool = True) -> redis.Redis:
    """A client for ``redis://host:port/db`` that answers bytes (requests and pages are binary); without
    ``ride_out_outages`` it fails at once (the check that Redis is there before a crawl starts)."""
    return redis.Redis.from_url(url, **client_options(ride_out_outages))


@dataclass(frozen=True)
class Keys:
    prefix: str = "govreports"

    # The shared queue: requests waiting (sorted set), requests handed out (sorted set by lease deadline) and
    # the queue score each leased request goes back with; a counter that keeps equal priorities first in,
    # first out; how many leases expired and were handed out again.
    @property
    def requests(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def leases(self) -> str:
        return f"{self.prefix}:leases"

    @property
    def lease_scores(self) -> str:
        return f"{self.prefix}:lease-scores"

    @property
    def sequence(self) -> str:
        return f"{self.prefix}:sequence"

    @property
    def reclaimed(self) -> str:
        return f"{self.prefix}:reclaimed"

    # The crawl's memory, shared by all workers: scrapy-redis's request fingerprints, the spider's own keys of
    # what it queued, section pages spent per site, and the links each list has shown (the loop guard).
    @property
    def dupefilter(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def queued(self) -> str:
        return f"{self.prefix}:queued"

    @property
    def section_pages(self) -> str:
        return f"{self.prefix}:section-pages"

    def list_links(self, list_url: str) -> str:
        return f"{self.prefix}:list:{hashlib.sha1(list_url.encode('utf-8')).hexdigest()[:20]}"

    @property
    def list_links_pattern(self) -> str:
        return f"{self.prefix}:list:*"

    # What the seeder knows of registered sites and every worker needs: delays and list-API hosts per origin.
    @property
    def site_delays(self) -> str:
        return f"{self.prefix}:site-delays"

    @property
    def api_hosts(self) -> str:
        return f"{self.prefix}:api-hosts"

    def last_sent(self, slot: str) -> str:
        """When (ms, Redis's clock) the last request to a download slot was let go."""
        return f"{self.prefix}:last-sent:{slot}"

    # Pages handed to the one writer, and those it has taken but not yet committed.
    @property
    def items(self) -> str:
        return f"{self.prefix}:items"

    @property
    def ingesting(self) -> str:
        return f"{self.prefix}:items-ingesting"

    @property
    def ingest_lock(self) -> str:
        return f"{self.prefix}:ingest-lock"

    # The crawl's bookkeeping, for the writer's ``crawls``, ``crawl_log`` and ``crawl_sites`` rows: the log rows
    # workers hand over (each names its round), the current round (one per new crawl a seeder starts), each
    # round's start, end, start URLs, sites, workers' summed figures and open workers, and the rounds a writer
    # has not closed yet.
    @property
    def log(self) -> str:
        return f"{self.prefix}:crawl-log"

    @property
    def current_round(self) -> str:
        return f"{self.prefix}:round"

    @property
    def rounds(self) -> str:
        return f"{self.prefix}:rounds"

    @property
    def round_sequence(self) -> str:
        """A counter that orders rounds started within one millisecond."""
        return f"{self.prefix}:round-sequence"

    def round(self, round_id: str) -> str:
        """started_at, finished_at and reason of one round."""
        return f"{self.prefix}:round:{round_id}"

    def round_start_urls(self, round_id: str) -> str:
        """Every seeder's start URLs (a list)."""
        return f"{self.prefix}:round:{round_id}:start-urls"

    def round_sites(self, round_id: str) -> str:
        """The round's sites: name -> its origins (JSON)."""
        return f"{self.prefix}:round:{round_id}:sites"

    def round_api_hosts(self, round_id: str) -> str:
        """Further list-API hosts of the round's sites: host -> site name."""
        return f"{self.prefix}:round:{round_id}:api-hosts"

    def round_summary(self, round_id: str) -> str:
        return f"{self.prefix}:round:{round_id}:summary"

    def round_workers(self, round_id: str) -> str:
        """How many workers of the round are running (one killed outright never counts itself out)."""
        return f"{self.prefix}:round:{round_id}:workers"

    def round_bookkeeping(self, round_id: str) -> list[str]:
        return [self.round(round_id), self.round_start_urls(round_id), self.round_sites(round_id),
                self.round_api_hosts(round_id), self.round_summary(round_id), self.round_workers(round_id)]

    def round_keys(self) -> list[str]:
        """The keys a new crawl round starts without (the memory of the last one); list keys are found by scan."""
        return [self.dupefilter, self.queued, self.section_pages, self.reclaimed]
