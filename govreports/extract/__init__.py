"""Extraction: the bytes of one fetched page or report file → an ``Extraction`` (``govreports.extract.result``).

``extract`` is the public entry: an HTML page, or a report published as a file (PDF, DOC(X), WPS, XLS(X), OFD,
ZIP — told by its bytes, whatever the URL or content type say); ``plain_text=True`` for text another tool
already extracted from a page (a .txt dump), cleaned line by line. ``read`` is the same for the crawl, with
what it keeps besides (the statistics tables' cells, the file as read).

The modules behind them: ``page`` (HTML), ``report_file`` (files), ``plaintext`` (text dumps), ``metadata``,
``body`` and ``htmltree`` (what all of them read), ``classify`` and ``region``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govreports.extract.result import CrawlExtraction, Extraction, FileExtraction

__all__ = ["extract", "read"]

# The readers are imported when called: govreports.documents and govreports.disclosure_tables import helpers
# from this package, and importing govreports.extract.normalise should not load them all.


def extract(
    body: bytes, url: str, content_type: str = "", *, list_title: str = "", list_date: str = "",
    plain_text: bool = False,
) -> Extraction | FileExtraction:
    """Extract one page or file. A file's result also has ``file``: its format and whether it read.

    ``list_title`` and ``list_date``: the link text and date beside the link on the list page, for a file that
    has no title or date of its own. Raises only ``govreports.extract.errors.InputError`` subclasses (bytes that
    are no page: undecodable, not HTML, binary where plain text was said); anything else goes wrong is said in
    ``empty_reason``."""
    from govreports.extract.attachments import is_document
    from govreports.extract.plaintext import extract_text_bytes
    from govreports.extract.report_file import file_info
    from govreports.extract.result import public

    if plain_text and not is_document(body):  # a report file saved as .txt is still the file
        return extract_text_bytes(body, url)
    result = read(body, url, content_type, list_title=list_title, list_date=list_date)
    document = result.get("document")
    extracted = public(result)
    if document is not None:
        extracted["file"] = file_info(document)
    return extracted


def read(
    body: bytes, url: str, content_type: str = "", *, list_title: str = "", list_date: str = ""
) -> CrawlExtraction:
    """``extract``'s fields plus ``stats`` (the StatsResult behind ``stats_summary``), and for a file
    ``document`` (the DocumentText) and ``body_source``; raises as ``extract`` does."""
    from govreports.extract.attachments import is_document
    from govreports.extract.page import read_page
    from govreports.extract.report_file import extract_report_file

    if is_document(body):
        return extract_report_file(body, url, content_type, list_title, list_date)
    return read_page(body, url, content_type)
