"""AttachmentFetcher in process: every way an attachment fetch can end is a status, never an exception.

Downloads go to a fake engine; for robots.txt the fake engine runs the project's real robots.txt middleware,
so a Disallow line refuses the attachment as it would in a crawl.
"""

from __future__ import annotations

import logging

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from twisted.internet.error import ConnectionRefusedError

from govreports.crawl.attachment_fetcher import AttachmentFetcher
from govreports.crawl.middlewares import RobotsCrawlDelayMiddleware
from tests.crawl import SITE, FakeEngine, crawler_with_settings, run

PAGE = f"{SITE}/ndbg/2023.html"
PDF = b"%PDF-1.4 a report"


def _fetcher(answer, **settings) -> tuple[AttachmentFetcher, FakeEngine]:
    crawler = crawler_with_settings(**settings)
    crawler.engine = FakeEngine(answer)
    return AttachmentFetcher.from_crawler(crawler), crawler.engine


def _fetch(fetcher: AttachmentFetcher, url: str, name: str = "年报.pdf") -> dict:
    return run(fetcher.fetch({"url": url, "name": name}, SITE, PAGE))


def _served(files: dict[str, tuple[int, dict, bytes]]):
    """An answer function serving ``path -> (status, headers, body)``."""
    def answer(request: Request) -> Response:
        status, headers, body = files[request.url.removeprefix(SITE)]
        return Response(request.url, status=status, headers=headers, body=body, request=request)

    return answer


def test_an_attachment_is_fetched_on_the_reports_slot_with_its_limit():
    fetcher, engine = _fetcher(_served({"/files/a.pdf": (200, {"Content-Type": "application/pdf"}, PDF)}),
                               GOVREPORTS_ATTACHMENT_MAXSIZE=1000)
    fetched = _fetch(fetcher, f"{SITE}/files/a.pdf")
    assert fetched == {"url": f"{SITE}/files/a.pdf", "name": "年报.pdf", "status": "ok", "message": "", "body": PDF,
                       "content_type": "application/pdf", "etag": "", "last_modified": ""}
    (request,) = engine.requests
    assert request.meta["download_slot"] == SITE and request.meta["download_maxsize"] == 1000
    assert request.meta["role"] == "attachment"  # how the crawl log tells it from a page
    assert request.meta["download_warnsize"] == 0  # no warning below the limit: large files are normal here
    assert request.meta["dont_redirect"] and request.headers["Referer"] == PAGE.encode()


def test_an_attachment_without_name_or_content_type():
    fetcher, _ = _fetcher(_served({"/files/a.pdf": (200, {}, PDF)}))
    fetched = run(fetcher.fetch({"url": f"{SITE}/files/a.pdf"}, SITE, PAGE))
    assert (fetched["name"], fetched["content_type"], fetched["body"]) == ("", "", PDF)


def test_a_location_header_on_a_page_that_is_no_redirect_is_not_followed():
    fetcher, engine = _fetcher(_served({"/files/a.pdf": (200, {"Location": "/files/b.pdf"}, PDF)}))
    assert _fetch(fetcher, f"{SITE}/files/a.pdf")["body"] == PDF
    assert len(engine.requests) == 1


def test_a_request_ignored_for_another_reason_is_a_fetch_error():
    def ignored(request):
        raise IgnoreRequest()

    fetched = _fetch(_fetcher(ignored)[0], f"{SITE}/files/a.pdf")
    assert (fetched["status"], fetched["message"]) == ("fetch_error", "ignored")


def test_a_failed_fetch_is_logged_once(caplog):
    fetcher, _ = _fetcher(_served({"/gone.pdf": (404, {}, b"")}))
    with caplog.at_level(logging.WARNING, logger="govreports.crawl.attachment_fetcher"):
        _fetch(fetcher, f"{SITE}/gone.pdf")
    assert [r.getMessage() for r in caplog.records if r.name == "govreports.crawl.attachment_fetcher"] == [
        f"attachment {SITE}/gone.pdf: http_error (HTTP 404)"]


def test_a_long_error_message_is_cut_to_300_characters():
    def failing(request):
        raise ValueError("x" * 1000)

    fetched = _fetch(_fetcher(failing)[0], f"{SITE}/files/a.pdf")
    assert fetched["message"] == ("ValueError: " + "x" * 1000)[:300]


def test_a_robots_txt_disallowed_attachment_is_not_fetched():
    crawler = crawler_with_settings(GOVREPORTS_OBEY_CRAWL_DELAY=False)
    robots = _served({"/robots.txt": (200, {}, b"User-agent: *\nDisallow: /private/\n"),
                      "/files/a.pdf": (200, {}, PDF)})
    middleware = RobotsCrawlDelayMiddleware.from_crawler(crawler)

    async def download_through_robots(request: Request) -> Response:
        if not request.meta.get("dont_obey_robotstxt"):
            await middleware.process_request(request)  # raises IgnoreRequest for a Disallowed path
        fetched_urls.append(request.url)
        return robots(request)

    fetched_urls: list[str] = []
    crawler.engine = FakeEngine(robots)
    crawler.engine.download_async = download_through_robots
    fetcher = AttachmentFetcher.from_crawler(crawler)
    refused = _fetch(fetcher, f"{SITE}/private/a.pdf")
    allowed = _fetch(fetcher, f"{SITE}/files/a.pdf")
    assert (refused["status"], refused["body"]) == ("robots_forbidden", None)
    assert "robots.txt" in refused["message"]
    assert allowed["status"] == "ok"
    assert fetched_urls == [f"{SITE}/robots.txt", f"{SITE}/files/a.pdf"]


def test_redirects_are_followed_on_the_portal():
    fetcher, engine = _fetcher(_served({"/down?id=1": (302, {"Location": "/files/a.pdf"}, b""),
                                        "/files/a.pdf": (200, {}, PDF)}))
    fetched = _fetch(fetcher, f"{SITE}/down?id=1")
    assert (fetched["status"], fetched["body"]) == ("ok", PDF)
    assert [r.url for r in engine.requests] == [f"{SITE}/down?id=1", f"{SITE}/files/a.pdf"]


def test_a_redirect_off_the_portal_is_refused_before_it_is_fetched():
    fetcher, engine = _fetcher(_served({"/down?id=1": (302, {"Location": "http://cdn.elsewhere.test/a.pdf"}, b"")}))
    fetched = _fetch(fetcher, f"{SITE}/down?id=1")
    assert (fetched["status"], fetched["message"]) == ("offsite", "redirected to http://cdn.elsewhere.test/a.pdf")
    assert [r.url for r in engine.requests] == [f"{SITE}/down?id=1"]


def test_an_attachment_on_another_site_is_not_fetched():
    fetcher, engine = _fetcher(_served({}))
    fetched = _fetch(fetcher, "http://cdn.elsewhere.test/a.pdf")
    assert (fetched["status"], fetched["message"]) == ("offsite", "on another site: not fetched")
    assert engine.requests == []


def test_a_redirect_loop_ends():
    fetcher, engine = _fetcher(_served({"/a": (302, {"Location": "/b"}, b""), "/b": (302, {"Location": "/a"}, b"")}))
    fetched = _fetch(fetcher, f"{SITE}/a")
    assert fetched["status"] == "fetch_error" and "redirects" in fetched["message"]
    assert len(engine.requests) == 6


def test_a_file_past_the_size_limit_is_too_large():
    def too_large(request):
        raise DownloadCancelledError(f"Cancelling download of {request.url}: expected response size larger")

    for limit, words in [(2 * 1024 * 1024, "2 MB"), (100 * 1024 * 1024, "100 MB"), (300_000, "0.286 MB")]:
        fetcher, _ = _fetcher(too_large, GOVREPORTS_ATTACHMENT_MAXSIZE=limit)
        fetched = _fetch(fetcher, f"{SITE}/files/scan.pdf")
        assert (fetched["status"], fetched["message"]) == ("too_large", f"larger than the {words} limit: not kept")


def test_an_http_error_is_an_http_error():
    fetcher, _ = _fetcher(_served({"/gone.pdf": (404, {}, b"")}))
    gone = _fetch(fetcher, f"{SITE}/gone.pdf")
    assert (gone["status"], gone["message"], gone["body"]) == ("http_error", "HTTP 404", None)


@pytest.mark.parametrize("status, reason", [(403, "WAF"), (412, "瑞数"), (521, "加速乐")])
def test_an_anti_bot_wall_is_blocked_and_named(status, reason):
    fetcher, _ = _fetcher(_served({"/wall.pdf": (status, {}, b"<script>")}))
    wall = _fetch(fetcher, f"{SITE}/wall.pdf")
    assert (wall["status"], wall["body"]) == ("blocked", None)
    assert wall["message"].startswith(f"HTTP {status}: ") and reason in wall["message"]


def test_a_connection_error_is_a_fetch_error():
    def refused(request):
        raise ConnectionRefusedError("Connection was refused by other side")

    fetcher, _ = _fetcher(refused)
    fetched = _fetch(fetcher, f"{SITE}/files/a.pdf")
    assert fetched["status"] == "fetch_error" and fetched["message"].startswith("ConnectionRefusedError")


ETAG, LAST_MODIFIED = '"5f3a-1b2c"', "Tue, 01 Apr 2025 08:00:00 GMT"


def _validating(etag: str, last_modified: str, body: bytes = PDF):
    """A server holding one file with these validators, comparing them as RFC 9110 says: If-None-Match when the
    request carries one, else If-Modified-Since (here: the same date or later); 304 when they match."""
    def answer(request: Request) -> Response:
        asked_etag = request.headers.get("If-None-Match")
        asked_since = request.headers.get("If-Modified-Since")
        if asked_etag is not None:
            unchanged = asked_etag.decode() == etag
        else:
            unchanged = asked_since is not None and asked_since.decode() == last_modified
        headers = {"ETag": etag, "Last-Modified": last_modified}
        if unchanged:
            return Response(request.url, status=304, headers=headers, request=request)
        return Response(request.url, status=200, headers={**headers, "Content-Type": "application/pdf"}, body=body,
                        request=request)

    return answer


def _conditional_headers(request: Request) -> dict[str, str]:
    return {name: request.headers[name].decode() for name in ("If-None-Match", "If-Modified-Since")
            if name in request.headers}


@pytest.mark.parametrize("kept", [{"etag": ETAG, "last_modified": LAST_MODIFIED}, {"etag": ETAG, "last_modified": ""},
                                  {"etag": "", "last_modified": LAST_MODIFIED}, {"last_modified": LAST_MODIFIED}])
def test_a_kept_file_the_server_says_is_unchanged_is_not_downloaded_again(kept):
    fetcher, engine = _fetcher(_validating(ETAG, LAST_MODIFIED))
    fetched = run(fetcher.fetch({"url": f"{SITE}/files/a.pdf", "name": "年报.pdf", **kept}, SITE, PAGE))
    assert fetched == {"url": f"{SITE}/files/a.pdf", "name": "年报.pdf", "status": "not_modified", "message": "",
                       "body": None}
    (request,) = engine.requests
    assert _conditional_headers(request) == {
        name: kept[key] for name, key in (("If-None-Match", "etag"), ("If-Modified-Since", "last_modified"))
        if kept.get(key)}


@pytest.mark.parametrize("kept", [{"etag": '"old"', "last_modified": LAST_MODIFIED},
                                  {"etag": "", "last_modified": "Mon, 03 Mar 2025 08:00:00 GMT"}])
def test_a_kept_file_that_changed_comes_whole_with_its_new_validators(kept):
    fetcher, _ = _fetcher(_validating(ETAG, LAST_MODIFIED, body=b"%PDF-1.7 corrected"))
    fetched = run(fetcher.fetch({"url": f"{SITE}/files/a.pdf", "name": "年报.pdf", **kept}, SITE, PAGE))
    assert (fetched["status"], fetched["body"]) == ("ok", b"%PDF-1.7 corrected")
    assert (fetched["etag"], fetched["last_modified"]) == (ETAG, LAST_MODIFIED)  # kept beside the new file


@pytest.mark.parametrize("kept", [{}, {"etag": "", "last_modified": ""}, {"etag": None, "last_modified": None}])
def test_a_file_never_kept_is_asked_for_without_validators(kept):
    fetcher, engine = _fetcher(_validating(ETAG, LAST_MODIFIED))
    fetched = run(fetcher.fetch({"url": f"{SITE}/files/a.pdf", **kept}, SITE, PAGE))
    assert (fetched["status"], fetched["body"]) == ("ok", PDF)
    assert _conditional_headers(engine.requests[0]) == {}


def test_a_kept_file_behind_a_redirect_is_asked_for_with_its_validators():
    unchanged = _validating(ETAG, LAST_MODIFIED)

    def moved(request: Request) -> Response:
        if request.url.endswith("/down?id=1"):
            return Response(request.url, status=302, headers={"Location": "/files/a.pdf"}, request=request)
        return unchanged(request)

    fetcher, engine = _fetcher(moved)
    fetched = run(fetcher.fetch({"url": f"{SITE}/down?id=1", "etag": ETAG}, SITE, PAGE))
    # a download link that redirects to the file still earns the 304
    assert fetched["status"] == "not_modified" and len(engine.requests) == 2
