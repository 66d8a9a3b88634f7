"""The demo portal's HTTP server: one stdlib server per site directory, each on its own port.

    python -m govreports.demo.server [--root govreports/demo/portal] [--host 127.0.0.1] [--port 0] [--json]

prints ``NAME START_URL`` per site (or one JSON line ``{"sites": {...}, "urls": {...}}``) and serves until
SIGTERM/SIGINT. A site directory holds ``site.json`` (start path, charset, whether to send it), the pages
as raw bytes, and optionally ``_routes.json`` mapping method + path + parameters to files, for URLs such as
``/show.asp?id=12``. A request's parameters are its query string and its body together: an urlencoded form's
fields, or a JSON body's members, nested ones named by their dotted path (``pageNo``,
``customFilter.properties.0.value``; numbers and strings alike as text, true/false/null as JSON writes them).
A query or form parameter whose value is a JSON object also yields its members the same way
(``paramJson={"pageNo":2}`` gives ``paramJson.pageNo`` = ``2``). A route matches when the request has each of
its ``params`` with that value and each name in its optional ``present`` list with any value; the first match
in file order wins. A route may name the ``content_type`` to answer with (``application/json;charset=UTF-8``
as Java API servers send it) or a ``redirect`` instead of a file. Names starting with ``_`` and ``site.json``
are never served by path. Everything is indexed at start; a request touches one file.

Sites of one government on several hosts: a site whose site.json says ``"placeholders": true`` may hold
``{{demo-site:NAME}}`` in any text it serves (pages, scripts, JSON); the server replaces it with the base URL
of the site named NAME (``http://127.0.0.1:PORT``), which is only known when the ports are. A column page can
so name its search API on another site, and an API answer can hold absolute URLs of its own site.

Conditional requests are answered as real portals' nginx and TRS servers answer them
(``govreports.demo.conditional``): each file is sent with the validators its site.json names in
``"validators"`` (ETag and Last-Modified by default), and a request that names them gets 304 with no body.
A route may answer a ``status`` of its own instead of a file (410 for a page taken down).
``POST /_demo/reload`` reads the site directory again (tests change a site between two crawls).

``GET /_demo/requests`` answers the list of requests the site has served so far (``requests``: method and path
with query; ``answers``: the same with the status and the body's size), so tests can check what a crawl
fetched; ``arrived``: when each came in (seconds on the server's monotonic clock), so they can check
the gaps a crawler left between requests; with ``?times`` also ``times`` (seconds since the epoch); no page
links to it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from govreports.demo.conditional import not_modified, validators

DEFAULT_ROOT = Path(__file__).resolve().parent / "portal"
INDEX_FILES = ("index.shtml", "index.html", "index.htm")
REQUEST_LOG = "/_demo/requests"
RELOAD = "/_demo/reload"

_HTML = "text/html"
CONTENT_TYPES = {
    ".html": _HTML, ".htm": _HTML, ".shtml": _HTML, ".asp": _HTML, ".aspx": _HTML, ".jsp": _HTML,
    ".php": _HTML,
    ".xml": "text/xml", ".txt": "text/plain", ".css": "text/css", ".js": "application/javascript",
    ".json": "application/json", ".pdf": "application/pdf", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".wps": "application/kswps", ".ofd": "application/ofd", ".zip": "application/zip",
    ".rar": "application/x-rar",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
}
_CHARSET_TYPES = ("text/", "application/javascript", "application/json")
PLACEHOLDER = re.compile(rb"\{\{demo-site:([\w-]+)\}\}")


@dataclass(frozen=True)
class Route:
    method: str  # GET, POST or ANY
    path: str
    params: tuple[tuple[str, str], ...]
    file: Path | None
    redirect: str = ""  # answer 302 to this URL instead of serving a file (a download script sending you away)
    present: tuple[str, ...] = ()  # parameters the request must have, whatever their value
    content_type: str = ""  # instead of the one the file's suffix says
    status: int = 0  # answer this status (410 …) with no file


@dataclass
class Site:
    """Everything the handler needs about one site directory, read once at start."""

    name: str
    root: Path
    config: dict
    files: dict[str, Path] = field(default_factory=dict)  # URL path -> file, directory paths ending in "/"
    routes: list[Route] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)
    log_times: list[float] = field(default_factory=list)  # when each request of ``log`` arrived (time.time())
    answers: list[tuple[str, str, int, int]] = field(default_factory=list)  # method, path, status, body bytes
    arrived: list[float] = field(default_factory=list)  # time.monotonic() of each request in log, same order
    log_lock: threading.Lock = field(default_factory=threading.Lock)  # keeps log and arrived in step
    peers: dict[str, str] = field(default_factory=dict)  # site name -> base URL, for {{demo-site:NAME}}
    # path -> [(parameter names, {their values: [(position, route)]})]: a lookup per distinct set of
    # names instead of a scan, since a site can have thousands of /show.asp?id=N routes
    _by_path: dict[str, list[tuple[tuple[str, ...], dict[tuple[str, ...], list[tuple[int, Route]]]]]] = field(
        default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Site:
        root = root.resolve()
        config_file = root / "site.json"
        config = json.loads(config_file.read_text("utf-8")) if config_file.is_file() else {"start": "/"}
        site = cls(config.get("name") or root.name, root, config)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("_"))
            base = Path(dirpath)
            rel = base.relative_to(root).as_posix()
            url_dir = "/" if rel == "." else f"/{rel}/"
            for name in filenames:
                if name.startswith("_") or (base == root and name == "site.json"):
                    continue
                site.files[url_dir + name] = base / name
            index = next((base / n for n in INDEX_FILES if n in filenames), None)
            if index is not None:
                site.files[url_dir] = index
        routes_file = root / "_routes.json"
        if routes_file.is_file():
            for r in json.loads(routes_file.read_text("utf-8")):
                params = tuple((str(k), str(v)) for k, v in r.get("params", {}).items())
                site.routes.append(Route(r.get("method", "ANY").upper(), r["path"], params,
                                         root / r["file"] if "file" in r else None, r.get("redirect", ""),
                                         tuple(r.get("present", ())), r.get("content_type", ""), r.get("status", 0)))
        for position, route in enumerate(site.routes):
            names = tuple(sorted(k for k, _ in route.params))
            values = tuple(dict(route.params)[k] for k in names)
            groups = site._by_path.setdefault(route.path, [])
            table = next((t for n, t in groups if n == names), None)
            if table is None:
                table = {}
                groups.append((names, table))
            table.setdefault(values, []).append((position, route))
        return site

    def reload(self) -> None:
        """Read the site directory again, in place (the handler holds this object)."""
        fresh = Site.load(self.root)
        self.config, self.files, self.routes, self._by_path = fresh.config, fresh.files, fresh.routes, fresh._by_path

    def match(self, method: str, path: str, params: dict[str, str]) -> Route | None:
        """The first route (in file order) whose method fits and whose parameters the request all has."""
        best: tuple[int, Route] | None = None
        for names, table in self._by_path.get(path, ()):
            if not all(n in params for n in names):
                continue
            for position, route in table.get(tuple(params[n] for n in names), ()):
                if (route.method in ("ANY", method) and all(n in params for n in route.present)
                        and (best is None or position < best[0])):
                    best = (position, route)
                    break
        return best[1] if best else None

    def resolve(self, method: str, path: str, params: dict[str, str]) -> tuple[int, Path | str | None, Route | None]:
        """(200, file, route or None), (301 or 302, location, …) or (404, None, None)."""
        route = self.match("GET" if method == "HEAD" else method, path, params)
        if route is not None:
            if route.status:
                return route.status, None, route
            return (302, route.redirect, route) if route.redirect else (200, route.file, route)
        found = self.files.get(path)
        if found is not None:
            return 200, found, None
        if not path.endswith("/") and path + "/" in self.files:
            return 301, quote(path + "/"), None
        return 404, None, None

    def fill_placeholders(self, data: bytes, ctype: str) -> bytes:
        """{{demo-site:NAME}} -> NAME's base URL, in the text of a site that asks for it."""
        if not self.config.get("placeholders") or not ctype.startswith(_CHARSET_TYPES):
            return data
        return PLACEHOLDER.sub(lambda m: self.peers.get(m[1].decode(), m[0].decode()).encode(), data)

    def content_type(self, file: Path, route: Route | None = None) -> str:
        if route is not None and route.content_type:
            return route.content_type
        ctype = CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")
        if self.config.get("send_charset") and ctype.startswith(_CHARSET_TYPES):
            ctype += f"; charset={self.config.get('charset', 'utf-8')}"
        return ctype


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
            with self.site.log_lock:
                answer = {"requests": list(self.site.log), "arrived": list(self.site.arrived),
                          "answers": list(self.site.answers)}
                if "times" in params:  # server-side arrival times, for tests of how fast crawlers come
                    answer["times"] = list(self.site.log_times)
            payload = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self._send(200, payload, "application/json; charset=utf-8")
            return
        if path == RELOAD and self.command == "POST":
            self.site.reload()
            self._send(200, b"{}", "application/json")
            return
        with self.site.log_lock:
            self.site.log.append((self.command, self.path))
            self.site.log_times.append(time.time())
            self.site.arrived.append(time.monotonic())
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
            self.site.answers.append((self.command, self.path, status, len(data)))
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def request_params(query: str, body: bytes, content_type: str) -> dict[str, str]:
    """Query string and body as one flat dict of text values (see the module docstring)."""
    params = dict(parse_qsl(query, keep_blank_values=True))
    if body and content_type.startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="utf-8"))
    for name, value in list(params.items()):
        if value.startswith("{"):
            try:
                members = json.loads(value)
            except ValueError:
                continue
            if isinstance(members, dict):
                params.update(_flatten(members, name + "."))
    if body and content_type.startswith("application/json"):
        try:
            members = json.loads(body.decode("utf-8"))
        except ValueError:  # a broken body has no parameters; the routes decide what that gets
            members = None
        if isinstance(members, dict):
            params.update(_flatten(members, ""))
    return params


def _flatten(value, prefix: str) -> dict[str, str]:
    """JSON members by dotted path: {"a": {"b": [1]}} -> {"a.b.0": "1"}; strings as they are."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((str(i), v) for i, v in enumerate(value))
    else:
        return {prefix.rstrip("."): value if isinstance(value, str) else json.dumps(value)}
    out: dict[str, str] = {}
    for key, member in items:
        out.update(_flatten(member, f"{prefix}{key}."))
    return out


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
        return list(self.sites[name].log)

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
