"""The JPaaS page-build unit reader: the demo's column, and one that differs in every way the family allows
(double-quoted queryData in another key order, paramJson as an object with a search key, pageSize 30, an
absolute unit URL, the HTML as ``data`` itself, the count on another element, the footer unit told apart by its tagId)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from govreports.crawl.list_readers import JpaasUnitReader, ListApiError, ListPage

reader = JpaasUnitReader()
UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"

DEMO_COLUMN = f"""<div class="list"></div>
<script type="text/javascript" src="/AuthorizedRead/unitbuild.js" url="{UNIT}" queryData="{{'webId':'a1f3','pageId':'1229451234','tplSetId':'Qm7v','pageType':'column','tagId':'信息列表','editType':'null','parseType':'bulidstatic','paramJson':'{{\\&quot;pageNo\\&quot;:1,\\&quot;pageSize\\&quot;:15}}'}}"></script>
<script type="text/javascript" src="/AuthorizedRead/unitbuild.js" url="{UNIT}" queryData="{{'webId':'a1f3','pageId':'1229451234','tplSetId':'Qm7v','pageType':'column','tagId':'页面导航','editType':'null','parseType':'bulidstatic'}}"></script>"""

OTHER_COLUMN = f"""<script src="https://www.jinhua.gov.cn/module/AuthorizedRead/unitbuild.js?v=2" URL="https://www.jinhua.gov.cn{UNIT}"
  QUERYDATA='{{ "tagId" : "栏目列表", "pageId" : "vhiC3JxmPC8o7Lqg4Jw0E", "webId" : 3818, "tplSetId" : "LpcyxkYSwRoJNKPT7EX2v" }}'></script>
<script src="/module/AuthorizedRead/unitbuild.js" url="{UNIT}" querydata='{{"tagId":"页脚","pageId":"vhiC3JxmPC8o7Lqg4Jw0E","webId":3818}}'></script>"""


def _query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _answer(items: list[tuple[str, str]], count: int | None, as_data: bool = False) -> str:
    lis = "".join(f'<li><a href="{href}" title="{title}">{title[:12]}…</a><span>2025-01-20</span></li>'
                  for href, title in items)
    pager = f'<div class="pagination" count="{count}" pagesize="15"></div>' if count is not None else ""
    html = f"<ul>{lis}</ul>{pager}"
    return json.dumps({"success": True, "data": html if as_data else {"html": html}}, ensure_ascii=False)


def test_demo_shape_the_list_unit_pages_through_param_json():
    page = ListPage("https://www.anji.gov.cn/col/col1229451234/index.html", DEMO_COLUMN, [])
    assert reader.reads(page) and reader.marks_a_list
    [request] = reader.requests(page)  # the navigation unit is not a list
    query = _query(request.url)
    assert request.url.startswith(f"https://www.anji.gov.cn{UNIT}?")
    assert query["tagId"] == "信息列表" and query["parseType"] == "bulidstatic" and query["editType"] == "null"
    assert json.loads(query["paramJson"]) == {"pageNo": 1, "pageSize": 15}

    items = [(f"/art/2025/1/20/art_1229451234_{n}.html", f"安吉县{n}年政府信息公开工作年度报告") for n in range(15)]
    answer = ListPage(request.url, _answer(items, 26), [], "jpaas-unit")
    [second] = reader.requests(answer)
    assert json.loads(_query(second.url)["paramJson"]) == {"pageNo": 2, "pageSize": 15}
    assert list(reader.requests(ListPage(second.url, _answer(items[:11], 26), [], "jpaas-unit"))) == []
    links = reader.links(answer.text, page.url)
    assert links[0].url == "https://www.anji.gov.cn/art/2025/1/20/art_1229451234_0.html"
    assert links[0].text == "安吉县0年政府信息公开工作年度报告"  # the title attribute, not the cut text


def test_other_shape_passes_untouched():
    page = ListPage("https://www.jinhua.gov.cn/col/col1229159567/index.html", OTHER_COLUMN, [])
    [request] = reader.requests(page)
    query = _query(request.url)
    assert request.url.startswith(f"https://www.jinhua.gov.cn{UNIT}?")
    assert query["tagId"] == "栏目列表" and query["webId"] == "3818" and "paramJson" not in query  # default page

    items = [(f"art_{n}.html", f"金华市{n}年度报告") for n in range(30)]
    html = "".join(f'<li><a href="/art/{h}" title="{t}">{t}</a></li>' for h, t in items)
    answer_text = json.dumps({"success": "true", "data": f"<ul>{html}</ul><span id='total' count='45'></span>"},
                             ensure_ascii=False)
    [second] = reader.requests(ListPage(request.url, answer_text, [], "jpaas-unit"))
    assert json.loads(_query(second.url)["paramJson"]) == {"pageNo": 2, "pageSize": 30}  # 30 shown on page 1
    assert list(reader.requests(ListPage(second.url, answer_text, [], "jpaas-unit"))) == []  # 45 in 30s: 2 pages
    assert reader.links(answer_text, page.url)[29].url == "https://www.jinhua.gov.cn/art/art_29.html"


def test_without_a_count_the_unit_is_paged_until_an_empty_answer():
    url = f"https://x.gov.cn{UNIT}?webId=1&paramJson=%7B%22pageNo%22%3A3%2C%22pageSize%22%3A10%7D"
    [nxt] = reader.requests(ListPage(url, _answer([("/a.html", "某年度报告")], None), [], "jpaas-unit"))
    assert json.loads(_query(nxt.url)["paramJson"]) == {"pageNo": 4, "pageSize": 10}
    assert list(reader.requests(ListPage(url, json.dumps({"success": True, "data": {"html": ""}}), [], "jpaas-unit"))) == []


def test_a_failed_answer_is_an_error():
    with pytest.raises(ListApiError, match="参数错误"):
        reader.links('{"success":false,"message":"参数错误"}', "https://x.gov.cn/col/col1/index.html")
