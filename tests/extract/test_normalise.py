"""The whitespace rules every module shares (govreports.extract.normalise)."""

from govreports.extract.normalise import collapse_spaces, fold, squash


def test_collapse_spaces_keeps_one_space_per_run_and_strips():
    assert collapse_spaces("  2021年\u3000政府信息\xa0\xa0公开\n\t年报 ") == "2021年 政府信息 公开 年报"


def test_collapse_spaces_treats_zero_width_characters_as_space():
    assert collapse_spaces("年\u200b\u200b报") == "年 报"


def test_squash_removes_every_space_and_fold_only_those_between_cjk():
    assert squash(" 年 度\u3000报告 2021 ") == "年度报告2021"
    assert fold(" 年 度\u3000报告 2021 ") == "年度报告 2021"
