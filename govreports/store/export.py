"""Exports for analysts: one tidy table of every statistics cell, with its report's agency, region and year.

CSV and JSON Lines are written as rows are read (any size, little memory); Parquet through pyarrow, in
batches, with a fixed schema so that empty exports and exports with no money cells have the same types.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO

import sqlite_utils

from govreports.store.db import clean_reports_where

FORMATS = ("csv", "jsonl", "parquet")

# The latest version of each report only: earlier versions' cells stay in report_stats for the record.
_STATS_SQL = """
SELECT s.report_url, r.title, r.agency, r.site_name, r.region_province, r.region_city, r.region_county,
       r.region_code, r.year, r.published_at, s.template, s.section, s.block, s.row_label, s.column_label,
       s.value, s.raw, r.stats_identity_ok
FROM report_stats s JOIN reports r ON r.url = s.report_url AND r.version = s.version
WHERE {where}
ORDER BY r.site, s.report_url, s.id
"""
STATS_FIELDS = (
    "report_url", "title", "agency", "site_name", "region_province", "region_city", "region_county",
    "region_code", "year", "published_at", "template", "section", "block", "row_label", "column_label",
    "value", "raw", "identity_ok",
)
_BATCH = 10_000


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


def write_csv(rows: Iterator[dict], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=STATS_FIELDS, lineterminator="\n")
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


def write_parquet(rows: Iterator[dict], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    text = pa.string()
    types = {name: text for name in STATS_FIELDS}
    types.update(year=pa.int32(), value=pa.float64(), identity_ok=pa.bool_())
    schema = pa.schema([(name, types[name]) for name in STATS_FIELDS])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or not count:  # an empty export is still a file with the schema
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
