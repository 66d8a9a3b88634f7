"""What Datasette shows about a govreports database: titles, descriptions, units, facets, search and canned
queries. Built as a dict for the database's name (Datasette names a database after its file)."""

from __future__ import annotations

from govreports.disclosure_tables import SUMMARY_COUNTS
from govreports.serve.plugin import FTS_TABLE, PLUGIN

REPORT_FACETS = ("site_name", "year", "region_province", "kind")
_REPORT_COLUMNS = {
    "body_source": "'page', or the URL of the attachment whose text is the body",
    "published_at": "publication date, Asia/Shanghai (YYYY-MM-DD or with time and +08:00)",
    "year": "the year the report covers",
    "site": "the portal's origin (scheme, host, port)",
    "site_name": "the portal's name as its pages print it",
    "kind": "政府信息公开工作年度报告, or what slipped through (政府工作报告, 统计公报 …)",
    "stats_identity_ok": "1 when every identity of table 三 holds, 0 when one fails, empty without table 三",
    "stats_summary": "headline figures of the statistics tables (JSON): "
                     + ", ".join(SUMMARY_COUNTS) + ", identity_ok; counts of requests, reviews and lawsuits",
    "version": "1 for the first content seen; each change adds one (earlier versions: report_versions)",
}

# Bodies stay on row pages: a page of 100 reports with them is over a megabyte.
_HIDDEN = {
    "reports": ["body_text", "body_html", "stats_checks", "stats_problems", "attachments"],
    "report_versions": ["body_text", "body_html", "raw_zlib"],
    "attachments": ["text", "html", "tables"],
}

_QUERIES = {
    "search": {
        "title": "Full-text search, best match first",
        "description": "Reports whose title or body contains every word (Chinese words of two or more characters "
                       "are found anywhere: 复议 inside 行政复议)",
        "sql": f"SELECT r.url, r.title, r.year, r.agency, r.site_name, r.published_at FROM {FTS_TABLE} f "
               f"JOIN reports r ON r.rowid = f.rowid WHERE {FTS_TABLE} MATCH escape_fts(:words) "
               f"ORDER BY bm25({FTS_TABLE}, 0, 5.0, 1.0) LIMIT 100",
    },
    "reports_per_site_and_year": {
        "title": "Reports per site and year",
        "sql": "SELECT COALESCE(NULLIF(site_name, ''), site) AS site, year, COUNT(*) AS reports FROM reports "
               "GROUP BY site, year ORDER BY site, year",
    },
    "statistics_cell": {
        "title": "One statistics cell across reports",
        "description": "e.g. row 一、本年新收政府信息公开申请数量, column 总计",
        "sql": "SELECT r.site_name, r.agency, r.year, s.value, s.raw, r.url FROM report_stats s "
               "JOIN reports r ON r.url = s.report_url AND r.version = s.version "
               "WHERE s.row_label = :row_label AND s.column_label = :column_label ORDER BY r.site_name, r.year",
    },
    "identity_failures": {
        "title": "Reports whose table 三 does not add up",
        "sql": "SELECT url, title, year, site_name, stats_checks FROM reports WHERE stats_identity_ok = 0 "
               "ORDER BY site_name, year",
    },
    "changed_reports": {
        "title": "Reports changed after publication",
        "sql": "SELECT url, title, year, site_name, version, first_seen_at, changed_at FROM reports "
               "WHERE version > 1 ORDER BY changed_at DESC",
    },
    "attachments_not_read": {
        "title": "Attachments that could not be read",
        "sql": "SELECT report_url, url, name, status, message FROM attachments WHERE status != 'ok' "
               "ORDER BY status, report_url",
    },
}


def metadata(database: str) -> dict:
    tables = {
        "reports": {
            "title": "Annual reports (current version)",
            "description": "One row per report URL. Search finds Chinese words anywhere in the title or body.",
            "fts_table": FTS_TABLE,
            "label_column": "title",
            "facets": list(REPORT_FACETS),
            "columns": _REPORT_COLUMNS,
        },
        "report_versions": {
            "title": "Every version of every report",
            "description": "A changed report adds a row; raw_zlib is the page as fetched, zlib-compressed.",
        },
        "report_stats": {
            "title": "Statistics-table cells",
            "description": "One row per cell of tables 二/三/四 and report version, labelled with the template's "
                           "row and column labels. value is empty when the cell could not be read, never 0.",
            "columns": {"value": "the number; counts (件) or money as printed (元 or 万元: the unit is in raw "
                                 "and the column label)", "raw": "the cell as printed"},
        },
        "attachments": {
            "title": "Attachments",
            "description": "Files linked from reports, kept by content (sha256) and read once.",
            "facets": ["status", "format"],
            "units": {"size": "byte"},
        },
        "crawl_log": {"title": "Crawl log", "description": "Every fetched URL and its outcome.",
                      "facets": ["outcome"]},
        "crawls": {"title": "Crawls", "description": "One row per crawl with its summary figures."},
        # the index holds character pairs: searching is done through the reports table
        FTS_TABLE: {"hidden": True},
    }
    for table, columns in _HIDDEN.items():
        tables[table].setdefault("plugins", {})[PLUGIN] = {"hidden_columns": columns}
    return {
        "title": "govreports",
        "description": "Chinese government information-disclosure annual reports (政府信息公开工作年度报告)",
        "databases": {database: {"tables": tables, "queries": _QUERIES}},
    }
