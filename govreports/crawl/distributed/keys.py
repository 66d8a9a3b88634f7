"""The Redis keys of a distributed crawl, named in one place, and the connection to the server.

Every key starts with ``GOVREPORTS_REDIS_PREFIX`` (default ``govreports``), so several crawls can share one
Redis server under different prefixes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import redis


def connect(url: str) -> redis.Redis:
    """A client for ``redis://host:port/db`` that answers bytes (requests and pages are binary)."""
    # Generous time-outs: a worker that loses Redis for a moment retries rather than dying (see README).
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True,
                                health_check_interval=30)


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

    @property
    def log(self) -> str:
        return f"{self.prefix}:crawl-log"

    def round_keys(self) -> list[str]:
        """The keys a new crawl round starts without (the memory of the last one); list keys are found by scan."""
        return [self.dupefilter, self.queued, self.section_pages, self.reclaimed]
