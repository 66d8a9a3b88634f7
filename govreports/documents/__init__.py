"""Attachment files (PDF, DOCX, DOC, WPS, RTF, XLSX, XLS, OFD, ZIP) read into text, sanitized HTML and tables.

    from govreports.documents import read_document
    doc = read_document(data, name="附件1.pdf", content_type="application/pdf")
    if doc.status == "ok": doc.text, doc.html, doc.tables

The format is decided by the bytes (sniff.py); the name and Content-Type only tell a .wps from a .doc. Nothing
here raises on file content: every failure is a status and a one-line message. The format libraries are
imported by the reader that needs them, not at package import (the crawler imports this in worker processes).
Text and tables follow the HTML body's conventions; see base.py.
"""

from __future__ import annotations

import re

from govreports.documents.base import (
    CONVERTER_MISSING,
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    MIME,
    NEEDS_OCR,
    NOT_A_DOCUMENT,
    OK,
    STATUSES,
    TOO_LARGE,
    UNSUPPORTED,
    DocumentText,
    failure,
)
from govreports.documents.sniff import office_html, sniff
from govreports.extract.normalise import collapse_spaces

__all__ = [
    "CONVERTER_MISSING",
    "CORRUPT",
    "EMPTY",
    "ENCRYPTED",
    "MIME",
    "NEEDS_OCR",
    "NOT_A_DOCUMENT",
    "OK",
    "STATUSES",
    "TOO_LARGE",
    "UNSUPPORTED",
    "DocumentText",
    "read_document",
    "sniff",
]

_UNSUPPORTED_NAMES = {
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "tiff": "a TIFF image",
    "bmp": "a BMP image",
    "pptx": "a PowerPoint (PPTX) presentation",
    "ppt": "a PowerPoint (PPT) presentation",
    "ole": "an OLE2 compound file that is neither Word nor Excel",
    "text": "plain text",
}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def read_document(data: bytes, name: str = "", content_type: str = "") -> DocumentText:
    """Read an attachment's bytes. ``name`` is the file name or URL (may hint .wps vs .doc),
    ``content_type`` the HTTP header. Never raises on file content."""
    try:
        return _read(data, name, content_type, nested=False)
    except Exception as exc:  # a reader bug must not take the crawl down; say what happened
        return failure(CORRUPT, sniff_safe(data), f"the file could not be read ({type(exc).__name__}: {exc})"[:300])


def sniff_safe(data: bytes) -> str:
    try:
        return sniff(data)
    except Exception:
        return "unknown"


def _read(data: bytes, name: str, content_type: str, nested: bool) -> DocumentText:
    fmt = sniff(data, name, content_type)
    if fmt == "empty":
        return failure(EMPTY, "unknown", "the file is empty (0 bytes)")
    if fmt == "pdf":
        from govreports.documents.pdf import read_pdf

        return read_pdf(data)
    if fmt == "docx":
        from govreports.documents.word import read_docx

        return read_docx(data)
    if fmt in ("doc", "wps", "rtf"):
        from govreports.documents.word import read_word_binary

        return read_word_binary(data, fmt)
    if fmt == "xlsx":
        from govreports.documents.sheets import read_xlsx

        return read_xlsx(data)
    if fmt == "xls":
        from govreports.documents.sheets import read_xls

        return read_xls(data)
    if fmt == "ofd":
        from govreports.documents.ofd import read_ofd

        return read_ofd(data)
    if fmt == "zip":
        from govreports.documents.archive import read_zip

        return read_zip(data, nested=nested, read_member=_read)
    if fmt == "html":
        return _read_html(data)
    if fmt == "encrypted":
        return failure(ENCRYPTED, "unknown", "a password-protected Office document (encrypted OOXML package)")
    return failure(UNSUPPORTED, fmt, f"unsupported format: {_UNSUPPORTED_NAMES.get(fmt, 'unrecognised bytes')}")


def _read_html(data: bytes) -> DocumentText:
    """A Word or Excel document saved as a web page (.doc/.xls files that are HTML, told by the Office namespaces
    or ProgId, see ``sniff.office_html``) is read like a report body; any other HTML where a document was
    expected is an error or login page."""
    from govreports.extract.encoding import decode_html

    try:
        text = decode_html(data)[0]
    except Exception:
        text = data.decode("utf-8", "replace")
    saved_as = office_html(data)
    if saved_as:
        from govreports.documents.base import finish
        from govreports.extract.htmltree import parse_html
        from govreports.extract.render import render_text
        from govreports.extract.tables import TableKinds

        try:
            root = parse_html(text)
            body = root.find("body")
            lines = render_text(body if body is not None else root, TableKinds())
        except Exception:
            lines = []
        result = finish(lines, saved_as)
        if result.ok:
            result.mime = "text/html"  # a Word/Excel document, in HTML bytes
            return result
    m = _TITLE.search(text[:20000])
    title = collapse_spaces(m.group(1))[:80] if m else ""
    lower = text[:20000].lower()
    if any(word in lower for word in ("login", "password", "登录", "登陆", "验证码")):
        what = "a login page"
    elif any(word in lower for word in ("404", "not found", "不存在", "已删除", "error", "错误")):
        what = "an error page"
    else:
        what = "a web page"
    titled = f" titled “{title}”" if title else ""
    return failure(NOT_A_DOCUMENT, "html", f"the file is HTML, not a document: looks like {what}{titled}")
