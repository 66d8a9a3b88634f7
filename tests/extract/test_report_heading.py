"""A report file's title joined from its heading lines and its publishing body read from them, or from
本报告由…编制, or from the signature: PDFs and DOCX files laid out the way real ones are (tests/documents/laid_out.py),
and the text-only rule on plain lines. Real files, no mocks."""

from __future__ import annotations

import pytest

from govreports.documents import read_document
from govreports.extract.report_file import extract_report_file
from govreports.extract.report_heading import file_agency, heading_title
from tests.documents.laid_out import HeadingLine, Page, make_report_docx, make_report_pdf

BODY = [
    "2024年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全面推进政府信息公开工作，现将有关情况报告如下。",
    "一、总体情况",
    "（一）主动公开。全年主动公开政府信息356条，其中政策文件42件。",
]
COMPILED = ["本报告由某某市市场监督管理局负责编制，全文包括总体情况、主动公开政府信息情况等内容。", *BODY[1:]]


def _file(data: bytes, suffix: str = "pdf", list_title: str = "") -> dict:
    return extract_report_file(data, f"http://www.example.gov.cn/ndbg/report.{suffix}", list_title=list_title)


def test_two_line_pdf_heading_is_one_title_naming_the_body():
    data = make_report_pdf([Page(
        heading=[HeadingLine("某某县人民政府办公室"), HeadingLine("2024年政府信息公开工作年度报告")],
        paragraphs=BODY, signature=["某某县人民政府办公室", "2025年1月20日"])])
    assert read_document(data, "r.pdf").heading == ["某某县人民政府办公室", "2024年政府信息公开工作年度报告"]
    result = _file(data)
    assert result["title"] == "某某县人民政府办公室2024年政府信息公开工作年度报告"
    assert result["agency"] == "某某县人民政府办公室"
    assert result["year"] == 2024
    # the body text keeps the lines as printed
    assert result["body_text"].split("\n")[:2] == ["某某县人民政府办公室", "2024年政府信息公开工作年度报告"]


def test_three_line_letter_spaced_heading_split_mid_word_under_a_header():
    """Differs in every way the family allows: three lines, a larger font, the first letter-spaced, the name
    broken mid-word, an index line above, a 本报告由 line and no signature naming another body."""
    data = make_report_pdf([Page(
        header=["索引号：11350100-2025-00012", "发布日期：2025-01-22"],
        heading=[HeadingLine("某 某 市 自 然", 22, spacing=16), HeadingLine("资源和规划局", 22),
                 HeadingLine("2024年度政府信息公开工作年度报告", 22)],
        paragraphs=COMPILED, signature=["2025年1月22日"])])
    result = _file(data)
    assert result["title"] == "某某市自然资源和规划局2024年度政府信息公开工作年度报告"
    assert result["agency"] == "某某市自然资源和规划局"
    assert "某某市自然" in result["body_text"] and "某\t某" not in result["body_text"]  # letter-spacing is no cells


def test_year_line_first_with_the_body_under_it():
    data = make_report_pdf([Page(
        heading=[HeadingLine("2024年政府信息公开工作年度报告", 18), HeadingLine("（某某镇人民政府）", 14)],
        paragraphs=BODY)])
    result = _file(data)
    assert result["title"] == "某某镇人民政府2024年政府信息公开工作年度报告"
    assert result["agency"] == "某某镇人民政府"


@pytest.mark.parametrize(("paragraphs", "signature", "agency"), [
    (COMPILED, ["2025年1月20日"], "某某市市场监督管理局"),
    (BODY, ["某某区司法局", "2025年1月18日"], "某某区司法局"),
    (BODY, ["某某街道办事处  2025年3月2日"], "某某街道办事处"),
], ids=["compiled-by", "signature", "signature-and-date-on-one-line"])
def test_agency_without_a_body_in_the_heading(paragraphs, signature, agency):
    data = make_report_pdf([Page(heading=[HeadingLine("2024年政府信息公开工作年度报告")], paragraphs=paragraphs,
                                 signature=signature)])
    result = _file(data)
    assert result["title"] == "2024年政府信息公开工作年度报告"
    assert result["agency"] == agency


def test_list_link_short_form_gives_way_to_the_heading():
    data = make_report_pdf([Page(heading=[HeadingLine("某某县人民政府办公室"), HeadingLine("2024年政府信息公开工作年度报告")],
                                 paragraphs=BODY)])
    result = _file(data, list_title="2024年政府信息公开工作年度报告")
    assert result["title"] == "某某县人民政府办公室2024年政府信息公开工作年度报告"
    named = _file(data, list_title="某某县政府办2024年政府信息公开工作年度报告")  # the list's says no less
    assert named["title"] == "某某县政府办2024年政府信息公开工作年度报告"


@pytest.mark.parametrize(("heading", "title", "agency"), [
    ([("某某区教育局", "centre", 16), ("2024年政府信息公开工作年度报告", "centre", 16)],
     "某某区教育局2024年政府信息公开工作年度报告", "某某区教育局"),
    # left-aligned, told by size only; the name broken mid-word; three lines
    ([("某某区卫生健康委", "left", 20), ("员会", "left", 20), ("2023年度政府信息公开工作年度报告", "left", 20)],
     "某某区卫生健康委员会2023年度政府信息公开工作年度报告", "某某区卫生健康委员会"),
], ids=["centred", "larger-left-three-lines"])
def test_docx_heading(heading, title, agency):
    data = make_report_docx(heading, BODY, ["2025年1月15日"])
    result = _file(data, "docx")
    assert result["title"] == title
    assert result["agency"] == agency


def test_text_lines_join_only_into_a_title_that_opens_with_a_body():
    assert heading_title(["某某县人民政府办", "公室2024年政府信息公开工作年度报告", "一、总体情况"]) == (
        "某某县人民政府办公室2024年政府信息公开工作年度报告")
    # a line above the title that is not part of a body's name stays apart
    assert heading_title(["附件1", "2024年政府信息公开工作年度报告"]) == "2024年政府信息公开工作年度报告"
    assert heading_title(["目录", "某某县2024年政府信息公开工作年度报告"]) == "某某县2024年政府信息公开工作年度报告"
    # a sentence is never part of a heading
    assert heading_title(["现将有关情况报告如下：", "2024年政府信息公开工作年度报告"]) == "2024年政府信息公开工作年度报告"
    assert heading_title(["一、总体情况", "本年度共收到申请5件。"]) == ""
    # the year line first, the body under it
    assert heading_title(["2024年政府信息公开工作年度报告", "——某某县人民政府办公室", "一、总体情况"]) == (
        "某某县人民政府办公室2024年政府信息公开工作年度报告")
    assert heading_title(["2024年政府信息公开工作年度报告", "（2025年1月）"]) == "2024年政府信息公开工作年度报告"


def test_zip_of_the_report_and_another_file_keeps_the_reports_heading():
    from tests.demo_portal.documents import make_zip

    report = make_report_pdf([Page(heading=[HeadingLine("某某县人民政府办公室"), HeadingLine("2024年政府信息公开工作年度报告")],
                                   paragraphs=BODY)])
    annex = make_report_pdf([Page(paragraphs=["附表：政府信息公开情况统计表。"])])
    result = _file(make_zip({"1.报告正文.pdf": report, "2.附表.pdf": annex}), "zip")
    assert result["title"] == "某某县人民政府办公室2024年政府信息公开工作年度报告"


def test_agency_sources_in_order():
    lines = ["2024年政府信息公开工作年度报告", "本报告由某某县教育局根据《条例》要求编制。", "某某县体育局", "2025年1月2日"]
    assert file_agency("某某县文化和旅游局2024年政府信息公开工作年度报告", lines) == "某某县文化和旅游局"
    assert file_agency("2024年政府信息公开工作年度报告", lines) == "某某县教育局"
    assert file_agency("2024年政府信息公开工作年度报告", [lines[0], *lines[2:]]) == "某某县体育局"
    assert file_agency("2024年政府信息公开工作年度报告", [lines[0], "特此报告。", "2025年1月2日"]) == ""
