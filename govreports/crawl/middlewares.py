"""Downloader middlewares: Scrapy's own, each with the one thing it lacks for government portals."""

from __future__ import annotations

import codecs
import email.utils
import logging
from datetime import datetime, timezone
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares import cookies as scrapy_cookies
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from w3lib.html import get_base_url, get_meta_refresh

from govreports.crawl.discovery import offline_suffix_list, site_of
from govreports.extract.safe_urls import WEB_SCHEMES, url_scheme

logger = logging.getLogger(__name__)


class RobotsCrawlDelayMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, plus the Crawl-delay line Scrapy reads but never applies, and every
    request that arrives while its site's robots.txt is downloading checked against it (``robot_parser``).

    The delay (or the site's own from the registry, ``DOWNLOAD_SLOTS``, when that is longer) becomes the floor
    of the request's download slot: the slot is created with it, and it is restored after AutoThrottle (which
    adjusts slots when a response arrives) has lowered it. Such a slot gets no random jitter, which would
    otherwise shorten half of the gaps below what the site asked for.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self._obey_delay = crawler.settings.getbool("GOVREPORTS_OBEY_CRAWL_DELAY")
        self._delays: dict[str, float] = {}  # slot key -> Crawl-delay seconds
        # A registered site's delay is a floor too: AutoThrottle would otherwise lower it after one response.
        self._site_delays = {key: float(slot.get("delay") or 0.0)
                             for key, slot in crawler.settings.getdict("DOWNLOAD_SLOTS").items()}

    async def process_request(self, request: Request) -> None:
        await super().process_request(request)
        if request.meta.get("dont_obey_robotstxt"):
            # robots.txt itself (asking for its parser here would wait on it). Scrapy's request for it names no
            # download slot, so it would go through the host's slot beside the site's own (the spider's slot is
            # the site's origin): a request the site's delay does not space, and in a distributed crawl one per
            # worker, amid the other workers' pages. It goes in the site's slot.
            if urlsplit(request.url).path == "/robots.txt":
                request.meta.setdefault("download_slot", site_of(request.url))
            return
        if not (self._obey_delay or self._site_delays):
            return
        key = self.crawler.engine.downloader.get_slot_key(request)
        if key not in self._delays:
            crawl_delay = await self._crawl_delay(request)
            self._delays[key] = max(crawl_delay, self._site_delays.get(key, 0.0))
            if crawl_delay:
                logger.info("robots.txt of %s asks for Crawl-delay %.1fs", urlsplit(request.url).netloc, crawl_delay)
                self.crawler.stats.set_value(f"robotstxt/crawl_delay/{key}", crawl_delay)
        self._apply(key)

    def process_response(self, request: Request, response: Response) -> Response:
        self._apply(self.crawler.engine.downloader.get_slot_key(request))
        return response

    async def robot_parser(self, request: Request) -> RobotParser | None:
        """Scrapy's, except for a request that arrives while its site's robots.txt is still downloading.

        Scrapy (2.19; since scrapy/scrapy#6802) has every such request await the site's one Deferred through
        ``maybe_deferred_to_future``, and turning a Deferred into a Future consumes its result (Twisted's
        ``asFuture``: the Deferred goes on with None). So the first waiting request got the parser and every
        later one got None, which reads as "no robots.txt": allowed, whatever robots.txt says, and no refusal
        logged. Requests wait together whenever several for one host are handed out before its robots.txt is
        in: several start URLs of a site, a page's requests to a list API on a host not seen yet, a report's
        attachments on a file host, and above all a worker of a distributed crawl joining a shared queue that
        already holds a site's pages. Here each waiting request gets a Deferred of its own, fed by the site's
        one and leaving its result to the next."""
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        own: Deferred[RobotParser | None] = Deferred()

        def hand_on(parser: RobotParser | None) -> RobotParser | None:
            own.callback(parser)
            return parser

        pending.addCallback(hand_on)
        return await maybe_deferred_to_future(own)

    async def _crawl_delay(self, request: Request) -> float:
        """The Crawl-delay robots.txt asks of our user agent; 0 without one, or without a robots.txt."""
        if not self._obey_delay:
            return 0.0
        rp = await self.robot_parser(request)
        if rp is None:  # robots.txt could not be fetched: Scrapy then allows everything
            return 0.0
        # the user agent as Scrapy's own Disallow check takes it
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        return float(rp.crawl_delay(agent) or 0.0)

    def _apply(self, key: str) -> None:
        """The slot's delay back to at least the site's, without jitter; nothing for a slot without one."""
        delay = self._delays.get(key)
        if not delay:
            return
        downloader = self.crawler.engine.downloader
        # for the slot the downloader creates next (``_delays`` already holds the registered site's delay)
        downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0.0)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.jitter = 0.0
            slot.delay = max(slot.delay, delay)  # AutoThrottle may have raised it for a slow site: keep that



# The answers that may say when to come back (RFC 9110 §10.2.3): overloaded (503) and rate-limited (429).
RETRY_AFTER_STATUSES = frozenset([429, 503])


def retry_after_seconds(value: bytes | str | None, now: datetime) -> float | None:
    """The wait a ``Retry-After`` header asks for, in seconds from ``now`` (0 for a date past), or None when
    there is no header or it is neither form: delay-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2026
    07:28:00 GMT"; the obsolete RFC 850 and asctime forms too, as email.utils reads them)."""
    if not value:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP-dates are GMT; asctime carries no zone
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry middleware (which retries at once), waiting first as long as a 503 or 429 answer's
    ``Retry-After`` asks, up to ``GOVREPORTS_RETRY_AFTER_MAX`` seconds.

    An answer that asks for longer is not retried: it goes to the spider's errback as the failure it is, and
    the crawl log keeps the wait asked for. The wait holds only this request (its answer's middleware chain
    is awaited), so the crawl does not end while a retry is pending and the site's other pages go on at the
    site's pace; retries still count against ``RETRY_TIMES``.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("GOVREPORTS_RETRY_AFTER_MAX")

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if (response.status in RETRY_AFTER_STATUSES and response.status in self.retry_http_codes
                and not request.meta.get("dont_retry")):
            wait = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(timezone.utc))
            if wait is not None and wait > self.max_wait:
                logger.warning("%s answered %s with Retry-After %.0f s, more than GOVREPORTS_RETRY_AFTER_MAX "
                               "(%.0f s): not retried", request.url, response.status, wait, self.max_wait)
                self.crawler.stats.inc_value("govreports/retry_after_too_long")
                return response
            if wait:
                self.crawler.stats.inc_value("govreports/retry_after_waits")
                await sleep(wait)
        return super().process_response(request, response)


class OfflineCookiesMiddleware(CookiesMiddleware):
    """Scrapy's cookie middleware, telling public suffixes apart on the suffix list bundled with tldextract.

    Scrapy's module keeps a ``TLDExtract`` of its own with tldextract's defaults, which downloads the public
    suffix list from the internet, synchronously, the first time a response sets a cookie with a Domain. That
    instance is the one thing changed: it is swapped for the offline one when the middleware is made, so the
    cookie rules themselves stay Scrapy's."""

    @classmethod
    def from_crawler(cls, crawler):
        scrapy_cookies._split_domain = offline_suffix_list()
        return super().from_crawler(crawler)


class WebMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh middleware, following a refresh only to an http(s) URL, and reading only the
    head of the page to find it.

    ``<meta http-equiv="refresh" content="0;url=javascript:…">`` (a script in a refresh, as browsers read
    the scheme) made Scrapy build a request it cannot make, and the page was lost with a ValueError. Such a
    refresh is no move: the page is answered as it came, and read for what it holds. Scrapy's own lookup
    takes the first 4,096 characters of ``response.text``, which decodes (and keeps) the whole body: 50 MB
    for a 25 MB page of Chinese text. Here the first 4,096 bytes are decoded, in the charset the page declares
    (``_charset``), and a relative refresh is resolved against the page's ``<base href>``, as browsers (and
    Scrapy's lookup) do. Redirecting itself (the redirect limit, GET, the referer) stays Scrapy's."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        # (Scrapy's also passes over HEAD requests: their answers have no body, so no refresh to find.)
        if (request.meta.get("dont_redirect") or not isinstance(response, HtmlResponse)
                or url_scheme(request.url) not in WEB_SCHEMES):
            return response
        interval, url = self._refresh(response)
        if not url:
            return response
        if url_scheme(url) not in WEB_SCHEMES:
            self.crawler.stats.inc_value("govreports/meta_refresh_not_followed")
            return response
        if interval >= self._maxdelay:  # a page that refreshes itself later is a page, not a move
            return response
        return self._redirect(self._redirect_request_using_get(request, response, url), request, "meta refresh")

    def _refresh(self, response: HtmlResponse) -> tuple[float | None, str | None]:
        encoding = _charset(response)
        text = response.body[:_REFRESH_SCAN].decode(encoding, "replace")  # the cut may split a character
        # relative to the page's <base href> when it has one, as browsers resolve a refresh
        base = get_base_url(text, response.url, encoding)
        return get_meta_refresh(text, base, encoding, ignore_tags=self._ignore_tags)


def _charset(response: HtmlResponse) -> str:
    """The charset the page declares (its BOM, the Content-Type header, its meta: as Scrapy reads it for
    ``response.text``, without decoding the body), or UTF-8 when it declares none, or a codec that is no
    charset (base64, rot13, hex: w3lib resolves any codec name, and bytes cannot be decoded with those)."""
    declared = response._declared_encoding()
    if declared and codecs.lookup(declared)._is_text_encoding:
        return declared
    return "utf-8"


_REFRESH_SCAN = 4096  # bytes of a page's head searched for a refresh, as Scrapy searches characters
