"""The labelled fields beyond dates and title: the publishing agency, the site code (网站标识码), 索引号, 文号
and 主题分类."""

from __future__ import annotations

import re
from collections.abc import Sequence

from govreports.extract.metadata.dates import DATE
from govreports.extract.metadata.labels import (
    ANY_LABEL,
    EMPTYISH,
    LABEL_AGENCY,
    LABEL_AUTHOR,
    LABEL_DOCNO,
    LABEL_INDEX,
    LABEL_SOURCE,
    LABEL_TOPIC,
    is_label,
    values,
)
from govreports.extract.normalise import CJK, fold, halfwidth

_SITE_CODE = re.compile(r"网站标识码\s*[:：]?\s*([0-9A-Za-z]{6,20})")
_BODY_SUFFIX = (
    r"人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管委会|管理委员会|街道办事处|办事处|"
    r"公署|局|委|办|厅|署|院|街道|镇|乡|中心|政府|部"
)
_YEAR = r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年"
# a place stands for its government where it publishes (秦州区2016年政务公开工作…)
_PLACE_SUFFIX = r"省|市|区|县|州|盟|旗|开发区|新区"
# the body or place a title opens with, just before the year it covers (某市教育局2019年…)
_TITLE_AGENCY = re.compile(rf"^(.{{2,40}}?(?:{_BODY_SUFFIX}|{_PLACE_SUFFIX}))\s*(?:关于)?\s*{_YEAR}")
_BODY_END = re.compile(rf"(?:{_BODY_SUFFIX}|政府办|所|站|队|处|科|室|馆|社|会|集团|公司|协会)$")
# A report without a title names its body in its opening sentence: "现就阿勒泰地区行政公署及办公室2016年度政府
# 信息公开工作情况报告如下", "…的规定，某某乡对2018年政府信息公开进行梳理".
_OPENING_AGENCY = re.compile(
    r"(?:现就|现将|^|[,，、。])\s*(?P<name>[\u4e00-\u9fff（）()〈〉]{2,30}?)\s*(?:对)?\s*\d{4}\s*年度?"
    r"(?:的)?(?:政府信息公开|政务公开)"
)
_OPENING_LINES = 2
_OPENING_NAME = re.compile(rf"(?:{_BODY_SUFFIX}|{_PLACE_SUFFIX}|室|所|会)$")
_NON_AGENCY = {"本站", "本网", "本网站", "原创", "网站", "未知", "其他", "无", "暂无", "转载"}


def _valid_agency(value: str) -> str:
    if is_label(value):
        return ""
    value = fold(value).strip(" :：,，;；。.")
    if not 2 <= len(value) <= 40 or value in _NON_AGENCY or ANY_LABEL.fullmatch(value):
        return ""
    if "http" in value or "www." in value or DATE.search(value) or not re.search(f"[{CJK}]", value):
        return ""
    return halfwidth(value)


def _names_body(value: str) -> bool:
    """作者 names a body (区政府办, 县教育局), not a person (张伟) or a desk."""
    return bool(_BODY_END.search(value))


def agency(metas: dict, stream: str, title: str, body_lines: Sequence[str] = ()) -> str:
    """The publishing body: the ContentSource meta, a labelled 发布机构 / 信息来源 (not 本站, 未知 …), an 作者 that
    names a body, the body or place the title opens with; without a title, the body the report's opening names."""
    found = _valid_agency(metas.get("contentsource", ""))
    if found:
        return found
    for label in (LABEL_AGENCY, LABEL_SOURCE):
        for value in values(stream, label):
            found = _valid_agency(value)
            if found:
                return found
    for value in values(stream, LABEL_AUTHOR, limit=3):
        found = _valid_agency(value)
        if found and _names_body(found):
            return found
    if title:
        m = _TITLE_AGENCY.match(halfwidth(title))
        return m.group(1) if m else ""
    for line in body_lines[:_OPENING_LINES]:
        m = _OPENING_AGENCY.search(halfwidth(line))
        name = re.sub(r"^(?:现就|现将|现对|兹将)", "", m.group("name")) if m else ""
        if name and _OPENING_NAME.search(name):
            return name
    return ""


def issuers(stream: str) -> list[str]:
    """The 信息索引表's 发布机构 / 发文机关 values that name something (the full name, where 来源 may be short)."""
    return [found for found in map(_valid_agency, values(stream, LABEL_AGENCY, limit=3)) if found]


def site_code(metas: dict, stream: str) -> str:
    code = halfwidth(metas.get("siteidcode", "")).strip()
    if re.fullmatch(r"[0-9A-Za-z]{6,20}", code):
        return code
    at = stream.find("网站标识码")
    m = _SITE_CODE.search(halfwidth(stream[at : at + 40])) if at >= 0 else None
    return m.group(1) if m else ""


def index_no(stream: str) -> str:
    for value in values(stream, LABEL_INDEX):
        token = halfwidth(value, code_punct=True).split(" ")[0] if value else ""
        if re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z\-/_.()（）]{3,79}", token) and re.search(r"\d", token):
            return token
    return ""


def doc_no(stream: str) -> str:
    for value in values(stream, LABEL_DOCNO, limit=1):  # an empty 文号 cell means none, not "look further"
        value = halfwidth(value).strip()
        if not value or value.lower() in EMPTYISH or is_label(value) or len(value) > 50:
            continue
        if re.search(r"[号〔\[【(（]|\d", value):
            return value
    return ""


def topic(stream: str) -> str:
    """The 信息索引表's 主题分类 (or 分类); 主题词 is a keyword list, not a topic."""
    for value in values(stream, LABEL_TOPIC, limit=2):
        value = value.strip()
        if value and value.lower() not in EMPTYISH and not is_label(value) and len(value) <= 40:
            return value
    return ""

