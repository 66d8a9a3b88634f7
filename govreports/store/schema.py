"""What the schema declares beyond columns, and the one-time upgrades of databases made before it did: foreign
keys from the rows that belong to a report to ``reports.url``, and site names shared within a site."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

# Rows that belong to a report point at it, so tools that read the schema (Datasette) link them. Declared only:
# SQLite enforces foreign keys per connection when asked (PRAGMA foreign_keys), and nothing here asks.
FOREIGN_KEYS = (
    ("report_versions", "url", "reports", "url"),
    ("report_stats", "report_url", "reports", "url"),
    ("attachments", "report_url", "reports", "url"),
)


def foreign_keys_of(table: str) -> list[tuple[str, str, str]]:
    return [(column, other, other_column) for name, column, other, other_column in FOREIGN_KEYS if name == table]


def missing_foreign_keys(db: sqlite_utils.Database) -> list[tuple[str, str, str, str]]:
    """The FOREIGN_KEYS a database made before they were declared lacks."""
    return [fk for fk in FOREIGN_KEYS
            if not any(have.column == fk[1] and have.other_table == fk[2] for have in db[fk[0]].foreign_keys)]


def add_foreign_keys(db: sqlite_utils.Database) -> list[tuple[str, str, str, str]]:
    """Declare the missing FOREIGN_KEYS. SQLite cannot add one to a table, so sqlite-utils rebuilds each such table
    (a copy under a new name in one transaction, then renamed: a failure leaves the old table as it was). It costs
    a copy of the table once; databases created since carry them from the start. Returns what was added."""
    missing = missing_foreign_keys(db)
    if missing:
        db.add_foreign_keys(missing)
    return missing


def fill_site_names(conn, sites: Iterable[str] | None = None) -> None:
    """Give reports without a site name (a report that is a file prints none; a page may lack the SiteName meta
    and a title suffix) the name their site's other pages print most often. All sites when ``sites`` is None.

    Both statements run on the (site, site_name) index: a few index lookups per site, never a table scan."""
    if sites is None:
        sites = [row[0] for row in conn.execute("SELECT DISTINCT site FROM reports")]
    for site in sites:
        if not conn.execute("SELECT 1 FROM reports WHERE site = ? AND (site_name = '' OR site_name IS NULL) "
                            "LIMIT 1", [site]).fetchone():
            continue
        named = conn.execute("SELECT site_name FROM reports WHERE site = ? AND site_name > '' GROUP BY site_name "
                             "ORDER BY COUNT(*) DESC, site_name LIMIT 1", [site]).fetchone()
        if named:
            conn.execute("UPDATE reports SET site_name = ? WHERE site = ? AND (site_name = '' OR site_name IS NULL)",
                         [named[0], site])


def add_missing_columns(table: sqlite_utils.db.Table, columns: dict) -> list[str]:
    """The columns a table of an older database lacks, added (NULL in its rows); returns their names."""
    have = set(table.columns_dict)
    added = [name for name in columns if name not in have]
    for name in added:
        table.add_column(name, columns[name])
    return added
