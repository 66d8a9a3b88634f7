"""Deciding a file's format from its bytes (magic numbers, ZIP member names, OLE2 stream names). The name or
Content-Type is only used to tell a .wps from a .doc (same binary format) and as a hint for broken files."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import parse_qsl, unquote, urlsplit

_EXT = re.compile(r"\.([A-Za-z0-9]{2,5})$")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|script)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|head|title|div|form|script)\b", re.I)
# Word and Excel save documents "as a web page" (.doc/.xls files that are HTML): their <html> tag declares the
# Office namespaces and a ProgId meta names the program. Either is evidence of a document, not a site's page.
_OFFICE_HTML = re.compile(
    rb"urn:schemas-microsoft-com:office:(word|excel)|<meta[^>]+content=[\"']?(Word\.Document|Excel\.Sheet)", re.I)
_OFFICE_HTML_HEAD = 8192
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
)
_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.ms-works": "wps",
    "application/kswps": "wps",
    "application/wps-office.wps": "wps",
    "application/vnd.ms-excel": "xls",
    "application/zip": "zip",
    "application/ofd": "ofd",
}


def name_extension(name: str, content_type: str = "") -> str:
    """The file extension a name or URL suggests ("pdf", "wps"…; "" if none): the path's own extension, or
    one hidden in the query (downfile.jsp?filename=x.pdf), or the Content-Type's."""
    candidates = []
    if name:
        try:
            parts = urlsplit(name)
            candidates.append(unquote(parts.path))
            candidates.extend(unquote(value) for _, value in parse_qsl(parts.query))
        except ValueError:
            candidates.append(name)
    for candidate in candidates:
        m = _EXT.search(candidate.strip())
        if m and m.group(1).lower() not in ("jsp", "do", "php", "asp", "aspx", "action", "htm", "html", "shtml"):
            return m.group(1).lower()
    mime = content_type.split(";")[0].strip().lower()
    return _CONTENT_TYPES.get(mime, "")


def zip_kind(names: list[str]) -> str:
    """docx / xlsx / pptx / ofd / zip from a ZIP's member names."""
    lower = {n.lower().lstrip("/") for n in names}
    if "word/document.xml" in lower or any(n.startswith("word/") and n.endswith("document.xml") for n in lower):
        return "docx"
    if "xl/workbook.xml" in lower:
        return "xlsx"
    if "ppt/presentation.xml" in lower:
        return "pptx"
    if "ofd.xml" in lower:
        return "ofd"
    return "zip"


def ole_kind(data: bytes) -> str:
    """doc / xls / ppt / ole from an OLE2 compound file's stream names ("corrupt" if the directory cannot
    be read)."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
    except Exception:  # olefile raises many kinds on damaged files
        return "corrupt"
    top = {s for s in streams if "/" not in s}
    if "encryptedpackage" in top:
        return "encrypted"  # a password-protected DOCX/XLSX: Office wraps the package in an OLE2 file
    if "worddocument" in top:
        return "doc"
    if "workbook" in top or "book" in top:
        return "xls"
    if "powerpoint document" in top:
        return "ppt"
    return "ole"


def office_html(data: bytes) -> str:
    """"doc" or "xls" for a Word or Excel document saved as HTML (a web page), "" for anything else."""
    m = _OFFICE_HTML.search(data[:_OFFICE_HTML_HEAD])
    if not m:
        return ""
    program = (m.group(1) or m.group(2) or b"").lower()
    return "xls" if program.startswith(b"excel") else "doc"


def sniff(data: bytes, name: str = "", content_type: str = "") -> str:
    """The format: pdf, docx, doc, wps, rtf, xlsx, xls, ofd, zip, html, rar, 7z, png/jpeg/gif/tiff/bmp, pptx,
    ppt, empty, text, or unknown. A damaged ZIP or OLE2 file gives the format its name suggests (the reader
    then reports it corrupt) or "zip"/"ole"."""
    if not data:
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return zip_kind(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            ext = name_extension(name, content_type)
            return ext if ext in ("docx", "xlsx", "ofd", "zip") else "zip"
    if data.startswith(_OLE_MAGIC):
        kind = ole_kind(data)
        if kind == "doc" and name_extension(name, content_type) == "wps":
            return "wps"
        if kind == "corrupt":
            ext = name_extension(name, content_type)
            return ext if ext in ("doc", "wps", "xls") else "ole"
        return kind
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if data.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            return kind
    start = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00")
    if _HTML_START.match(start) or (_HTML_ANYWHERE.search(head) and b"\x00" not in head):
        return "html"
    if _looks_like_text(head):
        return "text"
    return "unknown"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # a character cut at the end of the sample
                return True
    return False
