"""The dataset on disk: SQLite (sqlite-utils) tables of reports and their versions, attachments, statistics
cells, the crawl log, full-text search (``fulltext``, ``queries``), exports (``export``) and the fetched pages
with their validators and raw bytes (``pages``).

Callers use ``from govreports import store`` and the names below; the modules behind them are free to move.
"""

from govreports.store.crawls import finish as finish_crawl
from govreports.store.crawls import start as start_crawl
from govreports.store.db import (
    REPORT_COLUMNS,
    compress_raw,
    log_fetches,
    open_db,
    read_attachment_by_sha256,
    store_outcome,
    store_reports,
    stored_attachments,
    unfinished_attachments,
)
from govreports.store.queries import clean_reports_where, search, site_summary

__all__ = [
    "REPORT_COLUMNS", "clean_reports_where", "compress_raw", "finish_crawl", "log_fetches", "open_db",
    "read_attachment_by_sha256", "search", "site_summary", "start_crawl", "store_outcome", "store_reports",
    "stored_attachments", "unfinished_attachments",
]
