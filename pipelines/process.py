"""The whole per-page job as one picklable function, so it can run in a worker process."""

from __future__ import annotations

from pipelines.classify import classify_page
from pipelines.errors import InputError
from pipelines.fulltext import index_terms
from pipelines.page import extract_page
from pipelines.storage import compress_raw


def process_page(body: bytes, url: str, content_type: str = "", list_title: str = "") -> dict:
    """Extract, classify and prepare search terms for one fetched page.

    Returns the ``extract_page`` fields plus ``is_report``, ``confidence`` and ``verdict``; a page that
    cannot be read returns ``{"error": message}`` instead of raising.
    """
    try:
        result = extract_page(body, url, content_type)
    except InputError as error:
        return {"error": str(error)}
    verdict = classify_page(result["title"], result["body_text"], list_title)
    result.update(is_report=verdict.is_report, confidence=verdict.confidence, verdict=verdict.reason)
    if verdict.is_report:
        # Work the database writer would otherwise do on the crawl's own process.
        result["title_terms"] = index_terms(result["title"])
        result["body_terms"] = index_terms(result["body_text"])
        result["raw_zlib"], result["raw_sha256"] = compress_raw(body)
    return result
