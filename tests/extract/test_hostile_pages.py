"""Hostile and broken pages: link schemes read as browsers read them, <embed>/<object> that swallow the body,
pages nested past libxml2's depth limit, hijacked pages, and pages too big to parse cheaply."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.extract import extract
from govreports.extract.hijack import hijack_flags
from govreports.extract.htmltree import DEPTH_LIMIT_NOTE, REPARSED, parse_html, text_of
from govreports.extract.safe_urls import SAFE_SCHEMES, browser_url, safe_link, url_scheme
from govreports.extract.slim import SLIM_ABOVE, slim_markup, too_large_to_parse
from tests.crawl.fault_portal import hijacked_body_page, hijacked_title_page, report_page

URL = "https://www.example.gov.cn/art/2024/1/2/art_1_3.html"

# --- link schemes ------------------------------------------------------------------------------------

# Characters a browser's URL parser removes or strips: C0 controls and space at the ends, ASCII tab and
# newline anywhere. Python's urllib.parse.urlsplit follows the same WHATWG steps, so it is the oracle.
_STRIPPED_AT_ENDS = st.text(alphabet=st.sampled_from([chr(c) for c in range(0x21)]), max_size=4)
_SCHEMES = st.sampled_from(["javascript", "vbscript", "data", "file", "http", "https", "mailto", "ftp", "jar"])


@st.composite
def browser_spellings(draw) -> str:
    """A URL with its scheme spelled as pages hide it: random case, tabs and newlines inside, controls before."""
    scheme = draw(_SCHEMES)
    spelled = ""
    for char in scheme:
        spelled += draw(st.sampled_from([char, char.upper()])) + draw(st.sampled_from(["", "", "\t", "\n", "\r"]))
    rest = draw(st.sampled_from(["alert(1)", "//x.example/a.pdf", "text/html;base64,PHNjcmlwdD4=", "a@b.cn"]))
    return draw(_STRIPPED_AT_ENDS) + spelled + ":" + rest


@given(browser_spellings())
def test_the_scheme_is_the_one_a_browser_reads(url):
    assert url_scheme(url) == urlsplit(url).scheme


@given(st.text(max_size=30))
def test_any_string_reads_as_urlsplit_reads_it(url):
    assert url_scheme(url) == urlsplit(browser_url(url)).scheme


@given(browser_spellings())
def test_only_safe_schemes_survive(url):
    kept = safe_link(URL, url)
    assert (kept != "") == (urlsplit(url).scheme in SAFE_SCHEMES)
    if kept:
        assert urlsplit(kept).scheme in SAFE_SCHEMES


def _entity_encoded(url: str) -> str:
    """How a page spells the URL in an attribute: every control character as a numeric entity."""
    return "".join(f"&#x{ord(c):02x};" if ord(c) < 0x21 or c in "&\"<>" else c for c in url)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(browser_spellings())
def test_body_html_links_only_to_safe_schemes(url):
    page = report_page("某县财政局", after=f'<p>附件：<a href="{_entity_encoded(url)}">报告全文</a></p>')
    body_html = extract(page, URL)["body_html"]
    for href in re.findall(r'(?:href|src)="([^"]*)"', body_html):
        assert urlsplit(href).scheme in SAFE_SCHEMES
    assert "报告全文" in body_html


def test_the_spellings_of_the_issue_never_survive():
    for href in ("jav\tascript:alert(1)", "java\nscript:alert(2)", "\x01javascript:alert(3)", "VBScript:x",
                 "data:text/html;base64,PHNjcmlwdD4=", " \x00javascript:x"):
        assert safe_link(URL, href) == "", href
    assert safe_link(URL, "  /a.pdf\t") == "https://www.example.gov.cn/a.pdf"
    assert safe_link("", "a.html") == "a.html"  # a page read without its URL keeps relative links


# --- <embed> and <object> -----------------------------------------------------------------------------

def test_a_bare_embed_no_longer_swallows_the_paragraphs_after_it():
    page = report_page("某县教育局", before='<p>报告全文见下：</p><embed src="/files/report.pdf" width="100%">')
    result = extract(page, URL)
    assert "五、存在的主要问题及改进情况" in result["body_text"]
    assert result["body_text"].startswith("报告全文见下")


def test_an_open_object_gives_back_its_blocks_and_drops_its_fallback():
    html = ('<html><body><div id="c"><object data="/a.pdf"><param name="src" value="/a.pdf">'
            '您的浏览器不支持PDF<p>一、总体情况</p><p>二、主动公开</p></div></body></html>')
    root = parse_html(html)
    (obj,) = root.iter("object")
    assert text_of(obj) == "您的浏览器不支持PDF"
    assert [p.text for p in root.iter("p")] == ["一、总体情况", "二、主动公开"]
    assert all(p.getparent().get("id") == "c" for p in root.iter("p"))


# --- deep documents -----------------------------------------------------------------------------------

def test_a_page_nested_past_libxml2s_limit_is_parsed_whole():
    # the content container holds 3,000 nested <div>s (past libxml2's 2,048, which cuts the page silently)
    result = extract(report_page("北岭县农业农村局", nest=3000), URL)
    assert "五、存在的主要问题及改进情况" in result["body_text"] and result["empty_reason"] == ""


def test_unclosed_font_tags_past_the_limit_without_a_container():
    # the other shape: no CMS container, 2,500 <font> tags never closed, the body found by text density
    paragraphs = "".join(f"<font face=宋体><p>第{n}段：本年度主动公开政府信息，依申请公开办理均按期答复。</p>"
                         for n in range(2500))
    page = (f"<html><head><title>某县2022年政府信息公开工作年度报告</title></head><body>{paragraphs}"
            "<p>最后一段：以上为本年度报告全文。</p></body></html>")
    root = parse_html(page)
    assert root.get(REPARSED)
    result = extract(page.encode(), URL)
    assert "第2499段" in result["body_text"] and "最后一段" in result["body_text"]


def test_a_truncated_page_whose_body_is_still_empty_does_not_blame_javascript():
    page = ("<html><head><title>某县2022年政府信息公开工作年度报告</title></head><body>"
            + "<div>" * 2100 + '<div class="TRS_Editor"></div>' + "</div>" * 2100 + "</body></html>")
    result = extract(page.encode(), URL)
    assert result["body_text"] == "" and result["empty_reason"].startswith(DEPTH_LIMIT_NOTE)


def test_a_shallow_page_is_not_reparsed():
    assert parse_html("<html><body>" + "<div>" * 2000 + "x</body></html>").get(REPARSED) is None


# --- hijacked pages -----------------------------------------------------------------------------------

def test_a_title_prefix_and_a_hidden_link_block_are_flagged():
    flags = extract(hijacked_title_page(), "http://www.pingan.gov.cn/ndbg/1.html")["flags"]
    assert set(flags) == {"spam_title", "hidden_links", "offsite_spam_links", "title_body_mismatch"}


def test_a_spam_paragraph_with_offsite_links_is_flagged():
    flags = extract(hijacked_body_page(), "http://www.ningyuan.gov.cn/ndbg/2.html")["flags"]
    assert set(flags) == {"spam_body", "offsite_spam_links"}


def test_a_report_that_speaks_of_gambling_and_lotteries_is_clean():
    page = report_page("某县公安局", before="<p>开展打击网络赌博专项行动，打击非法代孕。彩票公益金使用情况已公开。"
                                           "福利彩票、体育彩票销售点纳入监管。</p>",
                       after='<div style="display:none">打印本页 关闭窗口</div>'
                             '<p><a href="http://www.cwl.gov.cn/">中国福利彩票</a></p>')
    assert extract(page, URL)["flags"] == []


def test_a_file_or_text_dump_is_flagged_by_its_words():
    assert hijack_flags("澳门赌场-某县2023年政府信息公开工作年度报告", "正文") == ["spam_title", "title_body_mismatch"]
    assert hijack_flags("某县报告", "某县报告：真人博彩，时时彩平台") == ["spam_body"]
    assert hijack_flags("某县报告", "打击网络赌博") == []


# --- big pages ----------------------------------------------------------------------------------------

def _padded(markup: str, encoding: str = "utf-8") -> bytes:
    filler = "<p>本年度主动公开政府信息一百二十条。</p>" * (SLIM_ABOVE // 40)
    return (markup + filler + "</body></html>").encode(encoding)


def test_slimming_drops_what_carries_no_text_and_keeps_what_hides():
    page = _padded(
        '<html><head><meta charset="gbk"><script>var a = "<p>x</p>";</script><style>p{}</style></head><body>'
        '<!--ZJEG_RSS.content.begin--><!-- 注释 --><div style="display:none"><a href="http://c.example.com/">赌场</a>'
        '</div><table border=1 cellpadding=0><tr><td width=64 style="width:48pt" class=MsoNormal colspan=2>'
        '<span lang=EN-US style="font-size:10.5pt">数字</span></td></tr></table>'
        '<p style="position:absolute;left:-9999px">隐藏</p><img src="data:image/png;base64,AAAA" alt="图">', "gbk")
    slim = slim_markup(page).decode("gbk")
    head = slim[: slim.index("<p>本年度")]
    assert head == ('<html><head><meta charset="gbk"></head><body><!--ZJEG_RSS.content.begin-->'
                    '<div style="display:none"><a href="http://c.example.com/">赌场</a></div>'
                    '<table><tr><td colspan=2>数字</td></tr></table>'
                    '<p style="position:absolute;left:-9999px">隐藏</p><img src="" alt="图">')


def test_small_pages_are_not_slimmed():
    page = b'<html><body><span style="color:red">x</span></body></html>'
    assert slim_markup(page) is page


def test_a_page_too_big_to_parse_is_read_as_text():
    rows = "".join(f"<tr><td><p>{n}</p></td><td><p>{n * 2}</p></td></tr>" for n in range(80_000))
    page = report_page("某县水利局", after=f"<table>{rows}</table>")
    assert too_large_to_parse(slim_markup(page))
    result = extract(page, URL)
    assert result["title"] == "某县水利局2023年政府信息公开工作年度报告"
    assert "五、存在的主要问题及改进情况" in result["body_text"] and "79999\t159998" in result["body_text"]
