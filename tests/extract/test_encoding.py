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
