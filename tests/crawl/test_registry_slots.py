"""Registered sites' own settings in a crawler, in process: per-slot delays and concurrency (keyed by the origin
the spider gives as ``download_slot``), the delay as a floor under AutoThrottle, browser sites and API hosts,
and a site's own Scrapy settings between the project's and the command line's."""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader import Downloader

from govreports import registry
from govreports.crawl.run import project_settings, with_group_settings
from tests.crawl import SITE, crawler_with_settings, run
from tests.crawl.test_middlewares import _crawl_one_site

OTHER = "https://other.test:8443"


def _sites() -> list[registry.Site]:
    return [
        registry.Site("slow", [SITE + "/", SITE + "/ndbg/"], delay=3.0, concurrency=1),
        registry.Site("rendered", [OTHER + "/zwgk/"], browser=True, api_hosts=["api.other.test"]),
        registry.Site("plain", ["http://plain.test/"]),
    ]


def test_per_site_delay_and_concurrency_are_download_slots_keyed_by_origin():
    crawler = crawler_with_settings(**registry.crawl_settings(_sites()))
    assert crawler.settings.getdict("DOWNLOAD_SLOTS") == {SITE: {"delay": 3.0, "concurrency": 1}}

    async def slots():  # the downloader's handlers want a running loop
        downloader = Downloader(crawler)
        try:
            # the slot the spider's requests name (meta download_slot = the site's origin)
            _, slot = downloader._get_slot(Request(SITE + "/ndbg/1.html", meta={"download_slot": SITE}))
            _, other = downloader._get_slot(Request("http://plain.test/", meta={"download_slot": "http://plain.test"}))
            return slot, other
        finally:
            downloader._stop_slot_gc()

    slot, other = run(slots())
    assert (slot.delay, slot.concurrency) == (3.0, 1)
    assert other.delay == crawler.settings.getfloat("DOWNLOAD_DELAY")
    assert other.concurrency == crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")


def test_browser_sites_and_api_hosts_become_the_crawl_settings():
    crawler = crawler_with_settings(**registry.crawl_settings(_sites()))
    assert crawler.settings.getlist("GOVREPORTS_BROWSER_SITES") == [OTHER]
    assert crawler.settings.getdict("GOVREPORTS_API_HOSTS") == {OTHER: ["api.other.test"]}


def test_a_registered_delay_is_a_floor_under_autothrottle():
    slots = registry.crawl_settings([registry.Site("slow", [SITE + "/"], delay=3.0)])
    seen = run(_crawl_one_site("User-agent: *\n", **slots))
    assert seen.queued == [3.0] * 5
    assert seen.answered == [3.0] * 5  # AutoThrottle saw quick answers and would have gone down to 0
    assert seen.queued_jitter == [0.0] * 5


def test_the_registered_delay_holds_when_crawl_delay_is_not_obeyed_and_a_longer_crawl_delay_wins():
    slots = registry.crawl_settings([registry.Site("slow", [SITE + "/"], delay=3.0)])
    seen = run(_crawl_one_site("User-agent: *\nCrawl-delay: 5\n", GOVREPORTS_OBEY_CRAWL_DELAY=False, **slots))
    assert seen.answered == [3.0] * 5
    assert run(_crawl_one_site("User-agent: *\nCrawl-delay: 5\n", **slots)).answered == [5.0] * 5


def test_a_sites_own_settings_sit_over_the_project_and_under_the_command_line(tmp_path):
    base = project_settings(str(tmp_path / "g.db"), {"DOWNLOAD_TIMEOUT": "7"})
    own = with_group_settings(base, {"DOWNLOAD_TIMEOUT": 120, "RETRY_TIMES": 9})
    assert own.getint("DOWNLOAD_TIMEOUT") == 7  # -s on the command line wins
    assert own.getint("RETRY_TIMES") == 9
    assert base.getint("RETRY_TIMES") == 3  # the crawl's own settings are untouched


def test_sites_with_settings_of_their_own_get_a_crawler_of_their_own():
    sites = [*_sites(), registry.Site("patient", ["http://patient.test/"], settings={"DOWNLOAD_TIMEOUT": 300})]
    groups = registry.crawl_groups(sites)
    assert [[site.name for site in members] for members, _ in groups] == [["slow", "rendered", "plain"], ["patient"]]
    assert groups[0][1]["DOWNLOAD_SLOTS"] == {SITE: {"delay": 3.0, "concurrency": 1}}
    assert groups[1][1] == {"DOWNLOAD_TIMEOUT": 300, "GOVREPORTS_REGISTRY_SITES": {"patient": ["http://patient.test"]}}
