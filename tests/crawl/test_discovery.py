from govreports.crawl.discovery import (
    create_page_html_urls,
    hanweb_more_records,
    hanweb_records,
    next_page_urls,
    numbered_page_urls,
    page_links,
    same_site,
)

BASE = "http://portal.test/zwgk/ndbg/index.shtml"


def test_create_page_html_gives_every_page_of_the_column():
    html = '<div id="page"></div><script>createPageHTML(4, 0, "index", "shtml");</script>'
    assert create_page_html_urls(html, BASE) == [
        "http://portal.test/zwgk/ndbg/index.shtml",
        "http://portal.test/zwgk/ndbg/index_1.shtml",
        "http://portal.test/zwgk/ndbg/index_2.shtml",
        "http://portal.test/zwgk/ndbg/index_3.shtml",
    ]


def test_create_page_html_with_container_id_and_record_count():
    html = "<script>createPageHTML('page_div', 2, 1, 'index', 'html', 28);</script>"
    urls = create_page_html_urls(html, "http://portal.test/col/index_1.html")
    assert urls == ["http://portal.test/col/index.html", "http://portal.test/col/index_1.html"]


def test_create_page_html_definition_is_not_a_call():
    html = "<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}</script>"
    assert create_page_html_urls(html, BASE) == []


def test_links_carry_text_title_and_row_date():
    html = """<ul><li><a href="./202101/t20210112_1.shtml" title="九江市教育局2020年政府信息公开工作年度报告">
    九江市教育局2020年政府信息…</a><span>2021-01-12</span></li>
    <li><a href="javascript:void(0)">打印</a></li><li><a href="#top">顶部</a></li></ul>"""
    links = page_links(html, BASE)
    assert len(links) == 1
    assert links[0].url == "http://portal.test/zwgk/ndbg/202101/t20210112_1.shtml"
    assert links[0].text == "九江市教育局2020年政府信息公开工作年度报告"
    assert links[0].date == "2021-01-12"


def test_chinese_dates_beside_links():
    html = '<table><tr><td><a href="show.asp?id=7">太康县2012年信息公开年报</a></td><td>2013年2月1日</td></tr></table>'
    assert page_links(html, "http://old.test/list.asp?classid=15")[0].date == "2013-02-01"


def test_next_page_links_in_old_layouts():
    html = '<a href="list.asp?classid=15&page=1">上一页</a> <a href="list.asp?classid=15&amp;page=3">下一页</a>'
    links = page_links(html, "http://old.test/list.asp?classid=15&page=2")
    assert next_page_urls(links) == ["http://old.test/list.asp?classid=15&page=3"]


def test_numbered_pager_links_stay_in_the_list_directory():
    html = '<a href="index_1.html">2</a><a href="index_9.html">尾页</a><a href="/other/x.html">3</a>'
    links = page_links(html, "http://portal.test/col/index.html")
    assert numbered_page_urls(links, "http://portal.test/col/index.html") == [
        "http://portal.test/col/index_1.html", "http://portal.test/col/index_9.html"]


HANWEB = """<div id="3579"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=12&path=/&columnid=1229214366&unitid=3579&webname=%E5%BE%B7&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li><a href="/art/2021/1/20/art_1229214366_654321.html" title="德清县教育局2020年政府信息公开工作年度报告">德清县教育局…</a><span>2021-01-20</span></li>
]]></record>
<record><![CDATA[
<li><a href="/art/2020/1/20/art_1229214366_654300.html">2019年度报告</a><span>2020-01-20</span></li>
]]></record>
</recordset></datastore></script></div>
<script>$(function(){ $('#3579').page({ totalRecord: 5, perPage: 2, unitid: 3579 }); });</script>"""


def test_hanweb_records_are_links():
    assert len(hanweb_records(HANWEB)) == 2
    links = page_links(HANWEB, "http://hw.test/col/col1229214366/index.html")
    urls = [link.url for link in links]
    assert "http://hw.test/art/2021/1/20/art_1229214366_654321.html" in urls
    assert links[urls.index("http://hw.test/art/2020/1/20/art_1229214366_654300.html")].date == "2020-01-20"


def test_hanweb_dataproxy_requests_for_the_remaining_records():
    requests = hanweb_more_records(HANWEB, "http://hw.test/col/col1229214366/index.html")
    assert [r.url for r in requests] == [
        "http://hw.test/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=2",
        "http://hw.test/module/web/jpage/dataproxy.jsp?startrecord=5&endrecord=5&perpage=2",
    ]
    form = requests[0].formdata
    assert form["columnid"] == "1229214366" and form["unitid"] == "3579" and form["col"] == "1"
    assert "page" not in form


def test_same_site_compares_host_and_port():
    assert same_site("http://127.0.0.1:8000/a", "http://127.0.0.1:8000")
    assert not same_site("http://127.0.0.1:8001/a", "http://127.0.0.1:8000")
    assert not same_site("http://www.gov.cn/", "http://127.0.0.1:8000")
    assert same_site("http://portal.test/a", "http://portal.test:80")
