"""The downloader middlewares that meet faults and hostile pages, in process: meta refresh only to http(s), read
from the page's head in its own charset, and cookies without a network lookup of the public suffix list.
(Retry-After: test_retry_after.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from scrapy import Request, signals
from scrapy.core.engine import ExecutionEngine
from scrapy.http import HtmlResponse, Response, TextResponse

from govreports.crawl.middlewares import OfflineCookiesMiddleware, WebMetaRefreshMiddleware
from tests.crawl import crawler_with_settings, run, spider_with_crawler
from tests.paths import REPO

PAGE = "http://portal.test/ndbg/a.html"


def _middleware(**settings) -> WebMetaRefreshMiddleware:
    return WebMetaRefreshMiddleware.from_crawler(spider_with_crawler(settings=settings).crawler)


def _page(head: str | bytes, *, url: str = PAGE, headers: dict | None = None, meta: dict | None = None,
          cls=HtmlResponse, charset: str = "utf-8", body: str = "正文") -> tuple[Request, HtmlResponse]:
    """A page as the downloader hands it on (no encoding given: the response reads the declared one)."""
    request = Request(url, meta=meta or {})
    html = head if isinstance(head, bytes) else f"<html><head>{head}</head><body>{body}</body></html>".encode(charset)
    return request, cls(url, body=html, headers=headers, request=request)


def _refresh(content: str) -> tuple[Request, HtmlResponse]:
    return _page(f'<meta http-equiv="refresh" content="{content}">')


def _followed(answer) -> str:
    assert isinstance(answer, Request), answer
    return answer.url


@pytest.mark.parametrize("target", ["javascript:location.href='/'", "jav&#x09;ascript:go()", "vbscript:x",
                                    "data:text/html,<p>x</p>", "file:///etc/passwd"])
def test_a_refresh_to_anything_but_http_is_no_move(target):
    middleware = _middleware()
    request, response = _refresh(f"0;url={target}")
    assert middleware.process_response(request, response) is response
    assert middleware.crawler.stats.get_value("govreports/meta_refresh_not_followed") == 1


def test_a_refresh_to_an_http_page_is_followed():
    middleware = _middleware()
    request, response = _refresh("0; URL=/ndbg/moved.html")
    followed = middleware.process_response(request, response)
    assert _followed(followed) == "http://portal.test/ndbg/moved.html"
    # the crawl can tell a refresh from a 301, and where the move started
    assert followed.meta["redirect_reasons"] == ["meta refresh"] and followed.meta["redirect_urls"] == [PAGE]
    assert middleware.crawler.stats.get_value("govreports/meta_refresh_not_followed") is None


def test_a_followed_refresh_carries_the_page_as_referer():
    async def followed():
        crawler = spider_with_crawler().crawler
        crawler.engine = ExecutionEngine(crawler, lambda _: None)  # holds the spider middlewares, RefererMiddleware
        middleware = WebMetaRefreshMiddleware.from_crawler(crawler)
        crawler.signals.send_catch_log(signals.engine_started)
        return middleware.process_response(*_refresh("0;url=/ndbg/moved.html"))

    assert run(followed()).headers.get("Referer") == PAGE.encode()


def test_a_refresh_later_than_the_limit_is_a_page_not_a_move():
    middleware = _middleware(METAREFRESH_MAXDELAY=5)
    assert _followed(middleware.process_response(*_refresh("4;url=/ndbg/moved.html"))).endswith("/moved.html")
    for later in ("5", "6", "3600"):
        request, response = _refresh(f"{later};url=/ndbg/moved.html")
        assert middleware.process_response(request, response) is response


@pytest.mark.parametrize("case", ["dont_redirect", "not HTML", "file URL"])
def test_a_refresh_is_not_followed_from(case):
    # the attachment fetcher follows its own moves (dont_redirect); a refresh in a file or a text is no move;
    # Scrapy fetches local files too, which are no web page
    meta, cls, url = {}, HtmlResponse, PAGE
    if case == "dont_redirect":
        meta = {"dont_redirect": True}
    elif case == "not HTML":
        cls = TextResponse
    else:
        url = "file:///tmp/a.html"
    request, response = _page('<meta http-equiv="refresh" content="0;url=http://portal.test/b.html">',
                              url=url, meta=meta, cls=cls)
    assert _middleware().process_response(request, response) is response


@pytest.mark.parametrize("base, target, charset, expected", [
    ("http://portal.test/ndbg/2023/", "moved.html", "utf-8", "http://portal.test/ndbg/2023/moved.html"),
    ("/ndbg/", "../xxgk/moved.html", "utf-8", "http://portal.test/xxgk/moved.html"),
    # read in the page's charset, as browsers read it: a GBK page's base query stays GBK (a fragment keeps it)
    ("/list.jsp?col=年报", "#top", "gbk", "http://portal.test/list.jsp?col=%C4%EA%B1%A8#top"),
])
def test_a_relative_refresh_is_read_against_the_pages_base_url(base, target, charset, expected):
    request, response = _page(f'<base href="{base}"><meta http-equiv="refresh" content="0;url={target}">',
                              url="http://portal.test/index.html", headers={"Content-Type": f"text/html; charset={charset}"},
                              charset=charset)
    assert _followed(_middleware().process_response(request, response)) == expected


REFRESH_QUERY = '<meta http-equiv="refresh" content="0;url=/search.jsp?q=年报">'
GBK_QUERY = "http://portal.test/search.jsp?q=%C4%EA%B1%A8"  # 年报 in GBK, as a browser sends a GBK page's query
UTF8_QUERY = "http://portal.test/search.jsp?q=%E5%B9%B4%E6%8A%A5"


@pytest.mark.parametrize("head, headers, expected", [
    (REFRESH_QUERY, {"Content-Type": "text/html; charset=GBK"}, GBK_QUERY),  # in the header
    ('<meta charset="gb2312">' + REFRESH_QUERY, {"Content-Type": "text/html"}, GBK_QUERY),  # in the page
    ('<meta charset="utf-8">' + REFRESH_QUERY, {"Content-Type": "text/html; charset=gbk"}, GBK_QUERY),  # header first
    (REFRESH_QUERY, {}, UTF8_QUERY),  # none declared
    # a codec that is no charset, in the header or the page: read as UTF-8, and the page is not lost
    (REFRESH_QUERY, {"Content-Type": "text/html; charset=base64"}, UTF8_QUERY),
    ('<meta charset="rot13">' + REFRESH_QUERY, {}, UTF8_QUERY),
])
def test_a_refresh_is_read_in_the_charset_the_page_declares(head, headers, expected):
    charset = "gbk" if expected == GBK_QUERY else "utf-8"
    request, response = _page(head, headers=headers, charset=charset)
    assert _followed(_middleware().process_response(request, response)) == expected


def test_a_page_with_a_byte_order_mark_is_read_in_its_charset_whatever_the_header_says():
    # a BOM decides over the header, in browsers and in Scrapy's response.text
    refresh = '<meta http-equiv="refresh" content="0;url=/search.jsp?q=年">'  # 3 UTF-8 bytes: no GBK pair
    request, response = _page(b"\xef\xbb\xbf" + f"<html><head>{refresh}</head></html>".encode(),
                              headers={"Content-Type": "text/html; charset=gbk"})
    assert _followed(_middleware().process_response(request, response)) == "http://portal.test/search.jsp?q=%E5%B9%B4"


@pytest.mark.parametrize("charset", ["gbk", "utf-8"])
def test_bytes_the_charset_has_no_character_for_do_not_lose_the_page(charset):
    # A character cut at the end of the head read for a refresh, and a page whose bytes are not in the charset
    # it declares (a GBK page labelled base64, or none): replaced, and the refresh still found.
    before = f"<html><head>{REFRESH_QUERY}<!--".encode(charset)
    pad = "a" * ((4096 - len(before) - 1) % len("年".encode(charset)))  # the cut falls one byte into a 年
    filler = "<!--" + pad + "年" * 4096 + "-->"
    request, response = _page(REFRESH_QUERY + filler, headers={"Content-Type": f"text/html; charset={charset}"},
                              charset=charset)
    assert len(response.body) > 4096 and response.body[:4096].decode(charset, "replace").endswith("\ufffd")
    assert _followed(_middleware().process_response(request, response)).startswith("http://portal.test/search.jsp")
    for label in ("base64", ""):
        request, response = _page('<title>年报</title><meta http-equiv="refresh" content="0;url=/ndbg/moved.html">',
                                  headers={"Content-Type": f"text/html; charset={label}"}, charset="gbk")
        assert _followed(_middleware().process_response(request, response)) == "http://portal.test/ndbg/moved.html"


def test_a_refresh_inside_the_tags_the_settings_name_is_not_followed():
    # Scrapy's default: not in <noscript> (a browser running scripts never sees it)
    request, response = _page('<noscript><meta http-equiv="refresh" content="0;url=/nojs.html"></noscript>')
    assert _middleware().process_response(request, response) is response
    assert _followed(_middleware(METAREFRESH_IGNORE_TAGS=[]).process_response(request, response)).endswith("/nojs.html")


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


def _cookie_sent(middleware, set_by: str, domain: str, to: str) -> str:
    first = Request(set_by)
    middleware.process_response(first, Response(first.url, headers={"Set-Cookie": f"s=1; Domain={domain}; Path=/"},
                                                request=first))
    later = Request(to)
    middleware.process_request(later)
    return later.headers.get("Cookie", b"").decode()


@pytest.mark.parametrize("set_by, domain, to, sent", [
    ("http://www.fault.gov.cn/a.html", "fault.gov.cn", "http://xxgk.fault.gov.cn/b.html", "s=1"),  # its own domain
    ("http://www.fault.gov.cn/a.html", "gov.cn", "http://www.other.gov.cn/b.html", ""),  # a public suffix
    # a suffix on the list's private part (hosting whose users are different sites): as Scrapy's own reads it
    ("http://county.github.io/a.html", "github.io", "http://other.github.io/b.html", ""),
])
def test_a_cookie_for_a_public_suffix_reaches_no_other_site(set_by, domain, to, sent):
    # In process, the offline suffix list the middleware puts in Scrapy's cookie module (the test above shows
    # it needs no network); every other crawl in this process uses it too, as a crawl does.
    middleware = OfflineCookiesMiddleware.from_crawler(crawler_with_settings())
    assert _cookie_sent(middleware, set_by, domain, to) == sent
