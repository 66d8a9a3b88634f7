
"""太康县人民政府 as a pre-2018 county site: nested tables, <font> tags, ASP URLs, GBK bytes.

Pages declare ``charset=gb2312`` in a <meta> tag but hold characters only GBK has (堃 喆 珺 镕), and the
server sends no charset, as old IIS did. URLs: /index.htm → /list.asp?classid=10 (政务公开) →
/list.asp?classid=15&page=N (年报; page 1 also at /list.asp?classid=15) with 上一页/下一页/尾页 links;
articles /show.asp?id=N. Query URLs are served through _routes.json; lines end in CRLF. Attachments are PDFs
under /UploadFiles/YYYYMM/; the ``file_only`` report is such a PDF alone, linked from the list instead of a page.
"""

from __future__ import annotations

import random

from tests.demo_portal import report_text
from tests.demo_portal.catalog import OLDTABLE, Doc
from tests.demo_portal.markup import BodyStyle, esc
from tests.demo_portal.output import SiteOutput, report_document

SITE = OLDTABLE
PER_PAGE = 12
COLUMNS = {  # key: (classid, name)
    "ndbg": (15, "政府信息公开年报"),
    "zfgzbg": (16, "政府工作报告"),
    "tjxx": (17, "统计公报"),
    "xwdt": (3, "新闻动态"),
}
ZWGK = 10
OFFSITE = {
    "gov": "https://www.gov.cn/", "province": "http://www.henan.gov.cn/", "city": "http://www.zhoukou.gov.cn/",
    "icp": "https://beian.miit.gov.cn/",
    "police": "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=41162702000035",
    "conac": "https://bszs.conac.cn/sitename?method=show&id=0C4E8F3A7B2D1965",
    "zhaocuo": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=4116270001",
}


class OldBody(BodyStyle):
    """Paragraphs as text runs indented with &nbsp; and separated by <br>, as editors of the time wrote."""

    table_attrs = 'width="95%" border="1" align="center" cellpadding="3" cellspacing="0" bordercolor="#000000"'

    def p(self, text: str) -> str:
        return f"&nbsp;&nbsp;&nbsp;&nbsp;{esc(text)}<br>"

    def h(self, text: str) -> str:
        return f"&nbsp;&nbsp;&nbsp;&nbsp;<b>{esc(text)}</b><br>"

    def sub(self, lead: str, text: str) -> str:
        return f"&nbsp;&nbsp;&nbsp;&nbsp;<b>{esc(lead)}</b>{esc(text)}<br>"

    def cell(self, attrs: str, text: str) -> str:
        return f'<td{attrs} align="center"><font size="2">{text}</font></td>'

    def caption(self, text: str) -> str:
        return f'<div align="center"><b>{esc(text)}</b></div>'

    def attach(self, name: str, href: str) -> str:
        return f'&nbsp;&nbsp;&nbsp;&nbsp;附件：<a href="{esc(href)}" target="_blank">{esc(name)}</a><br>'

    def sign(self, lines: tuple[str, ...]) -> str:
        return '<div align="right">' + "<br>\r\n".join(esc(x) for x in lines) + "&nbsp;&nbsp;&nbsp;&nbsp;</div>"

    def join(self, parts: list[str]) -> str:
        return "\r\n".join(parts)


BODY = OldBody()


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:oldtable")
    doc_id = 1020
    for doc in docs:
        doc_id += rng.randint(2, 9)
        doc.doc_id = doc_id
        doc.path = f"/show.asp?id={doc_id}"
        if "file_only" in doc.flags:  # no page: the list links straight at the PDF
            p = doc.published
            doc.path = f"/UploadFiles/{p:%Y%m}/{p:%Y%m%d%H%M}{random.Random(f'upload:{doc_id}').randint(1000, 9999)}.pdf"


def _href(doc: Doc) -> str:
    """A link to a document from a page at the site root: show.asp?id=N, or the file of a file-only report."""
    return doc.path.lstrip("/")


def _list_url(classid: int, page: int = 0) -> str:
    return f"list.asp?classid={classid}" + (f"&page={page}" if page else "")


# ---------------------------------------------------------------- chrome

def _head(title: str) -> str:
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(title)}</title>
<meta name="keywords" content="太康县人民政府,太康,政务公开,政府信息公开">
<meta name="description" content="太康县人民政府门户网站">
<link href="css/style.css" rel="stylesheet" type="text/css">
<script language="javascript" src="js/common.js"></script>
<style type="text/css">
<!--
body {{ margin:0px; font-size:12px; font-family:宋体; }}
td {{ font-size:12px; }}
.f14 {{ font-size:14px; line-height:26px; }}
a:link, a:visited {{ color:#333333; text-decoration:none; }}
a:hover {{ color:#CC0000; text-decoration:underline; }}
-->
</style>
</head>
<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
"""


_TOP = f"""<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td height="28" bgcolor="#F2F2F2"><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
      <td width="50%">&nbsp;<font color="#666666">今天是：<script language="javascript">var d=new Date();document.write(d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日");</script></font></td>
      <td width="50%" align="right"><a href="javascript:;" onclick="this.style.behavior='url(#default#homepage)';this.setHomePage('http://{SITE.domain}/');">设为首页</a> | <a href="javascript:window.external.AddFavorite('http://{SITE.domain}/','太康县人民政府');">加入收藏</a> | <a href="javascript:;" id="wza">无障碍浏览</a> | <a href="javascript:;" id="zzb">长者专版</a>&nbsp;</td>
    </tr></table></td>
  </tr>
  <tr><td><img src="images/top_banner.jpg" width="980" height="150" alt="太康县人民政府"></td></tr>
  <tr>
    <td height="36" bgcolor="#0055A5"><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr align="center">
      <td><a href="index.htm"><font color="#FFFFFF"><b>网站首页</b></font></a></td>
      <td><a href="{_list_url(ZWGK)}"><font color="#FFFFFF"><b>政务公开</b></font></a></td>
      <td><a href="{_list_url(3)}"><font color="#FFFFFF"><b>新闻动态</b></font></a></td>
      <td><a href="javascript:;"><font color="#FFFFFF"><b>办事服务</b></font></a></td>
      <td><a href="javascript:;"><font color="#FFFFFF"><b>互动交流</b></font></a></td>
      <td><a href="javascript:;"><font color="#FFFFFF"><b>走进太康</b></font></a></td>
      <td><a href="{OFFSITE['city']}" target="_blank"><font color="#FFFFFF"><b>周口市政府</b></font></a></td>
    </tr></table></td>
  </tr>
  <tr>
    <td height="32" bgcolor="#E8F1FA"><form name="search" method="post" action="search.asp" style="margin:0px">&nbsp;<font color="#0055A5"><b>站内搜索：</b></font><input name="keyword" type="text" size="24"> <select name="stype"><option value="title">标题</option><option value="content">内容</option></select> <input type="submit" name="Submit" value="搜 索">&nbsp;&nbsp;热门关键词：<a href="javascript:;">低保</a> <a href="javascript:;">医保</a> <a href="javascript:;">招聘</a> <a href="javascript:;">年报</a></form></td>
  </tr>
</table>
"""


def _crumbs(trail: list[tuple[str, str]]) -> str:
    links = " &gt;&gt; ".join(['<a href="index.htm">首页</a>'] + [f'<a href="{to}">{esc(n)}</a>' for to, n in trail])
    return f"""<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td height="30" style="border-bottom:1px solid #CCCCCC">&nbsp;<img src="images/arrow.gif" width="9" height="9"> 当前位置：{links}</td></tr>
</table>
"""


def _sidebar(news: list[Doc]) -> str:
    items = "\r\n".join(f'      <tr><td height="24">·<a href="show.asp?id={d.doc_id}" target="_blank" title="{esc(d.title)}">'
                        f"{esc(_trim(d.title, 14))}</a></td></tr>" for d in news)
    cols = "\r\n".join(f'      <tr><td height="26">&nbsp;<img src="images/dot.gif"> <a href="{_list_url(c)}">{n}</a></td></tr>'
                       for c, n in COLUMNS.values())
    return f"""<td width="210" valign="top" bgcolor="#F7F7F7">
    <table width="100%" border="0" cellspacing="0" cellpadding="0">
      <tr><td height="30" bgcolor="#0055A5">&nbsp;<font color="#FFFFFF"><b>栏目导航</b></font></td></tr>
{cols}
      <tr><td height="30" bgcolor="#0055A5">&nbsp;<font color="#FFFFFF"><b>最新信息</b></font></td></tr>
{items}
      <tr><td height="30" bgcolor="#0055A5">&nbsp;<font color="#FFFFFF"><b>温馨提示</b></font></td></tr>
      <tr><td style="padding:6px;line-height:20px"><font color="#666666">本站信息仅供参考，请以发布单位正式文本为准。建议使用IE8.0以上浏览器，1024×768分辨率浏览本站。</font></td></tr>
    </table></td>
"""


_FOOT = f"""<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" style="margin-top:8px;border:1px solid #CCCCCC">
  <tr><td height="30" bgcolor="#F2F2F2">&nbsp;<b>便民服务：</b><a href="javascript:;">天气预报</a> | <a href="javascript:;">火车时刻</a> | <a href="javascript:;">长途汽车</a> | <a href="javascript:;">邮编区号</a> | <a href="javascript:;">违章查询</a> | <a href="javascript:;">公积金查询</a> | <a href="javascript:;">社保查询</a> | <a href="javascript:;">招聘信息</a> | <a href="javascript:;">医院挂号</a> | <a href="javascript:;">水电气缴费</a></td></tr>
  <tr><td height="30">&nbsp;<b>专题专栏：</b><a href="javascript:;">脱贫攻坚</a> | <a href="javascript:;">创建文明城市</a> | <a href="javascript:;">扫黑除恶</a> | <a href="javascript:;">优化营商环境</a> | <a href="javascript:;">乡村振兴</a> | <a href="javascript:;">安全生产</a></td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#0055A5" style="margin-top:8px">
  <tr><td height="30" align="center" colspan="2"><a href="sitemap.htm"><font color="#FFFFFF">网站地图</font></a> <font color="#FFFFFF">|</font> <a href="contact.htm"><font color="#FFFFFF">联系我们</font></a> <font color="#FFFFFF">|</font> <a href="javascript:;"><font color="#FFFFFF">关于本站</font></a> <font color="#FFFFFF">|</font> <a href="{OFFSITE['gov']}" target="_blank"><font color="#FFFFFF">中国政府网</font></a> <font color="#FFFFFF">|</font> <a href="{OFFSITE['province']}" target="_blank"><font color="#FFFFFF">河南省人民政府</font></a>
  <select name="link" onchange="if(this.value!='')window.open(this.value);"><option value="">----友情链接----</option><option value="javascript:;">周口市人民政府</option><option value="javascript:;">川汇区人民政府</option><option value="javascript:;">淮阳区人民政府</option><option value="javascript:;">扶沟县人民政府</option><option value="javascript:;">西华县人民政府</option><option value="javascript:;">商水县人民政府</option><option value="javascript:;">沈丘县人民政府</option><option value="javascript:;">郸城县人民政府</option><option value="javascript:;">鹿邑县人民政府</option><option value="javascript:;">项城市人民政府</option></select></td></tr>
  <tr>
    <td height="80" align="center" style="line-height:22px"><font color="#FFFFFF">主办单位：太康县人民政府&nbsp;&nbsp;承办单位：太康县人民政府办公室&nbsp;&nbsp;技术支持：{SITE.tech}<br>
    版权所有：太康县人民政府&nbsp;&nbsp;网站标识码：{SITE.site_code}&nbsp;&nbsp;<a href="{OFFSITE['icp']}" target="_blank"><font color="#FFFFFF">{SITE.icp}</font></a>&nbsp;&nbsp;<a href="{esc(OFFSITE['police'])}" target="_blank"><font color="#FFFFFF">{SITE.police}</font></a><br>
    地址：太康县城关镇建设路&nbsp;&nbsp;邮编：461400&nbsp;&nbsp;电话：0394-6822317&nbsp;&nbsp;建议使用IE8.0以上浏览器、1024×768分辨率浏览</font></td>
    <td width="200" align="center"><a href="{esc(OFFSITE['conac'])}" target="_blank"><img src="images/dzjg.png" border="0" alt="党政机关"></a> <a href="{esc(OFFSITE['zhaocuo'])}" target="_blank"><img src="images/zfwzzc.png" border="0" alt="政府网站找错"></a></td>
  </tr>
</table>
<div style="display:none"><script language="javascript" src="count.asp"></script>站长统计 访问量统计</div>
</body>
</html>
"""


def _trim(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _page(title: str, trail: list[tuple[str, str]], news: list[Doc], main: str) -> str:
    html = (_head(title) + _TOP + _crumbs(trail)
            + '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr>\r\n'
            + _sidebar(news) + '<td width="10"></td>\r\n<td valign="top">' + main + "</td>\r\n</tr></table>\r\n" + _FOOT)
    return html.replace("\r\n", "\n").replace("\n", "\r\n")  # IIS-era files have CRLF line ends


def _trail(key: str) -> list[tuple[str, str]]:
    classid, name = COLUMNS[key]
    if key == "xwdt":
        return [(_list_url(classid), name)]
    return [(_list_url(ZWGK), "政务公开"), (_list_url(classid), name)]


# ---------------------------------------------------------------- pages

def _detail(out: SiteOutput, doc: Doc, news: list[Doc]) -> None:
    rng = random.Random("chrome:" + doc.seed)
    if doc.kind == "report":
        blocks, stats = report_text.report_blocks(doc, SITE)
    else:
        blocks, stats = report_text.decoy_blocks(doc, SITE), None
    fmt = report_text.file_format(doc, SITE)
    if "file_only" in doc.flags:  # published as the PDF alone
        out.add_bytes(doc.path.lstrip("/"), report_document(fmt, doc.title, blocks))
        out.record(doc, blocks, stats, attachment=doc.path, attachment_format=fmt)
        return
    p = doc.published
    attach = f"UploadFiles/{p:%Y%m}/{p:%Y%m%d%H%M}{rng.randint(1000, 9999)}.pdf"
    page_blocks = report_text.pointer_blocks(doc, fmt) if "attachment_only" in doc.flags else blocks
    body = BODY.render(page_blocks, attach)

    def link(d: Doc | None) -> str:
        return f'<a href="{_href(d)}">{esc(d.title)}</a>' if d else "没有了"

    related = doc.related or news[:3]
    rel_rows = "\r\n".join(f'<tr><td height="24">·<a href="{_href(d)}" target="_blank">{esc(d.title)}</a>'
                           f' <font color="#999999">({d.published:%Y-%m-%d})</font></td></tr>' for d in related)
    main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr><td height="60" align="center" style="padding-top:10px"><font style="font-size:20px" color="#B50000"><b>{esc(doc.title)}</b></font></td></tr>
  <tr><td height="30" align="center" bgcolor="#F5F5F5"><font color="#666666">发布时间：{p.year}-{p.month}-{p.day} {p.hour}:{p:%M}:00&nbsp;&nbsp;来源：{esc(doc.agency_name)}&nbsp;&nbsp;点击数：<font color="#FF0000">{rng.randint(30, 2000)}</font>&nbsp;&nbsp;字体：[<a href="javascript:fontZoom(16)">大</a> <a href="javascript:fontZoom(14)">中</a> <a href="javascript:fontZoom(12)">小</a>]&nbsp;&nbsp;<a href="javascript:window.print()">打印</a>&nbsp;&nbsp;<a href="javascript:window.close()">关闭</a></font></td></tr>
  <tr><td class="f14" id="fontzoom" style="padding:15px">
{body}
  </td></tr>
  <tr><td height="30">分享到：<a href="javascript:;" class="bds_weixin">微信</a> <a href="javascript:;" class="bds_tsina">新浪微博</a> <a href="javascript:;" class="bds_qzone">QQ空间</a>&nbsp;&nbsp;<img src="images/ewm.gif" width="60" height="60" align="absmiddle"> 扫一扫在手机打开当前页</td></tr>
  <tr><td height="30" align="right">【<a href="javascript:;" onclick="jiucuo()">我要纠错</a>】【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
  <tr><td height="26"><font color="#666666">责任编辑：{report_text.person(rng, SITE)}&nbsp;&nbsp;审核：{report_text.person(rng, SITE)}</font></td></tr>
  <tr><td style="border-top:1px dashed #CCCCCC;padding:6px;line-height:24px">上一篇：{link(doc.prev)}<br>下一篇：{link(doc.next)}</td></tr>
  <tr><td height="28" bgcolor="#EEEEEE">&nbsp;<b>相关文章</b></td></tr>
  <tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0">
{rel_rows}
  </table></td></tr>
</table>
"""
    html = _page(f"{doc.title}-{SITE.site_name}", _trail(doc.column), news, main)
    out.route("ANY", "/show.asp", {"id": str(doc.doc_id)}, f"_q/show_{doc.doc_id}.htm", html)
    if fmt:
        out.add_bytes(attach, report_document(fmt, doc.title, blocks))
    out.record(doc, blocks, stats, attachment="/" + attach if fmt else "", attachment_format=fmt)


def _pager(classid: int, page: int, pages: int, total: int) -> str:
    def a(label: str, target: int, enabled: bool) -> str:
        return f'<a href="{esc(_list_url(classid, target))}">{label}</a>' if enabled else label

    options = "".join(f'<option value="{n}"{" selected" if n == page else ""}>第{n}页</option>' for n in range(1, pages + 1))
    return (f'<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td height="40" align="center">'
            f"共 <font color=\"#FF0000\">{total}</font> 条记录&nbsp;&nbsp;页次：{page}/{pages}&nbsp;&nbsp;每页{PER_PAGE}条&nbsp;&nbsp;"
            f"{a('首页', 1, page > 1)}&nbsp;{a('上一页', page - 1, page > 1)}&nbsp;"
            f"{a('下一页', page + 1, page < pages)}&nbsp;{a('尾页', pages, page < pages)}&nbsp;&nbsp;转到："
            f"<select onchange=\"location.href='list.asp?classid={classid}&amp;page='+this.value\">{options}</select>"
            "</td></tr></table>")


def _column(out: SiteOutput, key: str, docs: list[Doc], news: list[Doc]) -> None:
    classid, name = COLUMNS[key]
    docs = sorted(docs, key=lambda d: d.published, reverse=True)
    pages = max(1, -(-len(docs) // PER_PAGE))
    for page in range(1, pages + 1):
        rows = "\r\n".join(
            f'<tr><td width="20" height="28" align="center"><img src="images/dot.gif"></td><td><a href="{_href(d)}" '
            f'target="_blank" title="{esc(d.list_title)}">{esc(_trim(d.list_title, 30))}</a></td>'
            f'<td width="100"><font color="#999999">[{d.published:%Y-%m-%d}]</font></td></tr>\r\n'
            '<tr><td colspan="3" height="1" bgcolor="#E5E5E5"></td></tr>'
            for d in docs[(page - 1) * PER_PAGE:page * PER_PAGE])
        main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr><td height="32" bgcolor="#0055A5">&nbsp;<font color="#FFFFFF"><b>{name}</b></font></td></tr>
  <tr><td style="padding:6px;line-height:22px"><font color="#666666">{report_text.column_intro(key, SITE)}</font></td></tr>
</table>
<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0" style="margin-top:8px">
{rows}
</table>
{_pager(classid, page, pages, len(docs))}
"""
        html = _page(f"{name}-{SITE.site_name}", _trail(key), news, main)
        rel_file = f"_q/list_{classid}_p{page}.htm"
        out.route("ANY", "/list.asp", {"classid": str(classid), "page": str(page)}, rel_file, html)
        if page == 1:
            out.route("ANY", "/list.asp", {"classid": str(classid)}, rel_file, html)
        if key == "ndbg":
            out.list_pages.append(f"/list.asp?classid={classid}&page={page}")


def _box(title: str, more: str, docs: list[Doc]) -> str:
    rows = "\r\n".join(f'<tr><td height="24">·<a href="{_href(d)}" target="_blank" title="{esc(d.title)}">'
                       f'{esc(_trim(d.list_title, 24))}</a></td><td width="90"><font color="#999999">{d.published:%Y-%m-%d}'
                       "</font></td></tr>" for d in docs)
    return f"""<table width="100%" border="0" cellspacing="0" cellpadding="0" style="margin-bottom:8px">
  <tr><td height="30" bgcolor="#E8F1FA">&nbsp;<b><font color="#0055A5">{title}</font></b></td><td bgcolor="#E8F1FA" align="right"><a href="{more}">更多&gt;&gt;</a>&nbsp;</td></tr>
  <tr><td colspan="2"><table width="100%" border="0" cellspacing="0" cellpadding="0">
{rows}
  </table></td></tr>
</table>
"""


def build(out: SiteOutput, docs: list[Doc]) -> None:
    by_col: dict[str, list[Doc]] = {k: [] for k in COLUMNS}
    for d in docs:
        by_col[d.column].append(d)

    def latest(key: str, n: int) -> list[Doc]:
        return sorted(by_col[key], key=lambda d: d.published, reverse=True)[:n]

    news = latest("xwdt", 8)
    for doc in docs:
        _detail(out, doc, news)
    for key, col_docs in by_col.items():
        _column(out, key, col_docs, news)

    main = (_box("新闻动态", _list_url(3), news)
            + f"""<table width="100%" border="0" cellspacing="0" cellpadding="0" style="margin-bottom:8px">
  <tr><td height="30" bgcolor="#E8F1FA">&nbsp;<b><font color="#0055A5">政务公开</font></b></td></tr>
  <tr><td height="60" style="line-height:26px">&nbsp;<a href="{_list_url(ZWGK)}">政府信息公开</a>&nbsp;|&nbsp;<a href="javascript:;">政府文件</a>&nbsp;|&nbsp;<a href="javascript:;">人事任免</a>&nbsp;|&nbsp;<a href="javascript:;">财政预决算</a>&nbsp;|&nbsp;<a href="javascript:;">招标采购</a><br>
  &nbsp;<a href="{OFFSITE['gov']}" target="_blank">中国政府网</a>&nbsp;|&nbsp;<a href="{OFFSITE['province']}" target="_blank">河南省人民政府</a>&nbsp;|&nbsp;<a href="{OFFSITE['city']}" target="_blank">周口市人民政府</a></td></tr>
</table>
<table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr><td height="30" bgcolor="#E8F1FA">&nbsp;<b><font color="#0055A5">办事服务</font></b></td></tr>
  <tr><td height="50" style="line-height:26px">&nbsp;<a href="javascript:;">办事指南</a>&nbsp;|&nbsp;<a href="javascript:;">表格下载</a>&nbsp;|&nbsp;<a href="javascript:;">便民电话</a>&nbsp;|&nbsp;<a href="javascript:;">县长信箱</a>&nbsp;|&nbsp;<a href="javascript:;">网上咨询</a></td></tr>
</table>
""")
    out.add("index.htm", _page(SITE.site_name, [], news, main))

    work = latest("zfgzbg", 1)[0]
    subcols = "&nbsp;|&nbsp;".join(f'<a href="{_list_url(c)}"><b>{n}</b></a>' for k, (c, n) in COLUMNS.items()
                                   if k != "xwdt")
    main = (f"""<table width="100%" border="0" cellspacing="0" cellpadding="0" style="margin-bottom:8px">
  <tr><td height="32" bgcolor="#0055A5">&nbsp;<font color="#FFFFFF"><b>政务公开</b></font></td></tr>
  <tr><td height="40" style="line-height:26px">&nbsp;子栏目：{subcols}&nbsp;|&nbsp;<a href="javascript:;">政府信息公开指南</a>&nbsp;|&nbsp;<a href="javascript:;">依申请公开</a></td></tr>
  <tr><td height="30">&nbsp;重要报告：<a href="show.asp?id={work.doc_id}" target="_blank">{work.published.year}年太康县政府工作报告</a></td></tr>
</table>
""" + _box("政府信息公开年报", _list_url(15), latest("ndbg", 6)) + _box("政府工作报告", _list_url(16), latest("zfgzbg", 3))
        + _box("统计公报", _list_url(17), latest("tjxx", 2)))
    html = _page(f"政务公开-{SITE.site_name}", [(_list_url(ZWGK), "政务公开")], news, main)
    out.route("ANY", "/list.asp", {"classid": str(ZWGK)}, f"_q/list_{ZWGK}.htm", html)

    links = "<br>\r\n".join(f'&nbsp;&nbsp;<a href="{u}">{n}</a>' for u, n in (
        ("index.htm", "网站首页"), (_list_url(ZWGK), "政务公开"), *((_list_url(c), n) for c, n in COLUMNS.values()),
        *(("javascript:;", n) for n in ("政府文件", "人事任免", "财政预决算", "招标采购", "办事指南", "表格下载",
                                        "便民电话", "县长信箱", "网上咨询", "太康概况", "历史文化", "旅游资源",
                                        "网站声明", "关于本站"))))
    out.add("sitemap.htm", _page(f"网站地图-{SITE.site_name}", [("sitemap.htm", "网站地图")], news,
                                 f'<table width="100%"><tr><td class="f14" style="padding:15px">{links}</td></tr></table>'))
    phones = "\r\n".join(f'<tr><td height="24">&nbsp;{esc(n)}</td><td>{t}</td></tr>' for n, t in report_text.phone_book(SITE))
    out.add("contact.htm", _page(f"联系我们-{SITE.site_name}", [("contact.htm", "联系我们")], news,
                                 '<table width="100%"><tr><td class="f14" style="padding:15px">&nbsp;&nbsp;&nbsp;&nbsp;'
                                 "地址：太康县城关镇建设路&nbsp;&nbsp;邮编：461400<br>&nbsp;&nbsp;&nbsp;&nbsp;电话：0394-6822317"
                                 "&nbsp;&nbsp;网站管理员：王堃</td></tr></table>\r\n"
                                 f'<table width="96%" border="1" cellspacing="0" cellpadding="2" align="center">{phones}</table>'))
    out.add("robots.txt", "User-agent: *\r\nCrawl-delay: 1\r\nDisallow: /admin/\r\nDisallow: /inc/\r\n"
                          "Disallow: /data/\r\nDisallow: /search.asp\r\n")
    out.offsite.update(OFFSITE.values())
