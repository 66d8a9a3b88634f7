"""The shortcuts taken for extraction speed give what the general code gives.

Each fast path is checked against the slower code it stands in for, either by switching the shortcut off
(monkeypatch) and comparing whole extract_page results on seeded random pages, or by comparing a helper
with the straightforward expression it replaces. No timing here: speed is measured by scripts."""

from __future__ import annotations

import codecs
import difflib
import html
import math
import random
import re

import pytest

from govreports.extract import attachment_links, chrome, normalise, render
from govreports.extract.encoding import _utf8_errors, decode_html
from govreports.extract.htmltree import parse_html
from govreports.extract.metadata import labels as metadata_labels
from govreports.extract.normalise import WHITESPACE_RUN, fold, similar
from govreports.extract.page import extract_page
from govreports.extract.tables import TableKinds

_WS = ["", "", " ", "  ", "\xa0", "&nbsp;&nbsp;", "\u3000", "\n", "\t", "\r\n", "\u200b", "\u2002\u2002", "\x85"]
_WORDS = [
    "政府信息公开",
    "2019年",
    "２０２０年",
    "一、总体情况",
    "发布时间：2020-01-05",
    "来源：九江市教育局",
    "索引号：11360400/2020-00123",
    "打印",
    "关闭",
    "分享到",
    "当前位置：首页",
    "附件：",
    "附件1：统计表.xls",
    "report.pdf",
    "A&amp;B",
    "&lt;b&gt;",
    "自 然 人",
    "万载县统计局  国家统计局",
    "网站标识码：3604000001",
    "。",
    "0",
    "12",
    "Hello World",
    "第二十条第（一）项",
    "九江市教育局2019年政府信息公开工作年度报告",
]


class _Page:
    """A seeded random page: chrome, a CMS container or none, paragraphs, data and layout tables, links."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def words(self, n: int | None = None) -> str:
        n = self.r.randint(0, 5) if n is None else n
        return "".join(self.r.choice(_WORDS) + self.r.choice(_WS) for _ in range(n))

    def attrs(self) -> str:
        r, out = self.r, []
        if r.random() < 0.3:
            out.append(f'class="{r.choice(["xl65", "share", "print-btn", "TRS_Editor", "title", "pagenav", "a b"])}"')
        if r.random() < 0.1:
            out.append(f'id="{r.choice(["zoom", "fontzoom", "title", "x"])}"')
        if r.random() < 0.15:
            out.append(f'style="{r.choice(["display:none", "DISPLAY: none", "visibility:hidden", "text-indent:2em"])}"')
        if r.random() < 0.05:
            out.append("hidden")
        return "".join(" " + a for a in out)

    def link(self) -> str:
        href = self.r.choice(
            [
                "report.pdf",
                "../f/a.DOCX",
                "javascript:void(0)",
                "#top",
                "mailto:a@b.c",
                "http://[x/a.pdf",
                "show.asp?id=3",
                "/down.jsp?f=a.pdf",
                "a.doc\n",
                "?x=1",
                "page.html",
                "",
            ]
        )
        name = self.r.choice(["附件1", "附 件", "下载", "report.pdf", "首页", "", self.words(1)])
        return f'<a href="{href}"{self.attrs()}>{name}</a>'

    def inline(self, depth: int = 0) -> str:
        parts = []
        for _ in range(self.r.randint(0, 4)):
            x = self.r.random()
            if x < 0.45:
                parts.append(self.words())
            elif x < 0.6 and depth < 2:
                tag = self.r.choice(["span", "b", "font", "em"])
                parts.append(f"<{tag}{self.attrs()}>{self.inline(depth + 1)}</{tag}>")
            elif x < 0.7:
                parts.append("<br>")
            elif x < 0.8:
                parts.append(self.link())
            elif x < 0.85:
                parts.append(f'<img src="{self.r.choice(["a.png", "", "javascript:x"])}" alt="图">')
            elif x < 0.9:
                parts.append("<!-- c -->")
            else:
                parts.append(self.r.choice(_WS))
        return "".join(parts)

    def cell(self, depth: int) -> str:
        r = self.r
        tag = r.choice(["td", "td", "th"])
        attrs = self.attrs()
        if r.random() < 0.3:
            attrs += f' colspan="{r.choice(["2", "3", " 2 ", "x", "0", "70", ""])}"'
        if r.random() < 0.2:
            attrs += f' rowspan="{r.choice(["2", "3", "x", "0", "99"])}"'
        x = r.random()
        if x < 0.5:
            content = r.choice(
                ["0", "12", "信息内容", "", " ", "1 0", "a&amp;b", "&lt;1&gt;", "\xa0", "\n 3 \n", self.words(1)]
            )
        elif x < 0.7:
            content = "".join(f"<p>{self.words(1)}</p>" for _ in range(r.randint(1, 3)))
        elif x < 0.8:
            content = self.inline()
        elif x < 0.85 and depth < 1:
            content = self.table(depth + 1)
        elif x < 0.9:
            content = "很长的文字" * r.randint(50, 100)
        else:
            content = self.link()
        return f"<{tag}{attrs}>{content}</{tag}>" + ("x" if r.random() < 0.03 else r.choice(["", "\n"]))

    def table(self, depth: int = 0) -> str:
        r = self.r
        rows = "".join(
            f"<tr>{''.join(self.cell(depth) for _ in range(r.randint(0, 5)))}{'<!-- r -->' if r.random() < 0.05 else ''}</tr>"
            + r.choice(["\n", ""])
            for _ in range(r.randint(0, 6))
        )
        body = r.choice(
            [
                f"<tbody>{rows}</tbody>",
                f"<thead><tr><th>a</th><th>b</th></tr></thead>{rows}",
                rows,
                f"{rows}<p>after</p>",
                f"<caption>c</caption>{rows}",
            ]
        )
        return f"<table{self.attrs()}>{'x' if r.random() < 0.05 else r.choice(['', chr(10)])}{body}</table>"

    def block(self, depth: int = 0) -> str:
        r = self.r
        x = r.random()
        if x < 0.35:
            tag = r.choice(["p", "p", "div", "h1", "h2", "li", "center"])
            return f"<{tag}{self.attrs()}>{self.inline()}</{tag}>" + r.choice(_WS)
        if x < 0.5:
            return self.table()
        if x < 0.6 and depth < 3:
            tag = r.choice(["div", "ul", "section"])
            return f"<{tag}{self.attrs()}>{''.join(self.block(depth + 1) for _ in range(r.randint(0, 4)))}</{tag}>"
        if x < 0.7:
            return self.inline()
        if x < 0.8:
            return f'<div class="{r.choice(["share", "position", "xglj"])}">{self.inline()}</div>'
        return self.words() + "<br>" + r.choice(_WS)

    def html(self) -> bytes:
        r = self.r
        content = "".join(self.block() for _ in range(r.randint(1, 8)))
        main = r.choice(
            [
                f'<div class="TRS_Editor">{content}</div>',
                f'<div id="zoom">{content}</div>',
                f'<meta name="ContentStart">{content}<meta name="ContentEnd">',
                f'<table><tr><td class="article_content">{content}</td></tr></table>',
                content,
            ]
        )
        metas = r.choice(['<meta name="ArticleTitle" content="九江市教育局2019年政府信息公开工作年度报告">', ""])
        chrome = "".join(self.block() for _ in range(r.randint(0, 3)))
        title = r.choice(["九江市教育局2019年政府信息公开工作年度报告_九江市人民政府", "首页", ""])
        page = f"<html><head><title>{title}</title>{metas}</head><body>{chrome}{main}{self.block()}</body></html>"
        return page.encode(r.choice(["utf-8", "gb18030"]), "replace")


_PAGES = [_Page(seed).html() for seed in range(150)]
_URL = "http://x.gov.cn/art/2020/1/5/art_1_2.html"


def _extract_all() -> list[dict]:
    return [extract_page(body, _URL) for body in _PAGES]


@pytest.fixture(scope="module")
def fast() -> list[dict]:
    return _extract_all()


def _general_plain_html(self: TableKinds, table, media_cells: set) -> str:
    self.is_data(table)
    for cells, texts, _, _ in self._tables[table][0]:
        self._cells.update(zip(cells, texts, strict=True))
    return ""


@pytest.mark.parametrize(
    ("target", "name", "replacement"),
    [
        (TableKinds, "plain_html", _general_plain_html),  # tables built directly vs walked
        (render, "_LEAF_BLOCKS", frozenset()),  # childless paragraphs emitted at once vs walked
        (attachment_links, "_links_may_hold_attachments", lambda scope: True),  # bulk link test vs per link only
        (chrome, "_may_hold_hidden_or_widgets", lambda container: True),  # attribute prefilter vs full scan
    ],
)
def test_shortcut_gives_what_the_general_code_gives(fast, monkeypatch, target, name, replacement):
    monkeypatch.setattr(target, name, replacement)
    assert _extract_all() == fast


def test_some_random_pages_exercise_tables_and_attachments(fast):
    assert sum("<table>" in page["body_html"] for page in fast) > 10
    assert sum(bool(page["attachments"]) for page in fast) > 10


def _reference_fold(text: str) -> str:
    # the regex-only fold the fast paths stand in for
    wide = normalise._WIDE_GAP.search(text) is not None
    if wide:
        text = normalise._WIDE_GAP.sub(normalise._keep_wide_gap, text)
    text = WHITESPACE_RUN.sub(" ", text).strip()
    if " " in text:
        text = normalise._SPACE_BEFORE_CJK.sub(normalise._drop_gap_after_cjk, text)
    return text.replace("\x01", " ") if wide else text


_ALPHABET = [
    "中",
    "文",
    "a",
    "1",
    " ",
    "  ",
    "\xa0",
    "\u3000",
    "\n",
    "\t",
    "\u200b",
    "\x01",
    "\u2002",
    "，",
    "\ufeff",
    "\x1c",
    "\x85",
    "<",
    "&",
    ">",
]


def _random_strings(seed: int, count: int = 20000):
    r = random.Random(seed)
    for _ in range(count):
        yield "".join(r.choice(_ALPHABET) for _ in range(r.randint(0, 12)))


def test_fold_fast_paths():
    for text in _random_strings(1):
        assert fold(text) == _reference_fold(text), repr(text)


def test_html_text_runs():
    for text in _random_strings(2):
        if text:
            assert render._text(text) == html.escape(WHITESPACE_RUN.sub(" ", text), quote=False), repr(text)


def test_text_stream_is_the_regex_definition():
    spaces, breaks = re.compile(r"[^\S\n]+"), re.compile(r" ?\n[\s]*")
    for body in _PAGES[:60]:
        root = parse_html(decode_html(body)[0])
        joined = spaces.sub(" ", "\n".join(metadata_labels._TEXTS(root)).replace("\u200b", ""))
        assert metadata_labels.text_stream(root) == breaks.sub("\n", joined).strip()


def test_utf8_errors_counted_in_chunks():
    r = random.Random(3)
    pieces = [
        b"\xe4\xb8\xad",
        b"a",
        b"\xff",
        b"\xc3",
        b"\xe4\xb8",
        b"\xf0\x9f\x98",
        b"\xed\xa0\x80",
        b"\x80",
        b"\xef\xbf\xbd",
    ]
    for _ in range(500):
        body = b"".join(r.choice(pieces) for _ in range(r.randint(0, 6000)))
        # in one decode, a character cut off at the end left pending (not an error: a truncated download)
        exact = codecs.getincrementaldecoder("utf-8")("replace").decode(body).count("\ufffd")
        assert _utf8_errors(body, math.inf) == exact
        limit = r.randint(0, exact + 2)
        assert (_utf8_errors(body, limit) <= limit) == (exact <= limit)
    # the count reaches the limit exactly at the end of a chunk, and more follow
    assert _utf8_errors(b"\xff" * 10 + b"a" * 4086 + b"\xff", 10) == 11


def test_similar_is_difflib_ratio():
    r = random.Random(4)
    for _ in range(3000):
        a = "".join(r.choice("九江市报告年度2019") for _ in range(r.randint(0, 14)))
        b = "".join(r.choice("九江市报告年度2019") for _ in range(r.randint(0, 14)))
        for at_least in (0.8, 0.9):
            assert similar(a, b, at_least) == (difflib.SequenceMatcher(None, a, b).ratio() >= at_least)
