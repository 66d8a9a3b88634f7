"""What the ``govreports`` commands print besides their results: a failure on standard error with its exit code,
columns that line up where a Chinese character takes two, and a crawl's summary line."""

from __future__ import annotations

import sys
import unicodedata


def fail(message: str, code: int = 1) -> int:
    """Say what went wrong on standard error; the exit code to return (see ``govreports.cli``)."""
    print(f"govreports: {message}", file=sys.stderr)
    return code


def no_database(db: str) -> int:
    """A command that reads the database was given none: bad input."""
    return fail(f"no database at {db}: run `govreports crawl` first", code=2)


def pad(text: str, width: int) -> str:
    """Left-align for a terminal, where a Chinese character takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - columns)


def print_crawl_summary(summary: dict) -> None:
    per_report = summary.get("pages_per_report")
    print(
        "crawl finished ({reason}): {pages_fetched} pages fetched ({per_report} per report stored), "
        "{pages_not_modified} of them not modified, {reports_new} reports new, "
        "{reports_updated} changed, {reports_unchanged} unchanged, {reports_gone} gone "
        "({reports_flagged} of them look hijacked), "
        "{decoys_skipped} decoys skipped, "
        "{robots_forbidden} forbidden by robots.txt, {blocked} blocked, {errors} errors; attachments: "
        "{attachments_read} read, {attachments_unread} not read, {reports_from_files} reports whose text is a file; "
        "statistics tables: {reports_with_stats} reports, {stats_identity_broken} with broken identities, "
        "{stats_with_problems} with unparsed parts -> {db}".format(
            **summary, per_report="-" if per_report is None else per_report)
    )
