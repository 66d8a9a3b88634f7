"""The site registry, ``sites.toml``: the portals a scheduled ``govreports crawl --all`` visits.

One table per site, named by the site::

    [sites.guangzhou]
    start_urls = ["https://www.gz.gov.cn/zwgk/ndbg/"]
    region = "440100"          # free text: a GB/T 2260 code or a place name
    delay = 2.0                # seconds between requests to this site (a floor under AutoThrottle)
    concurrency = 1            # requests at once to this site
    browser = false            # list pages rendered in Chromium (GOVREPORTS_BROWSER_SITES)
    api_hosts = ["api.gz.gov.cn"]  # further hosts its list pages call (GOVREPORTS_API_HOSTS)

    [sites.guangzhou.settings] # any other Scrapy setting, for a crawl of this site
    DOWNLOAD_TIMEOUT = 120

Read with tomllib (``tomli`` on Python 3.10). Written by the small writer below rather than ``tomli-w``: the
registry holds strings, numbers, booleans and lists of them, and editing the file as text, a site's block at a
time, keeps the comments of every other site, which a parse-and-dump round trip would lose.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from govreports.crawl.discovery import site_of

# The environment variable naming the registry; otherwise it lies beside the database.
SITES_ENV = "GOVREPORTS_SITES"
SITES_FILE = "sites.toml"

# A name is a TOML bare key, so it needs no quoting and reads the same in the file, the CLI and the database.
NAME = re.compile(r"[A-Za-z0-9_-]+")
SITE_KEYS = ("start_urls", "region", "delay", "concurrency", "browser", "api_hosts", "settings")
_HEADER = re.compile(r"^\s*\[\s*sites\.([A-Za-z0-9_-]+)(\.settings)?\s*\]\s*(#.*)?$")


class RegistryError(ValueError):
    """A registry that cannot be used; the message names the file, and the line where one is known."""


@dataclass
class Site:
    name: str
    start_urls: list[str]
    region: str = ""
    delay: float | None = None
    concurrency: int | None = None
    browser: bool = False
    api_hosts: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    @property
    def origins(self) -> list[str]:
        """The download slots of this site's requests (the spider keys its slots by origin)."""
        return list(dict.fromkeys(site_of(url) for url in self.start_urls))

    def as_dict(self) -> dict:
        return {"name": self.name, "start_urls": self.start_urls, "region": self.region, "delay": self.delay,
                "concurrency": self.concurrency, "browser": self.browser, "api_hosts": self.api_hosts,
                "settings": self.settings}


def default_path(db: str | Path) -> Path:
    """``$GOVREPORTS_SITES``, or ``sites.toml`` beside the database."""
    return Path(os.environ.get(SITES_ENV) or Path(db).parent / SITES_FILE)


def load(path: str | Path) -> list[Site]:
    """The sites of a registry file, validated; a missing file is an empty registry."""
    path = Path(path)
    if not path.is_file():
        return []
    return parse(path.read_text("utf-8"), str(path))


def parse(text: str, where: str = SITES_FILE) -> list[Site]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:  # its message carries the line and column (a name twice, too)
        raise RegistryError(f"{where}: {error}") from None
    lines = text.splitlines()
    unknown = [key for key in data if key != "sites"]
    if unknown:
        raise RegistryError(f"{where}:{_line_of(lines, unknown[0])}: unknown top-level key {unknown[0]!r} "
                            "(sites are tables [sites.NAME])")
    sites = [_site(name, table, where, lines) for name, table in (data.get("sites") or {}).items()]
    # A site is its origins: the download slot (so its delay), and the site a fetch is counted for, are keyed
    # by origin, so two sites may not share one, let alone a URL.
    claimed: dict[str, str] = {}
    for site in sites:
        for url in site.start_urls:
            other = claimed.get(site_of(url))
            if other is not None and other != site.name:
                raise RegistryError(f"{where}:{_line_of(lines, url)}: {url} is claimed by two sites, {other!r} and "
                                    f"{site.name!r} (sites are told apart by scheme, host and port: "
                                    f"{site_of(url)})")
            claimed[site_of(url)] = site.name
    return sites


def _site(name: str, table, where: str, lines: list[str]) -> Site:
    at = f"{where}:{_header_line(lines, name)}: site {name!r}"
    if not isinstance(table, dict):
        raise RegistryError(f"{at}: must be a table [sites.{name}]")
    if not NAME.fullmatch(name):
        raise RegistryError(f"{at}: a name is letters, digits, '-' and '_'")
    for key in table:
        if key not in SITE_KEYS:
            raise RegistryError(f"{where}:{_key_line(lines, name, key)}: site {name!r}: unknown key {key!r} "
                                f"(known: {', '.join(SITE_KEYS)})")

    def wrong(key: str, what: str) -> RegistryError:
        return RegistryError(f"{where}:{_key_line(lines, name, key)}: site {name!r}: {key} must be {what}")

    urls = table.get("start_urls")
    if not isinstance(urls, list) or not urls or not all(isinstance(url, str) for url in urls):
        raise wrong("start_urls", "a non-empty list of URLs")
    for url in urls:
        check_url(url, f"{where}:{_line_of(lines, url)}: site {name!r}")
    region = table.get("region", "")
    if not isinstance(region, str):
        raise wrong("region", "a string")
    delay = table.get("delay")
    if delay is not None and (isinstance(delay, bool) or not isinstance(delay, (int, float))
                              or not math.isfinite(delay) or delay < 0):
        raise wrong("delay", "seconds, 0 or more")
    concurrency = table.get("concurrency")
    if concurrency is not None and (isinstance(concurrency, bool) or not isinstance(concurrency, int)
                                    or concurrency < 1):
        raise wrong("concurrency", "a whole number, 1 or more")
    browser = table.get("browser", False)
    if not isinstance(browser, bool):
        raise wrong("browser", "true or false")
    api_hosts = table.get("api_hosts", [])
    if not isinstance(api_hosts, list) or not all(isinstance(h, str) and h and "/" not in h for h in api_hosts):
        raise wrong("api_hosts", "a list of host names (no scheme, no path)")
    settings = table.get("settings", {})
    if not isinstance(settings, dict) or not all(key.isupper() for key in settings):
        raise wrong("settings", "a table of Scrapy settings (UPPER_CASE names)")
    return Site(name, list(urls), region, float(delay) if delay is not None else None, concurrency, browser,
                list(api_hosts), dict(settings))


def check_url(url: str, where: str) -> None:
    if not re.match(r"https?://[^/\s?#]+", url) or any(ch.isspace() for ch in url):
        raise RegistryError(f"{where}: not an http(s) URL: {url!r}")


def _header_line(lines: list[str], name: str) -> int | str:
    for number, line in enumerate(lines, 1):
        match = _HEADER.match(line)
        if match and match.group(1) == name and not match.group(2):
            return number
    return "?"


def _key_line(lines: list[str], name: str, key: str) -> int | str:
    if key == "settings":  # its own table, [sites.NAME.settings]
        return next((number for number, line in enumerate(lines, 1) if (match := _HEADER.match(line))
                     and match.group(1) == name and match.group(2)), _header_line(lines, name))
    start = _header_line(lines, name)
    if start == "?":
        return "?"
    for number in range(start, len(lines)):
        if _HEADER.match(lines[number]) or re.match(r"^\s*\[", lines[number]):
            break
        if re.match(rf"^\s*{re.escape(key)}\s*=", lines[number]):
            return number + 1
    return start


def _line_of(lines: list[str], text: str) -> int | str:
    return next((number for number, line in enumerate(lines, 1) if text in line), "?")


# --- what a crawl of registered sites is given --------------------------------------------------------------


def crawl_settings(sites: list[Site]) -> dict:
    """The per-site settings of one crawl of these sites: their names and origins, download slots (keyed by the
    origin the spider uses as its ``download_slot``), the origins rendered in a browser, and the further API
    hosts allowed."""
    slots = {}
    for site in sites:
        slot = {}
        if site.delay is not None:
            slot["delay"] = site.delay
        if site.concurrency is not None:
            slot["concurrency"] = site.concurrency
        if slot:
            slots.update({origin: dict(slot) for origin in site.origins})
    settings: dict = {"GOVREPORTS_REGISTRY_SITES": {site.name: site.origins for site in sites}}
    if slots:
        settings["DOWNLOAD_SLOTS"] = slots
    browser = [origin for site in sites if site.browser for origin in site.origins]
    if browser:
        settings["GOVREPORTS_BROWSER_SITES"] = browser
    api_hosts = {origin: list(site.api_hosts) for site in sites if site.api_hosts for origin in site.origins}
    if api_hosts:
        settings["GOVREPORTS_API_HOSTS"] = api_hosts
    return settings


def crawl_groups(sites: list[Site]) -> list[tuple[list[Site], dict]]:
    """Sites grouped by their own Scrapy settings, each group with the settings its crawler runs with.

    Sites without a ``settings`` table share one crawler; a site whose settings differ (a longer time-out, a
    different user agent) gets a crawler of its own, in the same process, since a Scrapy setting holds for a
    whole crawler. Per-site delays, concurrency, browser and API hosts need no crawler of their own."""
    groups: dict[str, list[Site]] = {}
    for site in sites:
        groups.setdefault(json.dumps(site.settings, sort_keys=True), []).append(site)
    return [(members, {**members[0].settings, **crawl_settings(members)}) for members in groups.values()]


def site_names(sites: list[Site]) -> dict[str, str]:
    """Origin -> registry name, for attributing fetches and reports to sites."""
    return {origin: site.name for site in sites for origin in site.origins}


# --- writing --------------------------------------------------------------------------------------------------


def add(path: str | Path, site: Site) -> None:
    """Append a site to the registry (created if missing); other entries are left as they are, comments too."""
    path = Path(path)
    text = path.read_text("utf-8") if path.is_file() else ""
    sites = parse(text, str(path)) if text else []
    if any(other.name == site.name for other in sites):
        raise RegistryError(f"{path}: a site named {site.name!r} is registered already (remove it first)")
    block = render(site)
    new_text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + block
    parse(new_text, str(path))  # the same checks as a hand edit: a URL of another site, a bad value
    write_atomic(path, new_text)


def remove(path: str | Path, name: str) -> None:
    """Drop a site's tables (and the comment lines directly above them); the rest of the file is kept."""
    path = Path(path)
    text = path.read_text("utf-8") if path.is_file() else ""
    # Found by its header, not by parsing: removing a site is how a registry it made invalid is mended.
    if _header_line(text.splitlines(), name) == "?":
        raise RegistryError(f"{path}: no site named {name!r}")
    write_atomic(path, without_site(text, name))


def without_site(text: str, name: str) -> str:
    """The registry text without a site's tables. A table begins at the comment lines directly above its
    header, so a site's comment goes with it and the next site's stays with that one."""
    lines = text.splitlines(keepends=True)
    starts = []  # (first line of the table's chunk, its header line)
    for number, line in enumerate(lines):
        if re.match(r"^\s*\[", line):
            first = number
            while first > 0 and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            starts.append((first, number))
    kept = lines[: starts[0][0]] if starts else lines
    for index, (first, header) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        match = _HEADER.match(lines[header])
        if not (match and match.group(1) == name):
            kept += lines[first:end]
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).lstrip("\n")


def render(site: Site) -> str:
    lines = [f"[sites.{site.name}]", f"start_urls = {_value(site.start_urls)}"]
    if site.region:
        lines.append(f"region = {_value(site.region)}")
    if site.delay is not None:
        lines.append(f"delay = {_value(site.delay)}")
    if site.concurrency is not None:
        lines.append(f"concurrency = {_value(site.concurrency)}")
    if site.browser:
        lines.append("browser = true")
    if site.api_hosts:
        lines.append(f"api_hosts = {_value(site.api_hosts)}")
    if site.settings:
        lines += ["", f"[sites.{site.name}.settings]"]
        lines += [f"{key} = {_value(value)}" for key, value in site.settings.items()]
    return "\n".join(lines) + "\n"


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_value(v)}" for k, v in value.items()) + "}"
    raise RegistryError(f"cannot write {value!r} to the registry")


def setting_value(text: str):
    """A ``--set NAME=VALUE`` value as TOML reads it (numbers, booleans, lists), else the text itself."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def write_atomic(path: Path, text: str) -> None:
    """Write beside the file and rename over it: a reader (a crawl starting) never sees half a registry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)  # mkstemp makes it 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
