"""The reports spider with its crawl memory in Redis, shared by every worker of a distributed crawl.

``PortalSpider`` keeps four things per crawl (``spiders.crawl_memory``: ``_first_time``,
``_take_section_page``/``_give_back_section_page``, ``_shows_new_links``); per process they would be per worker,
and N workers would each fetch a page another queued (the spider's own keys see URL fragments and list-API bodies
that Scrapy's fingerprint does not, and requests queued with ``dont_filter`` pass scrapy-redis's duplicate filter),
spend N section budgets per site, and let a list API that ignores its page parameter run N pages past the loop
guard. Here each is one Redis command (SADD, HINCRBY, SADD of the list's links), atomic, so the crawl behaves as
one spider: the set of requests it makes does not depend on how many workers share it or which worker reads which
page. The local ``_queued`` set stays in front of Redis as a cache (a key this worker saw needs no round trip).
"""

from __future__ import annotations

import functools
import json
from urllib.parse import urlsplit

from govreports.crawl.distributed.keys import Keys, connect
from govreports.crawl.spiders.reports import ReportsSpider

# A worker that only takes requests from the shared queue has no start URL of its own; the base spider insists
# on one, so it is given this one and then none.
_NO_START = ["http://seeded-by-another-worker.invalid/"]


class SharedStateSpider(ReportsSpider):
    """``reports``, for workers: start URLs optional (``govreports worker`` has none), crawl memory in Redis."""

    def __init__(self, start_urls: str | list[str] | None = None, **kwargs):
        super().__init__(start_urls=start_urls or _NO_START, **kwargs)
        if not start_urls:
            self.start_urls = []

    @functools.cached_property
    def _redis(self):
        return connect(self.settings.get("GOVREPORTS_REDIS_URL"))

    @functools.cached_property
    def _keys(self) -> Keys:
        return Keys(self.settings.get("GOVREPORTS_REDIS_PREFIX"))

    def _first_time(self, key: str) -> bool:
        if not super()._first_time(key):
            return False
        return bool(self._redis.sadd(self._keys.queued, key))

    def _take_section_page(self, site: str) -> bool:
        if self._redis.hincrby(self._keys.section_pages, site, 1) <= self.max_section_pages:
            return True
        self._give_back_section_page(site)
        return False

    def _give_back_section_page(self, site: str) -> None:
        self._redis.hincrby(self._keys.section_pages, site, -1)

    def _shows_new_links(self, list_key: str, urls: set[str]) -> bool:
        return bool(urls) and self._redis.sadd(self._keys.list_links(list_key), *sorted(urls)) > 0

    def _named_api_host(self, url: str, site: str) -> bool:
        """The list-API hosts of registered sites come from the seeder, which read the registry."""
        if super()._named_api_host(url, site):
            return True
        return (urlsplit(url).hostname or "") in self._seeded_api_hosts(site)

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one spider per process; a site's hosts never change mid-crawl
    def _seeded_api_hosts(self, site: str) -> tuple[str, ...]:
        return tuple(json.loads(self._redis.hget(self._keys.api_hosts, site) or "[]"))
