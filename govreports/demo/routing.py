"""A demo site directory, and how the server finds the answer to a request in it.

A site directory holds ``site.json`` (start path, charset, whether to send it), the pages as raw bytes, and
optionally ``_routes.json`` mapping method + path + parameters to files, for URLs such as ``/show.asp?id=12``.
A request's parameters are its query string and its body together: an urlencoded form's fields, or a JSON body's
members, nested ones named by their dotted path (``pageNo``, ``customFilter.properties.0.value``; numbers and
strings alike as text, true/false/null as JSON writes them). A query or form parameter whose value is a JSON
object also yields its members the same way (``paramJson={"pageNo":2}`` gives ``paramJson.pageNo`` = ``2``).
A route matches when the request has each of its ``params`` with that value and each name in its optional
``present`` list with any value; the first match in file order wins. A route may name the ``content_type`` to
answer with (``application/json;charset=UTF-8`` as Java API servers send it), a ``redirect`` instead of a file,
or a ``status`` of its own (410 for a page taken down). Names starting with ``_`` and ``site.json`` are never
served by path. Everything is indexed at load; a request touches one file.

Sites of one government on several hosts: a site whose site.json says ``"placeholders": true`` may hold
``{{demo-site:NAME}}`` in any text it serves (pages, scripts, JSON); the server replaces it with the base URL
of the site named NAME (``http://127.0.0.1:PORT``), which is only known when the ports are. A column page can
so name its search API on another site, and an API answer can hold absolute URLs of its own site.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote

from govreports.demo.request_log import RequestLog

INDEX_FILES = ("index.shtml", "index.html", "index.htm")
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
    log: RequestLog = field(default_factory=RequestLog)  # what it answered, kept across reloads
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
