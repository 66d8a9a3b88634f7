"""What a page's lists hold, and how report-like each link scores: in-process, on strings."""

from __future__ import annotations

from govreports.crawl.discovery import Link, page_links
from govreports.crawl.link_judgement import ListCounts, count_lists, link_score, lists_reports, report_url

SITE = "http://portal.test"
NAV = '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>' \
      '<li><a href="/xwdt/">新闻动态</a></li><li><a href="/zwgk/xxgknb/">政府信息公开年报</a></li></ul>'


def _links(main: str) -> list[Link]:
    return page_links(f"<html><body>{NAV}<div class='main'>{main}</div></body></html>", SITE + "/zwgk/xxgknb/")


def test_links_of_one_list_share_a_group_and_nav_links_another():
    links = _links('<table><tbody><tr><td><a href="/a.html">县教育局</a></td></tr>'
                   '<tr><td><span><a href="/b.html">县公安局</a></span></td></tr></tbody></table>')
    groups = {link.text: link.group for link in links}
    assert groups["县教育局"] == groups["县公安局"] != groups["首页"] == groups["政府信息公开年报"]
    assert Link("http://x/", "a", group=3) == Link("http://x/", "a"), "the group is not part of a link's identity"


def test_a_list_of_years_makes_a_report_column():
    links = _links("<ul>" + "".join(f'<li><a href="/{y}/">{y}{s}</a></li>' for y, s in
                                    [(2024, "年度"), (2023, "年度报告"), (2022, "年报"), (2021, "")]) + "</ul>")
    counts = count_lists(links)
    years = counts[links[-1].group]
    assert years.years == 4 and years.lists_years and years.lists_reports
    assert lists_reports(counts)
    nav = counts[links[0].group]
    assert nav.reports == 0, "a column's own name in the nav is not a report"


def test_a_list_of_agencies_is_a_list_of_departments_not_of_reports():
    links = _links('<ul><li><a href="/jyj/">县教育局</a></li><li><a href="/gaj/">县公安局</a></li>'
                   '<li><a href="/xwdt/1.html">我县召开安全生产会议</a></li></ul>')
    counts = count_lists(links)
    departments = counts[links[-1].group]
    assert departments.agencies == 2 and departments.lists_departments and not departments.lists_reports
    assert not lists_reports(counts)


def test_a_news_list_is_neither():
    links = _links('<ul><li><a href="/1.html">我县2020年政府信息公开工作年度报告全部按时发布</a></li>'
                   '<li><a href="/2.html">岳西县召开2021年政务公开工作推进会</a></li></ul>')
    news = count_lists(links)[links[-1].group]
    assert not news.lists_reports and not news.lists_departments


def test_report_urls():
    for path in ("/zwgk/xxgknb/index.html", "/xxgk/ndbg/", "/col/nb/2020/", "/zfxxgknb/list.shtml", "/ndbb_1.html"):
        assert report_url(SITE + path), path
    for path in ("/zwgk/index.html", "/xwdt/nbsp.html", "/banner/", "/inbox/"):
        assert not report_url(SITE + path), path


def test_scores_order_columns_reports_years_sections_agencies():
    def score(text: str, path: str = "/x/", counts: ListCounts | None = None) -> int:
        return link_score(Link(SITE + path, text), counts)

    assert score("政府信息公开年报") > score("某某县2020年政府信息公开工作年度报告") > score("2020年度") \
        > score("政务公开") > score("县教育局") > score("新闻动态") == 0
    assert score("信息公开", "/zwgk/xxgknb/") > score("信息公开", "/zwgk/"), "a report-like URL counts"
    in_year_list = ListCounts(links=4, years=4)
    assert score("2020年度", counts=in_year_list) > score("2020年度"), "so does a report-like list"
