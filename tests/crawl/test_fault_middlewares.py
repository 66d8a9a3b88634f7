"""The downloader middlewares that meet faults, in process: Retry-After read in both forms, meta refresh only
to http(s), and cookies without a network lookup of the public suffix list."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from govreports.crawl.middlewares import WebMetaRefreshMiddleware, retry_after_seconds
from tests.crawl import crawler_with_settings, spider_with_crawler
from tests.paths import REPO

NOW = datetime(2026, 10, 21, 7, 27, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("value", "seconds"), [
    (b"120", 120.0), ("0", 0.0), (" 7 ", 7.0),
    ("Wed, 21 Oct 2026 07:28:00 GMT", 60.0),  # IMF-fixdate
    ("Wednesday, 21-Oct-26 07:28:30 GMT", 90.0),  # RFC 850
    ("Wed Oct 21 07:27:05 2026", 5.0),  # asctime
    ("Wed, 21 Oct 2026 07:00:00 GMT", 0.0),  # a date past: at once
    (None, None), (b"", None), ("soon", None), ("-5", None), ("1.5", None),
])
def test_retry_after_in_both_forms(value, seconds):
    assert retry_after_seconds(value, NOW) == seconds


def _refresh(content: str) -> tuple[Request, HtmlResponse]:
    request = Request("http://portal.test/ndbg/a.html")
    body = f'<html><head><meta http-equiv="refresh" content="{content}"></head><body>正文</body></html>'
    return request, HtmlResponse(request.url, body=body.encode(), encoding="utf-8", request=request)


@pytest.mark.parametrize("target", ["javascript:location.href='/'", "jav&#x09;ascript:go()", "vbscript:x",
                                    "data:text/html,<p>x</p>", "file:///etc/passwd"])
def test_a_refresh_to_anything_but_http_is_no_move(target):
    spider = spider_with_crawler()
    middleware = WebMetaRefreshMiddleware.from_crawler(spider.crawler)
    request, response = _refresh(f"0;url={target}")
    assert middleware.process_response(request, response) is response


def test_a_refresh_to_an_http_page_is_followed():
    spider = spider_with_crawler()
    middleware = WebMetaRefreshMiddleware.from_crawler(spider.crawler)
    request, response = _refresh("0; URL=/ndbg/moved.html")
    followed = middleware.process_response(request, response)
    assert isinstance(followed, Request) and followed.url == "http://portal.test/ndbg/moved.html"


def test_the_project_replaces_scrapys_middlewares_at_their_places():
    middlewares = crawler_with_settings().settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["govreports.crawl.middlewares.RetryAfterMiddleware"] == 550
    assert middlewares["govreports.crawl.middlewares.OfflineCookiesMiddleware"] == 700
    assert middlewares["govreports.crawl.middlewares.WebMetaRefreshMiddleware"] == 580
    for scrapys in ("retry.RetryMiddleware", "cookies.CookiesMiddleware", "redirect.MetaRefreshMiddleware"):
        assert middlewares[f"scrapy.downloadermiddlewares.{scrapys}"] is None


# A fresh process with an empty tldextract cache (so a list would have to come from somewhere), and every
# name lookup and connection recorded and refused: the first cookie with a Domain makes Scrapy's cookie
# middleware ask tldextract whether the domain is a public suffix.
_COOKIES = textwrap.dedent("""
    import json, socket, sys
    attempts = []
    def refuse(*args, **kwargs):
        attempts.append(repr(args[:1]))
        raise OSError("no network in this test")
    socket.getaddrinfo = refuse
    socket.create_connection = refuse
    socket.socket.connect = lambda self, address: refuse(address)

    from importlib import import_module
    from scrapy import Request
    from scrapy.http import Response
    from tests.crawl import crawler_with_settings

    module, name = sys.argv[1].rsplit(".", 1)
    crawler = crawler_with_settings()
    middleware = getattr(import_module(module), name).from_crawler(crawler)
    first = Request("http://www.fault.gov.cn/ndbg/a.html")
    answer = Response(first.url, headers={"Set-Cookie": "JSESSIONID=abc; Domain=fault.gov.cn; Path=/"},
                      request=first)
    middleware.process_response(first, answer)
    second = Request("http://www.fault.gov.cn/ndbg/b.html")
    middleware.process_request(second)
    print(json.dumps({"attempts": attempts, "cookie": second.headers.get("Cookie", b"").decode()}))
""")


def _cookie_run(middleware: str, cache_dir) -> dict:
    env = {"TLDEXTRACT_CACHE": str(cache_dir), "PATH": "/usr/bin:/bin", "HOME": str(cache_dir)}
    run = subprocess.run([sys.executable, "-c", _COOKIES, middleware], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_cookies_need_no_network_for_the_public_suffix_list(tmp_path):
    ours = _cookie_run("govreports.crawl.middlewares.OfflineCookiesMiddleware", tmp_path / "ours")
    assert ours == {"attempts": [], "cookie": "JSESSIONID=abc"}


def test_scrapys_own_cookie_middleware_would_go_to_the_network(tmp_path):
    # the counterpart, so the guard above is known to catch the attempt
    scrapys = _cookie_run("scrapy.downloadermiddlewares.cookies.CookiesMiddleware", tmp_path / "scrapys")
    assert scrapys["attempts"] and scrapys["cookie"] == "JSESSIONID=abc"
