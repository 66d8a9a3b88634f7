"""Size limits for the ZIP-based formats (DOCX, XLSX, OFD): packages are refused before a library inflates them,
and parts read here are read in chunks against a budget.

Why these numbers: a real annual report's DOCX/XLSX/OFD unpacks to well under 20 MB (document.xml of a
100-page report is a few MB; embedded images are stored nearly uncompressed), and the biggest statistics
workbooks seen unpack to tens of MB. 200 MB in total (the same as archive.py's ZIP limit) and 100 MB for one
part leave an order of magnitude of headroom while keeping lxml's parse of a part (about ten times its size in
memory) bounded. XML deflates 5–30×, very repetitive spreadsheet XML up to about 100×; a zero-filled bomb
deflates about 1000×. So a ratio above 200 is refused, but only for parts above 8 MB: a small part with a high
ratio costs nothing.

Declared sizes can lie. Python's zipfile never *returns* more than a member's declared (central directory)
size, but ``zf.read`` asks zlib for everything at once and only then cuts the output to the declared size: a
member declaring 1 kB whose deflate stream inflates to 1 GB costs 1 GB of memory inside python-docx or
openpyxl. So ``check_package`` also inflates every deflated member once, in bounded chunks, counting real
bytes, and refuses a member that inflates past its declared size (or the total past the limit) before a
library opens the package. Members compressed otherwise than stored/deflate (Office never writes them) are
refused as corrupt. Parts read here are read in chunks and counted while reading (``Budget.read``).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200
RATIO_MIN_SIZE = 8 * 1024 * 1024
MAX_PARTS = 10000
CHUNK = 1024 * 1024


class TooLarge(Exception):
    """A package or part is past the limits; the message says which and by how much."""


def refuse_office_package(data: bytes, what: str, fmt: str):
    """The failure DocumentText for an Office package (DOCX, XLSX) past the limits or not unpackable, or None
    when the library may open it. Bytes that are no ZIP at all are left to the library to say so."""
    from govreports.documents.base import CORRUPT, TOO_LARGE, failure

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        return None
    try:
        with zf:
            refused = check_package(zf, what)
    except Exception as exc:  # a damaged member, a compression method Office does not write
        return failure(CORRUPT, fmt, f"the {what} package cannot be unpacked ({exc})"[:300])
    return failure(TOO_LARGE, fmt, refused) if refused else None


def check_package(zf: zipfile.ZipFile, what: str, inflate: bool = True) -> str | None:
    """None if the package's declared sizes are within the limits (and, with inflate, its deflated members
    really inflate to no more than they declare), else a one-line message. Raises zipfile.BadZipFile (and the
    like) on a damaged package, and Unreadable on a compression method Office does not use."""
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        return f"the {what} package holds {len(infos)} parts, more than {MAX_PARTS}"
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            return f"the {what} part {info.filename[:80]} unpacks to {info.file_size} bytes, more than {MAX_PART_BYTES}"
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return (
                f"the {what} part {info.filename[:80]} unpacks {ratio} times its packed size "
                f"(more than {MAX_RATIO}×): a zip bomb"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        return f"the {what} package unpacks to {total} bytes, more than {MAX_TOTAL_BYTES}"
    if inflate:
        for info in infos:
            if info.compress_type == zipfile.ZIP_DEFLATED:
                if _inflates_past(zf, info):
                    return (
                        f"the {what} part {info.filename[:80]} inflates past its declared size "
                        f"({info.file_size} bytes): a zip bomb"
                    )
            elif info.compress_type != zipfile.ZIP_STORED:
                raise Unreadable(f"the {what} part {info.filename[:80]} uses compression method {info.compress_type}")
    return None


class Unreadable(Exception):
    """A package Office would not write (a compression method other than stored or deflate)."""


def _inflates_past(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the member's deflate stream (at most compress_size bytes, as zipfile reads) inflates to more
    than its declared file_size; inflated CHUNK bytes at a time and thrown away."""
    fp = zf.fp
    if fp is None:
        raise zipfile.BadZipFile("the package is closed")
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename!r}")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    inflater = zlib.decompressobj(-15)
    out = 0
    left = info.compress_size
    while left > 0 and not inflater.eof:
        data = fp.read(min(64 * 1024, left))
        if not data:
            break
        left -= len(data)
        while data and not inflater.eof:
            try:
                out += len(inflater.decompress(data, CHUNK))
            except zlib.error as exc:
                raise zipfile.BadZipFile(f"bad deflate data in {info.filename!r}: {exc}") from exc
            if out > info.file_size:
                return True
            data = inflater.unconsumed_tail
    return False


class Budget:
    """Bytes left to unpack from one package, across all the parts read (a part read twice counts twice)."""

    def __init__(self, what: str, total: int | None = None) -> None:
        self.what = what
        self.total = MAX_TOTAL_BYTES if total is None else total
        self.left = self.total

    def read(self, zf: zipfile.ZipFile, name: str | zipfile.ZipInfo, part_limit: int | None = None) -> bytes:
        """The part's bytes, read in chunks; TooLarge past part_limit (default MAX_PART_BYTES) or past the
        budget, whatever the part declares."""
        part_limit = MAX_PART_BYTES if part_limit is None else part_limit
        cap = min(part_limit, self.left)
        chunks = []
        size = 0
        with zf.open(name) as fh:
            while True:
                chunk = fh.read(min(CHUNK, cap - size + 1))
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    label = name.filename if isinstance(name, zipfile.ZipInfo) else name
                    if cap == part_limit:
                        raise TooLarge(f"the {self.what} part {label[:80]} unpacks to more than {part_limit} bytes")
                    raise TooLarge(f"the {self.what} package unpacks to more than {self.total} bytes")
                chunks.append(chunk)
        self.left -= size
        return b"".join(chunks)
