"""Chrome and article pages shared by the newer sites (the four JSON-list families, the county portal with
year sub-columns, the site whose list a script builds): one present-day layout, each site with its own names.

A site module builds a ``Chrome`` and calls ``page`` for every page and ``write_doc`` for every document; the
list mechanics (API shells, routes, year sub-columns) stay in the site module.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.demo_portal import report_text
from tests.demo_portal.catalog import DEPARTMENTS, Doc, Site
from tests.demo_portal.markup import BodyStyle, esc
from tests.demo_portal.output import SiteOutput, report_document

BODY = BodyStyle()
API_JSON = "application/json;charset=UTF-8"  # what the Java API servers of these families send
# Inline style sheet, as these portals' templates carry it; also gives every page a realistic weight.
_CSS = """*{margin:0;padding:0;box-sizing:border-box}body{font:14px/1.8 "Microsoft YaHei","微软雅黑",SimSun,sans-serif;color:#333;background:#f4f6f9}
a{color:#333;text-decoration:none}a:hover{color:#c00}ul,li{list-style:none}.w1200{width:1200px;margin:0 auto}.clearfix:after{content:"";display:block;clear:both}
.fl{float:left}.fr{float:right}.top-bar{height:36px;line-height:36px;background:#eef2f7;border-bottom:1px solid #dde3ec;font-size:13px;color:#666}
.top-bar a{margin-left:14px;color:#666}.header{height:150px;background:#0d5ea8 url(/images/head_bg.jpg) no-repeat center top}
.header .logo{padding-top:38px}.header .search{margin-top:54px;width:360px;height:38px;background:#fff;border-radius:19px;overflow:hidden}
.header .search input.txt{width:290px;height:38px;border:0;padding-left:18px;outline:none}.header .search input.btn{width:70px;height:38px;border:0;background:#f0a400;color:#fff;cursor:pointer}
.nav{height:52px;background:#0a4d8c}.nav li{float:left;width:150px;text-align:center;position:relative}.nav li a{display:block;line-height:52px;color:#fff;font-size:18px}
.nav li a:hover,.nav li.on a{background:#073a6b}.nav li .sub{display:none;position:absolute;top:52px;left:0;width:150px;background:#fff;z-index:9;box-shadow:0 4px 8px rgba(0,0,0,.15)}
.nav li:hover .sub{display:block}.nav li .sub a{color:#333;font-size:14px;line-height:38px}.position{height:44px;line-height:44px;color:#666;font-size:13px}
.position a{color:#666}.position span{margin:0 6px}.main{background:#fff;padding:24px 30px 40px;min-height:600px}.side{width:260px}.side h3{height:46px;line-height:46px;background:#0a4d8c;color:#fff;text-align:center;font-size:18px}
.side li{border-bottom:1px dashed #ddd;line-height:42px;padding-left:22px}.side li.on a{color:#c00;font-weight:bold}.content{width:870px}
.col-title{height:44px;border-bottom:2px solid #0a4d8c;margin-bottom:12px}.col-title span{display:inline-block;height:44px;line-height:44px;font-size:18px;color:#0a4d8c;font-weight:bold}
.list li{height:42px;line-height:42px;border-bottom:1px dashed #e1e1e1;padding-left:14px;background:url(/images/dot.png) no-repeat left center}
.list li a{float:left;width:720px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}.list li span{float:right;color:#999}
.pagination{text-align:center;margin-top:26px}.pagination a,.pagination span{display:inline-block;padding:0 12px;height:30px;line-height:30px;border:1px solid #ddd;margin:0 3px}
.article h1{font-size:24px;text-align:center;color:#0a4d8c;line-height:1.6;padding:10px 40px 16px}.article .info{text-align:center;color:#888;font-size:13px;border-bottom:1px solid #e5e5e5;padding-bottom:12px;margin-bottom:20px}
.article .info span{margin:0 10px}.article .zoom p{font-size:16px;line-height:2;margin-bottom:12px}.article .zoom table{margin:10px auto;border-collapse:collapse}
.article .zoom td{border:1px solid #333;padding:3px 5px;font-size:13px;text-align:center}.article .tools{text-align:right;margin-top:30px;color:#666}.article .tools a{margin-left:16px}
.article .pn{margin-top:20px;border-top:1px solid #e5e5e5;padding-top:12px}.article .pn p{line-height:32px}.meta-table{width:100%;border-collapse:collapse;margin-bottom:18px;background:#f8fafc}
.meta-table td{border:1px solid #dce3ec;padding:6px 10px;font-size:13px}.meta-table td.lab{width:110px;background:#eef3f9;color:#555}
.footer{background:#0a4d8c;color:#d9e4f1;padding:22px 0 26px;margin-top:30px;font-size:13px;line-height:2.1;text-align:center}.footer a{color:#d9e4f1;margin:0 6px}
.footer select{width:200px;height:28px;margin:0 8px 10px;color:#555}.footer .badges img{vertical-align:middle;margin:0 12px}.elder .nav li a{font-size:22px}.elder body{font-size:18px}"""


@dataclass(frozen=True)
class Chrome:
    """One site's frame: the top menu, the column menu of its disclosure pages, its off-site links."""

    site: Site
    nav: tuple[tuple[str, str], ...]  # (href, text) of the top menu, home first
    side: tuple[tuple[str, str], ...]  # (href, text) of the 政务公开 side menu
    offsite: dict[str, str] = field(default_factory=dict)
    address: str = ""
    generator: str = ""  # the CMS's own mark in the footer (技术支持 line)

    @property
    def home(self) -> str:
        return self.nav[0][0]


def _head(chrome: Chrome, title: str, metas: dict[str, str], head_extra: str) -> str:
    s = chrome.site
    meta = "\n".join(f'<meta name="{k}" content="{esc(v)}">' for k, v in
                     {"SiteName": s.site_name, "SiteDomain": s.domain, "SiteIDCode": s.site_code, **metas}.items())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
{meta}
<title>{esc(title)}</title>
<style type="text/css">{_CSS}</style>
<script type="text/javascript" src="/js/jquery-1.12.4.min.js"></script>
{head_extra}</head>
<body>
"""


def _header(chrome: Chrome, active: str) -> str:
    s = chrome.site
    items = []
    for href, text in chrome.nav:
        cls = ' class="on"' if text == active else ""
        items.append(f'<li{cls}><a href="{esc(href)}">{esc(text)}</a></li>')
    return f"""<div class="top-bar"><div class="w1200 clearfix">
<div class="fl">您好，欢迎访问{s.site_name}门户网站！</div>
<div class="fr"><a href="javascript:void(0);" id="wza">无障碍浏览</a><a href="javascript:void(0);" onclick="document.documentElement.classList.toggle('elder');">长者专版</a><a href="javascript:void(0);">简体</a><a href="javascript:void(0);">繁體</a><a href="javascript:void(0);">登录</a><a href="javascript:void(0);">注册</a></div>
</div></div>
<div class="header"><div class="w1200 clearfix">
<div class="logo fl"><a href="{chrome.home}"><img src="/images/logo.png" alt="{s.site_name}"></a></div>
<div class="search fr"><form action="/search/index.html" method="get" target="_blank"><input type="text" class="txt" name="q" placeholder="请输入关键词"><input type="submit" class="btn" value="搜索"></form></div>
</div></div>
<div class="nav"><ul class="w1200 clearfix">{"".join(items)}</ul></div>
"""


def _crumbs(chrome: Chrome, trail) -> str:
    steps = "".join(f'<span>&gt;</span><a href="{esc(h)}">{esc(t)}</a>' for h, t in trail)
    return f'<div class="position w1200">当前位置：<a href="{chrome.home}">首页</a>{steps}</div>\n'


def _footer(chrome: Chrome) -> str:
    s = chrome.site
    depts = "".join(f'<option value="javascript:;">{esc(s.region + names[-1][1])}</option>' for names in DEPARTMENTS[1:31])
    towns = "".join(f'<option value="javascript:;">{esc(t)}</option>' for t in s.towns)
    off = chrome.offsite
    links = "".join(f'<a href="{esc(u)}" target="_blank">{esc(n)}</a>' for n, u in off.items() if n.endswith(("网", "政府")))
    return f"""<div class="footer"><div class="w1200">
<p><select onchange="if(this.value)window.open(this.value);"><option value="">—— {s.region}部门网站 ——</option>{depts}</select><select onchange="if(this.value)window.open(this.value);"><option value="">—— 乡镇（街道）网站 ——</option>{towns}</select></p>
<p>相关网站：{links}</p>
<p>省级政府网站：{_PROVINCES}</p>
<p><a href="javascript:;">网站地图</a>|<a href="javascript:;">联系我们</a>|<a href="javascript:;">隐私声明</a>|<a href="javascript:;">使用帮助</a></p>
<p>主办单位：{s.site_name}办公室　承办单位：{s.region}政务服务数据管理局　版权所有：{s.site_name}</p>
<p>技术支持：{esc(chrome.generator or s.tech)}　网站标识码：{s.site_code}　<a href="https://beian.miit.gov.cn/" target="_blank">{s.icp}</a>　{s.police}</p>
<p>地址：{esc(chrome.address)}　建议使用1366×768分辨率，IE10以上版本浏览器浏览本网站</p>
<p class="badges"><a href="javascript:;"><img src="/images/dzjg.png" alt="党政机关"></a><a href="javascript:;"><img src="/images/zfwzzc.png" alt="政府网站找错"></a><a href="javascript:;"><img src="/images/wza.png" alt="适老化无障碍服务"></a></p>
</div></div>
<script type="text/javascript" src="/js/common.js"></script>
</body>
</html>
"""


_PROVINCES = "".join(f'<a href="javascript:;">{p}</a>' for p in (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东",
    "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏",
    "新疆"))


def page(chrome: Chrome, title: str, main: str, trail=(), metas: dict[str, str] | None = None,
         head_extra: str = "", active: str = "") -> str:
    """A whole page: head, header and menu, breadcrumbs, ``main``, footer."""
    return (_head(chrome, title, metas or {}, head_extra) + _header(chrome, active) + _crumbs(chrome, trail)
            + main + _footer(chrome))


def side_menu(chrome: Chrome, current: str = "", title: str = "政务公开") -> str:
    on = ' class="on"'
    items = "".join(f'<li{on if h == current else ""}><a href="{esc(h)}">{esc(t)}</a></li>' for h, t in chrome.side)
    return f'<div class="side fl"><h3>{esc(title)}</h3><ul>{items}</ul></div>\n'


def column(chrome: Chrome, name: str, inner: str, current: str = "", intro_key: str = "") -> str:
    """The main block of a column page: side menu, title, the site's own list markup."""
    intro = f'<p class="col-intro">{report_text.column_intro(intro_key, chrome.site)}</p>' if intro_key else ""
    return (f'<div class="main w1200 clearfix">\n{side_menu(chrome, current)}<div class="content fr">'
            f'<div class="col-title"><span>{esc(name)}</span></div>{intro}\n{inner}\n</div></div>\n')


def list_items(docs: list[Doc], href: Callable[[Doc], str], text: Callable[[Doc], str] = lambda d: d.list_title) -> str:
    """``<li><a>…</a><span>date</span></li>`` for each document, newest first as given."""
    return "\n".join(f'<li><a href="{esc(href(d))}" target="_blank" title="{esc(d.title)}">{esc(text(d))}</a>'
                     f"<span>{d.published:%Y-%m-%d}</span></li>" for d in docs)


COMMON_JS = """/* site-wide behaviour: font size, elder mode, back to top */
(function () {
  var size = 16;
  window.setFontSize = function (step) { size = Math.max(12, Math.min(24, size + step));
    document.body.style.fontSize = size + "px"; };
  window.backToTop = function () { window.scrollTo(0, 0); };
})();
"""


def write_home(out: SiteOutput, chrome: Chrome, heading: str, news: list[Doc], links, disallow: str) -> None:
    """The home page (news list, a box of ``links`` (href, text) under 政务公开), robots.txt, off-site links."""
    items = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for h, t in links)
    main = (f'<div class="main w1200 clearfix">\n<div class="content fl"><div class="col-title"><span>{esc(heading)}</span>'
            f'</div><ul class="list">{list_items(news, lambda d: d.path)}</ul></div>\n<div class="side fr"><h3>政务公开</h3>'
            f"<ul>{items}</ul></div>\n</div>\n")
    out.add("index.html", page(chrome, chrome.site.site_name, main, metas={"ColumnName": "首页"}, active="首页"))
    out.add("robots.txt", f"User-agent: *\nDisallow: {disallow}\n")
    # every page's footer loads it: a portal's script exists (list readers that read a site's scripts fetch it)
    out.add("js/common.js", COMMON_JS)
    out.offsite.update(chrome.offsite.values())


def write_doc(out: SiteOutput, chrome: Chrome, doc: Doc, trail, attach_path: str, fmt: str = "",
              head_extra: str = "") -> None:
    """A document's page (or, for a file_only report, its file at doc.path) with its attachment at
    ``attach_path``, and its ground truth. ``fmt`` overrides the file format report_text would choose."""
    site = chrome.site
    if doc.kind == "report":
        blocks, stats = report_text.report_blocks(doc, site)
    else:
        blocks, stats = report_text.decoy_blocks(doc, site), None
    fmt = fmt or report_text.file_format(doc, site)
    if "file_only" in doc.flags:
        out.add_bytes(doc.path.lstrip("/"), report_document(fmt, doc.title, blocks))
        out.record(doc, blocks, stats, attachment=doc.path, attachment_format=fmt)
        return
    rng = random.Random("chrome:" + doc.seed)
    page_blocks = report_text.pointer_blocks(doc, fmt) if "attachment_only" in doc.flags else blocks
    body = BODY.render(page_blocks, attach_path)
    stamp = doc.published.strftime("%Y-%m-%d %H:%M")
    code = doc.agency.code if doc.agency else site.agency_code
    meta_table = (f'<table class="meta-table"><tr><td class="lab">索引号</td><td>{code}/{doc.published:%Y}-{doc.doc_id % 100000:05d}'
                  f'</td><td class="lab">发布机构</td><td>{esc(doc.agency_name)}</td></tr><tr><td class="lab">名称</td>'
                  f'<td colspan="3">{esc(doc.title)}</td></tr><tr><td class="lab">发布日期</td><td>{doc.published:%Y-%m-%d}</td>'
                  f'<td class="lab">主题分类</td><td>综合政务</td></tr></table>') if doc.column != "xwdt" else ""

    def link(d: Doc | None) -> str:
        return f'<a href="{esc(d.path)}">{esc(d.title)}</a>' if d and "file_only" not in d.flags else "没有了"

    main = f"""<div class="main w1200 clearfix"><div class="article">
{meta_table}<h1>{esc(doc.title)}</h1>
<div class="info"><span>发布时间：{stamp}</span><span>来源：{esc(doc.agency_name)}</span><span>浏览次数：<em id="hits">{rng.randint(80, 4000)}</em></span><span>字体：[<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>]</span></div>
<div class="zoom" id="zoom">
{body}
</div>
<div class="tools"><a href="javascript:;">【我要纠错】</a><a href="javascript:window.print();">【打印本页】</a><a href="javascript:window.close();">【关闭窗口】</a><span>分享到：<a href="javascript:;">微信</a><a href="javascript:;">微博</a><a href="javascript:;">QQ空间</a></span></div>
<div class="ewm">扫一扫在手机打开当前页</div>
<div class="editor">责任编辑：{report_text.person(rng, site)}</div>
<div class="pn"><p>上一篇：{link(doc.prev)}</p><p>下一篇：{link(doc.next)}</p></div>
</div></div>
"""
    metas = {"ColumnName": trail[-1][1] if trail else "", "ArticleTitle": doc.title, "PubDate": stamp,
             "ContentSource": doc.agency_name}
    out.add(doc.path.lstrip("/"), page(chrome, f"{doc.title}_{site.site_name}", main, trail, metas, head_extra))
    if fmt:
        out.add_bytes(attach_path.lstrip("/"), report_document(fmt, doc.title, blocks))
    out.record(doc, blocks, stats, attachment=attach_path if fmt else "", attachment_format=fmt)


def full_list_titles(docs: list[Doc]) -> None:
    """API lists carry the document's own title: no vague list links on these sites."""
    for doc in docs:
        doc.list_title = doc.title
        doc.flags.discard("vague_link")


def keep_attachments(docs: list[Doc], keep: int) -> None:
    """Keep the PDF copy (flag attachment) of only the first ``keep`` reports: fixtures stay small."""
    with_copy = [d for d in docs if "attachment" in d.flags]
    for doc in with_copy[keep:]:
        doc.flags.discard("attachment")


def api_json(value) -> str:
    """An API answer as these Java servers write it: compact, UTF-8 text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
