"""Bytes → text for HTML pages from Chinese government portals, without mojibake.

Why not ``w3lib.encoding.html_to_unicode`` as is: it sniffs in the right order (BOM, header, meta) and
maps gb2312/gbk to gb18030, but it then decodes the declared charset with ``errors="replace"``. A page
labelled utf-8 whose bytes are GBK (common after CMS migrations) comes out as U+FFFD soup instead of
falling back. We reuse w3lib's label parsing (``http_content_type_encoding``,
``html_body_declared_encoding``, ``resolve_encoding``) and do the strict decoding and fallback here.
"""

from __future__ import annotations

import codecs
import functools

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

from govreports.extract.errors import NotHTMLError, UndecodableError

# Labels that w3lib does not fold into gb18030 but that mean the same family on real pages.
_GB_LABELS = {
    "x-gbk",
    "x_gbk",
    "gb_2312",
    "gb-2312",
    "csgb2312",
    "chinese",
    "iso-ir-58",
    "x-gb2312",
    "cp936",
    "ms936",
    "windows-936",
    "euc-cn",
    "euccn",
}
# A Chinese portal that declares a single-byte charset (Latin-1, Windows-1252, ISO-8859-15, KOI8-R …) is
# mislabelled: Chinese text needs two bytes or more a character. Such a charset decodes nearly any byte string,
# so trusting it would "succeed" with mojibake; it is tried last (``_is_weak``). A charset is told by what it
# does, not by its name: names come in many spellings (ISO-8859-1, latin1, l1, iso_8859-15 …) and a list of
# them was once compared with the wrong ones. Decoding this probe gives one character per byte exactly when
# the charset is single-byte: it holds a multi-byte character in UTF-8 and in the 7-bit escape encodings
# (HZ, ISO-2022), and every byte value, of which the double-byte families (GBK, Big5, Shift_JIS, EUC-KR)
# read some pairs of high bytes as one character.
_SINGLE_BYTE_PROBE = b"".join("中文".encode(codec) for codec in ("utf-8", "hz", "iso2022_jp")) + bytes(range(256))

# Bytes that never occur in text: C0 controls other than \t \n \r \f \x1b.
_CONTROL = bytes([b for b in range(32) if b not in (9, 10, 12, 13, 27)])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)

# Magic numbers of formats that portals serve in place of pages (attachments, images).
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (DOCX/XLSX/OFD or .zip)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 Office file (DOC/WPS/XLS)"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
)

_ASCII = bytes(range(128))
_MAX_ERROR_RATE = 0.01  # a page with a few corrupt bytes is still that page; more is the wrong charset


def sniff_binary_format(body: bytes) -> None:
    """Raise NotHTMLError when the bytes start with the signature of a known non-HTML format."""
    head = body[:16].lstrip()
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise NotHTMLError(f"body is {what}, not HTML")


def _norm_label(label: str | None) -> str | None:
    if not label:
        return None
    low = label.strip().strip("\"'").lower()
    if low in _GB_LABELS:
        return "gb18030"
    return resolve_encoding(low)


@functools.cache
def _is_weak(codec_name: str) -> bool:
    """Whether the codec (a normalised name, ``codecs.lookup(label).name``) is a single-byte charset."""
    return len(_SINGLE_BYTE_PROBE.decode(codec_name, "replace")) == len(_SINGLE_BYTE_PROBE)


def _candidates(body: bytes, content_type: str) -> list[str]:
    """The charsets to try, by normalised codec name: the declared ones, UTF-8, GB18030, and last the declared
    single-byte ones."""
    declared = [
        _norm_label(http_content_type_encoding(content_type) if content_type else None),
        _norm_label(html_body_declared_encoding(body)),
    ]
    names = [codecs.lookup(enc).name for enc in declared if enc]
    strong = [name for name in names if not _is_weak(name)]
    weak = [name for name in names if _is_weak(name)]
    out: list[str] = []
    for enc in [*strong, "utf-8", "gb18030", *weak]:
        name = codecs.lookup(enc).name
        if name not in out:
            out.append(name)
    return out


def _decode_strict(body: bytes, enc: str) -> str | None:
    # final=False: a response cut off mid-character (truncated download) is still valid up to the cut.
    try:
        return codecs.getincrementaldecoder(enc)("strict").decode(body, final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def _check_binary(body: bytes) -> None:
    sample = body[:65536]
    if not sample:
        return
    nul = sample.count(0)
    if nul > len(sample) // 100:
        raise UndecodableError(f"binary data: {nul} NUL bytes in the first {len(sample)} bytes")
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls > len(sample) // 20:
        raise UndecodableError(f"binary data: {controls} control bytes in the first {len(sample)} bytes")


def _utf8_errors(body: bytes, limit: float = float("inf")) -> int:
    """Replacement characters in the lenient UTF-8 reading. Counted chunk by chunk, stopping once past
    limit: a GBK page is decided in its first kilobytes instead of a decode of the whole body."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    errors = 0
    for start in range(0, len(body), 4096):
        errors += decoder.decode(body[start : start + 4096]).count("\ufffd")
        if errors > limit:
            return errors
    return errors + decoder.decode(b"", final=True).count("\ufffd")


def decode_html(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Return (text, encoding). Order: BOM, Content-Type charset, meta charset (first 4 KB), UTF-8, GB18030.

    One deviation, because GB18030 decodes almost any byte string without error: a declared GB charset
    cannot "fail strictly" on a mislabelled UTF-8 page, so bytes that are valid UTF-8 (or UTF-8 with under
    1 % bad sequences — a corrupt byte or two) are read as UTF-8 whatever the label says. Real GBK text is
    practically never valid UTF-8 beyond a few characters. Otherwise a declared charset that fails strictly
    is skipped for the next candidate; when none decodes strictly, the least-bad of UTF-8/GB18030 is used
    with U+FFFD if under 1 % of the non-ASCII bytes are invalid, else UndecodableError.
    """
    enc, bom = read_bom(body)
    if enc and bom is not None:
        text = _decode_strict(body[len(bom) :], enc)
        if text is not None:
            return text, enc
        return body[len(bom) :].decode(enc, "replace"), enc
    _check_binary(body)
    text = _decode_strict(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    high = len(body.translate(None, _ASCII)) or 1
    utf8_errors = _utf8_errors(body[:-3], high * _MAX_ERROR_RATE) if len(body) > 3 else high
    if utf8_errors <= high * _MAX_ERROR_RATE:
        return body.decode("utf-8", "replace"), "utf-8"
    candidates = _candidates(body, content_type)
    for enc in candidates:
        text = _decode_strict(body, enc)
        if text is not None:
            return text, enc
    gb = body.decode("gb18030", "replace")
    gb_errors = gb.count("\ufffd")
    if gb_errors <= high * _MAX_ERROR_RATE:
        return gb, "gb18030"
    utf8_errors = _utf8_errors(body[:-3]) if len(body) > 3 else high  # the whole count, for the message
    raise UndecodableError(
        f"not text: {min(utf8_errors, gb_errors)} invalid sequences among {high} non-ASCII bytes in the best "
        f"of {', '.join(candidates)}"
    )
