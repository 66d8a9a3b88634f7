"""Exports for analysts: every report with its text and metadata (``export reports``), and one tidy table of
every statistics cell with its report's agency, region and year (``export stats``).

Rows are read from an SQLite cursor and written as they come: CSV and JSON Lines line by line, Parquet through
pyarrow in row groups of a fixed schema (so an empty export, or one with no money cells, has the same types).
Memory stays bounded by one row group whatever the size of the database.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import sqlite_utils

from govreports.disclosure_tables import SUMMARY_COUNTS
from govreports.store.db import REPORT_COLUMNS
from govreports.store.queries import clean_reports_where

FORMATS = ("csv", "jsonl", "parquet")


@dataclass(frozen=True)
class Export:
    """What one export writes: its columns in order and the Parquet type of each (``str``, ``int``, ``float``,
    ``bool``), and how many rows go into one Parquet row group."""

    columns: dict[str, type]
    row_group: int

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.columns)

    def arrow_schema(self):
        import pyarrow as pa

        types = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
        return pa.schema([(name, types[kind]) for name, kind in self.columns.items()])


# --- statistics cells ------------------------------------------------------------------------------------------

# The latest version of each report only: earlier versions' cells stay in report_stats for the record.
_STATS_SQL = """
SELECT s.report_url, r.title, r.agency, r.site_name, r.region_province, r.region_city, r.region_county,
       r.region_code, r.year, r.published_at, s.template, s.section, s.block, s.row_label, s.column_label,
       s.value, s.raw, r.stats_identity_ok
FROM report_stats s JOIN reports r ON r.url = s.report_url AND r.version = s.version
WHERE {where}
ORDER BY r.site, s.report_url, s.id
"""
STATS = Export(
    columns={**dict.fromkeys(("report_url", "title", "agency", "site_name", "region_province", "region_city",
                              "region_county", "region_code"), str),
             "year": int, "published_at": str,
             **dict.fromkeys(("template", "section", "block", "row_label", "column_label"), str),
             "value": float, "raw": str, "identity_ok": bool},
    row_group=10_000,  # cells are small
)
STATS_FIELDS = STATS.fields


def stats_rows(db: sqlite_utils.Database, flagged: bool = False) -> Iterator[dict]:
    """Every statistics cell of every report's current version, with the report's metadata; reports that look
    hijacked only with ``flagged``."""
    for row in db.execute(_STATS_SQL.format(where="1" if flagged else clean_reports_where("r"))):
        record = dict(zip(STATS_FIELDS, row, strict=True))
        value = record["value"]
        if isinstance(value, float) and value.is_integer():
            record["value"] = int(value)  # counts are stored as REAL next to money; give them back as ints
        if record["identity_ok"] is not None:
            record["identity_ok"] = bool(record["identity_ok"])
        yield record


# --- reports ---------------------------------------------------------------------------------------------------

# Left out: body_html (the same text again as markup, for display; the database keeps it) and the classifier's
# internals. stats_summary is flattened into SUMMARY_COUNTS + identity_ok; registry_site is the crawl's.
_REPORT_SKIPPED = {"body_html", "stats_summary"}
_REPORT_TYPES = {"stats_identity_ok": bool}
REPORTS = Export(
    columns={**{name: _REPORT_TYPES.get(name, kind) for name, kind in REPORT_COLUMNS.items()
                if name not in _REPORT_SKIPPED},
             "registry_site": str, **dict.fromkeys(SUMMARY_COUNTS, int), "identity_ok": bool},
    row_group=1_000,  # bodies are a few KB each: a row group holds a few MB
)
REPORT_FIELDS = REPORTS.fields
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ReportFilter:
    """Which reports to export: a site (its registry name, its name as printed, or its origin), the year the
    report covers, and reports new or changed since a date (``changed_at``, YYYY-MM-DD); reports that look hijacked
    only with ``flagged``."""

    site: str = ""
    year: int | None = None
    since: str = ""
    flagged: bool = False  # reports that look hijacked too (left out by default)

    def __post_init__(self):
        if self.since and not _DATE.fullmatch(self.since):
            raise ValueError(f"--since wants a date as YYYY-MM-DD, not {self.since!r}")

    def where(self) -> tuple[str, list]:
        clauses, params = [] if self.flagged else [clean_reports_where()], []
        if self.site:
            # on a database no registered crawl wrote to, registry_site is the SELECT's NULL alias (SQLite
            # resolves result aliases in WHERE)
            clauses.append("(registry_site = ? OR site_name = ? OR site = ?)")
            params += [self.site] * 3
        if self.year is not None:
            clauses.append("year = ?")
            params.append(self.year)
        if self.since:
            clauses.append("changed_at >= ?")  # ISO timestamps compare as text
            params.append(self.since)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def report_rows(db: sqlite_utils.Database, only: ReportFilter | None = None) -> Iterator[dict]:
    """Each report's current version, one dict per report with REPORT_FIELDS, read row by row."""
    have = db["reports"].columns_dict  # registry_site comes with the first crawl of registered sites
    stored = [name for name in REPORT_FIELDS if name not in SUMMARY_COUNTS and name != "identity_ok"]
    selected = ", ".join(f"[{name}]" if name in have else f"NULL AS [{name}]" for name in stored)
    where, params = (only or ReportFilter()).where()
    sql = (f"SELECT {selected}, stats_summary FROM reports{where} "
           "ORDER BY site, year, url")
    empty = dict.fromkeys(SUMMARY_COUNTS)
    for row in db.execute(sql, params):
        record = dict(zip(stored, row[:-1], strict=True))
        if record["stats_identity_ok"] is not None:
            record["stats_identity_ok"] = bool(record["stats_identity_ok"])
        summary = json.loads(row[-1]) if row[-1] else {}
        record.update({name: _count(summary.get(name)) for name in empty})
        record["identity_ok"] = summary.get("identity_ok") if summary else None
        yield record


def _count(value) -> int | None:
    """A summary count as an int: the parser gives ints; a float that is one (JSON written by hand) is one."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# --- writers ---------------------------------------------------------------------------------------------------


def write_csv(rows: Iterator[dict], out: IO[str], export: Export = STATS) -> int:
    writer = csv.DictWriter(out, fieldnames=export.fields, lineterminator="\n")
    writer.writeheader()
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the loop's result
        writer.writerow(row)
    return count


def write_jsonl(rows: Iterator[dict], out: IO[str]) -> int:
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the loop's result
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return count


def write_parquet(rows: Iterator[dict], path: str, export: Export = STATS) -> int:
    """Rows written in row groups of ``export.row_group``: only one group is ever held in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = export.arrow_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= export.row_group:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or not count:  # an empty export is still a file with the schema
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
