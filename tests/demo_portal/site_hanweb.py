
"""德清县人民政府 in the style of a Hanweb (大汉) JCMS portal, as Zhejiang's county sites run it (UTF-8).

URLs: /index.html → /col/col1229000001/index.html (政务公开) → /col/col1229214366/index.html (年度报告).
A column page carries its first ``PER_PAGE`` records in a ``<script type="text/xml"><datastore>`` block; the
rest come from POST /module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=… with the form
fields the page's ``.page({...})`` call names. Articles: /art/Y/M/D/art_<columnid>_<id>.html. Attachments
(PDF, DOCX) come from GET /module/download/downfile.jsp?classid=0&filename=YYYYMMDDNNNNNNNNN.pdf, a route.
"""

from __future__ import annotations

import random
from urllib.parse import quote

from tests.demo_portal import report_text
from tests.demo_portal.catalog import HANWEB, Doc
from tests.demo_portal.markup import BodyStyle, esc
from tests.demo_portal.output import SiteOutput, report_document

SITE = HANWEB
PER_PAGE = 10
WEBID = 12
COLUMNS = {  # key: (column id, name, unit id of its list block)
    "ndbg": (1229214366, "政府信息公开年度报告", 3579),
    "zfgzbg": (1229214370, "政府工作报告", 3583),
    "tjxx": (1229214375, "统计信息", 3587),
    "xwdt": (1229000010, "新闻动态", 3512),
}
ZWGK, JGZN, SITEMAP, CONTACT = 1229000001, 1229000020, 1229000030, 1229000031
DATAPROXY = "/module/web/jpage/dataproxy.jsp"
DOWNFILE = "/module/download/downfile.jsp"  # attachments: ?classid=0&filename=…
OFFSITE = {
    "gov": "https://www.gov.cn/", "province": "http://www.zj.gov.cn/", "city": "http://www.huzhou.gov.cn/",
    "zwfw": "https://www.zjzwfw.gov.cn/", "icp": "https://beian.miit.gov.cn/",
    "police": "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33052102000147",
    "conac": "https://bszs.conac.cn/sitename?method=show&id=5B1E7C90D4A2418F",
    "zhaocuo": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=3305210001",
    "hanweb": "http://www.hanweb.com",
}


class HanwebBody(BodyStyle):
    table_attrs = 'border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;"'

    def cell(self, attrs: str, text: str) -> str:
        return f'<td{attrs} style="border:1px solid #000;">{text}</td>'


BODY = HanwebBody()


def col_path(col_id: int) -> str:
    return f"/col/col{col_id}/index.html"


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:hanweb")
    doc_id = 651000
    for doc in docs:
        doc_id += rng.randint(100, 900)
        doc.doc_id = doc_id
        p = doc.published
        doc.path = f"/art/{p.year}/{p.month}/{p.day}/art_{COLUMNS[doc.column][0]}_{doc_id}.html"


# ---------------------------------------------------------------- chrome

def _head(title: str, metas: dict[str, str]) -> str:
    meta = "\n".join(f'<meta name="{k}" content="{esc(v)}" />' for k, v in metas.items())
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
{meta}
<title>{esc(title)}</title>
<link href="/images/500/dq_base.css" rel="stylesheet" type="text/css" />
<link href="/images/500/dq_content.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/urite/urite.min.js"></script>
</head>
<body>
<div id="barrierfree_container">
"""


_TOP = f"""<div class="dq-top"><div class="w1200 clearfix">
<span class="fl">欢迎访问德清县人民政府门户网站</span>
<span class="fr"><a href="javascript:zh_tran('s');">简体</a>|<a href="javascript:zh_tran('t');">繁体</a>|<a href="javascript:void(0);" onclick="aria.start();">无障碍浏览</a>|<a href="javascript:void(0);" onclick="aria.oldFixedStart();">长者专版</a>|<a href="javascript:void(0);" class="login">登录</a>|<a href="javascript:void(0);" class="register">注册</a>|<a href="{OFFSITE['zwfw']}" target="_blank">浙江政务服务网</a></span>
</div></div>
<div class="dq-head"><div class="w1200 clearfix">
<div class="logo fl"><a href="/index.html"><img src="/images/500/dq_logo.png" alt="德清县人民政府" /></a></div>
<div class="search fr"><form id="search-form" action="https://search.zj.gov.cn/jrobotfront/search.do" target="_blank" method="get">
<input name="websiteid" type="hidden" value="330521000000000" /><input name="tpl" type="hidden" value="1569" /><input name="p" type="hidden" value="1" />
<input type="text" class="input_text" id="q" name="q" placeholder="请输入关键字" /><input type="submit" class="input_btn" value="搜索" />
</form>
<p class="hot">热门搜索：<a href="javascript:;">人才新政</a><a href="javascript:;">莫干山</a><a href="javascript:;">不动产登记</a><a href="javascript:;">医保</a></p></div>
</div></div>
<div class="dq-nav"><ul class="w1200 clearfix">
<li><a href="/index.html">首页</a></li>
<li><a href="{col_path(COLUMNS['xwdt'][0])}">新闻动态</a></li>
<li><a href="{col_path(ZWGK)}">政务公开</a><dl class="sub"><dd><a href="{col_path(JGZN)}">机构职能</a></dd><dd><a href="javascript:;">政策文件</a></dd><dd><a href="javascript:;">规划计划</a></dd><dd><a href="{col_path(COLUMNS['ndbg'][0])}">政府信息公开年度报告</a></dd><dd><a href="{col_path(COLUMNS['zfgzbg'][0])}">政府工作报告</a></dd><dd><a href="{col_path(COLUMNS['tjxx'][0])}">统计信息</a></dd></dl></li>
<li><a href="{OFFSITE['zwfw']}" target="_blank">政务服务</a><dl class="sub"><dd><a href="{OFFSITE['zwfw']}" target="_blank">个人办事</a></dd><dd><a href="{OFFSITE['zwfw']}" target="_blank">法人办事</a></dd><dd><a href="javascript:;">便民服务</a></dd></dl></li>
<li><a href="javascript:;">政民互动</a><dl class="sub"><dd><a href="javascript:;">县长信箱</a></dd><dd><a href="javascript:;">民意征集</a></dd><dd><a href="javascript:;">在线访谈</a></dd></dl></li>
<li><a href="javascript:;">走进德清</a><dl class="sub"><dd><a href="javascript:;">德清概况</a></dd><dd><a href="javascript:;">历史文化</a></dd><dd><a href="javascript:;">旅游德清</a></dd></dl></li>
</ul></div>
"""


def _crumbs(trail: list[tuple[str, str]]) -> str:
    cells = "".join(f'<td> &gt;<a href="{to}">{esc(name)}</a></td>' for to, name in trail)
    return f"""<div class="dq-position"><div class="w1200"><table cellspacing="0" cellpadding="0" border="0"><tbody><tr>
<td class="pos-ico"><img src="/images/500/pos.png" alt="" /></td><td>当前位置：</td><td><a href="/index.html">首页</a></td>
<td><table cellspacing="0" cellpadding="0" border="0"><tbody><tr>{cells}</tr></tbody></table></td>
</tr></tbody></table></div></div>
"""


def _sidebar(news: list[Doc]) -> str:
    items = "".join(f'<li><a href="{d.path}" target="_blank" title="{esc(d.title)}">{esc(d.title)}</a></li>' for d in news)
    cols = "".join(f'<li><a href="{col_path(c)}">{n}</a></li>' for c, n in (
        (JGZN, "机构职能"), (COLUMNS["ndbg"][0], "政府信息公开年度报告"), (COLUMNS["zfgzbg"][0], "政府工作报告"),
        (COLUMNS["tjxx"][0], "统计信息")))
    return f"""<div class="dq-side fr">
<div class="side-box"><h3>政府信息公开</h3><ul>{cols}</ul></div>
<div class="side-box"><h3>德清要闻</h3><ul class="news">{items}</ul></div>
<div class="side-box warm"><h3>温馨提示</h3><p>如对本栏目公开的年度报告有疑问，请与发布机关联系。本网站部分栏目需使用浙江政务服务网统一身份认证登录。</p></div>
</div>
"""


_FOOT = f"""<div class="dq-footer"><table border="0" cellpadding="0" cellspacing="0" width="1200" style="margin:0 auto;"><tbody><tr>
<td align="center" valign="middle" width="170"><a href="{esc(OFFSITE['conac'])}" target="_blank"><img src="/images/500/dzjg.png" alt="党政机关" /></a></td>
<td align="center">
<p class="friend"><select onchange="if(this.value)window.open(this.value);"><option value="">—— 市内政府网站 ——</option>{"".join(f'<option value="javascript:;">{n}</option>' for n in ("湖州市人民政府", "吴兴区人民政府", "南浔区人民政府", "长兴县人民政府", "安吉县人民政府", "南太湖新区管委会"))}</select>
<select onchange="if(this.value)window.open(this.value);"><option value="">—— 县级部门网站 ——</option>{"".join(f'<option value="javascript:;">德清县{n}</option>' for n in ("教育局", "财政局", "公安局", "民政局", "自然资源和规划局", "卫生健康局", "市场监督管理局", "农业农村局"))}</select>
<select onchange="if(this.value)window.open(this.value);"><option value="">—— 乡镇（街道）网站 ——</option>{"".join(f'<option value="javascript:;">{n.removesuffix("人民政府").removesuffix("办事处")}</option>' for n in SITE.towns)}</select></p>
<p><a href="{col_path(SITEMAP)}">网站地图</a> 丨 <a href="{col_path(CONTACT)}">联系我们</a> 丨 <a href="javascript:;">隐私声明</a> 丨 <a href="{OFFSITE['city']}" target="_blank">中国湖州</a> 丨 <a href="{OFFSITE['province']}" target="_blank">浙江省人民政府</a> 丨 <a href="{OFFSITE['gov']}" target="_blank">中国政府网</a></p>
<p>主办单位：德清县人民政府办公室　承办单位：德清县大数据发展管理局　版权所有：德清县人民政府</p>
<p>技术支持：{SITE.tech}　网站标识码：{SITE.site_code}　备案号：<a href="{OFFSITE['icp']}" target="_blank">{SITE.icp}</a>
<a href="{esc(OFFSITE['police'])}" target="_blank"><img src="/images/500/gaba.png" alt="" />{SITE.police}</a></p>
<p>联系电话：0572-8822215　地址：德清县武康街道中兴路（县行政中心）</p>
</td>
<td align="center" valign="middle" width="170"><a href="{esc(OFFSITE['zhaocuo'])}" target="_blank"><img src="/images/500/zfwzzc.png" alt="政府网站找错" /></a></td>
</tr></tbody></table></div>
</div>
<a href="{OFFSITE['hanweb']}" style="display:none">Produced By 大汉网络 大汉版通发布系统</a>
<script language="javascript" src="/script/web_front.js"></script>
<link href="/module/jslib/accessiblereading/css/barrierfree.css" rel="stylesheet" type="text/css" />
</body></html>
"""


def _metas(column: str) -> dict[str, str]:
    return {"SiteName": SITE.site_name, "SiteDomain": SITE.domain, "SiteIDCode": SITE.site_code,
            "ColumnName": column, "ColumnType": column, "ColumnDescription": column, "ColumnKeywords": column}


def _page(title: str, metas: dict[str, str], trail: list[tuple[str, str]], main: str) -> str:
    return _head(title, metas) + _TOP + _crumbs(trail) + main + _FOOT


def _trail(col_key: str) -> list[tuple[str, str]]:
    col_id, name, _ = COLUMNS[col_key]
    if col_key == "xwdt":
        return [(col_path(col_id), name)]
    return [(col_path(ZWGK), "政务公开"), (col_path(col_id), name)]


# ---------------------------------------------------------------- pages

def _index_table(doc: Doc, seq: int) -> str:
    """The 信息索引表 Zhejiang's disclosure pages put above the body (metadata, not body)."""
    code = doc.agency.code if doc.agency else "001008000"
    p = doc.published
    return f"""<div class="xxgk-index"><table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0"><tbody>
<tr><td class="lab">索 引 号：</td><td>{code}/{p.year}-{seq:05d}</td><td class="lab">主题分类：</td><td>综合政务/政务公开</td></tr>
<tr><td class="lab">发布机构：</td><td>{esc(doc.agency_name)}</td><td class="lab">发文日期：</td><td>{p:%Y-%m-%d}</td></tr>
<tr><td class="lab">文　　号：</td><td></td><td class="lab">有 效 性：</td><td>有效</td></tr>
<tr><td class="lab">名　　称：</td><td colspan="3">{esc(doc.title)}</td></tr>
</tbody></table></div>
"""


def _detail(out: SiteOutput, doc: Doc, news: list[Doc], seq: int) -> None:
    rng = random.Random("chrome:" + doc.seed)
    col_id, col_name, _ = COLUMNS[doc.column]
    if doc.kind == "report":
        blocks, stats = report_text.report_blocks(doc, SITE)
    else:
        blocks, stats = report_text.decoy_blocks(doc, SITE), None
    fmt = report_text.file_format(doc, SITE)
    fname = f"{doc.published:%Y%m%d}{rng.randint(10**8, 10**9 - 1)}.{fmt or 'pdf'}"
    attach = f"{DOWNFILE}?classid=0&filename={fname}"
    page_blocks = report_text.pointer_blocks(doc, fmt) if "attachment_only" in doc.flags else blocks
    body = BODY.render(page_blocks, attach)
    text = report_text.plain_text(page_blocks)
    stamp = doc.published.strftime("%Y-%m-%d %H:%M")
    metas = {**_metas(col_name), "ArticleTitle": doc.title, "PubDate": stamp, "ContentSource": doc.agency_name,
             "Keywords": doc.title, "Description": text[0][:80], "Url": f"http://{SITE.domain}{doc.path}",
             "Image": ""}

    def link(d: Doc | None) -> str:
        return f'<a href="{d.path}" title="{esc(d.title)}">{esc(d.title)}</a>' if d else "无"

    related = doc.related or news[:3]
    rel_items = "".join(f'<li><a href="{d.path}" target="_blank">{esc(d.title)}</a><span>{d.published:%Y-%m-%d}</span></li>'
                        for d in related)
    index_table = _index_table(doc, seq) if doc.column != "xwdt" else ""
    main = f"""<div class="dq-main w1200 clearfix">
<div class="dq-article fl">
{index_table}<div class="art-title"><!--<$[标题]>begin-->{esc(doc.title)}<!--<$[标题]>end--></div>
<div class="art-info"><span>发布日期：{stamp}</span><span>信息来源：<!--<$[信息来源]>begin-->{esc(doc.agency_name)}<!--<$[信息来源]>end--></span><span>浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={col_id}&amp;artid={doc.doc_id}"></script></span>
<span class="zihao">字体：[<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>]</span></div>
<div class="main-txt" id="zoom"><!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin--><meta name="ContentStart">{body}<meta name="ContentEnd"><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end--></div>
<div class="art-tools clearfix">
<div class="bdsharebuttonbox fl">分享到：<a class="bds_weixin" data-cmd="weixin" title="分享到微信">微信</a><a class="bds_tsina" data-cmd="tsina" title="分享到新浪微博">微博</a><a class="bds_qzone" data-cmd="qzone" title="分享到QQ空间">QQ空间</a></div>
<div class="fr"><span class="jiucuo" onclick="jiucuo();">【我要纠错】</span><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="ewm"><img src="/images/500/ewm_page.png" alt="" /><p>扫一扫在手机打开当前页</p></div>
<div class="art-editor">责任编辑：{report_text.person(rng, SITE)}　审核：{report_text.person(rng, SITE)}</div>
<div class="art-pn"><p>上一篇：{link(doc.prev)}</p><p>下一篇：{link(doc.next)}</p></div>
<div class="art-related"><h4>相关链接</h4><ul>{rel_items}</ul></div>
</div>
{_sidebar(news)}</div>
"""
    html = _page(f"{SITE.site_name} {doc.title}", metas, _trail(doc.column), main)
    out.add(doc.path.lstrip("/"), html)
    if fmt:
        out.route("GET", DOWNFILE, {"classid": "0", "filename": fname}, f"_q/download/{fname}",
                  report_document(fmt, doc.title, blocks))
    out.record(doc, blocks, stats, attachment=attach if fmt else "", attachment_format=fmt)


def _record(d: Doc) -> str:
    shown = d.list_title if len(d.list_title) <= 30 else d.list_title[:29] + "..."
    return (f'<record><![CDATA[\n<li><a href="{d.path}" target="_blank" title="{esc(d.list_title)}">{esc(shown)}</a>'
            f"<span>{d.published:%Y-%m-%d}</span></li>\n]]></record>")


def _column(out: SiteOutput, key: str, docs: list[Doc], news: list[Doc]) -> None:
    col_id, name, unit = COLUMNS[key]
    docs = sorted(docs, key=lambda d: d.published, reverse=True)
    total = len(docs)
    webname = quote(SITE.site_name)
    first = "\n".join(_record(d) for d in docs[:PER_PAGE])
    next_group = (f"/module/web/jpage/dataproxy.jsp?page=1&webid={WEBID}&path=/&columnid={col_id}&unitid={unit}"
                  f"&webname={webname}&permissiontype=0")
    on = ' class="on"'
    menu = "".join(f'<li{on if k == key else ""}><a href="{col_path(c)}">{n}</a></li>'
                   for k, (c, n, _) in COLUMNS.items())
    main = f"""<div class="dq-main w1200 clearfix">
<div class="dq-left fl"><h3>政务公开</h3><ul><li><a href="{col_path(JGZN)}">机构职能</a></li>{menu}</ul></div>
<div class="dq-right fr"><div class="col-title"><span>{name}</span></div>
<p class="col-intro">{report_text.column_intro(key, SITE)}</p>
<div class="list-con">
<div id="{unit}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{next_group}"></a>]]></nextgroup>
<recordset>
{first}
</recordset></datastore></script></div>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script type="text/javascript">$(function(){{ $('#{unit}').page({{ totalRecord: {total}, perPage: {PER_PAGE}, unitid: {unit}, col: 1, appid: 1, webid: {WEBID}, path: '/', columnid: {col_id}, sourceContentType: 1, webname: '{SITE.site_name}', permissiontype: 0, url: '{DATAPROXY}' }}); }});</script>
</div></div>
</div>
<div class="w1200 col-tip">说明：本栏目集中发布{SITE.site_name}及所属部门、乡镇（街道）的相关信息。</div>
"""
    trail = _trail(key)
    out.add(col_path(col_id).lstrip("/"), _page(f"{SITE.site_name} {name}", _metas(name), trail, main))
    if key == "ndbg":
        out.list_pages.append(col_path(col_id))
    if total <= PER_PAGE and key != "ndbg":
        return
    # Every page of records is also served by the data proxy, the first one included, as JCMS does.
    for start in range(0, total, PER_PAGE):
        end = min(start + PER_PAGE, total)
        records = "".join(_record(d) for d in docs[start:end])
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}</totalrecord>'
               f"<recordset>{records}</recordset></datastore>")
        params = {"columnid": str(col_id), "startrecord": str(start + 1), "endrecord": str(end)}
        query = f"{DATAPROXY}?startrecord={start + 1}&endrecord={end}&perpage={PER_PAGE}"
        out.route("POST", DATAPROXY, params, f"_q/dataproxy/{col_id}_{start + 1}_{end}.xml", xml)
        if key == "ndbg" and start:
            out.list_pages.append(query)


def _preview(col_key: str, docs: list[Doc], count: int) -> str:
    col_id, name, _ = COLUMNS[col_key]
    docs = sorted(docs, key=lambda d: d.published, reverse=True)[:count]
    items = "".join(f'<li><a href="{d.path}" target="_blank" title="{esc(d.title)}">{esc(d.list_title)}</a>'
                    f"<span>{d.published:%Y-%m-%d}</span></li>" for d in docs)
    return (f'<div class="gk-box"><div class="gk-hd"><span>{name}</span><a class="more" href="{col_path(col_id)}">更多</a>'
            f"</div><ul>{items}</ul></div>\n")


def _simple(out: SiteOutput, col_id: int, name: str, inner: str, news: list[Doc], trail) -> None:
    main = f"""<div class="dq-main w1200 clearfix">
<div class="dq-article fl"><div class="art-title">{name}</div><div class="main-txt">{inner}</div></div>
{_sidebar(news)}</div>
"""
    out.add(col_path(col_id).lstrip("/"), _page(f"{SITE.site_name} {name}", _metas(name), trail, main))


def build(out: SiteOutput, docs: list[Doc]) -> None:
    by_col: dict[str, list[Doc]] = {k: [] for k in COLUMNS}
    for d in docs:
        by_col[d.column].append(d)
    news = sorted(by_col["xwdt"], key=lambda d: d.published, reverse=True)
    seqs: dict[tuple[str, int], int] = {}
    for doc in docs:
        key = (doc.agency_name, doc.published.year)
        seqs[key] = seqs.get(key, 0) + 1 + doc.doc_id % 7
        _detail(out, doc, news, seqs[key])
    for key, col_docs in by_col.items():
        _column(out, key, col_docs, news)

    news_items = "".join(f'<li><a href="{d.path}" target="_blank" title="{esc(d.title)}">{esc(d.title)}</a>'
                         f"<span>{d.published:%m-%d}</span></li>" for d in news)
    main = f"""<div class="dq-banner w1200"><img src="/images/500/dq_banner.jpg" alt="德清" /></div>
<div class="dq-main w1200 clearfix">
<div class="home-news fl"><div class="gk-hd"><span>德清要闻</span><a class="more" href="{col_path(COLUMNS['xwdt'][0])}">更多</a></div><ul>{news_items}</ul></div>
<div class="home-gk fr"><div class="gk-hd"><span>政务公开</span><a class="more" href="{col_path(ZWGK)}">更多</a></div>
<ul><li><a href="{col_path(ZWGK)}">政府信息公开</a></li><li><a href="{col_path(JGZN)}">机构职能</a></li><li><a href="javascript:;">政策文件</a></li><li><a href="javascript:;">规划计划</a></li><li><a href="javascript:;">人事信息</a></li></ul></div>
</div>
<div class="dq-main w1200 clearfix">
<div class="home-box fl"><div class="gk-hd"><span>办事服务</span></div><ul>
<li><a href="{OFFSITE['zwfw']}" target="_blank">个人服务</a></li><li><a href="{OFFSITE['zwfw']}" target="_blank">法人服务</a></li><li><a href="javascript:;">最多跑一次</a></li><li><a href="javascript:;">便民查询</a></li><li><a href="javascript:;">办事指南</a></li><li><a href="javascript:;">表格下载</a></li></ul></div>
<div class="home-box fr"><div class="gk-hd"><span>政民互动</span></div><ul>
<li><a href="javascript:;">县长信箱</a></li><li><a href="javascript:;">网上信访</a></li><li><a href="javascript:;">民意征集</a></li><li><a href="javascript:;">在线访谈</a></li></ul>
<p class="warm">温馨提示：咨询投诉请拨打12345政务服务热线，来信请注明真实联系方式。</p></div>
</div>
<div class="w1200 home-links"><span>相关网站：</span><a href="{OFFSITE['gov']}" target="_blank">中国政府网</a><a href="{OFFSITE['province']}" target="_blank">浙江省人民政府</a><a href="{OFFSITE['city']}" target="_blank">湖州市人民政府</a><a href="{OFFSITE['zwfw']}" target="_blank">浙江政务服务网</a></div>
"""
    out.add("index.html", _page(SITE.site_name, _metas("首页"), [], main))

    work = max(by_col["zfgzbg"], key=lambda d: d.published)
    menu = "".join(f'<li><a href="{col_path(c)}">{n}</a></li>' for c, n, _ in COLUMNS.values())
    main = f"""<div class="dq-main w1200 clearfix">
<div class="dq-left fl"><h3>政务公开</h3><ul><li><a href="{col_path(JGZN)}">机构职能</a></li>{menu}</ul></div>
<div class="dq-right fr">
<div class="gk-top"><a href="{col_path(JGZN)}">政府信息公开指南</a><a href="{col_path(JGZN)}">政府信息公开制度</a><a href="{col_path(COLUMNS['ndbg'][0])}">政府信息公开年度报告</a><a href="javascript:;">依申请公开</a></div>
{_preview("ndbg", by_col["ndbg"], 6)}{_preview("zfgzbg", by_col["zfgzbg"], 3)}{_preview("tjxx", by_col["tjxx"], 2)}<div class="gk-box"><div class="gk-hd"><span>重要报告</span></div><ul><li><a href="{work.path}" target="_blank">{work.published.year}年{SITE.region}政府工作报告</a></li></ul></div>
</div></div>
"""
    out.add(col_path(ZWGK).lstrip("/"), _page(f"{SITE.site_name} 政务公开", _metas("政务公开"),
                                              [(col_path(ZWGK), "政务公开")], main))
    agencies = sorted({d.agency_name for d in docs if d.kind == "report"})[:24]
    _simple(out, JGZN, "机构职能", "<p>德清县人民政府工作部门及乡镇（街道）：</p><ul>"
            + "".join(f"<li>{esc(a)}</li>" for a in agencies) + "</ul>", news,
            [(col_path(ZWGK), "政务公开"), (col_path(JGZN), "机构职能")])
    links = "".join(f'<li><a href="{col_path(c)}">{n}</a></li>' for c, n in (
        (ZWGK, "政务公开"), (JGZN, "机构职能"), *((c, n) for c, n, _ in COLUMNS.values())))
    _simple(out, SITEMAP, "网站地图", f'<ul class="sitemap"><li><a href="/index.html">首页</a></li>{links}</ul>', news,
            [(col_path(SITEMAP), "网站地图")])
    phones = "".join(f"<tr><td>{esc(n)}</td><td>{t}</td></tr>" for n, t in report_text.phone_book(SITE))
    _simple(out, CONTACT, "联系我们", "<p>地址：德清县武康街道中兴路（县行政中心）　邮编：313200</p>"
            "<p>电话：0572-8822215　电子邮箱：dqzfw@deqing.gov.cn</p>"
            f'<table class="phone-book"><tr><th>单位</th><th>联系电话</th></tr>{phones}</table>', news,
            [(col_path(CONTACT), "联系我们")])
    out.add("robots.txt", "User-agent: *\nDisallow: /manage/\nDisallow: /module/search/\nDisallow: /jcms/\n"
                          "Disallow: /images/\n")
    out.offsite.update(OFFSITE.values())
