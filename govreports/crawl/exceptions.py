"""Why a report page was dropped: the crawl log tells the two apart (``decoy``, ``unreadable``)."""

from scrapy.exceptions import DropItem


class NotAReport(DropItem):
    """The page was fetched and read, and it is not an annual report (a decoy)."""


class UnreadablePage(DropItem):
    """The page's bytes are not HTML text that can be read."""
