"""What a fetch that produced no item becomes: a blocked page (403, 412, 521), a robots.txt refusal, a redirect
chain past the limit, a file past the size limit, a known report now gone, a failed list API or any other error.

Each is reported with the ``crawl_outcome`` signal (for the crawl log) and, most of them, counted in the crawl's
stats. Blocked pages are recorded, never bypassed. ``FetchOutcomes`` is mixed into ``PortalSpider``; it is kept
apart so the politeness and blocking rules read in one place (``make mutation`` runs them).
"""

from __future__ import annotations

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response

from govreports.crawl.blocked import BLOCKED_STATUSES
from govreports.crawl.signals import crawl_outcome
from govreports.store.pages import GONE_STATUSES


class FetchOutcomes:
    """The spider's reports of fetches that produced no item; mixed into a ``scrapy.Spider``, whose ``crawler``
    and ``logger`` it uses."""

    #: URLs of reports earlier crawls stored: a 404/410 there means gone (the spider fills it when it starts).
    _known_reports: set[str]

    def _api_failed(self, response: Response, message: str):
        self.logger.error("list API %s failed: %s", response.url, message)
        self._outcome(response.url, response.status, "error", f"list API: {message}", stat="govreports/errors")

    def _outcome(self, url: str, status: int, outcome: str, message: str, stat: str = "") -> None:
        """A fetch that produced no item, for the crawl log (``crawl_outcome``) and, with ``stat``, the counts."""
        if stat:
            self.crawler.stats.inc_value(stat)
        self.crawler.signals.send_catch_log(signal=crawl_outcome, url=url, status=status, outcome=outcome,
                                            message=message[:300])

    def _blocked(self, response: Response) -> bool:
        reason = BLOCKED_STATUSES.get(response.status)
        if reason is None:
            return False
        self.logger.warning("%s answered %s (%s): recorded as blocked, not bypassed", response.url,
                            response.status, reason)
        self._outcome(response.url, response.status, "blocked", reason, stat="govreports/blocked")
        return True

    def on_error(self, failure):
        request = failure.request
        if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            self._outcome(request.url, 0, "robots-forbidden", "forbidden by robots.txt, not fetched")
            return
        chain = request.meta.get("redirect_urls") or []
        if failure.check(IgnoreRequest) and "max redirections" in str(failure.value):
            # logged under the URL the list linked to, which is what a re-crawl would ask for again
            self._outcome(chain[0] if chain else request.url, 0, "too_many_redirects",
                          f"{len(chain)} redirects, the last to {request.url}", stat="govreports/errors")
            return
        if failure.check(DownloadCancelledError):
            self._outcome(request.url, 0, "too_large", str(failure.value), stat="govreports/too_large")
            return
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else 0
        if status in GONE_STATUSES and request.url in self._known_reports:
            self.logger.info("known report %s answers %d: marked gone", request.url, status)
            self._outcome(request.url, status, "gone", f"HTTP {status}", stat="govreports/reports_gone")
            return
        message = f"{type(failure.value).__name__}: {failure.value}"  # _outcome cuts it for the log
        retry_after = response.headers.get("Retry-After") if response is not None else None
        if retry_after:  # the wait it asked for was past GOVREPORTS_RETRY_AFTER_MAX, or the retries ran out
            message += f" (asked to retry after {retry_after.decode('latin-1')})"
        self.logger.warning("failed %s: %s", request.url, message)
        self._outcome(request.url, status, "error", message, stat="govreports/errors")
