"""Canonical labels of the three statistics tables and lenient matching of what real pages write.

Canonical forms (what ``StatCell`` carries):

- table 二: block ``第二十条第（一）项`` … ``第二十条第（九）项``; row the template's row label of the report's
  version (``规范性文件`` in 2019, ``行政规范性文件`` in 2021); column the version's own column label
  (``本年新制作数量`` … in 2019, ``本年制发件数`` … in 2021; never mapped onto each other).
- table 三: block the top-level row group (``一、本年新收政府信息公开申请数量``,
  ``二、上年结转政府信息公开申请数量``, ``三、本年度办理结果``, ``四、结转下年度继续办理``); row the block itself
  for 一/二/四, else ``（一）予以公开``, ``（二）部分公开``, ``（三）不予公开 1.属于国家秘密``, …,
  ``（六）其他处理`` (2019) or ``（六）其他处理 3.其他`` (2021), ``（七）总计``;
  column ``自然人``, ``法人或其他组织·商业企业`` … ``法人或其他组织·其他``, ``总计``.
- table 四: block and row ``行政复议``, ``行政诉讼·未经复议直接起诉`` or ``行政诉讼·复议后起诉``; column ``结果维持``,
  ``结果纠正``, ``其他结果``, ``尚未审结``, ``总计``.

Row keys (``一``, ``三(三)1``, ``三(七)``, …) are short internal names, the ones the demo portal's ground truth
uses.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# --- normalisation ---------------------------------------------------------------------------------------------

_DROP = re.compile(r"[\s\u3000\u200b\ufeff“”\"'‘’「」『』]+")


@functools.lru_cache(maxsize=8192)  # cells repeat: 0, 三、本年度办理结果, 总计 …
def norm(text: str) -> str:
    """Full/half width folded (NFKC: （一）→(一), ㈠→(一), １．→1.), every space and quote removed."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _DROP.sub("", text)


# --- numbers ---------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:万元|元|件|条|个|项|次|人|家|宗|起)?")
_NULL = re.compile(r"[/\\]|[-—–―~]+|无|空|")
_DIGITS = re.compile(r"\d")
# A number as written, spaces kept (after NFKC every kind of space is " "): a space may only separate thousands
# (1 234 567) or a number from its unit (12 件, 3.5 万元).
_SPACED_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(\.\d+)?"
                            r"(?: *(?:万元|元|件|条|个|项|次|人|家|宗|起))?")
_NUMBER_DROP = re.compile(r"[\u200b\ufeff“”\"'‘’「」『』]+")
MAX_DIGITS = 15  # more significant digits than this is no count or amount of a report (and overflows SQLite)

UNREADABLE = "cannot read the number"
MERGED = "has a space that is not a thousands separator: cells possibly merged"


def _implausible(money: bool) -> str:
    return f"is not a plausible {'amount' if money else 'count'}"


@functools.lru_cache(maxsize=8192)
def read_number(raw: str, money: bool = False) -> tuple[int | float | None, str | None]:
    """(value, problem). Empty cells and the markers /, —, -, －, 无, —— are (None, None): no number, never 0.
    A number is never altered: more than ``MAX_DIGITS`` significant digits is (None, "is not a plausible
    count"); a space (ASCII, full-width, NBSP, thin …) is accepted only as a thousands separator (1 234 567) or
    between the number and its unit (12 件, 3.5 万元), else the cell is (None, ``MERGED``), never "3 0" → 30;
    anything else is (None, ``UNREADABLE``)."""
    text = norm(raw)
    if _NULL.fullmatch(text):
        return None, None
    m = _NUMBER.fullmatch(text)
    if m is None:
        return None, UNREADABLE
    if len((m.group(2) + (m.group(3) or "")).replace(",", "").replace(".", "").lstrip("0")) > MAX_DIGITS:
        return None, _implausible(money)
    written = raw if raw.isascii() else unicodedata.normalize("NFKC", raw)
    written = _NUMBER_DROP.sub("", written).strip()  # a line break or TAB inside a number is no separator
    m = _SPACED_NUMBER.fullmatch(written)
    if m is None:
        return None, MERGED
    sign, digits, frac = m.groups()
    digits = digits.replace(",", "").replace(" ", "")
    if frac or money:
        value: int | float = float(digits + (frac or ""))
    else:
        value = int(digits)
    return (-value if sign == "-" else value), None


def parse_number(raw: str, money: bool = False) -> tuple[int | float | None, bool]:
    """(value, readable): ``read_number`` without the reason."""
    value, problem = read_number(raw, money)
    return value, problem is None


@functools.lru_cache(maxsize=8192)
def is_value(raw: str) -> bool:
    """A cell that reads as a number or a no-number marker (but not an empty cell). Lenient about spaces and
    size ("3 0", 20 digits): it places the value cells of a row; ``read_number`` decides whether one is read."""
    text = norm(raw)
    return bool(text) and (_NULL.fullmatch(text) is not None or _NUMBER.fullmatch(text) is not None)


@functools.lru_cache(maxsize=8192)
def is_number(raw: str) -> bool:
    text = norm(raw)
    return bool(text) and _NUMBER.fullmatch(text) is not None


# --- table 三 --------------------------------------------------------------------------------------------------

BLOCKS_3 = {
    "一": "一、本年新收政府信息公开申请数量",
    "二": "二、上年结转政府信息公开申请数量",
    "三": "三、本年度办理结果",
    "四": "四、结转下年度继续办理",
}
# The template's leaf rows of 三 (the demo portal writes its tables from these too).
DENIED = ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
           "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项")
UNABLE = ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
UNPROCESSED = ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息")
OTHER_2021 = ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
               "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")

ROWS_3: dict[str, str] = {"一": BLOCKS_3["一"], "二": BLOCKS_3["二"],
                          "三(一)": "（一）予以公开", "三(二)": "（二）部分公开"}
for _n, (_group, _leaves) in enumerate((("（三）不予公开", DENIED), ("（四）无法提供", UNABLE),
                                        ("（五）不予处理", UNPROCESSED), ("（六）其他处理", OTHER_2021))):
    for _i, _leaf in enumerate(_leaves):
        ROWS_3[f"三({'三四五六'[_n]}){_i + 1}"] = f"{_group} {_leaf}"
ROWS_3["三(六)"] = "（六）其他处理"
ROWS_3["三(七)"] = "（七）总计"
ROWS_3["四"] = BLOCKS_3["四"]


def leaf_keys(template: str) -> list[str]:
    """The leaf rows of 三 whose sum is （七）总计, for a template version."""
    keys = ["三(一)", "三(二)"]
    keys += [k for k in ROWS_3 if k[:4] in ("三(三)", "三(四)", "三(五)") and len(k) == 5]
    keys += ["三(六)1", "三(六)2", "三(六)3"] if template == "2021" else ["三(六)"]
    return keys


def rows_3(template: str) -> list[str]:
    """Every row key of 三 in template order."""
    return ["一", "二", *leaf_keys(template), "三(七)", "四"]


def block_3(key: str) -> str:
    return BLOCKS_3[key[0]]


APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
COLUMNS_3 = ("自然人", *(f"法人或其他组织·{a}" for a in APPLICANTS[1:]), "总计")
_COLUMN_3 = {a: c for a, c in zip((*APPLICANTS, "总计"), COLUMNS_3, strict=True)}
_HEADER_3 = frozenset(["申请人情况", "法人或其他组织", "法人及其他组织", *APPLICANTS, "总计"])

# Leaf keywords: each names one leaf whatever group label (or none) goes with it.
_LEAF_WORDS = (
    ("国家秘密", "三(三)1"), ("禁止公开", "三(三)2"), ("三安全一稳定", "三(三)3"), ("第三方合法权益", "三(三)4"),
    ("内部事务", "三(三)5"), ("过程性信息", "三(三)6"), ("行政执法案卷", "三(三)7"), ("行政查询事项", "三(三)8"),
    ("不掌握", "三(四)1"), ("另行制作", "三(四)2"), ("没有现成", "三(四)2"), ("仍不明确", "三(四)3"),
    ("信访举报", "三(五)1"), ("大量反复", "三(五)4"), ("重复申", "三(五)2"), ("公开出版物", "三(五)3"),
    ("重新出具", "三(五)5"), ("逾期不补正", "三(六)1"), ("缴纳费用", "三(六)2"), ("收费通知", "三(六)2"),
)
_GROUP_PREFIX = re.compile(r"^三?[、.]?本年度办理结果")
_NUMBERING = re.compile(r"^(?:\(?[一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、.]|\d{1,2}[.、)])")
_OTHER_LEAF = re.compile(r"(?:^|处理|\d[.、])其他$")
_TOTAL = re.compile(r"^(?:\(七\)|七[、.])?(?:总计|合计)$")


@functools.lru_cache(maxsize=8192)
def match_row_3(text: str, previous: str = "", in_three: bool = False) -> str | None:
    """Row key of table 三 for a normalised label text (group labels joined in), or None."""
    text = _GROUP_PREFIX.sub("", text)
    if not text or len(text) > 90:
        return None
    if "本年新收" in text:
        return "一"
    if "上年结转" in text:
        return "二"
    if "结转下年度" in text:
        return "四"
    for word, key in _LEAF_WORDS:
        if word in text:
            return key
    if text.endswith("其他处理"):
        return "三(六)"
    if _OTHER_LEAF.search(text) and ("其他处理" in text or previous == "三(六)2"):
        return "三(六)3"
    if "部分公开" in text:
        return "三(二)"
    if "予以公开" in text:
        return "三(一)"
    if _TOTAL.match(text) and (in_three or text[0] in "(七"):
        return "三(七)"
    return None


_PREFIXES_3 = {}
for _label in _COLUMN_3:
    for _k in range(3, len(_label)):
        _PREFIXES_3.setdefault(_label[:_k], []).append(_label)


def column_3(text: str) -> str | None:
    """Canonical column of 三 for a header cell, or None. A cell cut short (商业企, 科研机: a PDF reader that
    loses the wrapped last line of a cell) still names its column when only one label starts that way."""
    base = _strip_note(text)
    hit = _COLUMN_3.get(base)
    if hit is None and len(_PREFIXES_3.get(base, ())) == 1:
        hit = _COLUMN_3[_PREFIXES_3[base][0]]
    return hit


# --- table 四 --------------------------------------------------------------------------------------------------

RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
BLOCKS_4 = ("行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉")
_GROUPS_4 = {"行政复议": "行政复议", "行政诉讼": "行政诉讼", "未经复议直接起诉": BLOCKS_4[1], "复议后起诉": BLOCKS_4[2]}
_HEADER_4 = frozenset([*RESULTS, *_GROUPS_4])


def group_4(text: str) -> str | None:
    return _GROUPS_4.get(_strip_note(text))


def result_4(text: str) -> str | None:
    text = _strip_note(text)
    return text if text in RESULTS else None


# --- table 二 --------------------------------------------------------------------------------------------------

BLOCKS_2 = {n: f"第二十条第（{n}）项" for n in "一五六八九"}
_ROWS_2 = {
    "规章": ("一", "规章"), "规范性文件": ("一", "规范性文件"), "行政规范性文件": ("一", "行政规范性文件"),
    "行政许可": ("五", "行政许可"), "其他对外管理服务事项": ("五", "其他对外管理服务事项"),
    "行政处罚": ("六", "行政处罚"), "行政强制": ("六", "行政强制"), "行政事业性收费": ("八", "行政事业性收费"),
    "政府集中采购": ("九", "政府集中采购"),
}
# (block, template) -> the template's columns after 信息内容
COLUMNS_2 = {
    ("一", "2019"): ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
    ("五", "2019"): ("上一年项目数量", "本年增/减", "处理决定数量"),
    ("六", "2019"): ("上一年项目数量", "本年增/减", "处理决定数量"),
    ("八", "2019"): ("上一年项目数量", "本年增/减"),
    ("九", "2019"): ("采购项目数量", "采购总金额"),
    ("一", "2021"): ("本年制发件数", "本年废止件数", "现行有效件数"),
    ("五", "2021"): ("本年处理决定数量",),
    ("六", "2021"): ("本年处理决定数量",),
    ("八", "2021"): ("本年收费金额（单位：万元）",),
}
ROWS_2 = {
    "2019": {"一": ("规章", "规范性文件"), "五": ("行政许可", "其他对外管理服务事项"), "六": ("行政处罚", "行政强制"),
             "八": ("行政事业性收费",), "九": ("政府集中采购",)},
    "2021": {"一": ("规章", "行政规范性文件"), "五": ("行政许可",), "六": ("行政处罚", "行政强制"),
             "八": ("行政事业性收费",)},
}
MONEY = frozenset(["采购总金额", "本年收费金额（单位：万元）"])
_COLUMN_2 = {
    "本年新制作数量": ("本年新制作数量", "2019"), "本年新公开数量": ("本年新公开数量", "2019"),
    "对外公开总数量": ("对外公开总数量", "2019"), "上一年项目数量": ("上一年项目数量", "2019"),
    "本年增减": ("本年增/减", "2019"), "本年增/减": ("本年增/减", "2019"), "处理决定数量": ("处理决定数量", "2019"),
    "采购项目数量": ("采购项目数量", "2019"), "采购总金额": ("采购总金额", "2019"),
    "本年制发件数": ("本年制发件数", "2021"), "本年废止件数": ("本年废止件数", "2021"),
    "现行有效件数": ("现行有效件数", "2021"), "本年处理决定数量": ("本年处理决定数量", "2021"),
    "本年收费金额": ("本年收费金额（单位：万元）", "2021"),
}
_NOTE = re.compile(r"\((?:单位)?[:：]?[^()]{0,8}\)$|\(万元\)$")


@functools.lru_cache(maxsize=8192)
def _strip_note(text: str) -> str:
    """A header cell without its numbering or a trailing unit note: 采购总金额(万元) → 采购总金额."""
    return _NOTE.sub("", _NUMBERING.sub("", text))


_BLOCK_TITLE_2 = re.compile(r"第二十条第\(([一五六八九])\)项")


def block_title_2(text: str) -> str | None:
    """The block number a title row of 二 names (第二十条第（五）项 → 五), or None."""
    m = _BLOCK_TITLE_2.fullmatch(text)
    return m.group(1) if m else None


def match_row_2(text: str) -> tuple[str, str] | None:
    """(block number, row label as written) for a normalised label of table 二, or None."""
    return _ROWS_2.get(_NUMBERING.sub("", text))


@functools.lru_cache(maxsize=4096)
def column_2(text: str) -> tuple[str, str] | None:
    """(canonical column, template version) for a header cell of table 二, or None."""
    base = _strip_note(text)
    return _COLUMN_2.get(base) or _COLUMN_2.get(base.replace("(", "").replace(")", ""))


# --- header rows -----------------------------------------------------------------------------------------------


def header_kind(cells: list[str]) -> str | None:
    """"二", "三" or "四" when normalised cells look like a header row of that table (no numbers in it).
    总计 and 其他 belong to several tables and decide nothing alone."""
    hits = {"二": 0, "三": 0, "四": 0}
    for cell in cells:
        if not cell:
            continue
        if is_number(cell):
            return None
        base = _strip_note(cell)
        if base in ("总计", "其他"):
            continue
        if base == "信息内容" or column_2(cell):
            hits["二"] += 1
        if base in _HEADER_3:
            hits["三"] += 1
        if base in _HEADER_4:
            hits["四"] += 1
    best = max(hits, key=hits.__getitem__)
    return best if hits[best] else None


def has_digits(text: str) -> bool:
    return _DIGITS.search(text) is not None
