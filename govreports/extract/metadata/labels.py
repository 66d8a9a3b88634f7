"""Labelled values on a page: the newline-joined stream of its text nodes, and what follows a label in it.

An info line or 信息索引表 puts a label and its value in neighbouring cells, bullets or spans; one text node
per line of the stream lets them pair up whatever the markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from govreports.extract.normalise import CJK, fold, squash

# Called on the root element; descendant-or-self from there saves libxml2 the "//" expansion over every node.
_METAS = etree.XPath("descendant-or-self::meta[@name and @content]")
_TEXTS = etree.XPath("//body//text()", smart_strings=False)


def _alone(first: str, rest: str) -> str:
    """A label word not preceded by another ideograph (日期 but not 成文日期). The lookbehind comes after the
    first literal so the regex engine can still skip ahead to candidate characters quickly."""
    return rf"{first}(?<![\u4e00-\u9fff]{first})\s*{rest}"


LABEL_DATE = re.compile(
    r"(?:发\s*布\s*时\s*间|发\s*布\s*日\s*期|公\s*开\s*日\s*期|信\s*息\s*时\s*间|信\s*息\s*日\s*期|"  # 信息时间: 新点
    rf"{_alone('日', '期')}|{_alone('时', '间')})"
)
LABEL_WRITTEN = re.compile(r"成\s*文\s*日\s*期|发\s*文\s*日\s*期|成\s*文\s*时\s*间")
# a spaced label whose first characters sit before the bare 日期/时间 the date label matches ("成 文 日 期")
SPACED_OTHER_DATE = re.compile(r"(?:成|发|生|印|更|有|截|失|施)\s*(?:文|成|发|新|效|止|行)\s*$")
LABEL_TOPIC = re.compile(rf"主\s*题\s*分\s*类|{_alone('分', '类')}")
LABEL_AUTHOR = re.compile(rf"{_alone('作', '者')}")
LABEL_INDEX = re.compile(r"索\s*引\s*号")
LABEL_DOCNO = re.compile(rf"发\s*文\s*字\s*号|文件编号|{_alone('文', '号')}")
LABEL_AGENCY = re.compile(r"发\s*布\s*机\s*构|发\s*文\s*机\s*关|发\s*布\s*单\s*位|公开责任部门|责\s*任\s*部\s*门")
LABEL_SOURCE = re.compile(rf"信\s*息\s*来\s*源|文\s*章\s*来\s*源|{_alone('来', '源')}")
# Any "label：" in the rest of a line ends the value before it ("来源：X 时间：Y").
_NEXT_LABEL = re.compile(rf" (?=[{CJK}]{{1,6}}\s?[:：])")
# A value also ends at a bracket or bar that closes its field ("【来源：X】【点击：N】", "来源：X | 时间：Y") and at
# a known label written straight after it without a space ("来源：X点击：N").
_FIELD_END = re.compile(r"】|\]|\||｜")
_GLUED_LABEL = re.compile(
    r"(?=(?:发布时间|发布日期|信息时间|更新时间|信息来源|文章来源|来源|作者|浏览次数|阅读次数|点击数|点击量|点击|访问量|"
    r"浏览量|阅读量|字体|字号)\s*[:：])"
)
# "访问量：1632" in a value slot is the next label, not a value
_BARE_LABEL = re.compile(rf"[{CJK}]{{1,8}}\s?[:：]\S{{0,12}}")
LABEL_NAME = re.compile(f"{_alone('标', '题')}|{_alone('名', '称')}")
ANY_LABEL = re.compile(
    r"(?:索引号|分类|主题分类|发布机构|发文机关|成文日期|发文日期|发布日期|公开日期|名称|标题|文号|发文字号|"
    r"主题词|关键词|时效|有效性|公开方式|公开范围|生成日期|责任部门|信息来源|来源|发布时间|作者|浏览次数|访问量|"
    r"浏览量|点击量|阅读量|点击数)[:：]?"
)
# a value slot that says there is none
EMPTYISH = {"无", "暂无", "空", "/", "-", "--", "—", "——", "null", "none"}


def read_metas(root) -> dict[str, str]:
    """<meta name=… content=…> by lower-cased name; the first non-empty value wins."""
    out: dict[str, str] = {}
    for el in _METAS(root):
        name = (el.get("name") or "").strip().lower()
        value = fold(el.get("content") or "")
        if name and value and name not in out:
            out[name] = value
    return out


def text_stream(root) -> str:
    """The page's text nodes, whitespace-folded, one per line, without blank lines (scripts and styles
    already removed).

    Only string methods, all in C: thousands of per-node folds, or regexes over the whole stream, were a
    visible share of the time. Line breaks become NUL (which no lxml text holds) so that split() folds every
    other whitespace run to one space; then the spaces next to them and the empty lines go."""
    joined = "\n".join(_TEXTS(root)).replace("\u200b", "").replace("\n", "\x00")
    folded = " ".join(joined.split()).replace(" \x00", "\x00").replace("\x00 ", "\x00")
    return "\n".join(filter(None, folded.split("\x00")))


def lines_stream(lines: Iterable[str]) -> str:
    """``text_stream`` of text that is already lines (a plain-text dump): each line whitespace-folded as
    text_stream folds a text node, blank lines dropped."""
    folded = (" ".join(line.replace("\u200b", "").split()) for line in lines)
    return "\n".join(filter(None, folded))


_LABEL_LEAD = set("\n 【[（(|｜>")
_COLON_AFTER = re.compile(r"[ \t]*[:：]")


def is_label(text: str) -> bool:
    """A value slot that holds the next label ("索 引 号", "访问量：") rather than a value."""
    text = text.strip()
    return bool(ANY_LABEL.fullmatch(squash(text)) or _BARE_LABEL.fullmatch(text))


def values(stream: str, label: re.Pattern, limit: int = 8, spaced_other: re.Pattern | None = None) -> list[str]:
    """Values following each occurrence of a label: the rest of its line, or the next line when empty.
    ``spaced_other``: skip a match whose line, up to it, ends with this (the 成 文 of "成 文 日 期")."""
    out = []
    for m in label.finditer(stream):
        # a label heads its line (a cell, a bullet) or is followed by a colon; "请以发布单位正式文本为准"
        # mentions 发布单位 mid-sentence and labels nothing
        before = stream[m.start() - 1] if m.start() else "\n"
        if before not in _LABEL_LEAD and not _COLON_AFTER.match(stream, m.end()):
            continue
        if spaced_other is not None and before == " " and spaced_other.search(stream, max(0, m.start() - 6), m.start()):
            continue
        end = stream.find("\n", m.end())
        line = stream[m.end() : end if end >= 0 else len(stream)]
        line = line.lstrip(" :：")
        if not line.strip() and end >= 0:
            nxt = stream.find("\n", end + 1)
            line = stream[end + 1 : nxt if nxt >= 0 else len(stream)]
            if is_label(line):
                line = ""
        cut = _NEXT_LABEL.search(line)
        if cut:
            line = line[: cut.start()]
        # a bracketed field (【来源：X】) ends at its bracket; an unbracketed one at a bar or "】【"
        opened = before in "【[" or (m.start() >= 2 and stream[m.start() - 2] in "【[" and before == " ")
        cut = _FIELD_END.search(line) if opened or "|" in line or "｜" in line else None
        if cut:
            line = line[: cut.start()]
        elif "】【" in line:
            line = line[: line.index("】【")]
        cut = _GLUED_LABEL.search(line, 1)
        if cut:
            line = line[: cut.start()]
        out.append(line.strip())
        if len(out) >= limit:
            break
    return out


