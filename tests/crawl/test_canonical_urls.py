"""One spelling per URL (discovery.canonical_url): what the crawl requests, dedupes and stores."""

import pytest

from govreports.crawl.discovery import canonical_url, fragment_carries_meaning, page_links, site_of


@pytest.mark.parametrize(("written", "canonical"), [
    # query order, escapes, host case, the scheme's default port, dot segments
    ("HTTP://WWW.Example.GOV.cn:80/a/../zwgk/list.asp?page=2&classid=5", "http://www.example.gov.cn/zwgk/list.asp?classid=5&page=2"),
    ("https://xxgk.example.cn:443/art/%e5%b9%b4%e6%8a%a5.html?", "https://xxgk.example.cn/art/%E5%B9%B4%E6%8A%A5.html"),
    ("http://127.0.0.1:8080/col/年报/index.html", "http://127.0.0.1:8080/col/%E5%B9%B4%E6%8A%A5/index.html"),
    # anchors into a page and viewer parameters name the same resource
    ("http://www.x.gov.cn/art/1.html#top", "http://www.x.gov.cn/art/1.html"),
    ("http://www.x.gov.cn/a/report.pdf#page=3", "http://www.x.gov.cn/a/report.pdf"),
    ("http://www.x.gov.cn/doc.html#_Toc31862", "http://www.x.gov.cn/doc.html"),
    ("http://www.x.gov.cn/#/", "http://www.x.gov.cn/"),
    ("http://www.x.gov.cn/#!/", "http://www.x.gov.cn/"),
    # fragments that name what a script shows: an app's record number, a hash route, a hashbang
    ("http://www.gd.gov.cn/gkmlpt/index#2629", "http://www.gd.gov.cn/gkmlpt/index#2629"),
    ("https://zwgk.y.gov.cn:8443/#/xxgk/ndbg?year=2022", "https://zwgk.y.gov.cn:8443/#/xxgk/ndbg?year=2022"),
    ("http://www.z.gov.cn/portal/#!/list/ndbg", "http://www.z.gov.cn/portal/#!/list/ndbg"),
    ("http://www.z.gov.cn/portal/#!ndbg", "http://www.z.gov.cn/portal/#!ndbg"),
])
def test_canonical_url(written, canonical):
    assert canonical_url(written) == canonical
    assert canonical_url(canonical) == canonical  # a fixed point


def test_fragments_are_judged_by_their_shape():
    assert fragment_carries_meaning("2629") and fragment_carries_meaning("/ndbg") and fragment_carries_meaning("!x")
    assert not any(fragment_carries_meaning(f) for f in ("", "top", "content", "page=2", "/", "!/", "a1"))


def test_origins_are_spelled_as_the_canonical_urls_are():
    assert site_of("HTTPS://Www.X.gov.cn:443/a") == "https://www.x.gov.cn"
    assert site_of("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert site_of(canonical_url("http://WWW.x.gov.cn:80/")) == site_of("http://www.x.gov.cn:80/b")


def test_page_links_are_canonical():
    html = """<ul><li><a href="list.asp?page=2&amp;id=5#top">下一页</a></li>
              <li><a href="/gkmlpt/index#2629">年报</a></li><li><a href="./#/xxgk/ndbg">年报</a></li></ul>"""
    urls = [link.url for link in page_links(html, "http://WWW.x.gov.cn:80/zwgk/")]
    assert urls == ["http://www.x.gov.cn/zwgk/list.asp?id=5&page=2", "http://www.x.gov.cn/gkmlpt/index#2629",
                    "http://www.x.gov.cn/zwgk/#/xxgk/ndbg"]
