"""decode_html: BOM, header, meta, UTF-8, GB18030 — strict, with fallback instead of mojibake."""

from __future__ import annotations

import codecs

import pytest

from govreports.extract.encoding import decode_html
from govreports.extract.errors import UndecodableError

GBK_ONLY = "王堃 李喆 赵珺 陈镕"  # in GBK, not in GB2312


def page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


def test_gbk_only_characters_are_not_in_gb2312():
    with pytest.raises(UnicodeEncodeError):
        GBK_ONLY.encode("gb2312")


def test_utf8_without_any_declaration():
    text, enc = decode_html(page("政府信息公开").encode("utf-8"))
    assert "政府信息公开" in text
    assert enc == "utf-8"


def test_undeclared_gbk_falls_back_to_gb18030():
    text, enc = decode_html(page("政府信息公开工作年度报告").encode("gbk"))
    assert "政府信息公开工作年度报告" in text
    assert enc == "gb18030"


@pytest.mark.parametrize("label", ["gb2312", "GBK", "x-gbk", "gb_2312-80", "GB2312"])
def test_gb_labels_read_as_gb18030_keeping_gbk_only_characters(label):
    body = page(GBK_ONLY, f'<meta http-equiv="Content-Type" content="text/html; charset={label}">').encode("gbk")
    text, enc = decode_html(body)
    assert GBK_ONLY in text
    assert enc == "gb18030"


def test_meta_charset_attribute():
    text, _ = decode_html(page(GBK_ONLY, '<meta charset="gbk">').encode("gbk"))
    assert GBK_ONLY in text


def test_content_type_header_wins_over_meta():
    body = page("年度报告", '<meta charset="utf-8">').encode("gbk")
    text, enc = decode_html(body, "text/html; charset=GBK")
    assert "年度报告" in text
    assert enc == "gb18030"


def test_declared_utf8_that_is_really_gbk_falls_back():
    body = page("政府信息公开", '<meta charset="utf-8">').encode("gbk")
    text, enc = decode_html(body)
    assert "政府信息公开" in text
    assert "\ufffd" not in text
    assert enc == "gb18030"


def test_declared_gbk_that_is_really_utf8_falls_back():
    body = page("政府信息公开", '<meta charset="gb2312">').encode("utf-8")
    text, enc = decode_html(body, "text/html; charset=gb2312")
    assert "政府信息公开" in text
    assert enc == "utf-8"


def test_bom_wins_over_everything():
    body = codecs.BOM_UTF8 + page("报告", '<meta charset="gbk">').encode("utf-8")
    text, enc = decode_html(body, "text/html; charset=gbk")
    assert "报告" in text and not text.startswith("\ufeff")
    assert enc == "utf-8"


def test_utf16_with_bom():
    text, _ = decode_html(codecs.BOM_UTF16_LE + page("年报").encode("utf-16-le"))
    assert "年报" in text


# Single-byte charsets in the spellings pages and servers use; w3lib folds some into cp1252, not all.
SINGLE_BYTE_LABELS = [
    "ISO-8859-1", "iso-8859-1", "latin1", "Latin-1", "l1", "iso_8859-1", "iso8859_1", "latin_1", "cp819",
    "ISO-8859-15", "iso-8859-15", "iso_8859-15", "iso8859_15", "windows-1252", "cp1252", "us-ascii", "ascii",
    "windows-1254", "iso-8859-9", "windows-1250", "iso-8859-2", "windows-1251", "koi8-r", "macintosh",
]
# Text whose GBK bytes every one of those charsets decodes strictly: trusted, the label would win with mojibake.
GBK_TEXT = "政府信息公开工作年度报告"


def _weak_label_precondition(body: bytes, label: str) -> None:
    from w3lib.encoding import resolve_encoding

    body.decode(resolve_encoding(label.lower()))  # no error: only the order of trying saves the page


@pytest.mark.parametrize("label", SINGLE_BYTE_LABELS)
def test_a_single_byte_label_in_meta_on_a_gbk_page_is_tried_after_gb18030(label):
    html = page(GBK_TEXT, f'<meta http-equiv="Content-Type" content="text/html; charset={label}">')
    body = html.encode("gbk")
    _weak_label_precondition(body, label)
    assert decode_html(body) == (html, "gb18030")


@pytest.mark.parametrize("label", SINGLE_BYTE_LABELS)
def test_a_single_byte_label_in_the_header_on_a_gbk_page_is_tried_after_gb18030(label):
    body = page(GBK_TEXT).encode("gbk")
    _weak_label_precondition(body, label)
    text, enc = decode_html(body, f"text/html; charset={label}")
    assert (GBK_TEXT in text, enc) == (True, "gb18030")


def test_a_gb_meta_label_wins_over_a_single_byte_header_label():
    # the header usually wins; a single-byte one loses even to the page's own GB label
    body = page(GBK_ONLY, '<meta charset="gbk">').encode("gbk")
    text, enc = decode_html(body, "text/html; charset=ISO-8859-15")
    assert (GBK_ONLY in text, enc) == (True, "gb18030")


@pytest.mark.parametrize("label, codec", [("iso-8859-1", "cp1252"), ("ISO-8859-15", "iso8859-15"),
                                          ("koi8-r", "koi8-r")])
def test_a_single_byte_label_is_still_used_when_neither_utf8_nor_gb18030_fits(label, codec):
    # a byte 0xFF (ÿ in Latin-1, Ъ in KOI8-R) is valid in neither UTF-8 nor GB18030
    text = "Année ÿ".encode("iso8859-15").decode(codec)
    body = page(text, f'<meta charset="{label}">').encode(codec)
    assert decode_html(body) == (page(text, f'<meta charset="{label}">'), codec)


@pytest.mark.parametrize("label", ["utf-8", "gbk", "big5", "shift_jis", "euc-kr", "utf-16", "hz-gb-2312"])
def test_multi_byte_labels_are_not_single_byte(label):
    from govreports.extract.encoding import _is_weak

    assert not _is_weak(codecs.lookup(label).name)


def test_a_single_byte_label_on_a_utf8_chinese_page_is_not_trusted():
    body = page("政府信息公开", '<meta charset="iso-8859-1">').encode("utf-8")
    assert decode_html(body) == (page("政府信息公开", '<meta charset="iso-8859-1">'), "utf-8")


def test_truncated_utf8_sequence_at_the_end_is_tolerated():
    body = page("政府信息公开").encode("utf-8") + "报".encode()[:2]
    text, enc = decode_html(body)
    assert enc == "utf-8"
    assert "政府信息公开" in text


def test_a_few_corrupt_bytes_do_not_turn_the_page_into_mojibake():
    good = page("政府信息公开工作年度报告" * 40).encode("utf-8")
    body = good[:300] + b"\xff" + good[300:]
    text, enc = decode_html(body)
    assert enc == "utf-8"
    assert text.count("政府信息公开工作年度报告") >= 39


def test_nul_heavy_bytes_are_undecodable():
    with pytest.raises(UndecodableError, match="NUL"):
        decode_html(b"<html>\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" * 20)


def test_random_binary_is_undecodable():
    body = bytes((i * 131 + 7) % 256 for i in range(4000)).replace(b"\x00", b"\x01")
    with pytest.raises(UndecodableError):
        decode_html(body)


# --- the thresholds, at their edges: one step either side of each -------------------------------------

GB_TEXT = "政府信息公开工作年度报告"  # GB2312 characters: two bytes of 0xA1 or more each in GBK, three in UTF-8


def _with_errors(text: str, codec: str, errors: int, chars: int) -> bytes:
    """``chars`` characters of text in ``codec`` with ``errors`` invalid bytes (0xFF) spread between them, the
    first at the start: the UTF-8 count runs over several chunks."""
    characters = (text * (chars // len(text) + 1))[:chars]
    step = chars // errors
    pieces = []
    for i in range(errors):
        pieces += [b"\xff", characters[i * step : (i + 1) * step].encode(codec)]
    return b"".join(pieces) + characters[errors * step :].encode(codec)


def test_utf8_with_one_bad_sequence_in_a_hundred_non_ascii_bytes_is_utf8():
    body = _with_errors(GB_TEXT, "utf-8", 100, 3300)  # 9900 + 100 non-ASCII bytes, 100 bad
    text, enc = decode_html(body)
    assert (enc, text.count("\ufffd"), len(text)) == ("utf-8", 100, 3400)


def test_utf8_with_more_bad_sequences_is_not_utf8():
    body = _with_errors(GB_TEXT, "utf-8", 101, 3300)  # 101 bad in 10001: past 1 %
    with pytest.raises(UndecodableError, match=r"^not text: .* among 10001 non-ASCII bytes"):
        decode_html(body)  # nor GB18030


def test_gbk_with_one_bad_byte_in_a_hundred_non_ascii_bytes_is_gb18030_with_replacements():
    body = _with_errors(GB_TEXT, "gbk", 50, 2475)  # 4950 + 50 non-ASCII bytes
    text, enc = decode_html(body, "text/html; charset=gbk")
    assert (enc, text.count("\ufffd"), text.replace("\ufffd", "")[:12]) == ("gb18030", 50, GB_TEXT)


def test_gbk_with_more_bad_bytes_is_undecodable_and_says_why():
    body = _with_errors(GB_TEXT, "gbk", 51, 2475)
    with pytest.raises(UndecodableError) as raised:
        decode_html(body, "text/html; charset=big5")
    assert str(raised.value) == ("not text: 51 invalid sequences among 5001 non-ASCII bytes as GB18030, more than 1% "
                                 "as UTF-8 too (tried big5hkscs, gb18030)")


def test_a_character_cut_off_at_the_end_is_dropped_not_replaced():
    html = page("政府信息公开")
    text, enc = decode_html(html.encode("utf-8") + "报".encode()[:2])
    assert (text, enc) == (html, "utf-8")


def test_a_bom_decides_and_a_bad_sequence_after_it_is_replaced():
    body = b"\xef\xbb\xbf" + "政府".encode() + b"\xff" + "公开".encode()
    assert decode_html(body, "text/html; charset=gbk") == ("政府\ufffd公开", "utf-8")
    assert decode_html(b"\xff\xfe" + "年报".encode("utf-16-le") + b"\x00") == ("年报", "utf-16-le")  # cut off


@pytest.mark.parametrize("where", ["header", "meta"])
def test_a_declared_double_byte_charset_comes_before_gb18030(where):
    # Big5 bytes that GB18030 also decodes without error, into other characters
    text = "臺灣省政府資訊公開年報"
    text.encode("big5").decode("gb18030")
    html = page(text, '<meta charset="big5">' if where == "meta" else "")
    decoded, enc = decode_html(html.encode("big5"), "text/html; charset=big5" if where == "header" else None)
    assert (decoded, enc) == (html, "big5hkscs")


@pytest.mark.parametrize("nul, binary", [(10, False), (11, True)])
def test_more_than_one_nul_byte_in_a_hundred_is_binary(nul, binary):
    body = (b"<p>text</p>" * 100)[: 1000 - nul] + b"\x00" * nul
    if binary:
        with pytest.raises(UndecodableError, match=r"^binary data: 11 NUL bytes in the first 1000 bytes$"):
            decode_html(body)
    else:
        assert decode_html(body)[1] == "utf-8"


@pytest.mark.parametrize("controls, binary", [(50, False), (51, True)])
def test_more_than_one_control_byte_in_twenty_is_binary(controls, binary):
    body = (b"<p>text</p>" * 100)[: 1000 - controls] + b"\x01" * controls
    if binary:
        with pytest.raises(UndecodableError, match=r"^binary data: 51 control bytes in the first 1000 bytes$"):
            decode_html(body)
    else:
        assert decode_html(body)[1] == "utf-8"


def test_only_the_first_64_kib_decide_whether_a_page_is_binary():
    start = bytearray(b"a" * 65536)
    for position in range(100, 65501, 100):
        start[position] = 0  # 655 NULs: within 1 % of 65536 bytes; one more would be past it
    assert decode_html(bytes(start) + b"\x00" * 5000)[1] == "utf-8"


@pytest.mark.parametrize("spaces, detected", [(0, True), (3, True), (11, True), (12, False)])
def test_a_signature_is_found_after_whitespace_within_the_first_16_bytes(spaces, detected):
    from govreports.extract.encoding import sniff_binary_format
    from govreports.extract.errors import NotHTMLError

    body = b"\r\n \t"[:spaces] + b" " * max(0, spaces - 4) + b"%PDF-1.7\n"
    if detected:
        with pytest.raises(NotHTMLError, match=r"^body is a PDF document, not HTML$"):
            sniff_binary_format(body)
    else:
        sniff_binary_format(body)
