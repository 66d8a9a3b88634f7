"""The crawl log of a worker of a distributed crawl: ``CrawlLog``'s rows, handed to the writer through Redis.

Workers never open the database, so each row goes to Redis as it is logged, under the crawl's current round, and
the worker's figures go there when it stops (``rounds``); the writer stores them. Report pages are the one kind
the worker does not log: whether a report was new, changed or unchanged is known only where it is stored, so
the writer logs them (``rounds.Bookkeeper.log_page``). Pages the worker turns down itself (not a report,
unreadable) it logs, as every fetch that brought nothing.
"""

from __future__ import annotations

from govreports.crawl.distributed import rounds
from govreports.crawl.distributed.keys import Keys, connect
from govreports.crawl.extensions.crawl_log import CrawlLog, crawl_summary, now


class SharedCrawlLog(CrawlLog):
    """``EXTENSIONS`` entry of workers, in place of ``CrawlLog``; reads ``GOVREPORTS_REDIS_URL``/``_PREFIX``."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.redis = connect(crawler.settings.get("GOVREPORTS_REDIS_URL"))
        self.keys = Keys(crawler.settings.get("GOVREPORTS_REDIS_PREFIX"))
        self.push = rounds.LogPusher(self.redis, self.keys)
        self.joined = ""  # the round this worker counted itself into

    def spider_opened(self, spider):
        self.joined = rounds.worker_opened(self.redis, self.keys)

    def spider_closed(self, spider, reason):
        rounds.worker_closed(self.redis, self.keys, self.joined, crawl_summary(self.crawler.stats), reason)
        self.writer.shutdown()

    def on_scraped(self, item, **kwargs):
        """A report handed to the writer: the writer logs it with the verdict of its store."""

    def _log(self, url, status, outcome, message, at=""):
        self.push({"url": url, "status": status, "outcome": outcome, "message": message, "fetched_at": at or now()})
