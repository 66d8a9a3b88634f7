"""Workers hand report pages, with their attachment files, to the one writer (``govreports ingest``) through Redis.

What a worker does and what the writer does:

- the worker fetches the page, reads it (``govreports.ingest.process_page``: extraction and classification,
  in its extraction processes) to learn whether it is a report and which attachments it links, and fetches
  those through the crawl's own downloader. The fetching has to stay in the worker: only the crawl's engine
  applies robots.txt, the site's download slot, the shared per-site rate limit and the retries to a request,
  and the writer is one process that must never become a second, impolite crawler;
- the writer stores the page with exactly the function the single-process crawl uses
  (``govreports.ingest.process_and_store``: extraction, attachments read or reused by sha256, statistics,
  full text, versions), so a distributed crawl stores what a single one does. That also keeps the SQLite
  lookups the storing needs (attachments stored before, files read before) next to the database.

The payload (one Redis list entry, pickled and zlib-compressed) carries the page's bytes, what the crawl knows of
it, each attachment fetched (status, message and bytes), and the crawl round it was fetched in. A worker
downloads every attachment a report links, since it cannot ask the database which are stored; the writer reads
only the ones it does not have.
"""

from __future__ import annotations

import pickle
import zlib

from govreports.crawl.distributed import rounds
from govreports.crawl.distributed.keys import Keys, connect
from govreports.crawl.items import ReportPage
from govreports.crawl.pipelines import ReportPipeline, page_context
from govreports.extract import attachments
from govreports.ingest import process_page


def read_for_handoff(body: bytes, context: dict, content_type: str, with_attachments: bool) -> dict:
    """The page read as the single-process crawl reads it first: ``error``, or ``is_report`` and ``verdict``, and
    for a report the attachments to fetch (``fetch``; none for a report that is itself a file). Runs in the
    worker's extraction processes."""
    result = process_page(body, context["url"], content_type, context.get("list_title", ""),
                          context.get("list_date", ""))
    if "error" in result:
        return {"error": result["error"]}
    outcome = {"is_report": result["is_report"], "verdict": result["verdict"], "fetch": []}
    if result["is_report"] and with_attachments and "document" not in result:
        outcome["fetch"] = attachments.fetchable(result["attachments"], result.get("year"))
    return outcome


def encode(body: bytes, context: dict, content_type: str, fetched: list[dict], round_id: str = "") -> bytes:
    """One page for the writer; ``round_id``: the crawl round it was fetched in, whose crawl log it goes to."""
    return zlib.compress(pickle.dumps({"body": body, "context": context, "content_type": content_type,
                                       "fetched": fetched, "round": round_id}, protocol=pickle.HIGHEST_PROTOCOL), 1)


def decode(payload: bytes) -> dict:
    return pickle.loads(zlib.decompress(payload))


class HandoffPipeline(ReportPipeline):
    """``ReportPipeline`` for workers: reads each page and fetches its attachments as the crawl does, then hands
    the page to the writer instead of storing it (workers never open the database)."""

    job = staticmethod(read_for_handoff)

    def __init__(self, crawler):
        super().__init__(crawler)
        self.redis = connect(crawler.settings.get("GOVREPORTS_REDIS_URL"))
        self.keys = Keys(crawler.settings.get("GOVREPORTS_REDIS_PREFIX"))

    async def process_item(self, item):
        if not isinstance(item, ReportPage):
            return item
        context = page_context(item, self.registry_names.get(item.site))
        result = await self._process(self.job, item.body, context, item.content_type, bool(self.files_dir))
        self._drop_unless_report(item, result)
        fetched = await self._fetch_attachments(item, result["fetch"])
        stats = self.crawler.stats
        stats.inc_value("govreports/files_handed_off", sum(one["body"] is not None for one in fetched))
        self.redis.rpush(self.keys.items, encode(item.body, context, item.content_type, fetched,
                                                 rounds.current_round(self.redis, self.keys)))
        stats.inc_value("govreports/handed_off")
        item.extraction = {"handed_off": True, "verdict": result["verdict"], "attachments": len(fetched)}
        return item
