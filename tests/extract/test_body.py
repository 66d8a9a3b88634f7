"""Body extraction on hand-written pages of each CMS family: the whole body, tables as grids, no chrome."""

from __future__ import annotations

import json
import re

import pytest

from govreports.extract.htmltree import parse_html
from govreports.extract.page import extract_page, read_page
from govreports.extract.render import render_text
from tests.paths import PAGES

URLS = json.loads((PAGES / "urls.json").read_text(encoding="utf-8"))
BODY_PAGES = [name for name in URLS if name != "nobody_list.html"]
CHROME = [
    "当前位置",
    "您现在的位置",
    "所在位置",
    "网站标识码",
    "版权所有",
    "ICP备",
    "扫一扫",
    "打印",
    "关闭",
    "分享",
    "纠错",
    "浏览次数",
    "发布时间",
    "字体",
    "字号",
    "上一篇",
    "下一篇",
    "责任编辑",
    "相关链接",
    "无障碍",
    "索引号",
    "索 引 号",
]


def extract(name: str) -> dict:
    return extract_page((PAGES / name).read_bytes(), URLS[name])


def lines(name: str) -> list[str]:
    return extract(name)["body_text"].split("\n")


@pytest.mark.parametrize("name", BODY_PAGES)
def test_body_found(name):
    result = extract(name)
    assert result["body_text"]
    assert result["empty_reason"] == ""


@pytest.mark.parametrize("name", BODY_PAGES)
def test_no_chrome_in_body(name):
    text = extract(name)["body_text"]
    assert [word for word in CHROME if word in text] == []


@pytest.mark.parametrize("name", BODY_PAGES)
def test_lines_are_clean(name):
    for line in lines(name):
        assert line, "blank line"
        assert line == line.strip(" \u3000\xa0"), repr(line)
        assert "  " not in line


@pytest.mark.parametrize("name", BODY_PAGES)
def test_body_html_is_sanitized(name):
    body_html = extract(name)["body_html"]
    assert body_html.startswith("<")
    assert not re.search(r"<(?:script|style|div|span|font|iframe)\b", body_html)
    assert not re.search(r"\s(?:on\w+|style|class|id)=", body_html)


def test_trs_body_starts_after_title_and_keeps_sections():
    text = lines("trs_report_2021.html")
    assert text[0].startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert "一、总体情况" in text and "六、其他需要报告的事项" in text


def test_trs_style_inside_container_is_dropped():
    assert "TRS_Editor" not in extract("trs_report_2021.html")["body_text"]


def test_trs_hidden_paragraph_is_dropped():
    assert "内部备注" not in extract("trs_report_2021.html")["body_text"]


def test_trs_related_reports_are_not_body():
    assert "2020年政府信息公开工作年度报告" not in extract("trs_report_2021.html")["body_text"]


def test_trs_inline_spans_join_without_space():
    assert any(line.endswith("全年主动公开政府信息1268条。") for line in lines("trs_report_2021.html"))


def test_trs_table_rows_are_tab_separated():
    text = lines("trs_report_2021.html")
    assert "规章\t0\t0\t0" in text
    assert "行政规范性文件\t12\t3\t85" in text


def test_colspan_does_not_repeat_a_number():
    assert "行政许可\t3520" in lines("trs_report_2021.html")


def test_hanweb_body_is_between_content_markers():
    text = lines("hanweb_report_2020.html")
    assert text[0].startswith("根据《中华人民共和国政府信息公开条例》规定")
    assert text[-1] == "无。"


def test_hanweb_full_width_indentation_is_folded():
    assert "一、总体情况" in lines("hanweb_report_2020.html")


def test_kaipuyun_repeated_two_line_title_is_dropped():
    assert lines("kaipuyun_report_2020.html")[0] == "一、总体情况"


def test_kaipuyun_editor_line_is_dropped():
    assert "张珺" not in extract("kaipuyun_report_2020.html")["body_text"]


def test_old_table_layout_splits_br_paragraphs():
    text = lines("oldtable_gbk_2012.html")
    assert text[1] == "一、概述"
    assert text[-1] == "部分单位公开意识不强，将加强培训。"
    assert len(text) == 9


def test_old_table_layout_keeps_gbk_only_characters():
    text = extract("oldtable_gbk_2012.html")["body_text"]
    for name in ("王堃", "李喆", "赵珺", "陈镕"):
        assert name in text


def test_old_table_layout_drops_navigation_and_print_links():
    text = extract("oldtable_gbk_2012.html")["body_text"]
    assert "通知公告" not in text and "打印此页" not in text


def test_rowspan_label_stands_once_in_the_text_and_fills_the_grid():
    text = lines("generic_stats_2022.html")
    assert "三、本年度办理结果\t（一）予以公开\t\t4\t1\t0\t0\t0\t0\t5" in text
    assert "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0" in text
    assert "\t\t2.其他法律行政法规禁止公开\t1\t0\t0\t0\t0\t0\t1" in text
    assert sum("三、本年度办理结果" in line for line in text) == 1
    # the statistics parser reads the filled grid: every sub-row keeps its labels
    stats = read_page((PAGES / "generic_stats_2022.html").read_bytes(), URLS["generic_stats_2022.html"])["stats"]
    assert stats.get("三", "（三）不予公开 2.其他法律行政法规禁止公开", "总计").value == 1


def test_grid_header_rows_keep_their_columns():
    text = lines("generic_stats_2022.html")
    top = next(line for line in text if line.endswith("法人或其他组织\t\t\t\t\t总计")).split("\t")
    below = next(line for line in text if line.endswith("法律服务机构\t其他")).split("\t")
    assert top[3:] == ["自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert below[3:] == ["", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_cells_are_never_glued():
    text = extract("generic_stats_2022.html")["body_text"]
    assert "规章000" not in text and "规章\t0\t0\t0" in text
    assert "行政规范性文件\t1 0\t0\t7" in text  # two <p> in one cell stay apart


def test_fifteen_column_review_row():
    row = [line for line in lines("generic_stats_2022.html") if re.fullmatch(r"(0\t){14}0", line)]
    assert len(row) == 1


def test_index_table_inside_body_is_metadata_not_body():
    assert lines("generic_stats_2022.html")[0] == "本报告所列数据的统计期限为2022年1月1日至2022年12月31日。"


def test_body_html_keeps_spans_and_absolute_links():
    body_html = extract("generic_stats_2022.html")["body_html"]
    assert '<td rowspan="3" colspan="3">' in body_html
    link = extract("kaipuyun_report_2020.html")["body_html"]
    assert '<a href="http://www.qushui.gov.cn/zfxxgk/ndbg/202102/P020210216555666777.docx">' in link


def test_no_body_gives_reason_not_chrome():
    result = extract("nobody_list.html")
    assert result["body_text"] == "" and result["body_html"] == ""
    assert result["empty_reason"] == "no content container and no text block dense enough"


def test_empty_known_container_says_so():
    page = (
        '<html><body><div class="nav"><a href="/">首页</a></div><div class="TRS_Editor"></div>'
        '<div class="footer">版权所有</div></body></html>'
    ).encode()
    result = extract_page(page, "http://x.gov.cn/a.html")
    assert result["body_text"] == ""
    assert "div.TRS_Editor" in result["empty_reason"]


def test_generic_fallback_finds_dense_block():
    paragraphs = "".join(f"<p>第{i}段。本年度主动公开政府信息若干条，依申请公开办理及时。</p>" for i in range(6))
    page = (
        f'<html><body><div class="menu"><a href="/a">甲</a><a href="/b">乙</a></div>'
        f'<div class="x"><div class="y">{paragraphs}</div></div><div>友情链接 <a href="/c">丙</a></div>'
        f"</body></html>"
    ).encode()
    text = extract_page(page, "http://x.gov.cn/a.html")["body_text"].split("\n")
    assert len(text) == 6 and text[0].startswith("第0段")


def test_layout_table_with_one_column_reads_as_paragraphs():
    root = parse_html("<table><tr><td>第一段</td></tr><tr><td>第二段</td></tr></table>")
    assert render_text(root) == ["第一段", "第二段"]


def test_image_only_report_says_so():
    image = '<img src="./W0202101.jpg" alt="年度报告">'
    page = f'<html><body><div class="TRS_Editor"><p>{image}</p></div></body></html>'.encode()
    result = extract_page(page, "http://x.gov.cn/a/b.html")
    assert result["body_text"] == ""
    assert result["body_html"] == '<p><img src="http://x.gov.cn/a/W0202101.jpg" alt="年度报告"></p>'
    assert "only images" in result["empty_reason"]
