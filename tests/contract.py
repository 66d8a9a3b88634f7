"""The keys of `govreports extract`'s JSON object: a contract other tools rely on, written out once here."""

EXTRACT_KEYS = frozenset({
    "url", "title", "body_text", "body_html", "published_at", "year", "agency", "site_name", "site_code",
    "index_no", "doc_no", "attachments", "stats_summary", "empty_reason",
    "written_at", "column", "topic", "region", "kind", "kind_confidence",
})
