"""The demo portal's newer sites, served: the four JSON-list families answer real-shaped JSON (paging, totals,
the unit that ignores its page, success:false without orderBy), the county portal's year sub-columns and
agency-name links, and the list only a browser can see."""

from __future__ import annotations

import ast
import base64
import html
import json
import re
import urllib.parse

import pytest
from lxml import html as lxml_html

from tests.demo.test_demo_portal import fetch, text_of
from tests.paths import DEMO_ROOT

API_SITES = ("gkmlpt", "jpaas", "epoint", "irs")
NEW_SITES = (*API_SITES, "county", "jslist")
JSON_TYPE = "application/json;charset=UTF-8"


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((DEMO_ROOT / "expected.json").read_text("utf-8"))


def wanted(site: dict) -> set[str]:
    return {r["path"] for r in site["reports"]} | set(site["decoys"])


def post_json(url: str, body: dict) -> tuple[int, dict, bytes]:
    return fetch(url, json.dumps(body, ensure_ascii=False).encode("utf-8"), {"Content-Type": "application/json"})


def answer(status_headers_body) -> dict:
    status, headers, body = status_headers_body
    assert status == 200 and headers["Content-Type"] == JSON_TYPE
    return json.loads(body.decode("utf-8"))


def test_new_sites_hold_reports_and_decoys(expected):
    for name in NEW_SITES:
        site = expected[name]
        assert len(site["reports"]) >= 8, name
        assert {d["kind"] for d in site["decoy_details"]} == {"rule_of_law", "notice", "work_report",
                                                              "stats_bulletin", "news"}
        assert any("stats" in r for r in site["reports"]) and any("stats" not in r for r in site["reports"])
    for name in API_SITES:
        assert expected[name]["api_family"] == name
        paged = [a for a in expected[name]["api"] if not a.get("ignores_page")]
        assert len(paged) >= 2 and all(a["items"] > 0 for a in paged), name
    assert len(expected["gkmlpt"]["reports"]) > 100  # the platform's pages hold 100
    assert expected["irs"]["api_site"] == "irs_search" and not expected["irs_search"]["reports"]
    assert expected["jslist"]["needs_browser"] is True


@pytest.mark.parametrize("name", NEW_SITES)
def test_every_new_report_is_served_with_its_text(demo_portal, name):
    site, base = demo_portal.expected[name], demo_portal.urls[name]
    for report in site["reports"]:
        status, _, body = fetch(base + report["path"])
        assert status == 200, report["path"]
        if report.get("body_source") == "file":
            continue  # the county portal's straight-to-file links, checked below
        text = text_of(body.decode("utf-8"))
        assert report["title"] in text
        if report.get("body_source") == "attachment":
            assert "详见附件" in text
            continue
        assert report["body_start"] in text and report["body_end"] in text
        assert f'<meta name="ArticleTitle" content="{report["title"]}"' in body.decode("utf-8")
    for report in site["reports"]:
        if "attachment" in report:
            status, _, body = fetch(base + report["attachment"])
            assert status == 200 and len(body) > 1000, report["attachment"]


# ---------------------------------------------------------------- gkmlpt

def test_gkmlpt_shell_config_and_paged_api(demo_portal):
    site, base = demo_portal.expected["gkmlpt"], demo_portal.urls["gkmlpt"]
    home = fetch(base + "/index.html")[2].decode("utf-8")
    assert 'href="/gkmlpt/index#3047"' in home and site["report_column"] == "/gkmlpt/index#3047"
    status, headers, body = fetch(base + "/gkmlpt/index")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode("utf-8")
    sid = re.search(r"SID:\s*'(\d+)'", page)[1]
    tree = json.loads(re.search(r"TREE:\s*(\[.*?\]),\s*SERVICE_AREA_ID", page, re.S)[1])
    [node] = [n for n in tree if n["id"] == 3047]
    total = len(wanted(site))
    assert node["post_count"] == total and any("jump_url" in n for n in tree)
    api = f"{base}/gkmlpt/api/all/3047"
    first = answer(fetch(f"{api}?page=1&sid={sid}"))
    assert len(first["articles"]) == 100 and first["total"] == first["classify"]["post_count"] == total
    assert fetch(f"{api}?page=0&sid={sid}")[2] == fetch(f"{api}?page=1&sid={sid}")[2]  # page 0 is page 1 again
    second = answer(fetch(f"{api}?page=2&sid={sid}"))
    assert len(second["articles"]) == total - 100
    assert answer(fetch(f"{api}?page=3&sid={sid}"))["articles"] == []
    urls = [a["url"] for a in first["articles"] + second["articles"]]
    assert all(u.startswith(base + "/gkmlpt/content/") for u in urls)
    assert {u[len(base):] for u in urls} == wanted(site)
    stamps = [a["display_publish_time"] for a in first["articles"] + second["articles"]]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    with_file = [a for a in first["articles"] + second["articles"] if a["attachment"]]
    assert with_file and all(fetch(f["url"])[1]["Content-Type"] == "application/pdf"
                             for a in with_file for f in a["attachment"])


# ---------------------------------------------------------------- Hanweb JPaaS

def _unit_scripts(page: str) -> list[dict]:
    out = []
    for script in lxml_html.fromstring(page).xpath("//script[contains(@src, 'unitbuild.js')]"):
        out.append({**ast.literal_eval(script.get("querydata")), "url": script.get("url")})
    return out


def test_jpaas_units_page_and_one_ignores_its_page(demo_portal):
    site, base = demo_portal.expected["jpaas"], demo_portal.urls["jpaas"]
    seen: dict[str, list[str]] = {}
    for column in site["list_pages"]:
        page = fetch(base + column)[2].decode("utf-8")
        units = _unit_scripts(page)
        assert [u["tagId"] for u in units] == ["信息列表", "页面导航"]
        unit = units[0]
        paging = json.loads(unit.pop("paramJson"))
        url = base + unit.pop("url")
        assert url.endswith("/api-gateway/jpaas-publish-server/front/page/build/unit")
        assert unit["parseType"] == "bulidstatic" and unit["editType"] == "null"

        def get(page_no: int, unit=unit, paging=paging, url=url) -> tuple[list[str], int]:
            params = {**unit, "paramJson": json.dumps({**paging, "pageNo": page_no})}
            data = answer(fetch(url + "?" + urllib.parse.urlencode(params)))
            assert data["success"] is True
            fragment = data["data"]["html"]
            links = re.findall(r'<li><a href="(/art/[^"]+)"[^>]* title="[^"]+">', fragment)
            count = re.search(r'class="pagination" count="(\d+)"', fragment)
            return links, int(count[1]) if count else 0

        links, count = get(1)
        pages = [links]
        for page_no in range(2, -(-count // paging["pageSize"]) + 1):
            pages.append(get(page_no)[0])
        seen[column] = [link for batch in pages for link in batch]
        if column == site["report_column"]:
            assert len(pages) >= 2 and len(seen[column]) == count == len(set(seen[column]))
            assert get(len(pages) + 1) == ([], 0)  # past the end: an empty fragment
        else:  # the broken unit: the same first page whatever is asked, and a count that promises more
            assert pages[1] == pages[0] == get(7)[0] and count > len(pages[0])
            seen[column] = pages[0]
    assert set().union(*seen.values()) == wanted(site)


# ---------------------------------------------------------------- Epoint

def test_epoint_site_js_and_posted_list(demo_portal):
    site, base = demo_portal.expected["epoint"], demo_portal.urls["epoint"]
    column = site["report_column"]
    page = fetch(base + column)[2].decode("utf-8")
    assert 'src="/js/webBuilderCommon.js"' in page and "/rest/lightfrontaction/getgovinfolist" in page
    page_size = int(re.search(r"pageSize: (\d+)", page)[1])
    script = fetch(base + "/js/webBuilderCommon.js")[2].decode("utf-8")
    info = json.loads(re.search(r"var siteInfo = (\{.*?\});", script)[1])
    categorynum = urllib.parse.parse_qs(urllib.parse.urlsplit(column).query)["categorynum"][0]
    api = base + info["projectName"] + "/rest/lightfrontaction/getgovinfolist"
    body = {"siteGuid": info["siteGuid"], "categorynum": categorynum, "deptcode": "", "pageSize": page_size}
    first = answer(post_json(api, {**body, "pageIndex": 0}))["custom"]
    total, found, index = first["total"], [], 0
    while index * page_size < total:
        data = answer(post_json(api, {**body, "pageIndex": index}))["custom"]
        assert data["total"] == total and 0 < len(data["data"]) <= page_size
        found += [item["infourl"] for item in data["data"]]
        index += 1
    assert index >= 2 and set(found) == wanted(site) and len(found) == total
    assert answer(post_json(api, {**body, "pageIndex": index}))["custom"]["data"] == []
    assert answer(post_json(api, {**body, "pageIndex": "1"}))["custom"]["data"]  # a string pageIndex works too
    assert fetch(api)[0] == 404  # a GET is not the API


# ---------------------------------------------------------------- TRS IRS on its search host

def test_irs_search_on_another_host(demo_portal):
    site, base = demo_portal.expected["irs"], demo_portal.urls["irs"]
    search = demo_portal.urls["irs_search"]
    assert search != base
    page = fetch(base + site["report_column"])[2].decode("utf-8")
    api = re.search(r'var IRS_API = "([^"]+)";', page)[1]
    assert api == search + "/irs/front/search" and "{{demo-site:" not in page
    query = json.loads(re.search(r"var irsQuery = (\{.*?\});\n", page)[1])
    assert query["customFilter"]["properties"][0]["property"] == "channel_id"
    titles, urls, page_no, pages = [], [], 1, 1
    while page_no <= pages:
        data = answer(post_json(api, {**query, "pageNo": page_no}))
        assert data["success"] is True
        pager = data["data"]["pager"]
        pages = pager["pageCount"]
        assert pager["total"] == len(wanted(site)) and pager["pageNo"] == page_no
        for box in data["data"]["middle"]["listAndBox"]:
            assert box["type"] == "DATA" and "title_no_tag" not in box["data"]
            titles.append(box["data"]["title"])
            urls.append(box["data"]["url"])
        page_no += 1
    assert pages >= 2 and all(u.startswith(base + "/art/") for u in urls)
    assert {u[len(base):] for u in urls} == wanted(site)
    assert sum("<em>" in t for t in titles) >= len(site["reports"])
    plain = {html.unescape(re.sub(r"<[^>]+>", "", t)) for t in titles}
    assert {r["title"] for r in site["reports"]} <= plain
    assert answer(post_json(api, {**query, "pageNo": pages + 1}))["data"]["middle"]["listAndBox"] == []
    for missing in ("orderBy", "searchBy"):
        body = {k: v for k, v in query.items() if k != missing}
        assert answer(post_json(api, body)) == {"success": False, "msg": "排序方式不能为空！"}


# ---------------------------------------------------------------- the county portal and the script-built list

def test_county_column_name_year_subcolumns_and_agency_links(demo_portal):
    site, base = demo_portal.expected["county"], demo_portal.urls["county"]
    zwgk = fetch(base + "/zwgk/index.html")[2].decode("utf-8")
    assert f'<a href="{site["report_column"]}">岳西县人民政府办公室政府信息公开年报（含部门）</a>' in zwgk
    labels = set(site["year_columns"].values())
    for form in (r"\d{4}年度", r"\d{4}年", r"\d{4}", r"\d{4}年度报告", r"\d{4}年报"):
        assert any(re.fullmatch(form, label) for label in labels), form
    column = fetch(base + site["report_column"])[2].decode("utf-8")
    by_path = {r["path"]: r for r in site["reports"]}
    link_texts, formats = set(), set()
    for year, label in site["year_columns"].items():
        assert f'<a href="/zwgk/xxgknb/{year}/index.html">{label}</a>' in column
        page = fetch(f"{base}/zwgk/xxgknb/{year}/index.html")[2].decode("utf-8")
        [block] = re.findall(r'<ul class="dept-list">.*?</ul>', page, re.S)
        for href, text in re.findall(r'<li><a href="([^"]+)" target="_blank">([^<]+)</a></li>', block):
            if href in by_path:
                assert text == by_path[href]["list_title"] and text.startswith("县")
                link_texts.add(text)
                if by_path[href].get("body_source") == "file":
                    formats.add(by_path[href]["attachment_format"])
    assert "县人民政府" in link_texts and len(link_texts) >= 5
    assert formats == {"pdf", "docx", "doc"}
    types = {"pdf": "application/pdf", "doc": "application/msword",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    for report in site["reports"]:
        if report.get("body_source") == "file":
            status, headers, body = fetch(base + report["path"])
            assert status == 200 and headers["Content-Type"] == types[report["attachment_format"]]
            if report["attachment_format"] == "doc":  # a Word web page
                assert b"urn:schemas-microsoft-com:office:word" in body
                assert report["body_start"] in text_of(body.decode("utf-8"))
    sub = [r for r in site["reports"] if r["path"].startswith("/bmxz/jyj/")]
    assert sub and all(r["agency"] == "岳西县教育局" for r in sub)
    sub_column = fetch(base + site["subsite_column"])[2].decode("utf-8")
    assert all(f'href="{r["path"]}"' in sub_column for r in sub)
    assert 'href="/bmxz/jyj/"' in fetch(base + "/bmxz/index.html")[2].decode("utf-8")


@pytest.mark.parametrize("name", ("county", "jslist"))
def test_static_links_reach_what_they_should(demo_portal, name):
    """A plain link walk: everything on the county portal; on jslist everything but the script-built list."""
    site, base = demo_portal.expected[name], demo_portal.urls[name]
    queue, seen = [site["start"]], set()
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, headers, body = fetch(base + path)
        if status != 200 or not headers["Content-Type"].startswith("text/html"):
            continue
        page = re.sub(r"<script\b.*?</script>", "", body.decode("utf-8"), flags=re.S)
        for href in re.findall(r'<a [^>]*href="([^"#]+)"', page):
            url = urllib.parse.urljoin(base + path, html.unescape(href))
            if url.startswith(base + "/"):
                queue.append(url[len(base):])
    missing = wanted(site) - seen
    if name == "county":
        assert not missing
    else:
        assert missing == {r["path"] for r in site["reports"]} | {d["path"] for d in site["decoy_details"]
                                                                   if d["kind"] in ("rule_of_law", "notice")}


def test_jslist_list_only_exists_after_its_script_runs(demo_portal):
    site, base = demo_portal.expected["jslist"], demo_portal.urls["jslist"]
    page = fetch(base + site["report_column"])[2].decode("utf-8")
    assert '<ul class="list" id="nb-list"></ul>' in page and "/art/" not in page
    data_url = re.search(r'NbList\.load\("([^"]+)"', page)[1]
    script = fetch(base + "/js/nblist.js")[2].decode("utf-8")
    assert "atob(" in script and "reverse()" in script
    rows = json.loads(base64.b64decode(fetch(base + data_url)[2]).decode("ascii")[::-1])
    in_list = {d["path"] for d in site["decoy_details"] if d["kind"] in ("rule_of_law", "notice")}
    assert {href for href, _, _ in rows} == {r["path"] for r in site["reports"]} | in_list
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) for _, _, date in rows)


@pytest.mark.parametrize("name", API_SITES)
def test_every_api_request_in_the_manifest_answers_as_it_says(demo_portal, name):
    """expected.json's ``api`` entries are exact requests: a reader's author can rely on them."""
    count = {"gkmlpt": lambda d: len(d["articles"]), "epoint": lambda d: len(d["custom"]["data"]),
             "jpaas": lambda d: d["data"]["html"].count("<li>"),
             "irs": lambda d: len(d["data"]["middle"]["listAndBox"])}[name]
    for request in demo_portal.expected[name]["api"]:
        base = demo_portal.urls[request.get("site", name)]
        if request["method"] == "GET":
            data = answer(fetch(base + request["path"] + "?" + urllib.parse.urlencode(request["params"])))
        else:
            data = answer(post_json(base + request["path"], request["json"]))
        assert count(data) == request["items"], request
