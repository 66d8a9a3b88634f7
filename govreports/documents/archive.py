"""ZIP archives of attachments: every member is read as a document of its own (a ZIP inside a ZIP once, no
deeper); the archive's text, html and tables are those of its readable members, each under its name when
there are several. Member names written by Chinese Windows tools are GBK without the UTF-8 flag, which
zipfile decodes as cp437: they are re-decoded. Zip bombs are refused: too many members, or more unpacked
bytes than MAX_TOTAL_BYTES (counted while reading, since declared sizes can lie), give ``too_large``."""

from __future__ import annotations

import html as html_lib
import io
import posixpath
import zipfile
from collections.abc import Callable

from govreports.documents.base import (
    CONVERTER_MISSING,
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    NEEDS_OCR,
    OK,
    TOO_LARGE,
    UNSUPPORTED,
    DocumentText,
    failure,
)

MAX_MEMBERS = 200
MAX_TOTAL_BYTES = 200 * 1024 * 1024
_SKIP_BASENAMES = {".ds_store", "thumbs.db", "desktop.ini"}
# when no member is readable, the archive takes the most telling member status
_PRIORITY = (NEEDS_OCR, ENCRYPTED, CONVERTER_MISSING, TOO_LARGE, CORRUPT, UNSUPPORTED, EMPTY)


def member_name(info: zipfile.ZipInfo) -> str:
    """The name as written: UTF-8 when flagged; else the raw bytes as UTF-8 if valid, else GB18030 (GBK)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _skipped(name: str) -> bool:
    base = posixpath.basename(name.rstrip("/"))
    if name.endswith("/") or name.startswith("__MACOSX/"):
        return True
    return base.startswith("._") or base.lower() in _SKIP_BASENAMES


def read_zip(data: bytes, nested: bool, read_member: Callable[..., DocumentText]) -> DocumentText:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        return failure(CORRUPT, "zip", f"the ZIP archive cannot be opened ({exc})"[:300])
    with zf:
        infos = [info for info in infos if not _skipped(member_name(info))]
        if len(infos) > MAX_MEMBERS:
            return failure(TOO_LARGE, "zip", f"the ZIP archive holds {len(infos)} files, more than {MAX_MEMBERS}")
        declared = sum(info.file_size for info in infos)
        if declared > MAX_TOTAL_BYTES:
            return failure(
                TOO_LARGE, "zip", f"the ZIP archive unpacks to {declared} bytes, more than {MAX_TOTAL_BYTES}"
            )
        members: list[tuple[str, DocumentText]] = []
        budget = MAX_TOTAL_BYTES
        for info in infos:
            name = member_name(info)
            if info.flag_bits & 0x1:
                members.append((name, failure(ENCRYPTED, "unknown", "the ZIP member is password-protected")))
                continue
            try:
                content = _read_capped(zf, info, budget + 1)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                members.append((name, failure(CORRUPT, "unknown", f"the ZIP member cannot be unpacked ({exc})"[:300])))
                continue
            if len(content) > budget:
                return failure(TOO_LARGE, "zip", f"the ZIP archive unpacks to more than {MAX_TOTAL_BYTES} bytes")
            budget -= len(content)
            if nested and content.startswith(b"PK\x03\x04") and _is_plain_zip(content):
                members.append((name, failure(UNSUPPORTED, "zip", "a ZIP inside a ZIP inside a ZIP is not opened")))
                continue
            members.append((name, read_member(content, name, "", nested=True)))
            del content
    return _combine(members)


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """At most cap bytes of the member, read a megabyte at a time: one fh.read(cap) would have zlib inflate up
    to cap bytes at once before zipfile cuts the output to the declared size (a member that under-declares
    its size would cost that memory)."""
    chunks = []
    size = 0
    with zf.open(info) as fh:
        while size < cap:
            chunk = fh.read(min(1024 * 1024, cap - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


def _is_plain_zip(content: bytes) -> bool:
    from govreports.documents.sniff import sniff

    return sniff(content) == "zip"


def _combine(members: list[tuple[str, DocumentText]]) -> DocumentText:
    readable = [(name, doc) for name, doc in members if doc.status == OK]
    if not members:
        return DocumentText(status=EMPTY, format="zip", message="the ZIP archive holds no files", members=members)
    if not readable:
        statuses = [doc.status for _, doc in members]
        status = next((s for s in _PRIORITY if s in statuses), CORRUPT)
        detail = "; ".join(f"{name}: {doc.message or doc.status}" for name, doc in members[:5])
        return DocumentText(
            status=status,
            format="zip",
            message=f"no readable document in the ZIP archive ({detail})"[:400],
            members=members,
        )
    headed = len(readable) > 1
    texts, htmls, tables = [], [], []
    for name, doc in readable:
        if headed:
            texts.append(name)
            htmls.append(f"<h3>{html_lib.escape(name, quote=False)}</h3>")
        texts.append(doc.text)
        htmls.append(doc.html)
        tables.extend(doc.tables)
    # the heading of the first member that has one (a ZIP of one report and its statistics sheet)
    heading = next((doc.heading for _, doc in readable if doc.heading), [])
    return DocumentText(
        status=OK, format="zip", text="\n".join(texts), html="\n".join(htmls), tables=tables, members=members,
        heading=heading,
    )
