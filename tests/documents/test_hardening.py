"""Hostile attachments: OFD repeat and page bombs, DOCX/XLSX packages that inflate past the limits (also as ZIP
members), ZIP members that under-declare their size, and LibreOffice time-outs that must not leave soffice.bin
behind. Every hostile file is built here, small and fast."""

from __future__ import annotations

import functools
import io
import os
import struct
import tempfile
import time
import tracemalloc
import zipfile
import zlib

import psutil
import pytest

from govreports.documents import CORRUPT, OK, TOO_LARGE, UNSUPPORTED, archive, convert, limits, ofd, read_document, word
from tests.demo_portal import documents as writers

OFD_NS = "http://www.ofdspec.org/2016"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


# ------------------------------------------------------------------------------------------------ helpers


def _ofd(content: str, page_refs: int = 1) -> bytes:
    """An OFD whose Document.xml lists the same page (Content.xml holding content) page_refs times."""
    files = {
        "OFD.xml": (
            f'{HEAD}<ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ).encode(),
        "Doc_0/Document.xml": (
            f'{HEAD}<ofd:Document xmlns:ofd="{OFD_NS}"><ofd:Pages>'
            + "".join(f'<ofd:Page ID="{i}" BaseLoc="Pages/Page_0/Content.xml"/>' for i in range(page_refs))
            + "</ofd:Pages></ofd:Document>"
        ).encode(),
        "Doc_0/Pages/Page_0/Content.xml": (
            f'{HEAD}<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="1">{content}</ofd:Layer>'
            "</ofd:Content></ofd:Page>"
        ).encode(),
    }
    return writers.make_zip(files)


def _text_object(text: str, y: float = 10.0, delta_x: str = "") -> str:
    delta = f' DeltaX="{delta_x}"' if delta_x else ""
    return (
        f'<ofd:TextObject ID="2" Boundary="10 {y} 100 5" Size="3.5">'
        f'<ofd:TextCode X="0" Y="3.5"{delta}>{text}</ofd:TextCode></ofd:TextObject>'
    )


def _with_members(package: bytes, extra: dict[str, tuple[bytes, int]]) -> bytes:
    """package with extra members added: name → (bytes, compression), stored as given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        for name, (data, compression) in extra.items():
            out.writestr(zipfile.ZipInfo(name, (2021, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buf.getvalue()


def _set_declared(data: bytes, name: str, size: int, crc: int | None = None) -> bytes:
    """data with member name's uncompressed size (and CRC, if given) rewritten in its local header and its
    central directory entry: a header that lies."""
    raw = bytearray(data)
    encoded = name.encode()
    end = raw.rfind(b"PK\x05\x06")
    central = struct.unpack_from("<I", raw, end + 16)[0]  # where the central directory starts
    while central != -1:
        name_len = struct.unpack_from("<H", raw, central + 28)[0]
        if bytes(raw[central + 46 : central + 46 + name_len]) == encoded:
            local = struct.unpack_from("<I", raw, central + 42)[0]
            struct.pack_into("<I", raw, central + 24, size)
            struct.pack_into("<I", raw, local + 22, size)
            if crc is not None:
                struct.pack_into("<I", raw, central + 16, crc)
                struct.pack_into("<I", raw, local + 14, crc)
            return bytes(raw)
        central = raw.find(b"PK\x01\x02", central + 4)
    raise AssertionError(f"{name} not in the package")


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _peak_bytes(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# ---------------------------------------------------------------------------------------------------- OFD


def test_ofd_delta_repeat_is_clamped_to_the_text():
    bomb = _ofd(_text_object("总体情况", delta_x="g 20000000 1"))
    assert len(bomb) < 2000
    doc, peak = _peak_bytes(lambda: read_document(bomb, "a.ofd"))
    assert doc.status == OK and "总体情况" in doc.text
    assert peak < 20 * 1024 * 1024, peak  # unclamped: a list of 20 million floats, 160 MB
    assert ofd._deltas("g 20000000 1", 3) == [1.0, 1.0, 1.0]
    assert ofd._deltas("2 g 5 1.5 9", 4) == [2.0, 1.5, 1.5, 1.5]
    for odd in ("g 1e309 1", "g nan 1", "g -5 1", "g x 1"):  # never raises, never repeats absurdly
        assert len(ofd._deltas(odd, 3)) <= 3
        assert read_document(_ofd(_text_object("年度报告", delta_x=odd)), "a.ofd").status == OK


def test_ofd_too_many_pages_is_too_large():
    bomb = _ofd(_text_object("重复的页面"), page_refs=ofd.MAX_PAGES + 1)
    doc, peak = _peak_bytes(lambda: read_document(bomb, "a.ofd"))
    assert doc.status == TOO_LARGE and f"{ofd.MAX_PAGES + 1} pages" in doc.message
    assert peak < 8 << 20, peak  # refused from the page list, before the pages are read
    assert read_document(_ofd(_text_object("重复的页面"), page_refs=3), "a.ofd").status == OK


def test_ofd_parts_read_again_count_against_the_budget(monkeypatch):
    lines = "".join(_text_object(f"第{i}行文字内容" * 20, y=10.0 + i) for i in range(200))
    page = _ofd(lines, page_refs=1)
    part_size = len(zipfile.ZipFile(io.BytesIO(page)).read("Doc_0/Pages/Page_0/Content.xml"))
    monkeypatch.setattr(ofd, "MAX_TOTAL_BYTES", 20 * part_size)
    assert read_document(_ofd(lines, page_refs=10), "a.ofd").status == OK
    doc = read_document(_ofd(lines, page_refs=30), "a.ofd")  # the same page thirty times: 30 reads of it
    assert doc.status == TOO_LARGE and "OFD" in doc.message and "more than" in doc.message


def test_ofd_package_past_declared_limits_is_too_large():
    bomb = _with_members(_ofd(_text_object("正文")), {"Doc_0/Res/pad.bin": (bytes(16 << 20), zipfile.ZIP_DEFLATED)})
    doc = read_document(bomb, "a.ofd")
    assert doc.status == TOO_LARGE and "zip bomb" in doc.message


# ------------------------------------------------------------------------------------------- DOCX / XLSX


def _ratio_bomb(package: bytes) -> bytes:
    """package plus a 16 MB part of zeros (deflates about 1000×)."""
    return _with_members(package, {"customXml/item9.xml": (bytes(16 << 20), zipfile.ZIP_DEFLATED)})


def _declared_total_bomb(package: bytes) -> bytes:
    """package plus three stored 512 kB parts each declaring 80 MB: each part within the part limit and the
    ratio (160), together past the total."""
    extra = {f"word/media/image{i}.bin": (os.urandom(512 << 10), zipfile.ZIP_STORED) for i in range(3)}
    data = _with_members(package, extra)
    for name in extra:
        data = _set_declared(data, name, 80 << 20)
    return data


def _declared_part_bomb(package: bytes) -> bytes:
    """package plus a stored 1 MB part declaring 150 MB (over the part limit; ratio 150)."""
    data = _with_members(package, {"word/media/big.bin": (os.urandom(1 << 20), zipfile.ZIP_STORED)})
    return _set_declared(data, "word/media/big.bin", 150 << 20)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_office_package_past_limits_is_too_large(fmt):
    package = (
        writers.make_docx(["正文段落"]) if fmt == "docx" else writers.make_xlsx([[["项目", "数量"], ["公开", "9"]]])
    )
    assert read_document(package, f"a.{fmt}").status == OK
    for build, words in (
        (_ratio_bomb, "zip bomb"),
        (_declared_total_bomb, "package unpacks to"),
        (_declared_part_bomb, "unpacks to 157286400 bytes"),
    ):
        bomb = build(package)
        doc, peak = _peak_bytes(lambda bomb=bomb: read_document(bomb, f"a.{fmt}"))
        assert doc.status == TOO_LARGE and doc.format == fmt, (build.__name__, doc)
        assert words in doc.message, (build.__name__, doc.message)
        assert peak < 8 << 20, (build.__name__, peak)  # refused from the headers: nothing inflated


def test_office_bomb_inside_a_zip_is_too_large():
    bomb = _ratio_bomb(writers.make_docx(["正文段落"]))
    doc = read_document(writers.make_zip({"附件.docx": bomb}), "a.zip")
    assert doc.status == TOO_LARGE and "zip bomb" in doc.message
    assert doc.members[0][1].status == TOO_LARGE


def test_budget_read_counts_while_reading():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", b"<a/>" * (512 << 10))  # 2 MB
        zf.writestr("b.xml", b"<b/>" * (128 << 10))  # 512 kB
    with zipfile.ZipFile(buf) as zf:
        budget = limits.Budget("test", total=(3 << 20) - 1)
        assert len(budget.read(zf, "b.xml")) == 512 << 10
        with pytest.raises(limits.TooLarge, match=r"part a\.xml"):
            budget.read(zf, "a.xml", part_limit=1 << 20)
        assert len(budget.read(zf, "a.xml")) == 2 << 20
        with pytest.raises(limits.TooLarge, match="package unpacks to more than"):
            budget.read(zf, "b.xml")  # past the budget of 3 MB - 1 byte


# ------------------------------------------------------------------------ members that under-declare their size


def _under_declared_zip(name: str, real: bytes, declared: int, crc_of_prefix: bool) -> bytes:
    """A ZIP whose one member inflates to real but whose headers declare declared bytes (with the CRC of that
    prefix, so a reader that stops at the declared size sees a valid member, or of the whole data)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, real)
    crc = zlib.crc32(real[:declared]) if crc_of_prefix else None
    return _set_declared(buf.getvalue(), name, declared, crc)


@pytest.fixture
def lenient_zip(monkeypatch):
    """zipfile as a decoder that trusts the deflate stream instead of the declared size (and checks no CRC):
    what the count-while-reading guards are there for, since CPython's zipfile itself stops at the declared
    size."""
    original = zipfile.ZipExtFile.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._left = 1 << 62
        self._expected_crc = None

    monkeypatch.setattr(zipfile.ZipExtFile, "__init__", init)


def test_zip_member_under_declaring_its_size_stops_at_the_declared_size():
    real = b"a" * (64 << 20)
    for crc_of_prefix, status in ((True, UNSUPPORTED), (False, CORRUPT)):
        bomb = _under_declared_zip("bomb.txt", real, 1000, crc_of_prefix)
        assert len(bomb) < 200_000
        doc, peak = _peak_bytes(lambda bomb=bomb: read_document(bomb, "a.zip"))
        assert peak < 8 << 20, peak
        assert doc.status == status, doc
        member = doc.members[0][1]
        assert member.status == status
        if status == CORRUPT:
            assert "CRC" in member.message


def test_zip_count_while_reading_branch(monkeypatch, lenient_zip):
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1 << 20)
    bomb = _under_declared_zip("bomb.txt", b"a" * (4 << 20), 1000, crc_of_prefix=True)
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        assert zf.infolist()[0].file_size == 1000  # the declared-size check passes
        assert len(zf.read("bomb.txt")) == 4 << 20  # the lenient decoder inflates it all
    doc = read_document(bomb, "a.zip")
    assert doc.status == TOO_LARGE and "unpacks to more than 1048576 bytes" in doc.message
    # two honest-looking members whose real sizes only together pass the budget
    two = writers.make_zip({"a.txt": b"x" * (600 << 10), "b.txt": b"y" * (600 << 10)})
    two = _set_declared(_set_declared(two, "a.txt", 10), "b.txt", 10)
    assert read_document(two, "a.zip").status == TOO_LARGE


@pytest.mark.parametrize(("fmt", "part"), [("docx", "word/document.xml"), ("xlsx", "xl/worksheets/sheet1.xml")])
def test_office_part_inflating_past_its_declared_size_is_refused(fmt, part):
    """The part libraries read first declares its real size and CRC, but its deflate stream goes on with 64 MB
    of comment: zipfile would return the declared bytes (valid CRC) after inflating all 64 MB in one go."""
    package = (
        writers.make_docx(["正文段落"]) if fmt == "docx" else writers.make_xlsx([[["项目", "数量"], ["公开", "9"]]])
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == part:
                original = content
                content += b"<!--" + b"a" * (64 << 20) + b"-->"
            out.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    bomb = _set_declared(buf.getvalue(), part, len(original), zlib.crc32(original))
    assert len(bomb) < 300_000
    doc, peak = _peak_bytes(lambda: read_document(bomb, f"a.{fmt}"))
    assert doc.status == TOO_LARGE and "inflates past its declared size" in doc.message, doc
    assert peak < 16 << 20, peak


# -------------------------------------------------------------------------------------- LibreOffice time-outs


def _soffice_alive(marker: str) -> list[psutil.Process]:
    alive = []
    for proc in psutil.process_iter(["name", "cmdline", "status"]):
        try:
            if proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            cmdline = " ".join(proc.info["cmdline"] or [])
            if "soffice" in (proc.info["name"] or "") + cmdline and marker in cmdline:
                alive.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return alive


@pytest.fixture(scope="module")
def doc_bytes() -> bytes:
    if convert.find_binary("soffice") is None and convert.find_binary("libreoffice") is None:
        pytest.skip("soffice is not installed")
    return writers.make_doc(["某某市人民政府2020年政府信息公开工作年度报告", "一、总体情况"])


def test_soffice_timeout_kills_the_process_group(doc_bytes, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for _ in range(2):
        with pytest.raises(convert.ConversionTimedOut, match="timed out"):
            convert.soffice_convert(doc_bytes, "doc", "docx", timeout=0.05)
        assert _soffice_alive(str(tmp_path)) == []  # soffice.bin with this call's profile dir is gone
        time.sleep(0.5)  # an orphaned soffice.bin would recreate the profile below the removed temp dir
        assert os.listdir(tmp_path) == []
        assert _soffice_alive(str(tmp_path)) == []


def test_timed_out_conversion_says_timed_out(doc_bytes, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(word, "soffice_convert", functools.partial(convert.soffice_convert, timeout=0.05))
    doc = read_document(doc_bytes, "a.doc")
    assert doc.status == CORRUPT and "timed out" in doc.message
    assert _soffice_alive(str(tmp_path)) == []
    assert os.listdir(tmp_path) == []
