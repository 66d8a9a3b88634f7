
"""九江市人民政府 in the style of a TRS WCM portal (UTF-8, relative links, ``createPageHTML`` pagers).

URLs: /index.shtml → /zwgk/index.shtml → /zwgk/ndbg/index.shtml, index_1.shtml … whose page count only
the inline ``createPageHTML(count, current, "index", "shtml")`` call states. Articles live at
``<column>/YYYYMM/tYYYYMMDD_ID.shtml``; one report sits under /zwgk/ndbg/nbk/, which robots.txt forbids.
Attachments (PDF) sit beside their page: ``./P0YYYYMMDDIDNNN.pdf``.
"""

from __future__ import annotations

import random

from tests.demo_portal import report_text
from tests.demo_portal.catalog import TRS, Doc
from tests.demo_portal.markup import BodyStyle, esc, rel
from tests.demo_portal.output import SiteOutput, report_document

SITE = TRS
PER_PAGE = 15
COLUMNS = {  # key: (directory, name)
    "ndbg": ("/zwgk/ndbg/", "政府信息公开年度报告"),
    "zfgzbg": ("/zwgk/zfgzbg/", "政府工作报告"),
    "tjxx": ("/zwgk/tjxx/", "统计信息"),
    "xwdt": ("/xwdt/", "新闻动态"),
}
FRIENDS = (("南昌市人民政府", "http://www.nc.gov.cn/"), ("景德镇市人民政府", "http://www.jdz.gov.cn/"),
           ("萍乡市人民政府", "http://www.pingxiang.gov.cn/"), ("新余市人民政府", "http://www.xinyu.gov.cn/"),
           ("鹰潭市人民政府", "http://www.yingtan.gov.cn/"), ("赣州市人民政府", "http://www.ganzhou.gov.cn/"),
           ("吉安市人民政府", "http://www.jian.gov.cn/"), ("宜春市人民政府", "http://www.yichun.gov.cn/"),
           ("抚州市人民政府", "http://www.jxfz.gov.cn/"), ("上饶市人民政府", "http://www.zgsr.gov.cn/"))
OFFSITE = {
    "gov": "https://www.gov.cn/", "province": "http://www.jiangxi.gov.cn/", "zwfw": "http://www.jxzwfww.gov.cn/",
    "icp": "https://beian.miit.gov.cn/",
    "police": "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=36040202000118",
    "conac": "https://bszs.conac.cn/sitename?method=show&id=2A7C1F5D09E64B3C",
    "zhaocuo": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=3604000001",
    "hotline": "http://12345.jiujiang.gov.cn/",
}
EDITOR_CSS = (".TRS_Editor P{margin-top:0;margin-bottom:12px;line-height:2;font-family:仿宋_GB2312,仿宋;font-size:16pt;}"
              ".TRS_Editor DIV{margin-top:0;margin-bottom:12px;line-height:2;font-family:仿宋_GB2312;font-size:16pt;}"
              ".TRS_Editor TD,.TRS_Editor TH{margin-top:0;margin-bottom:0;line-height:1.5;font-size:12pt;}"
              ".TRS_Editor{margin-top:0;margin-bottom:12px;line-height:2;font-family:仿宋_GB2312;font-size:16pt;}"
              ".TRS_Editor .xl65{border:0.5pt solid windowtext;text-align:center;vertical-align:middle;"
              "font-size:10.5pt;padding:0 4px;}")
# Written for the demo: writes 首页/上一页/下一页/尾页 links at run time, so the page holds none itself.
PAGER_JS = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) { return; }
  function pageUrl(i) { return i == 0 ? _sPageName + "." + _sPageExt : _sPageName + "_" + i + "." + _sPageExt; }
  function item(label, i, enabled) {
    return enabled ? "<a class=\\"pg\\" href=\\"" + pageUrl(i) + "\\">" + label + "</a>" : "<span class=\\"pg off\\">" + label + "</span>";
  }
  var out = [item("首页", 0, _nCurrIndex > 0), item("上一页", _nCurrIndex - 1, _nCurrIndex > 0)];
  for (var i = Math.max(0, _nCurrIndex - 3); i < Math.min(_nPageCount, _nCurrIndex + 4); i++) {
    out.push(i == _nCurrIndex ? "<span class=\\"pg cur\\">" + (i + 1) + "</span>" : item(String(i + 1), i, true));
  }
  out.push(item("下一页", _nCurrIndex + 1, _nCurrIndex < _nPageCount - 1));
  out.push(item("尾页", _nPageCount - 1, _nCurrIndex < _nPageCount - 1));
  out.push("<span class=\\"pg-total\\">共" + _nPageCount + "页</span>");
  document.write(out.join(" "));
}
</script>"""


class TrsBody(BodyStyle):
    def h(self, text: str) -> str:
        return f'<p style="text-indent:2em;"><span style="font-family:黑体,SimHei;">{esc(text)}</span></p>'

    def sub(self, lead: str, text: str) -> str:
        return (f'<p style="text-indent:2em;"><span style="font-family:楷体,楷体_GB2312,SimKai;">{esc(lead)}</span>'
                f"{esc(text)}</p>")

    table_attrs = ('border="1" cellspacing="0" cellpadding="0" align="center" '
                   'style="border-collapse:collapse;width:100%;font-size:13px;"')

    def cell(self, attrs: str, text: str) -> str:
        return f'<td{attrs} class="xl65">{text}</td>'  # cells pasted from Excel keep its class names


BODY = TrsBody()


def assign(docs: list[Doc]) -> None:
    rng = random.Random("ids:trs")
    doc_id = 118000
    for doc in docs:  # already in publication order, so ids grow with time as a CMS hands them out
        doc_id += rng.randint(40, 400)
        doc.doc_id = doc_id
        stamp = doc.published
        folder = "/zwgk/ndbg/nbk/" if doc.kind == "disallowed" else COLUMNS[doc.column][0] + f"{stamp:%Y%m}/"
        doc.path = f"{folder}t{stamp:%Y%m%d}_{doc_id}.shtml"


# ---------------------------------------------------------------- chrome

def _head(path: str, title: str, metas: dict[str, str]) -> str:
    r = rel(path, "/")
    meta = "\n".join(f'<meta name="{k}" content="{esc(v)}">' for k, v in metas.items())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
{meta}
<title>{esc(title)}</title>
<link rel="stylesheet" type="text/css" href="{r}images/jj_common.css">
<link rel="stylesheet" type="text/css" href="{r}images/jj_article.css">
<script type="text/javascript" src="{r}images/jquery-1.11.3.min.js"></script>
<script type="text/javascript" src="{r}images/jj_common.js"></script>
</head>
<body>
"""


def _top(path: str) -> str:
    r = rel(path, "/")
    return f"""<div class="jj-topbar"><div class="w1200 clearfix">
<div class="fl">您好，欢迎访问九江市人民政府门户网站！今天是<span id="today"></span></div>
<div class="fr topbar-links">
<a href="javascript:void(0);" id="cniil_wza" title="无障碍浏览">无障碍浏览</a>
<a href="javascript:void(0);" class="elder-btn" onclick="toggleElder();">长者专版</a>
<a href="javascript:void(0);" class="login-btn">登录</a>
<a href="javascript:void(0);" class="reg-btn">注册</a>
<a href="javascript:void(0);" class="mobile-btn">手机版<span class="qr-pop"><img src="{r}images/jj_mobile_qr.png" alt="手机版二维码"></span></a>
<a href="javascript:void(0);" class="wx-btn">微信<span class="qr-pop"><img src="{r}images/jj_wechat_qr.png" alt="九江发布"></span></a>
<a href="{OFFSITE['gov']}" target="_blank">中国政府网</a>
<a href="{OFFSITE['province']}" target="_blank">江西省人民政府</a>
</div></div></div>
<div class="jj-header"><div class="w1200 clearfix">
<a class="logo fl" href="{r}"><img src="{r}images/jj_logo.png" alt="九江市人民政府"></a>
<div class="search fr">
<form name="searchform" action="https://so.jiujiang.gov.cn/search/index.html" method="get" target="_blank">
<input type="hidden" name="siteCode" value="{SITE.site_code}">
<input type="text" name="keyword" class="search-input" placeholder="请输入您要搜索的内容" autocomplete="off">
<button type="submit" class="search-btn">搜索</button>
</form>
<div class="hot-words">热词：<a href="javascript:;" onclick="hotSearch(this)">营商环境</a><a href="javascript:;" onclick="hotSearch(this)">社保查询</a><a href="javascript:;" onclick="hotSearch(this)">公积金</a><a href="javascript:;" onclick="hotSearch(this)">招聘</a></div>
</div></div></div>
<div class="jj-nav"><ul class="w1200 clearfix">
<li><a href="{r}">首页</a></li>
<li><a href="{r}xwdt/">新闻动态</a></li>
<li><a href="{r}zwgk/">政务公开</a><div class="subnav"><a href="{r}zwgk/jgzn/">机构职能</a><a href="javascript:;">政策文件</a><a href="{r}zwgk/zfgzbg/">政府工作报告</a><a href="{r}zwgk/tjxx/">统计信息</a></div></li>
<li><a href="{OFFSITE['zwfw']}" target="_blank">政务服务</a></li>
<li><a href="javascript:;">互动交流</a><div class="subnav"><a href="{OFFSITE['hotline']}" target="_blank">12345热线</a><a href="javascript:;">在线访谈</a><a href="javascript:;">征集调查</a></div></li>
<li><a href="javascript:;">走进九江</a></li>
</ul></div>
"""


def _crumbs(path: str, trail: list[tuple[str, str]]) -> str:
    links = [f'<a href="{rel(path, "/")}" class="CurrChnlCls">首页</a>']
    links += [f'<a href="{rel(path, to)}" class="CurrChnlCls">{esc(name)}</a>' for to, name in trail]
    return '<div class="jj-position w1200"><span>当前位置：</span>' + " &gt; ".join(links) + "</div>\n"


def _sidebar(path: str, news: list[Doc]) -> str:
    items = "".join(f'<li><a href="{rel(path, d.path)}" target="_blank" title="{esc(d.title)}">{esc(d.title)}</a></li>'
                    for d in news)
    cols = "".join(f'<li><a href="{rel(path, d)}">{n}</a></li>' for d, n in (
        ("/zwgk/jgzn/", "机构职能"), ("/zwgk/ndbg/", "政府信息公开年度报告"), ("/zwgk/zfgzbg/", "政府工作报告"),
        ("/zwgk/tjxx/", "统计信息")))
    return f"""<div class="sidebar fr">
<div class="side-box"><div class="hd">政府信息公开</div><ul class="side-cols">{cols}</ul></div>
<div class="side-box"><div class="hd">最新动态</div><ul class="side-news">{items}</ul></div>
<div class="side-box tips"><div class="hd">温馨提示</div><p>本网站发布的政府信息公开年度报告以发布机关提供的文本为准。如需纸质文本，可向发布机关申请。建议使用1920×1080分辨率、Chrome或IE9以上版本浏览器访问本站。</p></div>
</div>
"""


def _foot(path: str, share_title: str) -> str:
    r = rel(path, "/")
    return f"""<div class="jj-footer"><div class="w1200 clearfix">
<div class="friend-links"><span>友情链接：</span><select onchange="if(this.value)window.open(this.value);"><option value="">-- 设区市政府网站 --</option>{"".join(f'<option value="{u}">{n}</option>' for n, u in FRIENDS)}</select>
<select onchange="if(this.value)window.open(this.value);"><option value="">-- 县（市、区）政府网站 --</option>{"".join(f'<option value="javascript:;">{c}人民政府</option>' for c in SITE.counties)}</select>
<span class="friend-inline">{"".join(f'<a href="{u}" target="_blank">{n}</a>' for n, u in FRIENDS[:5])}</span></div>
<div class="footer-links"><a href="{r}wzdt/">网站地图</a>|<a href="{r}lxwm/">联系我们</a>|<a href="javascript:;">网站声明</a>|<a href="javascript:;">使用帮助</a></div>
<div class="footer-info">
<p>主办单位：九江市人民政府办公室　承办单位：{SITE.tech}</p>
<p>版权所有：九江市人民政府　网站标识码：{SITE.site_code}</p>
<p><a href="{OFFSITE['icp']}" target="_blank">{SITE.icp}</a>　<a href="{esc(OFFSITE['police'])}" target="_blank"><img src="{r}images/police.png" alt="">{SITE.police}</a></p>
<p>技术支持：{SITE.tech}　联系电话：0792-8223117　建议使用1920×1080分辨率浏览</p>
</div>
<div class="footer-badges"><a href="{esc(OFFSITE['conac'])}" target="_blank"><img src="{r}images/dzjg.png" alt="党政机关"></a><a href="{esc(OFFSITE['zhaocuo'])}" target="_blank"><img src="{r}images/zfwzzc.png" alt="政府网站找错"></a></div>
</div></div>
<div id="hiddenShareInfo" style="display:none"><span class="share-title">{esc(share_title)}</span><span class="share-site">九江市人民政府门户网站</span><span class="share-pic">{r}images/share_logo.png</span></div>
<script type="text/javascript">
$(function () {{
  $("#today").text(new Date().toLocaleDateString("zh-CN"));
  $(".share-wx").on("click", function () {{ $(".qr-box").toggle(); }});
}});
function doZoom(size) {{ $("#zoom .TRS_Editor, #zoom .TRS_Editor p").css("font-size", size + "px"); }}
</script>
</body>
</html>
"""


def _page(path: str, title: str, metas: dict[str, str], trail: list[tuple[str, str]], main: str,
          share_title: str) -> str:
    return _head(path, title, metas) + _top(path) + _crumbs(path, trail) + main + _foot(path, share_title)


def _site_metas(column: str = "", ctype: str = "") -> dict[str, str]:
    return {"SiteName": SITE.site_name, "SiteDomain": SITE.domain, "SiteIDCode": SITE.site_code,
            "ColumnName": column, "ColumnType": ctype or column, "ColumnDescription": column,
            "ColumnKeywords": column}


# ---------------------------------------------------------------- pages

def _detail(out: SiteOutput, doc: Doc, news: list[Doc]) -> None:
    rng = random.Random("chrome:" + doc.seed)
    col_dir, col_name = COLUMNS[doc.column]
    if doc.kind in ("report", "disallowed"):
        blocks, stats = report_text.report_blocks(doc, SITE)
    else:
        blocks, stats = report_text.decoy_blocks(doc, SITE), None
    fmt = report_text.file_format(doc, SITE)
    attach = f"./P0{doc.published:%Y%m%d}{doc.doc_id}{rng.randint(100, 999)}.pdf"  # beside the page
    page_blocks = report_text.pointer_blocks(doc, fmt) if "attachment_only" in doc.flags else blocks
    body = BODY.render(page_blocks, attach)
    text = report_text.plain_text(page_blocks)
    stamp = doc.published.strftime("%Y-%m-%d %H:%M")
    metas = {**_site_metas(col_name), "ArticleTitle": doc.title, "PubDate": stamp, "ContentSource": doc.agency_name,
             "Keywords": f"{doc.agency_name},{col_name}", "Description": text[0][:80], "Author": "",
             "Url": f"http://{SITE.domain}{doc.path}", "Image": "", "ChnlId": str(1800 + list(COLUMNS).index(doc.column)),
             "SiteId": "4", "DocId": str(doc.doc_id)}

    def link(d: Doc | None) -> str:
        return f'<a href="{rel(doc.path, d.path)}" title="{esc(d.title)}">{esc(d.title)}</a>' if d else "没有了"

    related = "".join(f'<li><a href="{rel(doc.path, d.path)}" target="_blank">{esc(d.title)}</a>'
                      f'<span>{d.published:%Y-%m-%d}</span></li>' for d in doc.related)
    if not related:
        related = "".join(f'<li><a href="{rel(doc.path, d.path)}" target="_blank">{esc(d.title)}</a></li>'
                          for d in news[:3])
    main = f"""<div class="jj-main w1200 clearfix">
<div class="article fl">
<div class="article-title"><h1>{esc(doc.title)}</h1></div>
<div class="article-info">
<span>发布时间：{stamp}</span><span>来源：{esc(doc.agency_name)}</span><span>浏览次数：<em id="readCount">{rng.randint(40, 3000)}</em></span>
<span class="font-size">字体：[<a href="javascript:void(0);" onclick="doZoom(20)">大</a> <a href="javascript:void(0);" onclick="doZoom(16)">中</a> <a href="javascript:void(0);" onclick="doZoom(14)">小</a>]</span>
<span><a href="javascript:window.print();">打印</a></span><span><a href="javascript:window.close();">关闭</a></span>
</div>
<div class="article-share">分享到：<a href="javascript:;" class="share-wx" title="分享到微信">微信</a><a href="javascript:;" class="share-wb" title="分享到微博">微博</a><a href="javascript:;" class="share-qzone" title="分享到QQ空间">QQ空间</a>
<div class="qr-box" style="display:none"><img src="{rel(doc.path, "/")}images/qr_article.png" alt=""><p>扫一扫在手机打开当前页</p></div></div>
<div class="article-content" id="zoom">
<div class="TRS_Editor"><style type="text/css">{EDITOR_CSS}</style>
{body}
</div>
</div>
<div class="article-editor">责任编辑：{report_text.person(rng, SITE)}</div>
<div class="article-tools">【<a href="javascript:;" onclick="jiucuo();">我要纠错</a>】【<a href="javascript:window.print();">打印本页</a>】【<a href="javascript:window.close();">关闭窗口</a>】</div>
<div class="article-pn"><p>上一篇：{link(doc.prev)}</p><p>下一篇：{link(doc.next)}</p></div>
<div class="article-related"><div class="hd">相关链接</div><ul>{related}</ul></div>
</div>
{_sidebar(doc.path, news)}</div>
"""
    trail = [("/zwgk/", "政务公开"), (col_dir, col_name)] if col_dir.startswith("/zwgk/") else [(col_dir, col_name)]
    title = f"{doc.title}_{col_name}_{SITE.site_name}"
    out.add(doc.path.lstrip("/"), _page(doc.path, title, metas, trail, main, doc.title))
    if fmt:
        out.add_bytes(_abs(doc.path, attach).lstrip("/"), report_document(fmt, doc.title, blocks))
    out.record(doc, blocks, stats, attachment=_abs(doc.path, attach) if fmt else "", attachment_format=fmt)


def _abs(page: str, href: str) -> str:
    return page.rsplit("/", 1)[0] + "/" + href.removeprefix("./")


def _side_menu(path: str, current: str) -> str:
    items = "".join(
        f'<li{" class=on" if key == current else ""}><a href="{rel(path, d)}">{n}</a></li>'
        for key, d, n in (("jgzn", "/zwgk/jgzn/", "机构职能"), ("ndbg", "/zwgk/ndbg/", "政府信息公开年度报告"),
                          ("zfgzbg", "/zwgk/zfgzbg/", "政府工作报告"), ("tjxx", "/zwgk/tjxx/", "统计信息"),
                          ("xwdt", "/xwdt/", "新闻动态")))
    return f'<div class="side-menu fl"><div class="hd">政务公开</div><ul>{items}</ul></div>\n'


def _column(out: SiteOutput, key: str, docs: list[Doc], news: list[Doc]) -> None:
    col_dir, col_name = COLUMNS[key]
    docs = sorted(docs, key=lambda d: d.published, reverse=True)
    pages = max(1, -(-len(docs) // PER_PAGE))
    trail = [("/zwgk/", "政务公开"), (col_dir, col_name)] if col_dir.startswith("/zwgk/") else [(col_dir, col_name)]
    for n in range(pages):
        path = col_dir + ("index.shtml" if n == 0 else f"index_{n}.shtml")
        rows = "\n".join(
            f'<li><span class="date">{d.published:%Y-%m-%d}</span><a href="{rel(path, d.path)}" target="_blank" '
            f'title="{esc(d.list_title)}">{esc(d.list_title)}</a></li>'
            for d in docs[n * PER_PAGE:(n + 1) * PER_PAGE])
        main = f"""{PAGER_JS}
<div class="jj-main w1200 clearfix">
{_side_menu(path, key)}<div class="list-main fr">
<div class="list-hd"><span class="tit">{col_name}</span></div>
<p class="list-intro">{report_text.column_intro(key, SITE)}</p>
<ul class="list-ul">
{rows}
</ul>
<div class="pagebar"><script type="text/javascript">createPageHTML({pages}, {n}, "index", "shtml");</script></div>
</div>
</div>
<div class="w1200 list-tip"><p>温馨提示：本栏目信息按发布时间排列，更早的信息请通过站内搜索查询。</p></div>
"""
        out.add(path.lstrip("/"), _page(path, f"{col_name}_{SITE.site_name}", _site_metas(col_name), trail, main,
                                        col_name))
        if key == "ndbg":
            out.list_pages.append(path)


def _preview(path: str, col_key: str, docs: list[Doc], count: int) -> str:
    col_dir, col_name = COLUMNS[col_key]
    docs = sorted(docs, key=lambda d: d.published, reverse=True)[:count]
    items = "".join(f'<li><a href="{rel(path, d.path)}" target="_blank" title="{esc(d.title)}">{esc(d.list_title)}</a>'
                    f'<span>{d.published:%m-%d}</span></li>' for d in docs)
    return (f'<div class="gk-box"><div class="gk-hd"><span>{col_name}</span><a class="more" href="{rel(path, col_dir)}">'
            f'更多&gt;&gt;</a></div><ul>{items}</ul></div>\n')


def _simple(out: SiteOutput, path: str, name: str, html_body: str, news: list[Doc], trail=None) -> None:
    main = f"""<div class="jj-main w1200 clearfix">
<div class="article fl"><div class="article-title"><h1>{name}</h1></div>
<div class="article-content">{html_body}</div></div>
{_sidebar(path, news)}</div>
"""
    out.add(path.lstrip("/"), _page(path, f"{name}_{SITE.site_name}", _site_metas(name), trail or [], main, name))


def build(out: SiteOutput, docs: list[Doc]) -> None:
    by_col: dict[str, list[Doc]] = {k: [] for k in COLUMNS}
    for d in docs:
        by_col[d.column].append(d)
    news = sorted(by_col["xwdt"], key=lambda d: d.published, reverse=True)
    for doc in docs:
        _detail(out, doc, news)
    for key, col_docs in by_col.items():
        _column(out, key, col_docs, news)

    home = "/index.shtml"
    news_items = "".join(f'<li><a href="{rel(home, d.path)}" target="_blank">{esc(d.title)}</a>'
                         f'<span>{d.published:%Y-%m-%d}</span></li>' for d in news)
    main = f"""<div class="jj-banner w1200"><img src="./images/jj_banner.jpg" alt="美丽九江"></div>
<div class="jj-main w1200 clearfix">
<div class="home-news fl"><div class="gk-hd"><span>新闻动态</span><a class="more" href="./xwdt/">更多&gt;&gt;</a></div><ul>{news_items}</ul></div>
<div class="home-gk fr"><div class="gk-hd"><span>政务公开</span><a class="more" href="./zwgk/">更多&gt;&gt;</a></div>
<ul><li><a href="./zwgk/">政府信息公开</a></li><li><a href="./zwgk/jgzn/">机构职能</a></li><li><a href="javascript:;">政策文件</a></li><li><a href="javascript:;">人事信息</a></li></ul></div>
</div>
<div class="jj-main w1200 clearfix">
<div class="home-box fl"><div class="gk-hd"><span>政务服务</span></div><ul class="service">
<li><a href="{OFFSITE['zwfw']}" target="_blank">个人办事</a></li><li><a href="{OFFSITE['zwfw']}" target="_blank">法人办事</a></li>
<li><a href="javascript:;">社保查询</a></li><li><a href="javascript:;">公积金查询</a></li><li><a href="javascript:;">不动产登记</a></li>
<li><a href="javascript:;">户籍办理</a></li><li><a href="javascript:;">出入境</a></li><li><a href="javascript:;">交通违法查询</a></li></ul></div>
<div class="home-box fr"><div class="gk-hd"><span>互动交流</span></div><ul class="interact">
<li><a href="{OFFSITE['hotline']}" target="_blank">12345政务服务便民热线</a></li><li><a href="javascript:;">市长信箱</a></li>
<li><a href="javascript:;">在线访谈</a></li><li><a href="javascript:;">征集调查</a></li><li><a href="javascript:;">常见问题</a></li></ul>
<p class="notice">温馨提示：来信请写明真实姓名和联系方式，以便及时回复。涉及个人隐私的内容将不予公开。</p></div>
</div>
<div class="w1200 home-links"><div class="gk-hd"><span>专题专栏</span></div>
<a href="{OFFSITE['gov']}" target="_blank">中国政府网</a><a href="{OFFSITE['province']}" target="_blank">江西省人民政府</a><a href="{OFFSITE['zwfw']}" target="_blank">江西政务服务网</a><a href="{OFFSITE['hotline']}" target="_blank">12345政务服务便民热线</a>
</div>
"""
    out.add("index.shtml", _page(home, SITE.site_name, _site_metas("首页"), [], main, SITE.site_name))

    zwgk = "/zwgk/index.shtml"
    work = max(by_col["zfgzbg"], key=lambda d: d.published)
    main = f"""<div class="jj-main w1200 clearfix">
{_side_menu(zwgk, "")}<div class="list-main fr">
<div class="gk-top"><a href="./jgzn/">政府信息公开指南</a><a href="./jgzn/">政府信息公开制度</a><a href="./ndbg/">政府信息公开年度报告</a><a href="javascript:;">依申请公开</a></div>
{_preview(zwgk, "ndbg", by_col["ndbg"], 6)}{_preview(zwgk, "zfgzbg", by_col["zfgzbg"], 3)}{_preview(zwgk, "tjxx", by_col["tjxx"], 2)}<div class="gk-box"><div class="gk-hd"><span>重要报告</span></div><ul><li><a href="{rel(zwgk, work.path)}" target="_blank">{work.published.year}年{SITE.region}政府工作报告</a></li></ul></div>
</div></div>
"""
    out.add("zwgk/index.shtml", _page(zwgk, f"政务公开_{SITE.site_name}", _site_metas("政务公开"),
                                      [("/zwgk/", "政务公开")], main, "政务公开"))

    agencies = sorted({d.agency_name for d in docs if d.kind == "report"})[:24]
    dept_list = "".join(f"<li>{esc(a)}</li>" for a in agencies)
    dept_list += "".join(f"<li>{esc(n)}：{t}</li>" for n, t in report_text.phone_book(SITE)[:10])
    _simple(out, "/zwgk/jgzn/index.shtml", "机构职能",
            f"<p>九江市人民政府工作部门和直属机构依法履行职责，机构设置和职能配置情况如下。</p><ul>{dept_list}</ul>", news,
            [("/zwgk/", "政务公开"), ("/zwgk/jgzn/", "机构职能")])
    sitemap = "".join(f'<li><a href="{rel("/wzdt/index.shtml", d)}">{n}</a></li>' for d, n in (
        ("/", "首页"), ("/xwdt/", "新闻动态"), ("/zwgk/", "政务公开"), ("/zwgk/jgzn/", "机构职能"),
        ("/zwgk/ndbg/", "政府信息公开年度报告"), ("/zwgk/zfgzbg/", "政府工作报告"), ("/zwgk/tjxx/", "统计信息")))
    sitemap += "".join(f'<li><a href="javascript:;">{n}</a></li>' for n in (
        "政策文件", "政策解读", "人事信息", "财政资金", "规划计划", "重点项目", "公示公告", "政务服务", "办事指南",
        "12345热线", "市长信箱", "在线访谈", "征集调查", "九江概况", "历史文化", "旅游九江"))
    _simple(out, "/wzdt/index.shtml", "网站地图", f"<ul class='sitemap'>{sitemap}</ul>", news)
    phones = "".join(f"<tr><td>{esc(n)}</td><td>{t}</td></tr>" for n, t in report_text.phone_book(SITE))
    _simple(out, "/lxwm/index.shtml", "联系我们",
            "<p>地址：九江市浔阳区长虹大道市行政中心　邮编：332000</p><p>电话：0792-8223117　电子邮箱：jjzfw@jiujiang.gov.cn</p>"
            f'<table class="phone-book"><tr><th>单位</th><th>联系电话</th></tr>{phones}</table>', news)
    out.add("robots.txt", "User-agent: *\nDisallow: /zwgk/ndbg/nbk/\nDisallow: /was5/\nDisallow: /trsapp/\n"
                          "Disallow: /images/\n")
    out.offsite.update(OFFSITE.values())
    out.offsite.update(u for _, u in FRIENDS[:5])
