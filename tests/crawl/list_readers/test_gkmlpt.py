"""The gkmlpt reader on real-shaped pages and answers: the demo's shape, and one that differs in every way
the family allows (path prefix, quote style, key order, no fragment, total only in classify, relative URLs)."""

from __future__ import annotations

import json

import pytest

from govreports.crawl.list_readers import GkmlptReader, ListApiError, ListPage
from govreports.crawl.list_readers.gkmlpt import report_categories

reader = GkmlptReader()

DEMO_APP = """<script>
window._CONFIG = {
    SID: '758001',
    IS_MOBILE: false,
    TREE: [{"id":3040,"name":"政府信息公开指南","post_count":1,"children":[]},{"id":3047,"name":"政府信息公开年报","post_count":117,"children":[]}],
    SERVICE_AREA_ID: '441200',
};
</script>"""

# A department sub-site under a path prefix, https, double quotes, TREE first, nested and jump_url nodes, no
# SERVICE_AREA_ID after it, and a link without fragment: the reader picks the report categories by name.
OTHER_APP = """<script type="text/javascript">window._CONFIG={"TREE" : [ {"children":[{"post_count":"12","name":"部门年报",
 "id":"2629","children":[]}],"id":1,"name":"法定主动公开内容"},{"name":"年度报告（旧系统）","id":9,"jump_url":"http://old.example.gov.cn/"} ],
 "SID":"755041" ,IS_MOBILE:true}</script>"""


def _answer(articles, total=None, post_count=None, **extra) -> str:
    answer = {"articles": articles, "classify": {"id": 3047, "post_count": post_count}, **extra}
    if total is not None:
        answer["total"] = total
    return json.dumps(answer, ensure_ascii=False)


def _article(n: int, title: str = "肇庆市2024年政府信息公开工作年度报告", **fields) -> dict:
    return {"id": n, "title": title, "url": f"http://www.zhaoqing.gov.cn/gkmlpt/content/3/3149/post_{n}.html",
            "post_url": "", "date": 1739289600, "created_at": "2025-02-12 17:29:00", "display_publish_time": 1739352720,
            **fields}


def test_demo_shape_category_from_the_fragment():
    page = ListPage("http://www.zhaoqing.gov.cn/gkmlpt/index#3047", DEMO_APP, [])
    assert reader.reads(page) and reader.marks_a_list
    [request] = reader.requests(page)
    assert request.url == "http://www.zhaoqing.gov.cn/gkmlpt/api/all/3047?page=1&sid=758001"
    assert request.called_from == page.url

    answer = ListPage(request.url, _answer([_article(1), _article(2)], total=117, post_count=117), [], "gkmlpt")
    assert [r.url for r in reader.requests(answer)] == [
        "http://www.zhaoqing.gov.cn/gkmlpt/api/all/3047?page=2&sid=758001"]
    last = ListPage(request.url.replace("page=1", "page=2"), _answer([_article(3)], total=117), [], "gkmlpt")
    assert list(reader.requests(last)) == []  # ceil(117 / 100) pages
    links = reader.links(answer.text, page.url)
    assert links[0].url.endswith("/post_1.html") and links[0].text == "肇庆市2024年政府信息公开工作年度报告"
    assert links[0].date == "2025-02-12"  # display_publish_time, in China's time zone


def test_other_shape_passes_untouched():
    page = ListPage("https://www.szlh.gov.cn/lhqkjhgyxxhj/gkmlpt/index", OTHER_APP, [])
    assert report_categories(OTHER_APP) == ["2629"]  # the jump_url node lists nothing
    [request] = reader.requests(page)
    assert request.url == "https://www.szlh.gov.cn/lhqkjhgyxxhj/gkmlpt/api/all/2629?page=1&sid=755041"

    articles = [{"title": "<em>罗湖区</em>科技局2023年政府信息公开工作年度报告&amp;附件", "post_url": "/lhqkjhgyxxhj/gkmlpt/content/9/9103/post_9103540.html",
                 "created_at": "2024-01-30 10:00:00"}]
    answer = ListPage(request.url, _answer(articles, post_count="250"), [], "gkmlpt")
    assert [r.url for r in reader.requests(answer)] == [request.url.replace("page=1", "page=2")]
    third = ListPage(request.url.replace("page=1", "page=3"), answer.text, [], "gkmlpt")
    assert list(reader.requests(third)) == []  # 250 articles: three pages
    [link] = reader.links(answer.text, page.url)
    assert link.url == "https://www.szlh.gov.cn/lhqkjhgyxxhj/gkmlpt/content/9/9103/post_9103540.html"
    assert (link.text, link.date) == ("罗湖区科技局2023年政府信息公开工作年度报告&附件", "2024-01-30")


def test_an_empty_page_ends_the_list_and_other_pages_are_not_read():
    answer = ListPage("http://x.gov.cn/gkmlpt/api/all/1?page=1&sid=2", _answer([], total=500), [], "gkmlpt")
    assert list(reader.requests(answer)) == []
    assert not reader.reads(ListPage("http://x.gov.cn/zwgk/index.html", "<p>window._CONFIG = {}</p>", []))


def test_a_failed_answer_is_an_error():
    with pytest.raises(ListApiError, match="站点不存在"):
        reader.links('{"success": false, "msg": "站点不存在"}', "http://x.gov.cn/gkmlpt/index#1")
