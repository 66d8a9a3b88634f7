"""The ``reports`` spider: ``scrapy crawl reports -a start_urls=URL[,URL…]``."""

from govreports.crawl.spiders.base import PortalSpider


class ReportsSpider(PortalSpider):
    """Any portal, any CMS family: discovery reads the family's pager on its own."""

    name = "reports"
