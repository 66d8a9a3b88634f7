"""The compliance view's rows, computed by SQLite and streamed: memory stays flat whatever the database holds.

One row per agency (``reports.agency_key``) and report year, from the agency's first report year to the last
year its site(s) cover: the first publication (date, URL, title) and how many reports it had that year, or
none (missing when the deadline has passed). The statistics' year-over-year changes come from the reports'
``stats_summary`` through ``json_each`` and a window function, largest first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from govreports.coverage.deadlines import LATE, MISSING, ON_TIME, deadline, status

# Reports whose agency and year are known, without their bodies; optionally one site (registry name, origin
# or site name). Materialised once: every later step reads this narrow copy, not the reports table.
_SELECTED = """
selected AS MATERIALIZED (
  SELECT agency_key, agency, site, NULLIF(site_name, '') AS site_name, year,
         NULLIF(published_at, '') AS published_at, version, changed_at, url, title
  FROM reports WHERE year IS NOT NULL AND COALESCE(agency_key, '') != ''
    AND {site_filter}
)"""

_COVERAGE_SQL = """
WITH {selected},
published AS MATERIALIZED (
  -- per agency and year, in one pass: its first published report (SQLite takes the bare columns from the row of
  -- the one MIN), how many reports it had, and how many of them were changed after publication
  SELECT agency_key, year, MIN(COALESCE(published_at, '~')) AS published_at, COUNT(*) AS reports,
         SUM(version > 1) AS revised_reports, url, title, agency, site, version, changed_at
  FROM selected GROUP BY agency_key, year
),
-- a site's name as its pages give it (a report that is only a file has none), and the last year it covers
sites AS (SELECT site, COALESCE(MAX(site_name), site) AS site_name, MAX(year) AS last_year FROM selected GROUP BY site),
agency_last AS (
  SELECT a.agency_key, MAX(l.last_year) AS last_year
  FROM (SELECT DISTINCT agency_key, site FROM selected) a JOIN sites l ON l.site = a.site GROUP BY a.agency_key
),
-- the agency as last spelt, on its latest site (the bare columns of the row of MAX(year))
agencies AS (SELECT agency_key, agency, site, MAX(year) AS latest FROM published GROUP BY agency_key),
first_years AS (SELECT agency_key, MIN(year) AS first_year FROM published GROUP BY agency_key),
years(year) AS (
  SELECT MIN(year) FROM published UNION ALL SELECT year + 1 FROM years WHERE year < (SELECT MAX(year) FROM published)
)
SELECT a.agency_key, a.agency, n.site_name, y.year, COALESCE(p.reports, 0),
       CASE WHEN p.published_at = '~' THEN '' ELSE COALESCE(p.published_at, '') END,
       COALESCE(p.version, 0), COALESCE(p.revised_reports, 0),
       CASE WHEN p.version > 1 THEN p.changed_at ELSE '' END, COALESCE(p.url, ''), COALESCE(p.title, '')
FROM agencies a JOIN first_years f ON f.agency_key = a.agency_key JOIN agency_last l ON l.agency_key = a.agency_key
JOIN sites n ON n.site = a.site
JOIN years y ON y.year BETWEEN f.first_year AND l.last_year
LEFT JOIN published p ON p.agency_key = a.agency_key AND p.year = y.year
WHERE :year IS NULL OR y.year = :year
ORDER BY n.site_name, a.agency, y.year
"""

COVERAGE_FIELDS = (
    "agency", "site_name", "year", "status", "published_at", "deadline", "days_late", "reports", "revised",
    "versions", "revised_at", "url", "title", "agency_key",
)


def _site_filter(db) -> str:
    """Reports of one site, named as the registry, the origin or the site name does (a database no registry
    crawl has written has no registry_site column)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(reports)")}
    registry = "registry_site = :site OR " if "registry_site" in columns else ""
    return f"(:site IS NULL OR {registry}site = :site OR site_name = :site)"


def _coverage_sql(db) -> str:
    return _COVERAGE_SQL.replace("{selected}", _SELECTED.replace("{site_filter}", _site_filter(db)))


def coverage_rows(db: sqlite_utils.Database | sqlite3.Connection, site: str | None = None, year: int | None = None,
                  today: date | None = None) -> Iterator[dict]:
    """Per agency and report year: its status against the legal deadline, as the rows come from SQLite
    (``db``: a sqlite-utils Database or a sqlite3 connection, as Datasette hands one)."""
    today = today or date.today()
    for key, agency, site_name, each_year, reports, published, versions, revised, revised_at, url, title in db.execute(
        _coverage_sql(db), {"site": site, "year": year}
    ):
        state, days_late = status(agency, each_year, published, reports, today)
        yield {
            "agency": agency, "site_name": site_name, "year": each_year, "status": state,
            "published_at": published, "deadline": deadline(agency, each_year).isoformat(), "days_late": days_late,
            "reports": reports, "revised": revised > 0, "versions": versions, "revised_at": revised_at,
            "url": url, "title": title, "agency_key": key,
        }


_CHANGES_SQL = """
WITH summaries AS (
  -- one summary per agency and year (the bare columns of one of its reports)
  SELECT agency_key, agency, year, stats_summary FROM reports
  WHERE year IS NOT NULL AND COALESCE(agency_key, '') != '' AND stats_summary IS NOT NULL
    AND {site_filter}
  GROUP BY agency_key, year
),
figures AS (
  SELECT s.agency_key, s.agency, s.year, j.key AS metric, j.value AS value
  FROM summaries s, json_each(s.stats_summary) j WHERE j.type = 'integer'
),
lagged AS (
  SELECT *, LAG(value) OVER w AS previous, LAG(year) OVER w AS previous_year FROM figures
  WINDOW w AS (PARTITION BY agency_key, metric ORDER BY year)
)
SELECT agency, metric, previous_year, year, previous, value, value - previous, agency_key FROM lagged
WHERE previous IS NOT NULL AND value != previous AND (:year IS NULL OR year = :year)
ORDER BY ABS(value - previous) DESC, agency, metric, year
LIMIT :limit
"""
CHANGE_FIELDS = ("agency", "metric", "previous_year", "year", "previous", "value", "change", "agency_key")


def statistics_changes(db: sqlite_utils.Database | sqlite3.Connection, site: str | None = None, year: int | None = None,
                       limit: int = 100) -> Iterator[dict]:
    """The statistics summary's changes from an agency's previous report to the next, largest first (``year``:
    the changes into that year)."""
    sql = _CHANGES_SQL.replace("{site_filter}", _site_filter(db))
    for row in db.execute(sql, {"site": site, "year": year, "limit": limit}):
        yield dict(zip(CHANGE_FIELDS, row, strict=True))


@dataclass
class Tally:
    """What the chart shows, counted while the rows stream past: per year, reports on time / late / with no
    date and missing; per site, reports and late ones."""

    by_year: dict[int, dict[str, int]] = field(default_factory=dict)
    by_site: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, row: dict) -> dict:
        year = self.by_year.setdefault(row["year"], {"on_time": 0, "late": 0, "no_date": 0, "missing": 0})
        site = self.by_site.setdefault(row["site_name"], {"published": 0, "late": 0, "missing": 0})
        if row["status"] == MISSING:
            year["missing"] += 1
            site["missing"] += 1
        elif row["reports"]:
            year[{ON_TIME: "on_time", LATE: "late"}.get(row["status"], "no_date")] += 1
            site["published"] += 1
            site["late"] += row["status"] == LATE
        return row


def tallied(rows: Iterator[dict], tally: Tally) -> Iterator[dict]:
    """The rows, unchanged, counted into ``tally`` as they pass."""
    return map(tally.add, rows)
