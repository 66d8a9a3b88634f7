"""The demo portal's HTTP server: one stdlib server per site directory, each on its own port.

    python -m govreports.demo.server [--root govreports/demo/portal] [--host 127.0.0.1] [--port 0] [--json]

prints ``NAME START_URL`` per site (or one JSON line ``{"sites": {...}, "urls": {...}}``) and serves until
SIGTERM/SIGINT. What a site directory holds and which file answers a request (routes, request parameters,
``{{demo-site:NAME}}`` placeholders for sites of one government on several hosts): ``govreports.demo.routing``.

Conditional requests are answered as real portals' nginx and TRS servers answer them
(``govreports.demo.conditional``): each file is sent with the validators its site.json names in
``"validators"`` (ETag and Last-Modified by default), and a request that names them gets 304 with no body.
``POST /_demo/reload`` reads the site directory again (tests change a site between two crawls).
``GET /_demo/requests`` answers what the site has served so far (``govreports.demo.request_log``), so tests
can check what a crawl fetched and when.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from govreports.demo.conditional import not_modified, validators
from govreports.demo.routing import Site, request_params

DEFAULT_ROOT = Path(__file__).resolve().parent / "portal"
REQUEST_LOG = "/_demo/requests"
RELOAD = "/_demo/reload"


class PortalHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every response carries Content-Length
    # Headers and body go out in two writes; with Nagle's algorithm on, the second waits for the client's
    # delayed ACK (~40 ms) and a kept-alive connection manages only ~25 requests a second.
    disable_nagle_algorithm = True
    timeout = 60  # an idle keep-alive connection frees its thread after this long
    site: Site  # set on the per-site subclass

    def log_message(self, format, *args):  # quiet: a crawl makes thousands of requests
        pass

    def version_string(self) -> str:
        return self.site.config.get("server", "demo-portal")

    def do_GET(self):
        self._serve()

    def do_HEAD(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def _serve(self) -> None:
        body = self._read_body()
        parts = urlsplit(self.path)
        path = unquote(parts.path) or "/"
        params = request_params(parts.query, body, self.headers.get("Content-Type", ""))
        if path == REQUEST_LOG and self.command == "GET":
            payload = json.dumps(self.site.log.answer(times="times" in params), ensure_ascii=False).encode("utf-8")
            self._send(200, payload, "application/json; charset=utf-8")
            return
        if path == RELOAD and self.command == "POST":
            self.site.reload()
            self._send(200, b"{}", "application/json")
            return
        self.site.log.arrive(self.command, self.path)
        status, target, route = self.site.resolve(self.command, path, params)
        if status == 301:
            location = target + (f"?{parts.query}" if parts.query else "")
            self._send(301, _page("301 Moved Permanently", "The document has moved."), "text/html",
                       {"Location": location})
        elif status == 302:
            self._send(302, _page("302 Found", "The document is elsewhere."), "text/html", {"Location": target})
        elif status == 200:
            try:
                data = target.read_bytes()
            except OSError:  # a route naming a file that is not there
                self._send(404, NOT_FOUND, "text/html")
                return
            ctype = self.site.content_type(target, route)
            data = self.site.fill_placeholders(data, ctype)
            sent = validators(self.site.config.get("validators", ""), target, data)
            if not_modified(self.headers, sent):
                self._send(304, b"", ctype, sent)
            else:
                self._send(200, data, ctype, sent)
        elif status != 404:
            phrase = HTTPStatus(status).phrase
            self._send(status, _page(f"{status} {phrase}", phrase), "text/html")
        else:
            self._send(404, NOT_FOUND, "text/html")

    def _read_body(self) -> bytes:
        # Always drain the body, or the next request on a kept-alive connection would start inside it.
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, data: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        if self.path not in (REQUEST_LOG, RELOAD):
            self.site.log.answered(self.command, self.path, status, len(data))
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _page(title: str, text: str) -> bytes:
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><h1>{title}</h1><p>{text}</p></body></html>".encode()


NOT_FOUND = _page("404 Not Found", "The requested URL was not found on this server.")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # crawlers open many connections at once; the default 5 drops some

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the client went away; nothing to report
        super().handle_error(request, client_address)


@dataclass
class PortalServer:
    """Running servers, one per site: ``urls`` (base URL) and ``start_urls`` by site name."""

    sites: dict[str, Site]
    servers: dict[str, ThreadingHTTPServer]
    urls: dict[str, str]
    start_urls: dict[str, str]
    threads: list[threading.Thread]

    def requests(self, name: str) -> list[tuple[str, str]]:
        """(method, path with query) of every request the site has served so far."""
        return list(self.sites[name].log.requests)

    def stop(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)

    def __enter__(self) -> PortalServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def site_dirs(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).iterdir() if (p / "site.json").is_file())


def start_portal(root: Path = DEFAULT_ROOT, host: str = "127.0.0.1", port: int = 0) -> PortalServer:
    """Start one server per site directory under ``root`` in daemon threads.

    ``port=0`` lets the OS choose each port; a non-zero ``port`` gives the sites port, port+1, … in
    sorted order. A directory that itself holds site.json, or that holds no site directories at all, is
    served as the only site (named after the directory; without site.json: start "/", no charset sent).
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"no such directory: {root}")
    dirs = [root] if (root / "site.json").is_file() else site_dirs(root) or [root]
    sites, servers, urls, start_urls, threads = {}, {}, {}, {}, []
    url_host = "127.0.0.1" if host in ("", "0.0.0.0") else host
    try:
        for i, directory in enumerate(dirs):
            site = Site.load(directory)
            site.peers = urls  # filled as the servers start, before any URL is handed out
            handler = type(f"Handler_{site.name}", (PortalHandler,), {"site": site})
            server = _Server((host, port + i if port else 0), handler)
            actual = server.server_address[1]
            sites[site.name], servers[site.name] = site, server
            urls[site.name] = f"http://{url_host}:{actual}"
            start_urls[site.name] = urls[site.name] + site.config.get("start", "/")
            name = f"demo-portal-{site.name}"
            thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
            thread.start()
            threads.append(thread)
    except BaseException:
        for server in servers.values():
            server.shutdown()
            server.server_close()
        raise
    return PortalServer(sites, servers, urls, start_urls, threads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govreports.demo.server",
                                     description="Serve the offline demo portal (one port per site).")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="directory of site directories")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="first port (0: let the OS choose)")
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of NAME URL lines")
    args = parser.parse_args(argv)

    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():  # signal handlers can only be set there
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    portal = start_portal(args.root, args.host, args.port)
    if args.json:
        print(json.dumps({"sites": portal.start_urls, "urls": portal.urls}, ensure_ascii=False))
    else:
        for name, url in portal.start_urls.items():
            print(f"{name} {url}")
    sys.stdout.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        portal.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
