"""What a crawl remembers while it walks: the pages it queued, the section pages each site spent, and the links
each list has shown.

These methods are all that reads or writes that memory, so a crawl of many workers keeps it in one shared place
by overriding them (``govreports.crawl.distributed.spider``); the walk itself (``spiders.base``) only asks.
"""

from __future__ import annotations


class CrawlMemory:
    """The crawl's memory, per process. Mixed into ``PortalSpider``, which sets ``max_section_pages``."""

    max_section_pages: int

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every column page repeats the pager and the sidebar links; Scrapy's dupefilter would drop the
        # repeats, but only after each went through the middlewares and the scheduler.
        self._queued: set[str] = set()
        # Section pages queued per site, against max_section_pages.
        self._section_pages: dict[str, int] = {}
        # The loop guard: every link each list has shown, keyed by the list's first page (ListRequest.called_from,
        # or the column page a pager started from).
        self._list_links: dict[str, set[str]] = {}

    def _resume_memory(self, state: dict) -> None:
        """With a JOBDIR, the spider's state is saved at the close and given back on resuming: the section pages
        spent go with it (what was queued is in Scrapy's own queue and duplicate filter)."""
        self._section_pages = state.setdefault("section_pages", self._section_pages)

    def _first_time(self, key: str) -> bool:
        if key in self._queued:
            return False
        self._queued.add(key)
        return True

    def _take_section_page(self, site: str) -> bool:
        """Spend one of the site's section pages; False once the budget is spent."""
        spent = self._section_pages.get(site, 0)
        if spent >= self.max_section_pages:
            return False
        self._section_pages[site] = spent + 1
        return True

    def _give_back_section_page(self, site: str) -> None:
        self._section_pages[site] -= 1

    def _shows_new_links(self, list_key: str, urls: set[str]) -> bool:
        """Whether ``urls`` hold a link the list (keyed by its first page) has not shown before; records them."""
        seen = self._list_links.setdefault(list_key, set())
        new = urls - seen
        seen |= new
        return bool(new)
