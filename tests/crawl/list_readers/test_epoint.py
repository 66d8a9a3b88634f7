"""The Epoint reader: the demo's list page, and one that differs in every way the family allows (a wrapped
``{"token", "params"}`` body, pageSize 20, a deptcode, another project name, siteInfo in single quotes in
another JS file, ``total`` as a string, ``visiturl`` and ``handsdate`` instead of ``infourl`` and ``infodate``)."""

from __future__ import annotations

import json

import pytest

from govreports.crawl.list_readers import EpointReader, ListApiError, ListPage

reader = EpointReader()

DEMO_PAGE = """<ul id="infolist"></ul>
<script type="text/javascript" src="/js/jquery-1.12.4.min.js"></script>
<script type="text/javascript" src="/js/webBuilderCommon.js"></script>
<script type="text/javascript">
var categorynum = getUrlParam("categorynum"), deptcode = getUrlParam("deptcode");
function loadList(pageIndex) {
    $.ajax({url: siteInfo.projectName + "/rest/lightfrontaction/getgovinfolist", type: "post",
        data: JSON.stringify({siteGuid: siteInfo.siteGuid, categorynum: categorynum, deptcode: deptcode,
                              pageIndex: pageIndex, pageSize: 15})});
}
</script>"""
DEMO_JS = 'var siteInfo = {"projectName": "/EWB-FRONT", "siteGuid": "6c81c8c0-d69d-4bfc-a4ae-d6668aa3e1a6", "vname": "/"};'

OTHER_PAGE = """<script src='/static/js/layer.js'></script><script src='/js/ajaxReq.js?v=3'></script>
<script>$.ajax({ url : siteInfo.projectName + '/rest/frontAppNotNeedLoginAction/getGovInfoList', type:'POST',
  data: JSON.stringify({ token: '', params: { 'siteGuid': siteInfo.siteGuid, 'categorynum': cat, 'deptcode': dep,
  'pageIndex': i, 'pageSize': 20 } }) });</script>"""
OTHER_JS = "siteInfo = { projectName : '/EWB_YK_Mid', siteGuid : '7eb5f7f1-9041-43ad-8e13-8fcb82ea831a' };"


def _answer(items, total) -> str:
    return json.dumps({"custom": {"total": total, "data": items}}, ensure_ascii=False)


def test_demo_shape_site_js_then_pages_from_index_0():
    page = ListPage("http://www.px.gov.cn/dynamic/zwgk/govInfoPub.html?categorynum=003001009", DEMO_PAGE, [])
    assert reader.reads(page) and reader.marks_a_list
    [script] = reader.requests(page)  # not jQuery
    assert script.url == "http://www.px.gov.cn/js/webBuilderCommon.js" and not script.fetches_list

    [first] = reader.requests(ListPage(script.url, DEMO_JS, [], "epoint", script.carry))
    assert (first.method, first.url) == ("POST", "http://www.px.gov.cn/EWB-FRONT/rest/lightfrontaction/getgovinfolist")
    assert first.json == {"siteGuid": "6c81c8c0-d69d-4bfc-a4ae-d6668aa3e1a6", "categorynum": "003001009",
                          "deptcode": "", "pageIndex": 0, "pageSize": 15}
    assert first.called_from == page.url

    items = [{"title": "沛县2024年政府信息…", "realtitle": "沛县2024年政府信息公开年报",
              "infourl": "/zwgk/003/003001/003001009/20250117/cdf50ba5.html", "infodate": "2025-01-17"}] * 15
    [second] = reader.requests(ListPage(first.url, _answer(items, 24), [], "epoint", first.carry))
    assert second.json["pageIndex"] == 1
    assert list(reader.requests(ListPage(second.url, _answer(items[:9], 24), [], "epoint", second.carry))) == []
    link = reader.links(_answer(items, 24), page.url)[0]
    assert (link.url, link.text, link.date) == (
        "http://www.px.gov.cn/zwgk/003/003001/003001009/20250117/cdf50ba5.html", "沛县2024年政府信息公开年报", "2025-01-17")


def test_other_shape_passes_untouched():
    page = ListPage("https://www.yingkou.gov.cn/dynamic/zw/openlist.html?categorynum=003004&deptcode=001001",
                    OTHER_PAGE, [])
    [script] = reader.requests(page)
    assert script.url == "https://www.yingkou.gov.cn/js/ajaxReq.js?v=3"
    [first] = reader.requests(ListPage(script.url, OTHER_JS, [], "epoint", script.carry))
    assert first.url == "https://www.yingkou.gov.cn/EWB_YK_Mid/rest/frontAppNotNeedLoginAction/getGovInfoList"
    assert first.json == {"token": "", "params": {
        "siteGuid": "7eb5f7f1-9041-43ad-8e13-8fcb82ea831a", "categorynum": "003004", "deptcode": "001001",
        "pageIndex": 0, "pageSize": 20}}
    items = [{"title": "<font color='red'>营口</font>市2023年政府信息公开工作年度报告", "visiturl": "/zw/a.html",
              "handsdate": "2024-01-31 08:00:00"}] * 20
    [second] = reader.requests(ListPage(first.url, _answer(items, "41"), [], "epoint", first.carry))
    assert second.json["params"]["pageIndex"] == 1
    [third] = reader.requests(ListPage(second.url, _answer(items, "41"), [], "epoint", second.carry))
    assert list(reader.requests(ListPage(third.url, _answer(items[:1], "41"), [], "epoint", third.carry))) == []
    link = reader.links(_answer(items, "41"), page.url)[0]
    assert (link.url, link.text, link.date) == (
        "https://www.yingkou.gov.cn/zw/a.html", "营口市2023年政府信息公开工作年度报告", "2024-01-31")


def test_a_site_js_without_site_info_asks_nothing_and_two_lists_ask_it_apart():
    page = ListPage("http://www.px.gov.cn/dynamic/zwgk/govInfoPub.html?categorynum=003001009", DEMO_PAGE, [])
    [script] = reader.requests(page)
    assert list(reader.requests(ListPage(script.url, "function x() {}", [], "epoint", script.carry))) == []
    assert reader.links("function x() {}", page.url) == []
    other = ListPage(page.url.replace("003001009", "003001001"), DEMO_PAGE, [])
    assert next(iter(reader.requests(other))).key != script.key


def test_a_failed_answer_is_an_error():
    with pytest.raises(ListApiError, match="siteGuid"):
        reader.links('{"success": false, "msg": "siteGuid 不存在"}', "http://x.gov.cn/a.html")


def test_api_dates_in_any_written_form_become_iso_dates():
    from govreports.crawl.list_readers.base import list_date

    assert list_date("2024/1/5") == list_date("2024年1月5日") == list_date("2024-01-05 10:00:00") == "2024-01-05"
    assert list_date(None) == list_date("") == list_date("未知") == ""
