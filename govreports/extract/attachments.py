"""Attachments of report pages: which to fetch, where their files are kept, and when one is the report.

Reading a file's text and tables is ``govreports.documents``' job; this module decides around it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from govreports.extract.normalise import squash

# --- which linked files are attachments, and which of them are read ------------------------------------
#: File types an annual report is published as, which ``govreports.documents`` reads (a ZIP: of such files).
#: .wps and .et are WPS Office's word-processor and spreadsheet files.
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".zip")
#: Attachments listed with a report but never fetched: nothing here can read a RAR archive.
UNREAD_ATTACHMENT_SUFFIXES = (".rar",)
#: A report page's files: a link whose path (or, behind a download script, whose text) ends in one of these.
ATTACHMENT_SUFFIXES = DOCUMENT_SUFFIXES + UNREAD_ATTACHMENT_SUFFIXES
#: Images are files too, but not a report's attachments: scans and photos, and nothing here does OCR.
IMAGE_SUFFIXES = (".jpg", ".png", ".gif")
#: Links to files, never to HTML list or report pages: the crawl does not walk into them.
FILE_SUFFIXES = ATTACHMENT_SUFFIXES + IMAGE_SUFFIXES


def _alternatives(suffixes: tuple[str, ...]) -> str:
    """The suffixes as a regex alternation without their dots, longest first."""
    return "|".join(re.escape(suffix[1:]) for suffix in sorted(suffixes, key=len, reverse=True))


_SUFFIX = re.compile(rf"\.({_alternatives(DOCUMENT_SUFFIXES)})$", re.I)
#: A path or a link text that ends in an attachment suffix.
ENDS_IN_ATTACHMENT_SUFFIX = re.compile(rf"\.(?:{_alternatives(ATTACHMENT_SUFFIXES)})$", re.I)
#: An attachment suffix anywhere: a cheap first test, since a URL can only resolve to a path ending in one if
#: its text holds one.
ATTACHMENT_SUFFIX_ANYWHERE = re.compile(rf"\.(?:{_alternatives(ATTACHMENT_SUFFIXES)})", re.I)

_DOCUMENT_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")

# Fetch outcomes that are not a file (the reader's own statuses come from govreports.documents).
TOO_LARGE, HTTP_ERROR, BLOCKED, ROBOTS, OFFSITE, FETCH_ERROR = (
    "too_large", "http_error", "blocked", "robots_forbidden", "offsite", "fetch_error",
)
#: A re-crawl's revalidation of a kept file answered 304: the kept copy and its reading stand.
NOT_MODIFIED = "not_modified"

# --- pointer pages: the body only says where the report is (详见附件 / 附件下载 / 点击下载 …) --------------
#: Phrases that send the reader to the attached file (见附件 covers 详见附件).
POINTER_PHRASES = ("见附件", "附件下载", "下载附件", "点击下载", "请下载", "点击查看", "全文见", "详细内容见")
#: Text that says the report is in the attached file: what makes a short body a pointer (``body_is_pointer``).
POINTS_TO_FILE = re.compile("|".join(map(re.escape, POINTER_PHRASES)))
#: The block of a page that points at its file (``extract.body``): a pointer phrase, or the label of the
#: attachment list beside the link (附件：, 附件1：, 相关附件).
POINTER_BLOCK = re.compile(rf"{POINTS_TO_FILE.pattern}|附件\d?\s*[:：]|相关附件")
_ATTACHMENT_LINE = re.compile(r"^\s*(?:相关)?附\s*件\s*\d*\s*[:：]?.*$", re.M)
_POINTER_MAX_CHARS = 300  # a real report body runs to thousands of characters
_BARE_MAX_CHARS = 60  # a title and a file name, nothing else


def file_suffix(url: str, name: str = "") -> str:
    """The document suffix of an attachment (".pdf"), from its path, a file name in its query
    (``downfile.jsp?filename=x.pdf``), or its link text; "" when none is a document type."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    candidates = [unquote(parts.path)]
    candidates += [unquote(value) for _, value in parse_qsl(parts.query)]
    candidates.append(name.strip())
    for candidate in candidates:
        m = _SUFFIX.search(candidate.strip())
        if m:
            return "." + m.group(1).lower()
    return ""


def strip_suffix(name: str) -> str:
    """A link text without the file suffix it often ends in (…年度报告.pdf)."""
    return _SUFFIX.sub("", name.strip()).strip()


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def names_other_year(name: str, year: int | None) -> bool:
    """An attachment named for another year's report (a related-links PDF beside the 2011 report names 2019):
    not this report's file."""
    if year is None:
        return False
    years = {int(y) for y in _YEAR.findall(name)}
    return bool(years) and year not in years


def fetchable(attachments: list[dict], year: int | None = None, limit: int = 20) -> list[dict]:
    """The page's attachments worth downloading, in page order, at most ``limit``: document files that do
    not name another year than the report's."""
    return [a for a in attachments
            if file_suffix(a["url"], a.get("name", "")) and not names_other_year(a.get("name", ""), year)][:limit]


def is_document(body: bytes) -> bool:
    """True for the bytes of a PDF, an Office/OFD/ZIP file, an OLE2 (DOC/WPS/XLS) file, or a Word/Excel document
    saved as a web page (HTML that declares itself a Word or Excel document)."""
    from govreports.documents.sniff import office_html

    return body[:8].lstrip().startswith(_DOCUMENT_MAGIC) or bool(office_html(body))


def save_file(files_dir: str | Path, data: bytes, suffix: str) -> tuple[str, str]:
    """Keep ``data`` under files_dir by its sha256 (``ab/abcdef….pdf``); returns (sha256, relative path).

    A file already there is not written again. Writes go to a temporary file first, so a crash never
    leaves a truncated file under a content address."""
    sha256 = hashlib.sha256(data).hexdigest()
    relative = f"{sha256[:2]}/{sha256}{suffix}"
    target = Path(files_dir) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return sha256, relative


def body_is_pointer(body_text: str, attachment_names: list[str]) -> bool:
    """Whether a page's body only points at its attachments instead of holding the report."""
    text = _ATTACHMENT_LINE.sub("", body_text)
    for name in attachment_names:
        text = text.replace(name, "")
    squashed = squash(text)
    if len(squashed) <= _BARE_MAX_CHARS:
        return True
    return len(squashed) <= _POINTER_MAX_CHARS and bool(POINTS_TO_FILE.search(squashed))


_REPORTISH_NAME = re.compile(r"年度?报告|年报|工作报告")


def choose_body(rows: list[dict]) -> dict | None:
    """The attachment whose text should stand for the report: a readable one named like a report,
    else the readable one with the most text."""
    readable = [row for row in rows if row.get("status") == "ok" and (row.get("text") or "").strip()]
    if not readable:
        return None
    return max(readable, key=lambda row: (bool(_REPORTISH_NAME.search(row.get("name") or "")), len(row["text"])))
