"""A distributed crawl's bookkeeping: the rows a single-process crawl's ``CrawlLog`` writes (its ``crawls`` row,
the crawl log, ``crawl_sites``), carried through Redis to the one writer, which alone opens the database.

A *round* is one crawl of the shared queue: the seeder that finds no crawl under way starts one (``start_round``),
and every seeder adds its start URLs and sites to the current one (``add_to_round``). Workers hand over each
crawl-log row as they log it, stamped in Redis with the round current at that moment (``SharedCrawlLog``), add
their figures to the round's summary when they stop, and the one that stops because the whole crawl was idle
marks the round finished. The writer (``govreports ingest``, ``Bookkeeper``) stores the rows under the round's
``crawls`` row (opened with the first of them; its ``process`` says ``distributed <round>``, so no ``status``
takes it for a crawl killed with its process), logs each report page it stores with the verdict of its store,
as the single-process crawl logs it, and closes the round: its end and reason, the summed figures, and
``crawl_sites`` counted from the log as a single crawl counts them. It closes a round once the round is
finished, nothing of it is left to take, and every worker has stopped (or ``CLOSE_GRACE`` seconds have passed
since the finish: a worker killed outright never counts itself out). An ``ingest`` that runs before that
stores what is there and leaves the row running; the next one closes it.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import redis

from govreports import store
from govreports.crawl.distributed.keys import Keys
from govreports.crawl.extensions.crawl_log import now
from govreports.store import crawl_sites, crawls

#: Seconds after a round was marked finished past which its writer closes it even with workers not counted out.
CLOSE_GRACE = 60.0
_BATCH = 1000  # crawl-log rows taken from Redis per transaction

# KEYS: current round, log list; ARGV: the row (JSON). The round current when the row is logged, atomically.
_PUSH_LOG = """
local round = redis.call('GET', KEYS[1])
if not round then return 0 end
return redis.call('RPUSH', KEYS[2], round .. ' ' .. ARGV[1])
"""


# --- seeders and workers ------------------------------------------------------------------------------------------


def start_round(server: redis.Redis, keys: Keys) -> str:
    """A new round becomes the current one. A new round starts only when nothing is waiting or leased, so the
    last one's work is over whatever workers still run (they go on with the new one): one that never heard its
    end (its workers were stopped or killed as it ran dry) ends now, as ``shutdown``, and no worker is waited
    for. Round ids sort as the rounds started (milliseconds, then a counter for rounds of one millisecond), and
    so do their crawl ids."""
    previous = current_round(server, keys)
    if previous:
        _finish(server, keys, previous, "shutdown")
        server.delete(keys.round_workers(previous))
    round_id = f"{time.time_ns() // 1_000_000:012x}{server.incr(keys.round_sequence) % 16**6:06x}"
    server.hset(keys.round(round_id), "started_at", now())
    server.sadd(keys.rounds, round_id)
    server.set(keys.current_round, round_id)
    return round_id


def add_to_round(server: redis.Redis, keys: Keys, start_urls: list[str], sites: dict[str, list[str]],
                 api_hosts: dict[str, str]) -> str:
    """A seeder's start URLs and the sites they are counted under (``crawl_log.crawl_sites_of``)."""
    round_id = current_round(server, keys) or start_round(server, keys)
    if start_urls:
        server.rpush(keys.round_start_urls(round_id), *start_urls)
    for name, origins in sites.items():
        server.hset(keys.round_sites(round_id), name, json.dumps(origins))
    for host, name in api_hosts.items():
        server.hset(keys.round_api_hosts(round_id), host, name)
    return round_id


def current_round(server: redis.Redis, keys: Keys) -> str:
    return (server.get(keys.current_round) or b"").decode()


def worker_opened(server: redis.Redis, keys: Keys) -> str:
    """The round a starting worker counts itself into ("" before any seeder started one)."""
    round_id = current_round(server, keys)
    if round_id:
        server.incr(keys.round_workers(round_id))
    return round_id


def worker_closed(server: redis.Redis, keys: Keys, joined: str, summary: dict, reason: str) -> None:
    """A stopping worker's figures, added to the round's; ``finished`` (the crawl was idle) ends the round."""
    round_id = current_round(server, keys) or joined
    if not round_id:
        return
    for name, value in summary.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if isinstance(value, int):
            server.hincrby(keys.round_summary(round_id), name, value)
        else:
            server.hincrbyfloat(keys.round_summary(round_id), name, value)
    if joined:
        server.decr(keys.round_workers(joined))
    if reason == "finished":
        _finish(server, keys, round_id, reason)


def _finish(server: redis.Redis, keys: Keys, round_id: str, reason: str) -> None:
    if server.hsetnx(keys.round(round_id), "finished_at", now()):
        server.hset(keys.round(round_id), "reason", reason)


class LogPusher:
    """Hands a worker's crawl-log rows to the writer, each under the round current when it was logged."""

    def __init__(self, server: redis.Redis, keys: Keys):
        self.keys = keys
        self.push = server.register_script(_PUSH_LOG)

    def __call__(self, row: dict) -> None:
        self.push(keys=[self.keys.current_round, self.keys.log], args=[json.dumps(row, ensure_ascii=False)])


# --- the writer ---------------------------------------------------------------------------------------------------


class Bookkeeper:
    """The writer's side: crawl-log rows into the database under their round's ``crawls`` row, and rounds closed."""

    def __init__(self, server: redis.Redis, keys: Keys, db_path: str):
        self.redis = server
        self.keys = keys
        self.db_path = db_path
        self.db = None
        self.crawl_ids: dict[str, int] = {}
        self.page_rows: list[tuple[str, dict]] = []  # (round, row) of the pages the writer stored
        self.logged = 0
        self.closed: list[int] = []

    def log_page(self, round_id: str, context: dict, result: dict) -> None:
        """The crawl-log row of a page the writer stored or turned down, as ``CrawlLog`` writes it."""
        if not round_id:
            return
        if "error" in result:
            outcome, message = "unreadable", str(result["error"])[:300]
        elif result["is_report"]:
            outcome, message = "report", result.get("stored", "")
        else:
            outcome, message = "decoy", str(result.get("verdict", ""))[:300]
        status = (context.get("page") or {}).get("status", 200)
        self.page_rows.append((round_id, {"url": context["url"], "status": status, "outcome": outcome,
                                          "message": message, "fetched_at": context.get("fetched_at") or now()}))

    def take_log(self) -> None:
        """The workers' rows waiting in Redis and the writer's own, into ``crawl_log``. A row is taken off the
        list only once committed (a writer killed in between logs it again; the lock keeps other writers out)."""
        while True:
            entries = self.redis.lrange(self.keys.log, 0, _BATCH - 1)
            rows = [*self.page_rows, *(_parse(entry) for entry in entries)]
            self.page_rows = []
            if not rows:
                return
            for round_id in sorted({round_id for round_id, _ in rows}):  # crawl ids in the order rounds started
                self._crawl_id(round_id)
            store.log_fetches(self._db(), [{**row, "crawl_id": self._crawl_id(round_id)} for round_id, row in rows])
            self.logged += len(rows)
            if entries:
                self.redis.ltrim(self.keys.log, len(entries), -1)
            if len(entries) < _BATCH:
                return

    def close_rounds(self) -> None:
        """Close every finished round whose work is all in (call with nothing left to take)."""
        if self.redis.llen(self.keys.items) or self.redis.llen(self.keys.ingesting) or self.redis.llen(self.keys.log):
            return
        for member in sorted(self.redis.smembers(self.keys.rounds)):
            round_id = member.decode()
            info = {k.decode(): v.decode() for k, v in self.redis.hgetall(self.keys.round(round_id)).items()}
            if "finished_at" not in info or not self._all_stopped(round_id, info["finished_at"]):
                continue
            crawl_id = self._crawl_id(round_id)
            sites = {name.decode(): json.loads(origins)
                     for name, origins in self.redis.hgetall(self.keys.round_sites(round_id)).items()}
            api_hosts = {host.decode(): name.decode()
                         for host, name in self.redis.hgetall(self.keys.round_api_hosts(round_id)).items()}
            summary = {name.decode(): _number(value)
                       for name, value in self.redis.hgetall(self.keys.round_summary(round_id)).items()}
            crawl_sites.record(self._db(), crawl_id, sites, api_hosts)
            store.finish_crawl(self._db(), crawl_id, info["finished_at"], info.get("reason", "finished"), summary)
            self.closed.append(crawl_id)
            self.redis.srem(self.keys.rounds, round_id)
            self.redis.delete(*self.keys.round_bookkeeping(round_id))

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def _all_stopped(self, round_id: str, finished_at: str) -> bool:
        if int(self.redis.get(self.keys.round_workers(round_id)) or 0) <= 0:
            return True
        return (datetime.now(timezone.utc) - datetime.fromisoformat(finished_at)).total_seconds() > CLOSE_GRACE

    def _crawl_id(self, round_id: str) -> int:
        """The round's ``crawls`` row, opened with its start and start URLs the first time the round is seen."""
        if round_id not in self.crawl_ids:
            process = f"{crawls.DISTRIBUTED} {round_id}"
            row = self._db().execute("SELECT id FROM crawls WHERE process = ?", [process]).fetchone()
            if row is None:
                started_at = (self.redis.hget(self.keys.round(round_id), "started_at") or now().encode()).decode()
                start_urls = [url.decode() for url in self.redis.lrange(self.keys.round_start_urls(round_id), 0, -1)]
                row = (store.start_crawl(self._db(), started_at, list(dict.fromkeys(start_urls)), process=process),)
            self.crawl_ids[round_id] = row[0]
        return self.crawl_ids[round_id]

    def _db(self):
        if self.db is None:
            self.db = store.open_db(self.db_path)
            crawl_sites.ensure_schema(self.db)
        return self.db


def _parse(entry: bytes) -> tuple[str, dict]:
    round_id, _, row = entry.decode("utf-8").partition(" ")
    return round_id, json.loads(row)


def _number(value: bytes) -> int | float:
    text = value.decode()
    return int(text) if text.lstrip("-").isdigit() else float(text)
