"""The attachment rules said once in ``govreports.extract.attachments``: which file suffixes are attachments, which
of them are read, and which phrases make a body point at its file. Every user of a rule is checked against the
constants, so a list copied somewhere and changed there (as .rar and .et once were) fails here."""

from __future__ import annotations

import pytest

from govreports.crawl.spiders.base import PortalSpider
from govreports.extract.attachment_links import find_attachments, is_attachment_link
from govreports.extract.attachments import (
    ATTACHMENT_SUFFIXES,
    DOCUMENT_SUFFIXES,
    FILE_SUFFIXES,
    IMAGE_SUFFIXES,
    POINTER_BLOCK,
    POINTER_PHRASES,
    POINTS_TO_FILE,
    UNREAD_ATTACHMENT_SUFFIXES,
    body_is_pointer,
    fetchable,
    file_suffix,
    strip_suffix,
)
from govreports.extract.body import find_body
from govreports.extract.htmltree import parse_html
from govreports.extract.normalise import squash

BASE = "http://www.example.gov.cn/art/2021/1/5/art_1_2.html"
REPORT = "某县农业农村局2020年政府信息公开工作年度报告"
EVERY_SUFFIX = sorted({*FILE_SUFFIXES, ".html", ".htm", ".jsp", ".txt"})


def _with_case(suffixes):
    return [*suffixes, *(suffix.upper() for suffix in suffixes)]


# --- suffixes -------------------------------------------------------------------------------------


def test_the_suffix_lists_nest():
    assert set(DOCUMENT_SUFFIXES) | set(UNREAD_ATTACHMENT_SUFFIXES) == set(ATTACHMENT_SUFFIXES)
    assert not set(DOCUMENT_SUFFIXES) & set(UNREAD_ATTACHMENT_SUFFIXES)
    assert set(ATTACHMENT_SUFFIXES) | set(IMAGE_SUFFIXES) == set(FILE_SUFFIXES)
    assert not set(ATTACHMENT_SUFFIXES) & set(IMAGE_SUFFIXES)
    assert {".rar", ".et"} <= set(ATTACHMENT_SUFFIXES)  # the two the copies disagreed on
    assert all(suffix.startswith(".") and suffix == suffix.lower() for suffix in FILE_SUFFIXES)


@pytest.mark.parametrize("suffix", _with_case(EVERY_SUFFIX))
def test_only_documents_are_fetched(suffix):
    is_document = suffix.lower() in DOCUMENT_SUFFIXES
    assert file_suffix(f"http://p.test/files/a{suffix}") == (suffix.lower() if is_document else "")
    assert file_suffix(f"http://p.test/down.jsp?filename=a{suffix}") == (suffix.lower() if is_document else "")
    assert file_suffix("http://p.test/down.jsp?id=3", f"年度报告{suffix}") == (suffix.lower() if is_document else "")
    assert bool(fetchable([{"url": f"http://p.test/files/a{suffix}", "name": "年度报告"}])) is is_document
    assert (strip_suffix(f"年度报告{suffix}") == "年度报告") is is_document


def _body_with_link(href: str, text: str):
    root = parse_html(
        "<html><body><div class='nav'><a href='/index.html'>首页</a></div>"
        f"<div class='TRS_Editor'><p>现将{REPORT}予以公布，全文如下。</p><p><a href='{href}'>{text}</a></p></div>"
        "</body></html>"
    )
    return find_body(root, "TRS_Editor")


@pytest.mark.parametrize("suffix", _with_case(EVERY_SUFFIX))
def test_a_link_is_an_attachment_when_its_path_or_its_text_ends_in_an_attachment_suffix(suffix):
    is_attachment = suffix.lower() in ATTACHMENT_SUFFIXES
    by_path = _body_with_link(f"/files/report{suffix}", "年度报告")
    assert bool(find_attachments(by_path, BASE)) is is_attachment
    by_text = _body_with_link("/module/download/downfile.jsp?id=3", f"年度报告{suffix}")
    assert bool(find_attachments(by_text, BASE)) is is_attachment
    # the pointer-block test also wants the href to spell the suffix (a download script's query)
    by_query = _body_with_link(f"/module/download/downfile.jsp?filename=a{suffix}", f"年度报告{suffix}")
    for found in (by_path, by_query):
        assert is_attachment_link(next(found.container.iter("a"))) is is_attachment


@pytest.mark.parametrize("suffix", _with_case(EVERY_SUFFIX))
def test_the_crawl_walks_into_no_file(suffix):
    assert f"http://p.test/files/a{suffix}".lower().endswith(PortalSpider.attachment_suffixes) is (
        suffix.lower() in FILE_SUFFIXES
    )


# --- pointer phrases ------------------------------------------------------------------------------


def _short_body(phrase: str) -> str:
    # between the bare-page limit (60) and the pointer limit (300): only a pointer phrase makes it a pointer
    return (
        f"根据《中华人民共和国政府信息公开条例》规定，{REPORT}已经编制完成，"
        f"现予以公布，接受社会监督。如对报告有疑问，请与本机关办公室联系。{phrase}。\n附件：{REPORT}.pdf"
    )


@pytest.mark.parametrize("phrase", POINTER_PHRASES)
def test_a_short_body_with_a_pointer_phrase_is_a_pointer(phrase):
    body = _short_body(phrase)
    kept = squash(body.split("\n")[0])
    assert 60 < len(kept) <= 300
    assert body_is_pointer(body, [f"{REPORT}.pdf"])


def test_a_short_body_without_a_pointer_phrase_is_a_report():
    assert not body_is_pointer(_short_body("谢谢"), [f"{REPORT}.pdf"])


def test_a_long_body_with_a_pointer_phrase_is_a_report():
    body = "一、总体情况。" + "本年度主动公开政府信息1234条，" * 20 + "统计表详见附件。"
    assert len(squash(body)) > 300
    assert not body_is_pointer(body, [])


def _body_of(length: int, phrase: str = "") -> str:
    """A body of ``length`` characters once its whitespace, attachment lines and file names are taken out,
    ending in ``phrase``; the attachment line, a file name and whitespace around it do not count."""
    filler = "本机关依照条例编制本年度报告并向社会公开接受监督"
    text = (filler * (length // len(filler) + 1))[: length - len(phrase)] + phrase
    return f"  {text[:20]}\n{text[20:]} {REPORT}.pdf\n附件：{REPORT}.pdf\n"


@pytest.mark.parametrize("length", [61, 120, 299, 300])
@pytest.mark.parametrize("phrase", ["详见附件", "点击下载"])
def test_every_length_up_to_the_limit_is_a_pointer_with_a_phrase(length, phrase):
    assert body_is_pointer(_body_of(length, phrase), [f"{REPORT}.pdf"])
    assert not body_is_pointer(_body_of(length), [f"{REPORT}.pdf"])


@pytest.mark.parametrize("length", [301, 400, 2000])
def test_past_the_limit_a_phrase_does_not_make_a_pointer(length):
    assert not body_is_pointer(_body_of(length, "详见附件"), [f"{REPORT}.pdf"])


@pytest.mark.parametrize("length", [0, 1, 30, 60])
def test_a_bare_body_is_a_pointer_without_a_phrase(length):
    assert body_is_pointer(_body_of(length), [f"{REPORT}.pdf"])


def test_the_phrase_may_stand_anywhere_in_the_body():
    body = "全文请点击\n下载。" + _body_of(200)  # a line break inside the phrase, as page text has them
    assert body_is_pointer(body, [f"{REPORT}.pdf"])


@pytest.mark.parametrize("phrase", POINTER_PHRASES)
def test_both_pointer_rules_hold_every_phrase(phrase):
    assert POINTS_TO_FILE.fullmatch(phrase)
    assert POINTER_BLOCK.fullmatch(phrase)


@pytest.mark.parametrize("label", ["附件：", "附件:", "附件 ：", "附件1：", "相关附件"])
def test_an_attachment_list_label_marks_a_pointer_block_but_does_not_make_a_body_a_pointer(label):
    assert POINTER_BLOCK.search(label)
    assert not POINTS_TO_FILE.search(label)


def _pointer_page(sentence: str):
    html = (
        "<html><body><div class='nav'>"
        + "".join(f"<a href='/col/{i}.html'>栏目{i}</a>" for i in range(10))
        + f"</div><div class='box'><h2>{REPORT}</h2>"
        f"<div class='text'><p>{REPORT}（附件）{sentence}</p>"
        "<p><a href='/files/2021/report.pdf'>年度报告.pdf</a></p></div></div></body></html>"
    )
    return find_body(parse_html(html), html)


@pytest.mark.parametrize("phrase", POINTER_PHRASES)
def test_find_body_takes_the_block_that_points_at_the_file(phrase):
    found = _pointer_page(f"{phrase}。")
    assert found.source == "attachment pointer block"
    assert phrase in "".join(found.container.itertext())


def test_without_a_pointer_phrase_a_short_block_is_no_body():
    assert _pointer_page("。").container is None
