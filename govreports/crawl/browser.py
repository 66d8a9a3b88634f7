"""The opt-in browser: list pages of chosen sites rendered in headless Chromium (scrapy-playwright).

Some portals build their report lists with a script no list reader understands. For those sites only
(``GOVREPORTS_BROWSER_SITES``: site origins such as ``https://www.example.gov.cn``, or ``*`` for every site of
the crawl) portal, section and column pages are fetched by Debian's ``chromium`` through scrapy-playwright,
and the rendered DOM is read like any other list page. Report pages and attachments are still fetched by
Scrapy's own downloader.

Nothing of this is loaded when no site asks for it: ``BrowserAddon`` installs scrapy-playwright's download
handler only then, so the default crawl starts no Node.js driver and no browser and is as fast as before.
Playwright never downloads a browser of its own: the executable is ``GOVREPORTS_CHROMIUM`` or the first of
``chromium`` / ``chromium-browser`` / ``google-chrome`` on PATH; none found is a clear error at start.

What the browser may do is narrowed: requests to another host than the page's, and images, fonts, media and
style sheets, are aborted (a list needs none of them; the page's own list script and its data are kept).
The navigation itself goes through Scrapy's downloader middlewares, so robots.txt, Crawl-delay and the
site's download slot apply as to any other request.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from govreports.crawl import discovery

_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Flags for a batch browser on a closed network: no background traffic, no component or sync updates (they
# would only be refused), no GPU. --no-sandbox only when running as root, where Chromium refuses to start
# with its sandbox.
_FLAGS = ["--headless=new", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
_NOT_NEEDED = frozenset(["image", "font", "media", "stylesheet"])
#: How long a rendered page may keep loading its list (ms): networkidle waits for the list script's own fetch.
RENDER_TIMEOUT_MS = 30_000


def browser_sites(settings: BaseSettings) -> frozenset[str]:
    """The site origins (scheme://host[:port]) whose list pages are rendered; ``*`` stands for every site."""
    value = settings.get("GOVREPORTS_BROWSER_SITES") or ()
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    return frozenset("*" if site.strip() == "*" else discovery.site_of(site.strip()) for site in value)


def renders(sites: frozenset[str], site: str) -> bool:
    return bool(sites) and ("*" in sites or site in sites)


class BrowserUnavailable(RuntimeError):
    """A site asks for a browser and none can be run: the crawl must not go on without it silently."""


def find_chromium(settings: BaseSettings) -> str:
    configured = settings.get("GOVREPORTS_CHROMIUM") or ""
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise BrowserUnavailable(f"GOVREPORTS_CHROMIUM={configured} is not an executable file")
        return configured
    for name in _CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise BrowserUnavailable("a site asks for a browser (GOVREPORTS_BROWSER_SITES) but no chromium is installed: "
                        "install Debian's chromium (`make install` does) or set GOVREPORTS_CHROMIUM")


def page_meta() -> dict:
    """The request meta that makes scrapy-playwright render a list page and wait for its list to arrive."""
    from scrapy_playwright.page import PageMethod

    return {"playwright": True,
            "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle", timeout=RENDER_TIMEOUT_MS)]}


def abort_request(request) -> bool:
    """scrapy-playwright's PLAYWRIGHT_ABORT_REQUEST: keep the navigation and same-host script traffic only."""
    if request.is_navigation_request():
        return False
    if request.resource_type in _NOT_NEEDED:
        return True
    try:
        page_url = request.frame.url
    except Exception:  # a request of a frame that is already gone
        return True
    if not page_url.startswith(("http://", "https://")):
        return False
    return not discovery.same_site(request.url, page_url) or urlsplit(request.url).scheme not in ("http", "https")


class BrowserAddon:
    """Turns the browser on for a crawl whose settings name browser sites, and leaves everything as is otherwise."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not browser_sites(settings):
            return
        chromium = find_chromium(settings)
        handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
        handlers.update(http=_HANDLER, https=_HANDLER)
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="addon")
        flags = [*_FLAGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
        settings.set("PLAYWRIGHT_BROWSER_TYPE", "chromium", priority="addon")
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", {"executable_path": chromium, "headless": True, "args": flags},
                     priority="addon")
        settings.set("PLAYWRIGHT_ABORT_REQUEST", abort_request, priority="addon")
        # one page at a time: a rendered list costs a renderer process (~100 MB); lists are few per site
        settings.set("PLAYWRIGHT_MAX_CONTEXTS", 1, priority="addon")
        settings.set("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", 1, priority="addon")
        settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", RENDER_TIMEOUT_MS, priority="addon")
