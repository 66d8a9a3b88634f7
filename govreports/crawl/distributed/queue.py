"""The shared request queue: scrapy-redis's priority queue, made reliable with leases.

scrapy-redis pops a request (ZRANGE + ZREMRANGEBYRANK), so a worker killed between the pop and the end of
the request's work loses it. Here a pop *leases* the request instead: it moves to a second sorted set scored
by its lease deadline (Redis's own clock, so workers' clocks never matter), with the queue score it came from.
A worker renews the leases of what it has in hand every third of the lease and acknowledges a request once its
work is done (its page read, its new requests queued, its report handed to the writer). A lease that runs out
(its worker died, or lost Redis for longer than the lease) is put back into the queue by the next pop of any
worker, with its old score. Each step is one Lua script, so two workers never take the same request.

Order: the queue's score is ``-priority`` (best-first, as Scrapy's scheduler) and, within one priority, the
order of arrival (a counter), so equal priorities are first in, first out as in the single-process crawl
(scrapy-redis's own queue orders them by the pickled bytes).
"""

from __future__ import annotations

from scrapy_redis.queue import Base

from govreports.crawl.distributed.keys import Keys

# Scores are doubles: priority × 1e10 + arrival keeps both exact for |priority| < 1e5 (link scores are < 200).
_PRIORITY_SPAN = 10**10
_PRIORITY_LIMIT = 10**5

_NOW_MS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: requests, sequence, leases, lease-scores; ARGV: priority, request, the lease it replaces ("" = none)
_PUSH = """
local n = redis.call('INCR', KEYS[2]) % SPAN
redis.call('ZADD', KEYS[1], -tonumber(ARGV[1]) * SPAN + n, ARGV[2])
if ARGV[3] ~= '' then
  redis.call('ZREM', KEYS[3], ARGV[3])
  redis.call('HDEL', KEYS[4], ARGV[3])
end
return n
""".replace("SPAN", str(_PRIORITY_SPAN))

# KEYS: requests, leases, lease-scores, reclaimed; ARGV: lease milliseconds
_POP = _NOW_MS + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
for _, member in ipairs(expired) do
  local score = redis.call('HGET', KEYS[3], member) or 0
  redis.call('ZREM', KEYS[2], member)
  redis.call('HDEL', KEYS[3], member)
  redis.call('ZADD', KEYS[1], score, member)
  redis.call('INCR', KEYS[4])
end
local top = redis.call('ZPOPMIN', KEYS[1])
if #top == 0 then return false end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), top[1])
redis.call('HSET', KEYS[3], top[1], top[2])
return top[1]
"""

# KEYS: leases; ARGV: lease milliseconds, the leased requests to renew
_RENEW = _NOW_MS + """
local renewed = 0
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i])
    renewed = renewed + 1
  end
end
return renewed
"""

# KEYS: leases, lease-scores; ARGV: leased requests done
_ACK = """
local done = 0
for i = 1, #ARGV do
  done = done + redis.call('ZREM', KEYS[1], ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i])
end
return done
"""

# KEYS: requests, leases, lease-scores; ARGV: leased requests to hand back now (a worker closing)
_RELEASE = """
local back = 0
for i = 1, #ARGV do
  if redis.call('ZREM', KEYS[2], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[3], ARGV[i]) or 0, ARGV[i])
    back = back + 1
  end
  redis.call('HDEL', KEYS[3], ARGV[i])
end
return back
"""


class LeasedPriorityQueue(Base):
    """A scrapy-redis queue (``SCHEDULER_QUEUE_CLASS``) whose pops are leases; see the module docstring.

    ``push(request, replaces=lease)`` queues a request that takes over a leased one (a redirect or a retry of
    it) and ends that lease in the same step; ``pop_leased(lease_seconds)`` gives ``(request, lease)``."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.keys = Keys(spider.settings.get("GOVREPORTS_REDIS_PREFIX"))
        self._push = server.register_script(_PUSH)
        self._pop = server.register_script(_POP)
        self._renew = server.register_script(_RENEW)
        self._ack = server.register_script(_ACK)
        self._release = server.register_script(_RELEASE)

    def __len__(self) -> int:
        """Requests waiting (leased ones are not: see ``leased``)."""
        return self.server.zcard(self.key)

    def leased(self) -> int:
        return self.server.zcard(self.keys.leases)

    def push(self, request, replaces: bytes = b"") -> None:
        priority = max(-_PRIORITY_LIMIT, min(_PRIORITY_LIMIT, request.priority))
        self._push(keys=[self.key, self.keys.sequence, self.keys.leases, self.keys.lease_scores],
                   args=[priority, self._encode_request(request), replaces])

    def pop(self, timeout=0):
        """scrapy-redis's interface; the scheduler uses ``pop_leased``."""
        raise NotImplementedError("a leased queue is popped with pop_leased")

    def pop_leased(self, lease_seconds: float):
        """``(request, lease)`` for the best waiting request (expired leases first go back), or ``(None, b"")``."""
        data = self._pop(keys=[self.key, self.keys.leases, self.keys.lease_scores, self.keys.reclaimed],
                         args=[int(lease_seconds * 1000)])
        if not data:
            return None, b""
        return self._decode_request(data), data

    def renew(self, leases: list[bytes], lease_seconds: float) -> int:
        if not leases:
            return 0
        return self._renew(keys=[self.keys.leases], args=[int(lease_seconds * 1000), *leases])

    def ack(self, *leases: bytes) -> int:
        if not leases:
            return 0
        return self._ack(keys=[self.keys.leases, self.keys.lease_scores], args=list(leases))

    def release(self, leases: list[bytes]) -> int:
        if not leases:
            return 0
        return self._release(keys=[self.key, self.keys.leases, self.keys.lease_scores], args=list(leases))

    def clear(self) -> None:
        self.server.delete(self.key, self.keys.leases, self.keys.lease_scores)
