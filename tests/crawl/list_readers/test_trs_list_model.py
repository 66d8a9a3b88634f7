"""TRS 海云 list models: the static pages a ``listModel({… pagebar: {prepage, recordCount}})`` column publishes."""

from __future__ import annotations

import pytest

from govreports.crawl import discovery
from govreports.crawl.list_readers import TrsListModelReader
from govreports.crawl.list_readers.base import ListPage
from tests.paths import REAL_PAGES

reader = TrsListModelReader()

# Shaped like a 2020s TRS 海云 column: a directory URL, articles published as .htm, the count as a quoted string.
DIRECTORY_COLUMN = """<html><body><ul class="list">
<li><a href="./202403/t20240308_87885.htm">某区2023年度政府信息公开工作年度报告</a><span>2024-03-08</span></li>
<li><a href="./202302/t20230220_80629.htm">某区2022年度政府信息公开工作年度报告</a><span>2023-02-20</span></li>
</ul><div ms-controller="list_pagebar"></div>
<script>
require(["list2.trsapi", "tools"], function(listModel, tools) {
    listModel({
        quickMode: "动静结合",
        maxStaticIndex: 1,
        listArgs: {channelid: SiteInfo.searchId, classsql: "" || "chnlid=1813", sortfield: "-docreltime"},
        pagebar: {prepage: 10, recordCount: '20', pgTemp: "pgBar_xxgk.html", pgCountMode: "recordCount"}
    });
});
</script></body></html>"""

# The same family differing in every way it allows: an index.shtml URL, numbers unquoted, another page size,
# more pages than are static, JSON-style quoted keys.
SHTML_COLUMN = """<html><body><div id="list"></div>
<script type="text/javascript">
  require(['list2.trsapi'], function (listModel) { listModel({ "quickMode" : "动静结合", "pagebar" : {
      "recordCount" : 100, "prepage" : 15 }, "maxStaticIndex" : 4 }); });
</script></body></html>"""


def _page(url: str, text: str) -> ListPage:
    return ListPage(url, text, discovery.page_links(text, url))


def test_a_directory_column_publishes_its_second_page_as_index_1_with_its_articles_extension():
    page = _page("https://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/", DIRECTORY_COLUMN)
    assert reader.reads(page) and reader.marks_a_list
    assert [r.url for r in reader.requests(page)] == ["https://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/index_1.htm"]


def test_only_the_static_pages_are_asked_for_and_the_list_file_gives_the_extension():
    page = _page("http://www.other.gov.cn/xxgk/ndbg/index.shtml", SHTML_COLUMN)
    assert [r.url for r in reader.requests(page)] == [
        f"http://www.other.gov.cn/xxgk/ndbg/index_{n}.shtml" for n in range(1, 5)]  # 7 pages, 4 of them static


@pytest.mark.parametrize("text", [
    SHTML_COLUMN.replace('"recordCount" : 100', '"recordCount" : 0'),  # nothing to page
    SHTML_COLUMN.replace('"prepage" : 15', '"prepage" : 0'),  # a broken page size
    DIRECTORY_COLUMN.replace("recordCount: '20'", "recordCount: '10'"),  # one page: no further page
    "<html><body><script>var prepage = 10;</script></body></html>",  # no list model at all
])
def test_no_further_page_when_the_count_says_so(text):
    assert list(reader.requests(_page("http://www.other.gov.cn/xxgk/ndbg/index.html", text))) == []


def test_without_max_static_index_every_page_is_static():
    text = SHTML_COLUMN.replace(', "maxStaticIndex" : 4', "")
    page = _page("http://www.other.gov.cn/xxgk/ndbg/index.html", text)
    assert len(list(reader.requests(page))) == 6


@pytest.mark.skipif(not (REAL_PAGES / "pingtan_nb_list.html").is_file(), reason="shared/real-pages not here")
def test_a_real_trs_column_of_twenty_reports():
    url = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"
    page = _page(url, (REAL_PAGES / "pingtan_nb_list.html").read_text("utf-8"))
    assert reader.reads(page)
    assert [r.url for r in reader.requests(page)] == [url + "index_1.htm"]
