"""What a demo site has answered, for tests and benchmarks to read at ``GET /_demo/requests`` (no page links to it).

The answer is one JSON object: ``requests``, the method and path with query of each request in order of arrival;
``answers``, the same with the status and the body's size, in order answered; ``arrived``, when each request came
in (seconds on the server's monotonic clock), so tests can check the gaps a crawler left between requests; with
``?times`` also ``times``, the same in seconds since the epoch (for figures across processes). The server's own
endpoints (this one and ``/_demo/reload``) are not logged.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class RequestLog:
    requests: list[tuple[str, str]] = field(default_factory=list)  # method, path with query
    times: list[float] = field(default_factory=list)  # time.time() of each request, same order
    arrived: list[float] = field(default_factory=list)  # time.monotonic() of each request, same order
    answers: list[tuple[str, str, int, int]] = field(default_factory=list)  # method, path, status, body bytes
    _lock: threading.Lock = field(default_factory=threading.Lock)  # keeps requests, times and arrived in step

    def arrive(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))
            self.times.append(time.time())
            self.arrived.append(time.monotonic())

    def answered(self, method: str, path: str, status: int, size: int) -> None:
        self.answers.append((method, path, status, size))

    def answer(self, times: bool = False) -> dict:
        """The ``/_demo/requests`` answer (see the module docstring)."""
        with self._lock:
            answer = {"requests": list(self.requests), "arrived": list(self.arrived), "answers": list(self.answers)}
            if times:  # server-side arrival times, for tests of how fast crawlers come
                answer["times"] = list(self.times)
        return answer
