"""Bytes → text for HTML pages from Chinese government portals, without mojibake.

Why not ``w3lib.encoding.html_to_unicode`` as is: it sniffs in the right order (BOM, header, meta) and
maps gb2312/gbk to gb18030, but it then decodes the declared charset with ``errors="replace"``. A page
labelled utf-8 whose bytes are GBK (common after CMS migrations) comes out as U+FFFD soup instead of
falling back. We reuse w3lib's label parsing (``http_content_type_encoding``, ``html_body_declared_encoding``,
which also resolve the labels to Python's codecs) and do the strict decoding and fallback here.
"""

from __future__ import annotations

import codecs
import functools

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from govreports.extract.errors import NotHTMLError, UndecodableError

UTF8, GB18030 = "utf-8", "gb18030"  # the two charsets every page is tried in (Python's names for them)
REPLACEMENT = "\ufffd"

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
# A page with a few corrupt bytes is still that page; more is the wrong charset. As a fraction of the page's
# non-ASCII bytes (those that carry its Chinese text).
_MAX_ERROR_SHARE = 0.01
_BINARY_SAMPLE = 64 * 1024  # the start of a body that decides whether it is binary
_CHUNK = 4096  # UTF-8 errors are counted in chunks of this size, to stop early on a GBK page
_MAGIC_WINDOW = 16  # a signature may follow some whitespace, within the first this many bytes


def sniff_binary_format(body: bytes) -> None:
    """Raise NotHTMLError when the bytes start with the signature of a known non-HTML format."""
    head = body[:_MAGIC_WINDOW].lstrip()
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise NotHTMLError(f"body is {what}, not HTML")


@functools.cache
def _is_weak(codec_name: str) -> bool:
    """Whether the codec (a normalised name, ``codecs.lookup(label).name``) is a single-byte charset."""
    return len(_SINGLE_BYTE_PROBE.decode(codec_name, "replace")) == len(_SINGLE_BYTE_PROBE)


def _candidates(body: bytes, content_type: str | None) -> list[str]:
    """The charsets to try once UTF-8 has failed, by Python's codec names: the declared ones (w3lib reads the
    labels, folds gb2312 and gbk into gb18030, and answers None for a label it does not know, which then counts
    as none), GB18030, and last the declared single-byte ones."""
    declared = [http_content_type_encoding(content_type), html_body_declared_encoding(body)]
    names = [codecs.lookup(label).name for label in declared if label]
    strong = [name for name in names if not _is_weak(name)]
    weak = [name for name in names if _is_weak(name)]
    return list(dict.fromkeys([*strong, GB18030, *weak]))


def _decode_strict(body: bytes, codec: str) -> str | None:
    # An incremental decoder: a response cut off mid-character (a truncated download) is valid up to the cut.
    try:
        return codecs.getincrementaldecoder(codec)().decode(body)
    except UnicodeDecodeError:
        return None


def _decode_lenient(body: bytes, codec: str) -> str:
    """The text with U+FFFD for each invalid sequence; a character cut off at the end is dropped, as above."""
    return codecs.getincrementaldecoder(codec)("replace").decode(body)


def _check_binary(body: bytes) -> None:
    sample = body[:_BINARY_SAMPLE]
    nul = sample.count(0)
    if nul * 100 > len(sample):
        raise UndecodableError(f"binary data: {nul} NUL bytes in the first {len(sample)} bytes")
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls * 20 > len(sample):
        raise UndecodableError(f"binary data: {controls} control bytes in the first {len(sample)} bytes")


def _utf8_errors(body: bytes, limit: float) -> int:
    """Invalid sequences in the bytes read as UTF-8 (a character cut off at the end is not one), counted chunk
    by chunk up to the first count past ``limit`` (``math.inf`` for all): a GBK page is decided in its first
    kilobytes instead of a decode of the whole body."""
    decoder = codecs.getincrementaldecoder(UTF8)("replace")
    errors = 0
    for start in range(0, len(body), _CHUNK):
        errors += decoder.decode(body[start : start + _CHUNK]).count(REPLACEMENT)
        if errors > limit:
            break
    return errors


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Order: BOM, Content-Type charset, meta charset (first 4 KB), UTF-8, GB18030.

    One deviation, because GB18030 decodes almost any byte string without error: a declared GB charset
    cannot "fail strictly" on a mislabelled UTF-8 page, so bytes that are valid UTF-8 (or UTF-8 with at most
    1 % bad sequences — a corrupt byte or two) are read as UTF-8 whatever the label says. Real GBK text is
    practically never valid UTF-8 beyond a few characters. Otherwise a declared charset that fails strictly
    is skipped for the next candidate; when none decodes strictly, GB18030 is used with U+FFFD if at most 1 %
    of the non-ASCII bytes are invalid, else UndecodableError.
    """
    codec, bom = read_bom(body)
    if codec:
        return _decode_lenient(body[len(bom) :], codec), codec
    _check_binary(body)
    high = len(body.translate(None, _ASCII))
    limit = high * _MAX_ERROR_SHARE
    if _utf8_errors(body, limit) <= limit:
        return _decode_lenient(body, UTF8), UTF8
    candidates = _candidates(body, content_type)
    for codec in candidates:
        text = _decode_strict(body, codec)
        if text is not None:
            return text, codec
    text = _decode_lenient(body, GB18030)
    errors = text.count(REPLACEMENT)
    if errors <= limit:
        return text, GB18030
    raise UndecodableError(
        f"not text: {errors} invalid sequences among {high} non-ASCII bytes as GB18030, more than "
        f"{_MAX_ERROR_SHARE:.0%} as UTF-8 too (tried {', '.join(candidates)})"
    )
