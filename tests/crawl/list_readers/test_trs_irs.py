"""The TRS IRS search reader: the demo's column, and one that differs in every way the family allows (a
relative API URL in single quotes, the query as a JS literal with unquoted keys passed straight to the call,
``tenantId``/``sign`` instead of ``code``, ``middle.list`` items, ``<font>`` highlights, a string pageCount)."""

from __future__ import annotations

import json

import pytest

from govreports.crawl.list_readers import IrsSearchReader, ListApiError, ListPage
from govreports.crawl.list_readers.trs_irs import search_query

reader = IrsSearchReader()

DEMO_COLUMN = """<ul id="irs-list"></ul><script type="text/javascript">
var IRS_API = "http://search.tonghua.gov.cn/irs/front/search";
var irsQuery = {"code": "18b2c4e6f0a", "dataTypeId": "2761", "searchWord": "年度报告", "orderBy": "time",
  "searchBy": "all", "pageSize": 10, "filters": [], "customFilter": {"operator": "and", "properties":
  [{"property": "channel_id", "operator": "eq", "value": "71246", "weight": 100}]}};
function loadPage(pageNo) { irsQuery.pageNo = pageNo; $.ajax({url: IRS_API, data: JSON.stringify(irsQuery)}); }
</script>"""

OTHER_COLUMN = """<script>
$(function(){ $.ajax({ type:'post', url:'/irs/front/search', contentType:'application/json',
  data: JSON.stringify({ tenantId: '7', sign: 'b6a7c3e2-9d1f-4e61-8a0b-3c5d7e9f1a2b', dataTypeId: 19,
    searchWord: '', orderBy: 'time', searchBy: 'title', pageNo: 1, pageSize: 20,
    customFilter: { operator: 'and', properties: [ { property: 'channel_id', operator: 'eq', value: '69308' } ] } }) }); });
</script>"""


def _box(title: str, url: str, time: str = "2025-02-15 12:13:00") -> dict:
    return {"type": "DATA", "data": {"title": title, "url": url, "time": time}}


def _answer(pager: dict, boxes: list[dict] | None = None, items: list[dict] | None = None) -> str:
    middle = {"listAndBox": boxes} if boxes is not None else {"list": items}
    return json.dumps({"success": True, "msg": "成功", "data": {"pager": pager, "middle": middle}}, ensure_ascii=False)


def test_demo_shape_posts_the_page_query_with_page_numbers():
    page = ListPage("http://www.tonghua.gov.cn/zwgk/zfxxgknb/index.html", DEMO_COLUMN, [])
    assert reader.reads(page) and reader.marks_a_list
    [first] = reader.requests(page)
    assert (first.method, first.url) == ("POST", "http://search.tonghua.gov.cn/irs/front/search")
    assert first.json["pageNo"] == 1 and first.json["orderBy"] == "time"
    assert first.json["customFilter"]["properties"][0]["value"] == "71246"

    boxes = [_box("通化市2024年政府信息公开<em>年报</em>", "http://www.tonghua.gov.cn/art/2025/2/15/art_71246_1.html")]
    answer = _answer({"pageNo": 1, "pageSize": 10, "pageCount": 3, "total": 24}, boxes)
    [second] = reader.requests(ListPage(first.url, answer, [], "trs-irs", first.carry))
    assert second.json["pageNo"] == 2 and second.json["code"] == "18b2c4e6f0a"
    third_answer = _answer({"pageNo": 3, "pageCount": 3}, boxes)
    assert list(reader.requests(ListPage(first.url, third_answer, [], "trs-irs", {**first.carry, "page": 3}))) == []
    [link] = reader.links(answer, page.url)
    assert (link.url, link.text, link.date) == (
        "http://www.tonghua.gov.cn/art/2025/2/15/art_71246_1.html", "通化市2024年政府信息公开年报", "2025-02-15")


def test_other_shape_passes_untouched():
    assert search_query(OTHER_COLUMN)["sign"] == "b6a7c3e2-9d1f-4e61-8a0b-3c5d7e9f1a2b"
    page = ListPage("https://www.jl.gov.cn/zw/xxgk/ndbg/index.html", OTHER_COLUMN, [])
    [first] = reader.requests(page)
    assert first.url == "https://www.jl.gov.cn/irs/front/search"
    assert first.json["dataTypeId"] == 19 and first.json["pageSize"] == 20 and first.json["pageNo"] == 1
    items = [{"title": '吉林省<font color="red">人社厅</font>2023年度报告 &amp; 附表', "url": "/zw/art_1.html",
              "time": "2024-01-20 09:00:00"}]
    answer = _answer({"pageNo": "1", "pageCount": "2"}, items=items)
    [second] = reader.requests(ListPage(first.url, answer, [], "trs-irs", first.carry))
    assert second.json["pageNo"] == 2
    [link] = reader.links(answer, page.url)
    assert (link.url, link.text) == ("https://www.jl.gov.cn/zw/art_1.html", "吉林省人社厅2023年度报告 & 附表")


def test_a_refused_query_is_an_error_with_its_message():
    with pytest.raises(ListApiError, match="排序方式不能为空"):
        reader.links('{"success":false,"msg":"排序方式不能为空！"}', "https://x.gov.cn/")


def test_a_page_without_a_query_object_asks_nothing():
    page = ListPage("https://x.gov.cn/", '<script>var api = "/irs/front/search"; var q = {"a": 1};</script>', [])
    assert reader.reads(page) and list(reader.requests(page)) == []
