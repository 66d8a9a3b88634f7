"""What a page's lists hold, and how report-like each link is: the evidence the spider's walk is steered by.

A column is judged by what it lists, not only by the words of the link that led there: a list whose links
mostly name reports or years is a report column; a list of agency names is a list of departments (in a
report column: their reports; on a portal page: their sub-sites). Links are scored for a best-first walk
(Scrapy request priority) from their text, their URL and the list around them. The words themselves live
in ``govreports.extract.classify``; this module only counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from govreports.crawl.discovery import Link
from govreports.extract import classify

# Path segments portals give report columns: ndbg (年度报告), nb / gknb / xxgknb (公开年报), ndbb, zfxxgknb …
_REPORT_PATH = re.compile(r"(?:^|[/_.-])(?:[a-z]{0,6}gknb|nb|ndbg|ndbb|gknianbao|nianbao|ndgzbg)(?=[/_.\-\d]|$)",
                          re.I)
# A list of reports or years: at least this many links, and this share of them.
MIN_LIST_LINKS = 2
MIN_REPORT_SHARE = 0.6
# A list of departments (or of their reports): agencies, reports and years make up at least half of it.
MIN_DEPARTMENT_SHARE = 0.5


@dataclass(frozen=True)
class ListCounts:
    """What one list of a page holds."""

    links: int = 0
    reports: int = 0  # links that name a report (政府信息公开工作年度报告, 教育局年报 …)
    years: int = 0  # year sub-columns (2019年度, 2017年报, 2021)
    agencies: int = 0  # agency names alone (县教育局, 某某镇人民政府)

    @property
    def report_share(self) -> float:
        """The share of the list's links that name reports or years."""
        return (self.reports + self.years) / self.links if self.links else 0.0

    @property
    def department_share(self) -> float:
        """The share of the list's links that name reports, years or agencies."""
        return (self.reports + self.years + self.agencies) / self.links if self.links else 0.0

    @property
    def lists_reports(self) -> bool:
        return self.links >= MIN_LIST_LINKS and self.report_share >= MIN_REPORT_SHARE

    @property
    def lists_years(self) -> bool:
        """Mostly years (2019年度, 2020年 …): the year sub-columns of a report column."""
        return self.years >= MIN_LIST_LINKS and self.years / self.links >= MIN_REPORT_SHARE

    @property
    def lists_departments(self) -> bool:
        return self.agencies >= 1 and self.department_share >= MIN_DEPARTMENT_SHARE


def count_lists(links: list[Link]) -> dict[int, ListCounts]:
    """Per list of the page (``Link.group``; the links a JSON list reader reads share group -1), what its links
    name."""
    tallies: dict[int, list[int]] = {}
    for link in links:
        tally = tallies.setdefault(link.group, [0, 0, 0, 0])
        tally[0] += 1
        if classify.names_year(link.text):
            tally[2] += 1
        elif classify.names_report_column(link.text):
            pass  # a column's own name, in the nav beside its list
        elif classify.link_may_be_report(link.text, in_report_column=True):
            tally[1] += 1
        elif classify.names_agency(link.text):
            tally[3] += 1
    return {group: ListCounts(*tally) for group, tally in tallies.items()}


def lists_reports(counts: dict[int, ListCounts]) -> bool:
    """The page holds a list whose links mostly name reports or years: it is a report column."""
    return any(list_counts.lists_reports for list_counts in counts.values())


def report_url(url: str) -> bool:
    """The URL's path names a report column or report (…/xxgknb/…, …/ndbg/…)."""
    return bool(_REPORT_PATH.search(urlsplit(url).path))


def link_score(link: Link, counts: ListCounts | None = None) -> int:
    """How report-like a link is, for the order of the walk (higher first): its text, its URL and its list."""
    text = link.text
    if classify.names_report_column(text):
        score = 60
    elif classify.names_report(text):
        score = 50
    elif classify.names_year(text):
        score = 40
    elif classify.names_disclosure_section(text):
        score = 20
    elif classify.names_agency(text):
        score = 10
    else:
        score = 0
    if report_url(link.url):
        score += 20
    if counts is not None:
        score += round(20 * counts.report_share)
    return score
