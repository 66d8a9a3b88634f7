"""Reading the stored reports: which count as clean, full-text search, and per-site figures."""

from __future__ import annotations

import sqlite_utils

from govreports.store.fulltext import match_query


def clean_reports_where(alias: str = "") -> str:
    """The SQL condition that keeps a ``reports`` row (``alias`` its table's alias in the query) out of clean
    counts, searches and exports unless asked for: no hijack flags (``govreports.extract.hijack``). Rows
    stored before the column existed have NULL there, and are clean."""
    column = f"{alias}.flags" if alias else "flags"
    return f"COALESCE({column}, '') IN ('', '[]')"


def search(db: sqlite_utils.Database, words: list[str], limit: int = 20, flagged: bool = False) -> list[dict]:
    """Reports whose title or body contains every word, best match first; ``flagged`` includes reports that
    look hijacked (left out by default)."""
    query = match_query(words)
    clean = "" if flagged else f"AND {clean_reports_where('r')}"
    sql = f"""
        SELECT r.url, r.title, r.year, r.agency, r.published_at, r.body_text
        FROM reports_fts f JOIN reports r ON r.rowid = f.rowid
        WHERE reports_fts MATCH ? {clean} ORDER BY bm25(reports_fts, 0, 5.0, 1.0) LIMIT ?
    """
    rows = []
    for url, title, year, agency, published_at, body_text in db.execute(sql, [query, limit]).fetchall():
        rows.append({"url": url, "title": title, "year": year, "agency": agency, "published_at": published_at,
                     "snippet": snippet(body_text or "", words)})
    return rows


def snippet(text: str, words: list[str], width: int = 36) -> str:
    flat = " ".join(text.split())
    for word in words:
        at = flat.find(word)
        if at >= 0:
            start = max(0, at - width)
            return ("…" if start else "") + flat[start : at + len(word) + width] + "…"
    return flat[: width * 2]


def site_summary(db: sqlite_utils.Database) -> list[dict]:
    """Per site: how many clean reports and which years they cover, and how many reports look hijacked."""
    clean = clean_reports_where()
    rows = db.execute(
        f"SELECT COALESCE(NULLIF(site_name, ''), site), site, SUM({clean}), MIN(CASE WHEN {clean} THEN year END), "
        f"MAX(CASE WHEN {clean} THEN year END), COUNT(DISTINCT CASE WHEN {clean} THEN year END), "
        f"SUM(NOT {clean}) FROM reports GROUP BY site ORDER BY site"
    ).fetchall()
    return [{"site_name": r[0], "site": r[1], "reports": r[2], "first_year": r[3], "last_year": r[4],
             "years": r[5], "flagged": r[6]} for r in rows]
