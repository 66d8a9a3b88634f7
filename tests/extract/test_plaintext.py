"""govreports.extract.plaintext: plain-text page dumps → extract_page's dict, chrome dropped at head and tail only.

The seed expectations in tests/extract/expected_seeds/ were written from a reading of each seed by hand (which raw
lines are body, which are chrome, what the metadata says), not from the extractor's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govreports.extract.errors import UndecodableError
from govreports.extract.plaintext import extract_text, extract_text_bytes
from tests.contract import EXTRACT_KEYS
from tests.paths import SEEDS

EXPECTED = Path(__file__).resolve().parent / "expected_seeds"
SEED_NAMES = sorted(p.stem for p in EXPECTED.glob("*.json"))
KEYS = EXTRACT_KEYS

BODY = "2020年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开，各项工作取得新进展。"
BODY2 = "本年度共收到政府信息公开申请3件，均已按期答复，没有因政府信息公开被申请行政复议或提起行政诉讼。"


def _lines(result: dict) -> list[str]:
    return result["body_text"].split("\n") if result["body_text"] else []


# --- the five seeds -------------------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed folder {SEEDS} not found (CI puts the seeds there)")
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed(name: str) -> None:
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    seed = SEEDS / f"{name}.txt"
    if not seed.is_file():
        pytest.skip(f"seed {seed} not found")
    result = extract_text_bytes(seed.read_bytes(), url=f"file://{seed}")
    assert set(result) == KEYS
    lines = _lines(result)
    got = {
        **{k: result[k] for k in expected if k in result},
        "first_line": lines[0] if lines else "",
        "last_line": lines[-1] if lines else "",
        "line_count": len(lines),
    }
    for key, want in expected.items():
        assert got[key] == want, f"{name}: {key}"
    assert result["attachments"] == []
    summary = result["stats_summary"]
    if name.startswith("003_"):
        # its tables are there but their cells are glued ("规章000"): nothing read, nothing guessed
        assert summary is not None and summary["identity_ok"] is False
        assert all(value is None for key, value in summary.items() if key != "identity_ok")
    else:
        assert summary is None
    assert result["body_html"].count("<p>") == expected["line_count"]


def test_seed_expectations_present() -> None:
    assert len(SEED_NAMES) == 5


# --- head rules -----------------------------------------------------------------------------------------


def test_head_chrome_dropped_and_info_line_read() -> None:
    text = "\n".join(
        [
            "无障碍浏览 长者专版",
            "登录 注册 手机版",
            "某某市人民政府",
            "首页 政务公开 政务服务 互动交流 走进某某",
            "当前位置：首页 >> 政务公开 >> 年度报告",
            "某某市交通运输局2020年政府信息公开工作年度报告",
            "发布时间：2021-01-20 10:30:05  来源：某某市交通运输局  浏览次数：123  字体：[大 中 小]",
            "【打印】【关闭】",
            BODY,
            BODY2,
        ]
    )
    r = extract_text(text, "http://example.gov.cn/a.txt")
    assert _lines(r) == [BODY, BODY2]
    assert r["title"] == "某某市交通运输局2020年政府信息公开工作年度报告"
    assert r["published_at"] == "2021-01-20T10:30:05+08:00"
    assert r["agency"] == "某某市交通运输局"
    assert r["year"] == 2020
    assert r["site_name"] == "某某市人民政府"
    assert r["url"] == "http://example.gov.cn/a.txt"
    assert r["empty_reason"] == ""


def test_two_line_title_joins_and_repeat_is_dropped() -> None:
    text = "\n".join(
        [
            "某某县某某镇2021年政府信息",
            "公开工作年度报告",
            "发布日期：2022-01-10",
            "某某县某某镇2021年政府信息",
            "公开工作年度报告",
            "一、总体情况",
            BODY,
        ]
    )
    r = extract_text(text)
    assert r["title"] == "某某县某某镇2021年政府信息公开工作年度报告"
    assert _lines(r) == ["一、总体情况", BODY]
    assert r["published_at"] == "2022-01-10"
    assert r["agency_raw"] == "某某县某某镇"  # from the title: no 来源 line
    assert r["agency"] == "某某县某某镇人民政府"  # the town stands for its government


def test_bullets_without_colon_are_metadata() -> None:
    text = "\n".join(
        [
            "某某区某某街道2020年政府信息公开工作年度报告",
            "  • 信息来源某某区某某街道",
            "  • 文  号某街发〔2021〕3号",
            "  • 索 引 号11530302MB1234567X/2021-00012",
            "  • 发布时间２０２１-02-16 14:57",
            "一、总体情况",
            BODY,
        ]
    )
    r = extract_text(text)
    assert _lines(r) == ["一、总体情况", BODY]
    assert r["agency_raw"] == "某某区某某街道"
    assert r["agency"] == "某某区某某街道办事处"
    assert r["doc_no"] == "某街发〔2021〕3号"
    assert r["index_no"] == "11530302MB1234567X/2021-00012"
    assert r["published_at"] == "2021-02-16T14:57:00+08:00"  # full-width digits made half-width


def test_no_title_keeps_first_line_even_if_it_mentions_report() -> None:
    first = "根据《中华人民共和国政府信息公开条例》的规定，某某乡对2018年政府信息公开进行梳理和汇总，形成本报告。本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。"
    r = extract_text(f"{first}\n一、概述\n{BODY}\n")
    assert _lines(r) == [first, "一、概述", BODY]
    assert r["title"] == ""
    assert r["year"] == 2018  # from the statistics period
    assert r["agency_raw"] == "某某乡"
    assert r["agency"] == "某某乡人民政府"


def test_section_heading_is_not_a_title() -> None:
    r = extract_text(f"二、主动公开政府信息情况\n{BODY}")
    assert r["title"] == ""
    assert _lines(r) == ["二、主动公开政府信息情况", BODY]


def test_body_line_starting_with_label_word_stays() -> None:
    line = "来源于群众的意见建议"
    r = extract_text(f"某某局2020年政府信息公开工作年度报告\n{line}\n{BODY}")
    assert _lines(r) == [line, BODY]
    assert r["agency"] == "某某局"


def test_author_used_only_when_it_names_a_body() -> None:
    head = "某某县2019年政府信息公开工作年度报告\n发布时间：2020-03-01 作者：{}\n" + BODY
    assert extract_text(head.format("县政府办"))["agency_raw"] == "县政府办"
    assert extract_text(head.format("张三"))["agency_raw"] == "某某县"  # falls back to the title
    # either way the report is the county's: its title names the county alone
    assert extract_text(head.format("县政府办"))["agency"] == extract_text(head.format("张三"))["agency"] == "某某县人民政府"


# --- middle of the body ---------------------------------------------------------------------------------


def test_mid_body_lines_with_chrome_words_stay() -> None:
    mid = [
        "通过政府网站发布信息1200条，信息来源涵盖各部门。",
        "发布时间",
        "当前位置",
        "版权所有",
        "技术支持",
        "来源：本局统计",
        "无障碍浏览",
        "上一篇",
    ]
    r = extract_text("\n".join(["某某市2020年政府信息公开工作年度报告", BODY, *mid, BODY2]))
    assert _lines(r) == [BODY, *mid, BODY2]


# --- tail rules -----------------------------------------------------------------------------------------


def test_footer_with_copyright_and_icp_goes() -> None:
    text = "\n".join(
        [
            "某某市2020年政府信息公开工作年度报告",
            BODY,
            "六、其他需要报告的事项",
            "\u00a0",
            "上一篇：某某市2019年政府信息公开工作年度报告",
            "下一篇：无",
            "相关链接",
            "某某市2018年政府信息公开工作年度报告",
            "扫一扫在手机打开当前页",
            "主办单位：某某市人民政府办公室 网站标识码：5303000001",
            "CopyRight 2016-2022 版权所有 |  备案号:滇ICP备05005095号-2 滇公网安备53030202000210号 技术支持: 某某信息",
        ]
    )
    r = extract_text(text)
    assert _lines(r) == [BODY, "六、其他需要报告的事项"]
    assert r["site_code"] == "5303000001"


def test_long_copyright_footer_goes_but_long_prose_with_weak_word_stays() -> None:
    prose = (
        "下一步，我们将加强技术支持和人员培训，联系我们的群众可通过12345热线反映问题，确保政府信息公开工作再上新台阶。"
    )
    footer = "主办：某某市人民政府办公室　承办：某某市大数据中心　版权所有：某某市人民政府　地址：某某市某某路1号　邮编：650000　电话：0871-1234567　滇ICP备12345678号"
    r = extract_text("\n".join(["某某市2020年政府信息公开工作年度报告", BODY, prose, footer]))
    assert _lines(r) == [BODY, prose]
    assert r["site_name"] == "某某市人民政府"


def test_closing_signature_and_date_stay() -> None:
    r = extract_text(
        "\n".join(
            ["某某镇2020年政府信息公开工作年度报告", BODY, "某某镇人民政府", "2021年1月15日", "技术支持：某某公司"]
        )
    )
    assert _lines(r) == [BODY, "某某镇人民政府", "2021年1月15日"]


# --- normalising, metadata, output ----------------------------------------------------------------------


def test_normalise_whitespace_and_html() -> None:
    r = extract_text("\ufeff\u3000\u3000某局2020年工作报告 \r\n\r\n\u3000\u3000一是<加强>领导 & 协调。\u3000\n\n\xa0\n")
    assert r["title"] == "某局2020年工作报告"
    assert r["body_text"] == "一是<加强>领导 & 协调。"
    assert r["body_html"] == "<p>一是&lt;加强&gt;领导 &amp; 协调。</p>"


def test_body_text_keeps_fullwidth_digits_and_punctuation() -> None:
    line = "全年公开信息１２０条，（一）主动公开。"
    assert extract_text(f"某局2020年工作报告\n{line}")["body_text"] == line


def test_year_from_published_date_in_first_quarter() -> None:
    r = extract_text("政府信息公开工作年度报告\n发布日期：2021-02-01\n" + BODY.replace("2020年，", ""))
    assert r["year"] == 2020
    assert r["published_at"] == "2021-02-01"


def test_year_none_when_nothing_says_it() -> None:
    r = extract_text("发布日期：2021-07-01\n" + BODY.replace("2020年，", ""))
    assert r["year"] is None


def test_empty_input_says_why() -> None:
    r = extract_text(" \n\u3000\n")
    assert set(r) == KEYS
    assert r["body_text"] == ""
    assert r["empty_reason"] == "input is empty"
    only_chrome = extract_text("无障碍浏览 长者专版\n当前位置：首页 > 政务公开\nCopyRight 2020 版权所有 ICP备123号")
    assert only_chrome["body_text"] == ""
    assert only_chrome["empty_reason"]


# --- bytes and the CLI hook -----------------------------------------------------------------------------


def test_bytes_utf8_bom_and_gb18030() -> None:
    text = f"某局2020年政府信息公开工作年度报告\n{BODY}\n"
    for raw in (b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("gb18030")):
        r = extract_text_bytes(raw, "u")
        assert r["title"] == "某局2020年政府信息公开工作年度报告"
        assert r["body_text"] == BODY


@pytest.mark.parametrize(
    "raw",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00",
        bytes(range(256)) * 8,
        b"\x00\x01\x02\x03" * 100,
    ],
)
def test_bytes_binary_raises(raw: bytes) -> None:
    with pytest.raises(UndecodableError):
        extract_text_bytes(raw)


def test_year_in_chinese_numerals_in_title() -> None:
    assert extract_text(f"某县二〇二〇年政府信息公开工作年度报告\n{BODY}")["year"] == 2020
