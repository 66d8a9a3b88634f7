"""Scoring and text rendering helpers for bench/extraction.py (and its test).

Character-level F1 on whitespace-stripped text: matched characters are the sum of the block sizes that
``difflib.SequenceMatcher(None, gold, candidate, autojunk=False).get_matching_blocks()`` finds.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

_WS = re.compile(r"\s+")


def strip_ws(text: str) -> str:
    """The text with every whitespace character removed (tabs and newlines included)."""
    return _WS.sub("", text or "")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def char_f1(gold: str, candidate: str) -> Score:
    a, b = strip_ws(gold), strip_ws(candidate)
    if not a or not b:
        return Score(0.0, 0.0, 0.0) if a or b else Score(1.0, 1.0, 1.0)
    matched = sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    precision, recall = matched / len(b), matched / len(a)
    f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
    return Score(precision, recall, f1)


# --- corpus --------------------------------------------------------------------------------------


@dataclass
class CorpusPage:
    name: str
    raw: bytes
    gold: str
    meta: dict

    @property
    def html(self) -> str:
        """The page decoded with its real encoding, for extractors that take str."""
        return self.raw.decode(self.meta.get("encoding", "utf-8"))


def load_corpus(folder: Path) -> list[CorpusPage]:
    pages = []
    for html_file in sorted(folder.glob("*.html")):
        name = html_file.name[: -len(".html")]
        pages.append(CorpusPage(
            name=name,
            raw=html_file.read_bytes(),
            gold=(folder / f"{name}.gold.txt").read_text(encoding="utf-8"),
            meta=json.loads((folder / f"{name}.meta.json").read_text(encoding="utf-8")),
        ))
    return pages


# --- rendering baseline output into body_text-like lines -----------------------------------------

_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd div dl dt fieldset figcaption figure footer form "  # noqa: SIM905
    "h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name) or "1").strip() or 1), 64))
    except ValueError:
        return 1


def grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """(text, rowspan, colspan) cells into a grid with the corpus convention: a row-spanning cell's text in every
    row it covers, the extra columns of a column-spanning cell empty."""
    out_rows: list[list[str]] = []
    carry: dict[int, list] = {}

    def take(col: int) -> str:
        entry = carry[col]
        entry[0] -= 1
        if entry[0] <= 0:
            del carry[col]
        return entry[1]

    for row in rows:
        out: list[str] = []
        for text, rs, cs in row:
            while len(out) in carry:
                out.append(take(len(out)))
            for k in range(cs):
                slot = text if k == 0 else ""
                if rs > 1:
                    carry[len(out)] = [rs - 1, slot]
                out.append(slot)
        for col in sorted(c for c in list(carry) if c >= len(out)):
            out.extend([""] * (col - len(out)))
            out.append(take(col))
        out_rows.append(out)
    return out_rows


def _cell_text(cell) -> str:
    return _WS.sub(" ", "".join(cell.itertext())).strip()


def _html_table_lines(table) -> list[str]:
    rows = []
    trs = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    for r, tr in enumerate(trs):
        cells = []
        for cell in tr:
            if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                cells.append((_cell_text(cell), min(_span(cell, "rowspan"), len(trs) - r), _span(cell, "colspan")))
        rows.append(cells)
    return ["\t".join(row).rstrip("\t") for row in grid(rows) if any(row)]


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (readability's summary): one line per block, tables as tab-separated grid rows."""
    if not fragment or not fragment.strip():
        return ""
    import lxml.html

    root = lxml.html.fromstring(fragment)
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if line:
            lines.append(line)

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in ("script", "style"):
                walker.skip_subtree()
                continue
            if tag in _BLOCKS or tag == "br":
                flush()
            if tag == "table" and not el.xpath(".//table"):  # a table holding tables is layout: walk into it
                lines.extend(_html_table_lines(el))
                walker.skip_subtree()
                continue
            if tag and el.text:
                buf.append(el.text)
        else:
            if tag in _BLOCKS:
                flush()
            if el is not root and el.tail:
                buf.append(el.tail)
    flush()
    return "\n".join(lines)


def trafilatura_xml_to_text(xml: str | None) -> str:
    """Text of trafilatura's XML output: a line per paragraph, heading or list item; table rows as tab-separated
    cells (trafilatura pads column-spanning cells with empty cells and does not repeat row-spanning ones)."""
    if not xml:
        return ""
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        main = root
    lines: list[str] = []

    def text(el) -> str:
        for lb in el.iter("lb"):
            lb.tail = "\n" + (lb.tail or "")
        return "".join(el.itertext())

    def walk(el) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "table":
                for row in child.iter("row"):
                    cells = [_WS.sub(" ", text(cell)).strip() for cell in row if cell.tag == "cell"]
                    if any(cells):
                        lines.append("\t".join(cells).rstrip("\t"))
            elif child.tag in ("list", "div", "main", "quote") and len(child):
                walk(child)
            else:
                for part in text(child).split("\n"):
                    if part.strip():
                        lines.append(_WS.sub(" ", part).strip())

    walk(main)
    return "\n".join(lines)


# --- real pages ----------------------------------------------------------------------------------

CHROME_PHRASES = (
    "当前位置", "您所在的位置", "您现在的位置", "所在位置", "网站标识码", "版权所有", "ICP备", "公网安备",
    "技术支持", "扫一扫", "打印本页", "打印此页", "关闭窗口", "我要纠错", "责任编辑", "上一篇", "下一篇",
    "浏览次数", "访问量", "字体", "字号", "无障碍", "长者", "关怀版", "分享到", "相关链接", "相关阅读",
    "主办单位", "承办单位", "网站地图", "联系我们", "温馨提示", "索引号", "索 引 号", "发布机构",
)


def chrome_left(body_text: str, context: int = 10) -> list[str]:
    """Chrome phrases found in the body, each with the text around its first occurrence (some are words a
    report can use: 转送承办单位)."""
    out = []
    for phrase in CHROME_PHRASES:
        at = body_text.find(phrase)
        if at >= 0:
            around = body_text[max(0, at - context) : at + len(phrase) + context].replace("\n", "⏎").replace("\t", "⇥")
            out.append(f"{phrase} (…{around}…)")
    return out


_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")


def _numbers_in(line: str) -> int:
    return sum(1 for cell in line.split("\t") if _NUMBER.match(cell.strip()))


def section_lines(body_text: str, heading: str, following: str) -> list[str]:
    """The body lines from the line starting with ``heading`` up to the next line starting with ``following``."""
    lines = body_text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(following)), len(lines))
    return lines[start + 1 : end]


def grid_checks(body_text: str) -> list[tuple[str, bool, str]]:
    """Do the statistics tables of sections 二, 三, 四 come out as grids? (name, passed, evidence)"""
    out = []
    sec2 = section_lines(body_text, "二、", "三、")
    rows2 = [line for line in sec2 if line.count("\t") >= 1 and _numbers_in(line) >= 1]
    wide2 = [line for line in rows2 if _numbers_in(line) >= 3]
    ok2 = len(rows2) >= 4 and bool(wide2)
    out.append(("section 二 table", ok2, f"{len(rows2)} rows with numbers in cells, e.g. {wide2[0][:60]!r}" if wide2
                else f"{len(rows2)} rows with numbers in cells"))
    sec3 = section_lines(body_text, "三、收到", "四、")
    rows3 = [line for line in sec3 if _numbers_in(line) == 7]
    out.append(("section 三 table", len(rows3) >= 10,
                f"{len(rows3)} rows of 7 number cells" + (f", e.g. {rows3[0][:60]!r}" if rows3 else "")))
    sec4 = section_lines(body_text, "四、", "五、")
    rows4 = [line for line in sec4 if _numbers_in(line) == 15]
    out.append(("section 四 table", bool(rows4),
                f"{len(rows4)} row(s) of 15 number cells" + (f": {rows4[0]!r}" if rows4 else "")))
    return out
