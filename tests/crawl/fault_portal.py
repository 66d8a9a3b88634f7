"""A portal that misbehaves, one route per fault, in the manner of Scrapy's tests/mockserver.

The home page links a report column; every report on it meets one fault on the way (an overloaded server
asking to come back later, a redirect loop, a page nested past libxml2's depth limit, a hijacked page …).
A report page that survives its fault is an ordinary report of its own agency, so a test can tell from
the stored rows which faults were overcome. ``FaultPortal.hits`` counts the requests per path.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

YEAR = 2023
# Past libxml2's limit of 2,048 nested elements (lxml cuts the document there, silently).
DEEP_NESTING = 3000


def report_page(agency: str, *, head: str = "", before: str = "", after: str = "", title: str = "",
                nest: int = 0) -> bytes:
    """An annual report of ``agency``: the template's headings and a few sentences of each, ``before`` and
    ``after`` inside the content container around them, wrapped in ``nest`` levels of <div>."""
    title = title or f"{agency}{YEAR}年政府信息公开工作年度报告"
    body = (
        f"<p>本报告由{agency}依据《中华人民共和国政府信息公开条例》编制。</p>"
        f"<h3>一、总体情况</h3><p>{YEAR}年，{agency}坚持以公开为常态，主动公开政府信息一百二十条。</p>"
        "<h3>二、主动公开政府信息情况</h3><p>本年度主动公开规范性文件三件，政策解读十一篇。</p>"
        "<h3>三、收到和处理政府信息公开申请情况</h3><p>本年度收到政府信息公开申请四件，均按期答复。</p>"
        "<h3>四、政府信息公开行政复议、行政诉讼情况</h3><p>本年度未发生行政复议和行政诉讼。</p>"
        "<h3>五、存在的主要问题及改进情况</h3><p>公开内容的及时性有待提高，下一步将加强培训。</p>"
    )
    content = "<div>" * nest + before + body + after + "</div>" * nest
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
        f'<div class="nav"><a href="/">首页</a> &gt; <a href="/ndbg/">政府信息公开年报</a></div>'
        f'<div class="TRS_Editor">{content}</div></body></html>'
    ).encode()


def hijacked_title_page() -> bytes:
    """Spam in the title and a hidden block of gambling links: the page as its own CMS serves it, plus what
    the intruder injected where readers do not look."""
    hidden = "".join(f'<a href="http://www.am{n}-casino.example.com/">澳门赌场{n}</a>' for n in range(8))
    return report_page(
        "平安县人民政府", title=f"澳门赌场_娱乐城官网-平安县人民政府{YEAR}年政府信息公开工作年度报告",
        after=f'<div style="display:none">{hidden}</div>')


def hijacked_body_page() -> bytes:
    """Spam as a visible paragraph of the body with off-site links, under a clean title: the other shape."""
    spam = ("<p>博彩网站推荐：<a href='https://bet365-cn.example.net/'>真人博彩</a>，"
            "<a href='https://lottery.example.org/'>时时彩票平台</a>，"
            "<a href='https://fake.example.org/'>代办各类证件 办证</a>，代孕咨询。</p>")
    return report_page("宁远县统计局", before=spam)


class FaultHandler(BaseHTTPRequestHandler):
    """Dispatches on the path; ``server.hits`` counts requests per path, ``server.not_before`` holds when a
    Retry-After route lets a retry through."""

    server: _FaultServer

    def do_GET(self):
        parts = urlsplit(self.path)
        path, query = parts.path, dict(parse_qsl(parts.query))
        with self.server.lock:
            self.server.hits[path] += 1
        if path == "/":
            self._html(b'<html><head><title>fault county</title></head><body>'
                       b'<a href="/ndbg/">\xe6\x94\xbf\xe5\xba\x9c\xe4\xbf\xa1\xe6\x81\xaf\xe5\x85\xac\xe5\xbc\x80'
                       b'\xe5\xb9\xb4\xe6\x8a\xa5</a></body></html>')  # 政府信息公开年报
        elif path == "/ndbg/":
            self._html(self._column())
        elif path in ("/ndbg/retry-seconds.html", "/ndbg/retry-date.html"):
            self._retry_after(path, agency="东山县人民政府" if "seconds" in path else "西河县财政局",
                              status=503 if "seconds" in path else 429, http_date="date" in path)
        elif path == "/ndbg/retry-too-long.html":
            self._send(503, b"busy", headers={"Retry-After": "86400"})
        elif path == "/ndbg/loop-a.html":
            self._send(302, b"", headers={"Location": "/ndbg/loop-b.html"})
        elif path == "/ndbg/loop-b.html":
            self._send(302, b"", headers={"Location": "/ndbg/loop-a.html"})
        elif path == "/ndbg/endless.html":
            self._send(302, b"", headers={"Location": f"/ndbg/endless.html?n={int(query.get('n', 0)) + 1}"})
        elif path == "/ndbg/deep.html":
            self._html(report_page("北岭县农业农村局", nest=DEEP_NESTING))
        elif path == "/ndbg/refresh-js.html":
            self._html(report_page("南湖区教育局", head='<meta http-equiv="refresh" '
                                   'content="0;url=javascript:window.location.href=\'/\'">'))
        elif path == "/ndbg/refresh-http.html":  # a moved page: the refresh leads to the report
            self._html(b'<html><head><meta http-equiv="refresh" content="0;url=/ndbg/moved.html"></head>'
                       b'<body></body></html>')
        elif path == "/ndbg/moved.html":
            self._html(report_page("青山镇人民政府"))
        elif path == "/ndbg/hijacked-title.html":
            self._html(hijacked_title_page())
        elif path == "/ndbg/hijacked-body.html":
            self._html(hijacked_body_page())
        elif path == "/ndbg/hostile-links.html":
            self._html(report_page("石门县司法局", after=HOSTILE_LINKS))
        elif path == "/ndbg/embed.html":  # the report's PDF shown above its text, by a bare <embed>
            self._html(report_page("黄石县交通运输局", before='<p>报告原文：</p><embed src="/files/2023.pdf" '
                                   'type="application/pdf" width="100%" height="600">'))
        elif path == "/ndbg/cookie.html":
            self._html(report_page("白沙县民政局"), headers={
                "Set-Cookie": "JSESSIONID=abc; Domain=fault.gov.cn; Path=/"})
        else:
            self._send(404, b"not found")

    def _column(self) -> bytes:
        links = "".join(
            f'<li><a href="/ndbg/{name}.html">{agency}{YEAR}年政府信息公开工作年度报告</a></li>'
            for name, agency in COLUMN)
        return f'<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul>{links}</ul>' \
               '</body></html>'.encode()

    def _retry_after(self, path: str, agency: str, status: int, http_date: bool) -> None:
        """Busy until the moment its first answer named: a retry that comes sooner is refused again."""
        now = time.time()
        with self.server.lock:
            not_before = self.server.not_before.setdefault(path, now + (3 if http_date else 2))
        if now >= not_before:
            self._html(report_page(agency))
            return
        # HTTP-dates have whole seconds: the date is the moment rounded up, the number the seconds left.
        value = formatdate(int(not_before) + 1, usegmt=True) if http_date else str(int(not_before - now) + 1)
        self._send(status, b"busy, come back later", headers={"Retry-After": value})

    def _html(self, body: bytes, headers: dict | None = None) -> None:
        self._send(200, body, "text/html; charset=utf-8", headers)

    def _send(self, status: int, body: bytes, ctype: str = "text/plain", headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


# Links browsers run, in the spellings a blocklist of "javascript:" misses (WHATWG URL parsing strips ASCII
# tab and newline anywhere, leading C0 controls and spaces, and schemes are case-insensitive).
HOSTILE_LINKS = (
    '<p>附件：<a href="jav&#x09;ascript:alert(1)">报告全文</a>，<a href="java\nscript:alert(2)">统计表</a>，'
    '<a href="&#x01;javascript:alert(3)">解读</a>，<a href="VBScript:msgbox(4)">图解</a>，'
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==">问答</a>，'
    '<a href="/ndbg/real-attachment.html">原文</a>。</p>'
)

# (file name, agency of the report there)
COLUMN = (
    ("retry-seconds", "东山县人民政府"), ("retry-date", "西河县财政局"), ("retry-too-long", "北湖区卫健委"),
    ("loop-a", "南岭县水利局"), ("endless", "中和县商务局"), ("deep", "北岭县农业农村局"),
    ("refresh-js", "南湖区教育局"), ("refresh-http", "青山镇人民政府"), ("hijacked-title", "平安县人民政府"),
    ("hijacked-body", "宁远县统计局"), ("hostile-links", "石门县司法局"), ("embed", "黄石县交通运输局"),
    ("cookie", "白沙县民政局"),
)


class _FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.not_before: dict[str, float] = {}


class FaultPortal:
    """The server, started in a thread of the test process (the crawl runs in a subprocess)."""

    def __init__(self):
        self.server = _FaultServer()
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def hits(self) -> Counter[str]:
        return self.server.hits

    def __enter__(self) -> FaultPortal:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
