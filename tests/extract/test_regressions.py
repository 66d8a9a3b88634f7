"""Small hand-written pages for the extraction fixes: pointer-only bodies (详见附件), attachment lists above the
body container, info-line values cut at their brackets, the 新点 信息时间 label, and 展开阅读全文 buttons."""

from __future__ import annotations

from govreports.extract import metadata as md
from govreports.extract.page import extract_page

NAV = "".join(f'<a href="/list.asp?classid={i}">栏目{i}</a> | ' for i in range(12))
FOOTER = '<div class="footer">版权所有：某县人民政府　ICP备12345678号　<a href="/help/guide.pdf">使用说明.pdf</a></div>'


def _page(body: str, head: str = "<title>某县教育局2012年政府信息公开工作年度报告</title>") -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def test_legacy_pointer_only_body_keeps_pointer_and_link():
    html = _page(
        f"<table><tr><td>{NAV}</td></tr></table>"
        "<table><tr><td width=200>"
        + "".join(f'<p><a href="/list.asp?classid={i}">政府信息公开目录{i}</a></p>' for i in range(8))
        + "</td><td><table>"
        "<tr><td><b>某县教育局2012年政府信息公开工作年度报告</b></td></tr>"
        "<tr><td>发布时间：2013-3-13　来源：某县教育局</td></tr>"
        "<tr><td><font>&nbsp;&nbsp;现将《某县教育局2012年政府信息公开工作年度报告》予以公布，详见附件。<br><br>"
        '附件：<a href="/attach/2013/abc.doc">某县教育局2012年政府信息公开工作年度报告.doc</a><br></font></td></tr>'
        "</table></td></tr></table>" + FOOTER,
        head='<meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>某县教育局</title>',
    )
    out = extract_page(html.encode("gbk"), "http://www.example.gov.cn/show.asp?id=1")
    lines = out["body_text"].splitlines()
    assert lines[0].endswith("详见附件。")
    assert lines[-1] == "附件：某县教育局2012年政府信息公开工作年度报告.doc"
    assert [a["url"] for a in out["attachments"]] == ["http://www.example.gov.cn/attach/2013/abc.doc"]
    assert "栏目" not in out["body_text"] and "版权所有" not in out["body_text"]


def test_pointer_block_beats_dense_sidebar_box():
    sidebar = (
        '<div class="side-box"><h3>某县概况</h3><div class="side-text"><p>'
        + "某县位于某省中部，总面积两千多平方公里，辖六个乡镇。境内山清水秀，气候温和，四季分明。" * 4
        + "</p></div></div>"
    )
    html = _page(
        f'<div class="nav">{NAV}</div><div class="wrap"><div class="main-left"><div class="box">'
        "<h2>某县农业农村局2021年政府信息公开工作年度报告</h2>"
        "<div class='info'><span>发布时间：2022-01-15 17:51</span><span>来源：某县农业农村局</span></div>"
        '<div id="body_text_x"><p>某县农业农村局2021年政府信息公开工作年度报告（全文见附件）。</p>'
        '<p><a href="/module/download/downfile.jsp?classid=0&amp;filename=987a.pdf">年度报告.pdf</a></p></div>'
        f'</div></div><div class="main-right">{sidebar}</div></div>' + FOOTER
    )
    out = extract_page(html.encode(), "http://www.example.gov.cn/info/13/1.html")
    assert out["body_text"].splitlines() == [
        "某县农业农村局2021年政府信息公开工作年度报告（全文见附件）。",
        "年度报告.pdf",
    ]
    assert [a["url"] for a in out["attachments"]] == [
        "http://www.example.gov.cn/module/download/downfile.jsp?classid=0&filename=987a.pdf"
    ]


def test_pointer_in_sidebar_is_not_the_body():
    html = _page(
        '<div class="main"><div class="content"><p>'
        + "本年度政府信息公开工作有序推进。主动公开信息一千余条。依申请公开办理及时。" * 6
        + '</p></div></div><div class="sidebar"><p>办事指南详见附件：<a href="/a/guide.pdf">指南.pdf</a></p></div>'
    )
    out = extract_page(html.encode(), "http://www.example.gov.cn/info/2.html")
    assert out["body_text"].startswith("本年度政府信息公开工作有序推进")
    assert "指南" not in out["body_text"]


def test_attachment_list_four_levels_above_trs_editor_but_not_footer():
    html = _page(
        f'<div class="header">{NAV}</div><div class="main"><div class="content"><div class="article">'
        '<div class="article_title">某区人民政府2019年政府信息公开工作年度报告</div>'
        '<div class="l1"><div class="l2"><div class="l3"><div class="l4"><div class="TRS_Editor">'
        "<p>根据条例要求，某区人民政府编制了2019年度政府信息公开工作年度报告，现予以公布。</p>"
        "</div></div></div></div></div>"
        '<div class="fujian">相关附件：<ul><li><a href="/attach/2020/r.pdf">年度报告.pdf</a></li>'
        '<li><a href="/attach/r.ofd">年度报告（OFD版）.ofd</a></li></ul></div>'
        f"</div></div></div>{FOOTER}"
    )
    out = extract_page(html.encode(), "http://www.example.gov.cn/zwgk/202003/t20200310_1.shtml")
    assert sorted(a["url"] for a in out["attachments"]) == [
        "http://www.example.gov.cn/attach/2020/r.pdf",
        "http://www.example.gov.cn/attach/r.ofd",
    ]


def test_bracketed_info_line_values_end_at_their_bracket():
    stream = "【发布时间：2016-03-01】【来源：某县司法局】【点击：8812】"
    assert md.agency({}, stream, "") == "某县司法局"
    assert md.agency({}, "来源：某县民政局 | 时间：2020-01-01", "") == "某县民政局"
    assert md.agency({}, "来源：某县交通局】【点击：5】", "") == "某县交通局"
    assert md.agency({}, "来源：某县水利局点击：12", "") == "某县水利局"
    assert md.doc_no("文号：某府字【2020】1号") == "某府字【2020】1号"


def test_epoint_information_time_is_the_publication_date():
    assert md.published_at({}, "信息时间：2022-03-20　阅读次数：3895", "http://x/a.html") == "2022-03-20"
    assert md.published_at({}, "更新时间：2022-05-01", "http://x/a.html") == ""


def test_expand_full_text_button_is_chrome():
    html = _page(
        '<div class="article-content"><p>'
        + "本年度政府信息公开工作有序推进，主动公开信息一千余条。" * 3
        + '</p><div class="read-more"><a href="javascript:;">展开阅读全文</a></div><p>点击展开全文</p></div>'
    )
    out = extract_page(html.encode(), "http://www.example.gov.cn/m/1.html")
    assert "全文" not in out["body_text"]
    assert out["body_text"].startswith("本年度政府信息公开工作有序推进")
