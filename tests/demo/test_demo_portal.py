"""The demo portal: its generator (determinism, scale, ground truth) and its server (routes, encodings)."""

from __future__ import annotations

import html
import http.client
import io
import json
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from pathlib import Path

import pytest
from lxml import html as lxml_html

from govreports.demo.server import start_portal
from tests.demo_portal import generator, table_values
from tests.paths import DEMO_ROOT, REPO

SITES = ("trs", "hanweb", "oldtable")
CHROME = ("无障碍浏览", "长者专版", "当前位置", "浏览次数|点击数", "字体", "打印", "关闭", "微信",
          "微博", "QQ空间", "扫一扫在手机打开当前页", "我要纠错", "责任编辑", "上一篇", "下一篇",
          "相关链接|相关文章", "温馨提示", "主办单位", "版权所有", "网站标识码", "ICP备", "公网安备",
          "技术支持", "网站地图", "display:none")


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def text_of(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((DEMO_ROOT / "expected.json").read_text("utf-8"))


# ---------------------------------------------------------------- generator

def test_generator_is_deterministic_and_matches_committed_fixtures(tmp_path):
    first = generator.generate(tmp_path / "a")
    second = generator.generate(tmp_path / "b")
    assert first == second
    built = tree_bytes(tmp_path / "a")
    assert built == tree_bytes(tmp_path / "b")
    committed = tree_bytes(DEMO_ROOT)
    assert sorted(built) == sorted(committed), "govreports/demo/portal is stale: regenerate it"
    stale = [name for name in built if built[name] != committed[name]]
    assert not stale, f"regenerate govreports/demo/portal, these differ: {stale[:5]}"


def test_scale_multiplies_reports(tmp_path):
    manifest = generator.generate(tmp_path, scale=3)
    for name in SITES:
        site = manifest[name]
        paths = [r["path"] for r in site["reports"]]
        assert len(paths) == 90 and len(set(paths)) == 90
        assert len({(r["agency"], r["year"]) for r in site["reports"]}) == 90
        assert len(site["decoys"]) == 12
        assert len(site["list_pages"]) >= 7
    # sites whose scale-1 count serves paging grow by less per step (gkmlpt: 105, then 60 a step)
    assert [len(manifest[k]["reports"]) for k in ("gkmlpt", "jpaas", "epoint", "county")] == [225, 62, 36, 48]
    # the column also holds two decoys and the robots-forbidden copy
    assert len(list((tmp_path / "trs" / "zwgk" / "ndbg").glob("*/t*.shtml"))) == 90 + 3
    assert len(list((tmp_path / "hanweb" / "art").rglob("art_1229214366_*.html"))) == 90 + 2


def test_scale_rejects_nonsense(tmp_path):
    with pytest.raises(ValueError):
        generator.generate(tmp_path, scale=0)


def test_manifest_covers_the_brief(expected):
    for name in SITES:
        site = expected[name]
        reports = site["reports"]
        years = {r["year"] for r in reports}
        assert len(reports) >= 25
        assert min(years) <= 2010 and max(years) == 2024 and len(years) >= 10
        assert len({r["agency"] for r in reports}) >= 8
        assert len(site["list_pages"]) >= 3
        assert {d["kind"] for d in site["decoy_details"]} == {"rule_of_law", "notice", "work_report",
                                                              "stats_bulletin", "news"}
        assert any("vague_link" in r["flags"] and r["list_title"] != r["title"] for r in reports)
        assert any("政务公开工作年度报告" in r["title"] for r in reports)
        assert any(a.startswith(("http://", "https://")) for a in site["offsite_links"])
        for r in reports:
            assert str(r["year"]) in r["title"] and int(r["published"][:4]) == r["year"] + 1
            assert ("stats" in r) == (r["year"] >= 2019)
    [forbidden] = expected["trs"]["robots_disallowed"]
    assert forbidden.startswith("/zwgk/ndbg/nbk/t")
    assert not expected["hanweb"]["robots_disallowed"] and not expected["oldtable"]["robots_disallowed"]


def test_statistics_satisfy_identities_unless_marked(expected):
    broken = 0
    for name in SITES:
        for r in expected[name]["reports"]:
            if "stats" not in r:
                continue
            s = r["stats"]
            holds = table_values.identities_hold(s["applications"], s["template"])
            assert holds == s["identities_hold"] == ("broken_identity" not in r["flags"])
            broken += not holds
            review = s["review_litigation"]
            assert len(review) == 15 and all(sum(review[i:i + 4]) == review[i + 4] for i in (0, 5, 10))
            assert s["template"] == ("2019" if r["year"] <= 2020 else "2021")
    assert broken == len(SITES)


# ---------------------------------------------------------------- the committed portal, served

def test_every_report_page_is_served_with_its_text(demo_portal):
    for name in SITES:
        site = demo_portal.expected[name]
        for report in site["reports"]:
            status, headers, body = fetch(demo_portal.urls[name] + report["path"])
            assert status == 200, report["path"]
            if report.get("body_source") == "file":  # no page: the report is the PDF itself
                assert headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
                continue
            assert 10_000 <= len(body) <= 40_000, (report["path"], len(body))
            page = body.decode(site["encoding"])
            text = text_of(page)
            assert report["title"] in text
            if report.get("body_source") == "attachment":  # the text is in the attachment, tested below
                assert "详见附件" in text and report["body_start"] not in text
                continue
            assert report["body_start"] in text and report["body_end"] in text
            missing = [c for c in CHROME if not any(alt in page for alt in c.split("|"))]
            assert not missing, (report["path"], missing)
            if name != "oldtable":
                assert f'<meta name="ArticleTitle" content="{report["title"]}"' in page
                assert f'content="{report["published"]}' in page  # PubDate
            if "stats" in report:
                assert page.count("<table") >= 3 and "rowspan" in page and "colspan" in page


def test_content_types_and_charsets(demo_portal):
    for name, charset in (("trs", "; charset=utf-8"), ("hanweb", "; charset=utf-8"), ("oldtable", "")):
        status, headers, _ = fetch(demo_portal.start_urls[name])
        assert status == 200 and headers["Content-Type"] == "text/html" + charset
        status, headers, robots = fetch(demo_portal.urls[name] + "/robots.txt")
        assert status == 200 and headers["Content-Type"] == "text/plain" + charset
        assert b"User-agent: *" in robots and b"Disallow:" in robots


def on_page(reports: list[dict]) -> list[dict]:
    """The reports whose page holds their text."""
    return [r for r in reports if "body_source" not in r]


def test_gbk_site_declares_gb2312_but_needs_gbk(demo_portal):
    report = on_page(demo_portal.expected["oldtable"]["reports"])[0]
    _, headers, body = fetch(demo_portal.urls["oldtable"] + report["path"])
    assert "charset" not in headers["Content-Type"]
    assert b'content="text/html; charset=gb2312"' in body
    assert b"\r\n" in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    page = body.decode("gbk")
    article = page.split('id="fontzoom"')[1].split("</td>")[0]
    assert report["body_start"] in text_of(article)
    assert any(ch in article for ch in "堃喆珺镕")  # in the report's own text, not only in the chrome


def test_robots_rules(demo_portal):
    for name in SITES:
        _, _, robots = fetch(demo_portal.urls[name] + "/robots.txt")
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(robots.decode("ascii").splitlines())
        for report in demo_portal.expected[name]["reports"]:
            assert parser.can_fetch("govreports", demo_portal.urls[name] + report["path"])
        for path in demo_portal.expected[name]["robots_disallowed"]:
            assert not parser.can_fetch("govreports", demo_portal.urls[name] + path)
            assert fetch(demo_portal.urls[name] + path)[0] == 200  # it exists: only robots.txt keeps it out
        if name == "oldtable":
            assert parser.crawl_delay("govreports") == 1


def test_decoys_and_list_pages_are_served(demo_portal):
    for name in ("trs", "oldtable"):
        site = demo_portal.expected[name]
        for path in site["decoys"] + site["list_pages"]:
            assert fetch(demo_portal.urls[name] + path)[0] == 200, path
    site = demo_portal.expected["hanweb"]
    for path in site["decoys"]:
        assert fetch(demo_portal.urls["hanweb"] + path)[0] == 200, path


def test_trs_column_pages_count_only_in_create_page_html(demo_portal):
    pages = demo_portal.expected["trs"]["list_pages"]
    assert pages[0] == "/zwgk/ndbg/index.shtml" and pages[1] == "/zwgk/ndbg/index_1.shtml"
    column = ""
    for i, path in enumerate(pages):
        _, _, body = fetch(demo_portal.urls["trs"] + path)
        page = body.decode("utf-8")
        column += page
        assert f'createPageHTML({len(pages)}, {i}, "index", "shtml");' in page
        outside_scripts = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)
        assert "下一页" not in outside_scripts and "index_" not in outside_scripts
        assert re.search(r'href="\./\d{6}/t\d{8}_\d+\.shtml"', page)
    [forbidden] = demo_portal.expected["trs"]["robots_disallowed"]
    assert f'href="./nbk/{forbidden.rsplit("/", 1)[1]}"' in column


def test_hanweb_column_and_dataproxy(demo_portal):
    base = demo_portal.urls["hanweb"]
    _, _, body = fetch(base + "/col/col1229214366/index.html")
    page = body.decode("utf-8")
    total = int(re.search(r"totalRecord: (\d+), perPage: 10, unitid: 3579", page).group(1))
    first = re.findall(r'<li><a href="(/art/[^"]+)"', page)
    assert len(first) == 10 and "<nextgroup><![CDATA[" in page
    form = {"col": "1", "appid": "1", "webid": "12", "path": "/", "columnid": "1229214366",
            "sourceContentType": "1", "unitid": "3579", "webname": "德清县人民政府", "permissiontype": "0"}
    seen = list(first)
    for start in range(11, total + 1, 10):
        end = min(start + 9, total)
        url = f"{base}/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={end}&perpage=10"
        status, headers, xml = fetch(url, urllib.parse.urlencode(form).encode(),
                                     {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and headers["Content-Type"] == "text/xml; charset=utf-8"
        text = xml.decode("utf-8")
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?><datastore>')
        assert f"<totalrecord>{total}</totalrecord>" in text
        records = re.findall(r'href="(/art/[^"]+)"', text)
        assert len(records) == end - start + 1
        seen += records
    reports = {r["path"] for r in demo_portal.expected["hanweb"]["reports"]}
    assert reports <= set(seen) and len(seen) == total
    # the data proxy answers POSTs only, and only for the pages it has
    assert fetch(f"{base}/module/web/jpage/dataproxy.jsp?startrecord=11&endrecord=20&perpage=10")[0] == 404
    assert fetch(f"{base}/module/web/jpage/dataproxy.jsp?startrecord=12&endrecord=20",
                 urllib.parse.urlencode(form).encode())[0] == 404


def test_hanweb_body_markers(demo_portal):
    report = on_page(demo_portal.expected["hanweb"]["reports"])[-1]
    _, _, body = fetch(demo_portal.urls["hanweb"] + report["path"])
    page = body.decode("utf-8")
    zoom = page.index('id="zoom"')
    start, end = page.index('<meta name="ContentStart">'), page.index('<meta name="ContentEnd">')
    assert zoom < start < end
    assert page.index("<!--ZJEG_RSS.content.begin-->") < start
    assert end < page.index("<!--ZJEG_RSS.content.end-->")
    index_table = page.index("索 引 号")
    assert index_table < start and "发布机构" in page[index_table:start]
    assert report["body_start"] in text_of(page[start:end])


def test_trs_body_container_holds_its_style(demo_portal):
    report = on_page(demo_portal.expected["trs"]["reports"])[0]
    _, _, body = fetch(demo_portal.urls["trs"] + report["path"])
    page = body.decode("utf-8")
    assert re.search(r'<div class="TRS_Editor"><style type="text/css">\.TRS_Editor P\{', page)
    for meta in ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate",
                 "ContentSource", "Keywords", "Description", "Url"):
        assert f'<meta name="{meta}"' in page
    assert f'<meta name="Url" content="http://www.jiujiang.gov.cn{report["path"]}">' in page


def test_oldtable_pager_and_routes(demo_portal):
    base = demo_portal.urls["oldtable"]
    pages = demo_portal.expected["oldtable"]["list_pages"]
    bodies = [fetch(base + p)[2].decode("gbk") for p in pages]
    assert fetch(base + "/list.asp?classid=15")[2] == fetch(base + pages[0])[2]
    assert ">上一页</a>" not in bodies[0] and ">下一页</a>" in bodies[0]
    assert ">下一页</a>" not in bodies[-1] and ">上一页</a>" in bodies[-1]
    assert all(">尾页</a>" in b for b in bodies[:-1])
    assert fetch(base + "/list.asp?classid=15&page=2&from=rss")[2] == fetch(base + pages[1])[2]
    assert fetch(base + "/show.asp?id=1")[0] == 404
    assert fetch(base + "/show.asp")[0] == 404
    assert fetch(base + "/_q/list_15_p1.htm")[0] == 404


def test_site_reachable_from_start_page(demo_portal):
    """A plain link-following walk (plus the two script pagers) finds every report and decoy."""
    for name in SITES:
        site, base = demo_portal.expected[name], demo_portal.urls[name]
        queue, seen, offsite, files = [site["start"]], set(), set(), set()
        while queue:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            status, _, body = fetch(base + path)
            if status != 200:
                continue
            page = body.decode(site["encoding"])
            page_no_scripts = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)
            hrefs = [html.unescape(h) for h in re.findall(r'<a [^>]*href="([^"#]+)"', page_no_scripts)]
            pager = re.search(r'createPageHTML\((\d+), \d+, "(\w+)", "(\w+)"\)', page)
            if pager:
                hrefs += [f"{pager[2]}_{i}.{pager[3]}" for i in range(1, int(pager[1]))]
            hrefs += re.findall(r'<li><a href="(/art/[^"]+)"', page)  # Hanweb's first records sit in a script
            for href in hrefs:
                url = urllib.parse.urljoin(base + path, href)
                if not url.startswith(("http://", "https://")):
                    continue  # javascript:, mailto:
                if not url.startswith(base + "/"):
                    offsite.add(url)
                    continue
                target = url[len(base):]
                robots_says_no = target.startswith("/zwgk/ndbg/nbk/")
                attachment = target.endswith(".pdf") or "downfile" in target
                if attachment:
                    files.add(target)
                elif not robots_says_no:
                    queue.append(target)
        wanted = {r["path"] for r in site["reports"]} | set(site["decoys"])
        if name == "hanweb":  # the rest of the report column comes from the data proxy, tested above
            wanted -= {r["path"] for r in site["reports"]}
        assert wanted <= seen | files, sorted(wanted - seen - files)[:5]
        attachments = {r["attachment"] for r in site["reports"] if "attachment" in r}
        if name != "hanweb":
            assert attachments <= files, sorted(attachments - files)
        assert not set(site["robots_disallowed"]) & seen
        assert offsite and all(not u.startswith(base) for u in offsite)


# ---------------------------------------------------------------- the server on a tiny site of our own

@pytest.fixture
def tiny_site(tmp_path) -> Path:
    site = tmp_path / "tiny"
    (site / "sub").mkdir(parents=True)
    (site / "_q").mkdir()
    (site / "_private").mkdir()
    (site / "site.json").write_text(json.dumps({"name": "tiny", "start": "/index.html", "charset": "gbk",
                                                "send_charset": True}), "utf-8")
    (site / "index.html").write_bytes("<html>首页</html>".encode("gbk"))
    (site / "list.asp").write_bytes(b"<html>plain list</html>")
    (site / "sub" / "index.htm").write_bytes(b"<html>sub index</html>")
    (site / "feed.xml").write_bytes(b"<?xml version='1.0'?><rss/>")
    (site / "notes.txt").write_bytes(b"notes")
    (site / "paper.pdf").write_bytes(b"%PDF-1.4 fake")
    (site / "_private" / "secret.html").write_bytes(b"secret")
    (site / "_hidden.html").write_bytes(b"hidden")
    routed = (("a.html", "route a"), ("b.html", "route b"), ("post.xml", "<ok/>"), ("any.html", "any"))
    for name, text in routed:
        (site / "_q" / name).write_bytes(text.encode())
    routes = [
        {"method": "GET", "path": "/list.asp", "params": {"classid": "15", "page": "2"}, "file": "_q/b.html"},
        {"method": "GET", "path": "/list.asp", "params": {"classid": "15"}, "file": "_q/a.html"},
        {"method": "POST", "path": "/proxy.jsp", "params": {"columnid": "7", "startrecord": "11"},
         "file": "_q/post.xml"},
        {"method": "ANY", "path": "/show.asp", "params": {"id": "5"}, "file": "_q/any.html"},
    ]
    (site / "_routes.json").write_text(json.dumps(routes), "utf-8")
    return tmp_path


def test_routes_match_on_query_and_form_params(tiny_site):
    with start_portal(tiny_site) as portal:
        base = portal.urls["tiny"]
        assert portal.start_urls["tiny"] == base + "/index.html"
        assert fetch(base + "/list.asp?classid=15&page=2")[2] == b"route b"
        assert fetch(base + "/list.asp?page=2&classid=15&extra=1")[2] == b"route b"
        assert fetch(base + "/list.asp?classid=15")[2] == b"route a"
        assert fetch(base + "/list.asp?classid=15&page=9")[2] == b"route a"  # first match wins
        assert fetch(base + "/list.asp?classid=99")[2] == b"<html>plain list</html>"  # falls back to the file
        assert fetch(base + "/list.asp")[2] == b"<html>plain list</html>"
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        url = base + "/proxy.jsp?startrecord=11&endrecord=20"
        status, headers, body = fetch(url, b"columnid=7&unitid=1", form)
        assert (status, body) == (200, b"<ok/>") and headers["Content-Type"] == "text/xml; charset=gbk"
        assert fetch(base + "/proxy.jsp", b"columnid=7&startrecord=11", form)[2] == b"<ok/>"
        assert fetch(base + "/proxy.jsp?columnid=7&startrecord=11")[0] == 404  # GET does not fit a POST route
        assert fetch(base + "/proxy.jsp", b"columnid=8&startrecord=11", form)[0] == 404
        assert fetch(base + "/show.asp?id=5")[2] == b"any"
        assert fetch(base + "/show.asp", b"id=5", form)[2] == b"any"
        assert fetch(base + "/show.asp?id=6")[0] == 404
        assert [m for m, _ in portal.requests("tiny")].count("POST") == 4


def test_files_directories_and_404s(tiny_site):
    with start_portal(tiny_site) as portal:
        base = portal.urls["tiny"]
        status, headers, body = fetch(base + "/")
        assert status == 200 and body == "<html>首页</html>".encode("gbk")
        assert headers["Content-Type"] == "text/html; charset=gbk"
        assert fetch(base + "/sub/")[2] == b"<html>sub index</html>"
        status, headers, _ = fetch(base + "/sub?x=1")
        assert status == 301 and headers["Location"] == "/sub/?x=1"
        assert fetch(base + "/feed.xml")[1]["Content-Type"] == "text/xml; charset=gbk"
        assert fetch(base + "/notes.txt")[1]["Content-Type"] == "text/plain; charset=gbk"
        assert fetch(base + "/paper.pdf")[1]["Content-Type"] == "application/pdf"
        for hidden in ("/site.json", "/_routes.json", "/_q/a.html", "/_private/secret.html", "/_hidden.html",
                       "/missing.html", "/sub/missing/", "/../site.json"):
            status, headers, body = fetch(base + hidden)
            assert status == 404, hidden
            assert headers["Content-Type"] == "text/html" and b"404 Not Found" in body


def test_keep_alive_content_length_and_head(tiny_site):
    with start_portal(tiny_site) as portal:
        host, port = urllib.parse.urlsplit(portal.urls["tiny"]).netloc.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        feed = b"<?xml version='1.0'?><rss/>"
        steps = (("GET", "/index.html", 200), ("GET", "/nope", 404), ("HEAD", "/feed.xml", 200),
                 ("POST", "/show.asp", 200), ("GET", "/notes.txt", 200))
        for method, path, status in steps:
            body = b"id=5" if method == "POST" else None
            headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            assert response.status == status and response.version == 11
            if method == "HEAD":
                assert data == b"" and int(response.headers["Content-Length"]) == len(feed)
            else:
                assert int(response.headers["Content-Length"]) == len(data)
            assert response.headers.get("Connection", "").lower() != "close"
        conn.close()


def test_fixed_ports_count_up_in_site_order(tmp_path, tiny_site):
    other = tiny_site / "another"
    other.mkdir()
    config = {"name": "another", "start": "/", "charset": "utf-8"}
    (other / "site.json").write_text(json.dumps(config), "utf-8")
    (other / "index.html").write_bytes(b"another")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    try:
        portal = start_portal(tiny_site, port=port)
    except OSError:
        pytest.skip("the probed ports were taken meanwhile")
    with portal:
        assert portal.urls == {"another": f"http://127.0.0.1:{port}", "tiny": f"http://127.0.0.1:{port + 1}"}
        _, headers, body = fetch(portal.start_urls["another"])
        assert body == b"another" and headers["Content-Type"] == "text/html"


def test_command_line_prints_sites_and_stops_on_sigterm(tiny_site, serve_dir):
    portal = serve_dir(tiny_site)
    assert set(portal.start_urls) == {"tiny"} and portal.expected is None
    assert fetch(portal.start_urls["tiny"])[0] == 200
    process = subprocess.Popen([sys.executable, "-m", "govreports.demo.server", "--root", str(tiny_site)],
                               stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        name, url = process.stdout.readline().split()
        assert name == "tiny" and re.fullmatch(r"http://127\.0\.0\.1:\d+/index\.html", url)
        assert fetch(url)[0] == 200
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        process.stdout.close()


def test_request_log_endpoint(demo_portal):
    base = demo_portal.urls["trs"]
    fetch(base + "/zwgk/")
    _, headers, body = fetch(base + "/_demo/requests")
    assert headers["Content-Type"].startswith("application/json")
    assert ["GET", "/zwgk/"] in json.loads(body)["requests"]


def expand(table) -> list[list[str]]:
    """A <table> as a grid, rowspan/colspan copied into every cell they cover."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.xpath("./tbody/tr|./tr")):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in grid:
                c += 1
            text = re.sub(r"\s+", "", td.text_content())
            for dr in range(int(td.get("rowspan", 1))):
                for dc in range(int(td.get("colspan", 1))):
                    grid[(r + dr, c + dc)] = text
            c += int(td.get("colspan", 1))
    rows = max(r for r, _ in grid) + 1
    widths = [max(c for rr, c in grid if rr == r) + 1 for r in range(rows)]
    return [[grid.get((r, c), "") for c in range(widths[r])] for r in range(rows)]


@pytest.mark.parametrize("name", SITES)
def test_statistics_tables_read_back_as_the_manifest_says(demo_portal, name):
    site = demo_portal.expected[name]
    checked = set()
    for report in on_page(site["reports"]):
        if "stats" not in report or report["stats"]["template"] in checked:
            continue
        checked.add(report["stats"]["template"])
        body = fetch(demo_portal.urls[name] + report["path"])[2].decode(site["encoding"])
        tables = [expand(t) for t in lxml_html.fromstring(body).xpath("//table[@border='1']")]
        active, applications, review = tables[-3:]
        assert {len(row) for row in active} == {4}
        assert {len(row) for row in applications} == {10}
        assert [len(row) for row in review] == [15] * 4
        numbers = report["stats"]["applications"]
        assert [int(v) for v in applications[3][3:]] == numbers["一"]
        assert [int(v) for v in applications[-1][3:]] == numbers["四"]
        assert applications[-2][1] == "（七）总计"
        assert [int(v) for v in applications[-2][3:]] == numbers["三(七)"]
        assert [int(v) for v in review[-1]] == report["stats"]["review_litigation"]
    assert checked == {"2019", "2021"}


# ---------------------------------------------------------------- attachments

FILE_TYPES = {"pdf": ("application/pdf", b"%PDF-"),
              "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04")}


def document_text(data: bytes, name: str) -> str:
    """An attachment's text: the crawler's own reader when it is there, else pdfplumber / python-docx."""
    try:
        from govreports.documents import read_document
    except ImportError:
        read_document = None
    if read_document is not None:
        document = read_document(data, name)
        assert document.ok, (name, document.status, document.message)
        return document.text
    if data.startswith(b"%PDF"):
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    import docx

    return "\n".join(par.text for par in docx.Document(io.BytesIO(data)).paragraphs)


def test_manifest_names_every_file(expected):
    for name in SITES:
        reports = expected[name]["reports"]
        for r in reports:
            has_file = bool({"attachment", "attachment_only", "file_only"} & set(r["flags"]))
            assert ("attachment" in r) == has_file == ("attachment_format" in r), r["path"]
            if has_file:
                assert r["attachment"].startswith("/")
                assert r["attachment"].endswith("." + r["attachment_format"])
                docx = name == "hanweb" and "attachment_only" in r["flags"]
                assert r["attachment_format"] == ("docx" if docx else "pdf")
            source = "file" if "file_only" in r["flags"] else "attachment" if "attachment_only" in r["flags"] else None
            assert r.get("body_source") == source
            assert len(set(r["flags"]) & {"attachment", "attachment_only", "file_only", "vague_link",
                                          "broken_identity", "zwgk_title"}) <= 2
        only = [r for r in reports if r.get("body_source") == "attachment"]
        assert len(only) == 2 and any("stats" in r for r in only), name
        assert all(len(r["flags"]) == 1 for r in only)
        [*files] = [r for r in reports if r.get("body_source") == "file"]
        assert len(files) == (1 if name == "oldtable" else 0)
        for r in files:
            assert r["path"] == r["attachment"] and r["path"].startswith("/UploadFiles/") and "stats" in r


def test_every_attachment_is_served_as_its_format(demo_portal):
    for name in SITES:
        base = demo_portal.urls[name]
        for report in demo_portal.expected[name]["reports"]:
            if "attachment" not in report:
                continue
            ctype, magic = FILE_TYPES[report["attachment_format"]]
            status, headers, body = fetch(base + report["attachment"])
            assert status == 200, report["attachment"]
            assert headers["Content-Type"] == ctype and body.startswith(magic), report["attachment"]
            assert 3_000 <= len(body) <= 60_000, (report["attachment"], len(body))
    # a download route answers only for the file it names
    assert fetch(demo_portal.urls["hanweb"] + "/module/download/downfile.jsp?classid=0&filename=x.pdf")[0] == 404


def test_attachment_only_pages_point_at_their_file(demo_portal):
    for name in SITES:
        site = demo_portal.expected[name]
        for report in site["reports"]:
            if report.get("body_source") != "attachment":
                continue
            page = fetch(demo_portal.urls[name] + report["path"])[2].decode(site["encoding"])
            hrefs = [html.unescape(h) for h in re.findall(r'<a [^>]*href="([^"#]+)"', page)]
            targets = {urllib.parse.urljoin(report["path"], h) for h in hrefs}
            assert report["attachment"] in targets, report["path"]
            assert f"附件：{report['title']}.{report['attachment_format']}" in text_of(page).replace("\xa0", "")
            assert "rowspan" not in page  # the tables are in the file only


def test_file_only_report_is_linked_from_the_list(demo_portal):
    site = demo_portal.expected["oldtable"]
    [report] = [r for r in site["reports"] if r.get("body_source") == "file"]
    lists = "".join(fetch(demo_portal.urls["oldtable"] + p)[2].decode("gbk") for p in site["list_pages"])
    link = f'<a href="{report["path"].lstrip("/")}" target="_blank" title="{report["list_title"]}">'
    assert link in lists
    assert report["list_title"] == report["title"]
    assert "show.asp?id=" not in report["path"]


@pytest.mark.parametrize("name", SITES)
def test_attachments_hold_the_report_text(demo_portal, name):
    site = demo_portal.expected[name]
    for report in site["reports"]:
        if "attachment" not in report:
            continue
        body = fetch(demo_portal.urls[name] + report["attachment"])[2]
        text = re.sub(r"\s+", "", document_text(body, report["attachment"]))
        assert report["body_start"] in text and report["body_end"] in text, report["path"]
        assert report["title"] in text
        assert "详见附件" not in text
        if "stats" in report:  # the applications table's last row: 四、结转下年度继续办理 and its numbers
            assert "四、结转下年度继续办理" in text


def test_docx_attachments_keep_the_statistics_tables(demo_portal):
    import docx

    site = demo_portal.expected["hanweb"]
    [report] = [r for r in site["reports"] if r.get("attachment_format") == "docx" and "stats" in r]
    body = fetch(demo_portal.urls["hanweb"] + report["attachment"])[2]
    active, applications, review = docx.Document(io.BytesIO(body)).tables
    assert active.rows[0].cells[0].text == "第二十条第（一）项" and len(active.rows[0].cells) == 4
    assert [len(row.cells) for row in review.rows] == [15] * 4
    assert [int(c.text) for c in review.rows[-1].cells] == report["stats"]["review_litigation"]
    assert [int(c.text) for c in applications.rows[3].cells[3:]] == report["stats"]["applications"]["一"]
    assert applications.rows[-1].cells[0].text == "四、结转下年度继续办理"


def test_every_page_has_a_realistic_size():
    pages = [p for p in DEMO_ROOT.rglob("*") if p.suffix in (".shtml", ".html", ".htm")]
    assert len(pages) > 150
    odd = {p.relative_to(DEMO_ROOT).as_posix(): p.stat().st_size for p in pages
           if not 10_000 <= p.stat().st_size <= 40_000}
    assert not odd


def test_a_plain_directory_is_one_site(tmp_path, serve_dir):
    plain = tmp_path / "plain"
    (plain / "ndbg").mkdir(parents=True)
    (plain / "index.html").write_text("<html>home</html>", "utf-8")
    (plain / "ndbg" / "a.html").write_text("<html>a</html>", "utf-8")
    portal = serve_dir(plain)
    assert portal.start_urls == {"plain": portal.urls["plain"] + "/"}
    status, headers, body = fetch(portal.start_urls["plain"])
    assert (status, body, headers["Content-Type"]) == (200, b"<html>home</html>", "text/html")
    assert fetch(portal.urls["plain"] + "/ndbg/a.html")[2] == b"<html>a</html>"
    with pytest.raises(FileNotFoundError):
        start_portal(tmp_path / "missing")


# ---------------------------------------------------------------- JSON APIs and sites on several hosts

@pytest.fixture
def api_sites(tmp_path) -> Path:
    """Two sites of one government: a portal whose page names the API on the other, and the API host."""
    portal, search = tmp_path / "portal", tmp_path / "search"
    for site, start in ((portal, "/col.html"), (search, "/")):
        (site / "_q").mkdir(parents=True)
        config = {"name": site.name, "start": start, "charset": "utf-8", "send_charset": True, "placeholders": True}
        (site / "site.json").write_text(json.dumps(config), "utf-8")
    (portal / "col.html").write_text('<script>var API = "{{demo-site:search}}/api"; var me = "{{demo-site:portal}}";'
                                     ' var odd = "{{demo-site:nowhere}}";</script>', "utf-8")
    (portal / "plain.pdf").write_bytes(b"%PDF {{demo-site:search}}")
    answers = {"p1.json": '{"items":["{{demo-site:portal}}/a.html"]}', "p2.json": '{"items":[]}',
               "no.json": '{"success":false}', "unit.json": '{"html":"u2"}'}
    for name, text in answers.items():
        (search / "_q" / name).write_text(text, "utf-8")
    json_type = "application/json;charset=UTF-8"
    routes = [
        {"method": "POST", "path": "/api", "params": {"code": "c1", "filter.rules.0.value": "71", "pageNo": "1"},
         "present": ["orderBy"], "file": "_q/p1.json", "content_type": json_type},
        {"method": "POST", "path": "/api", "params": {"code": "c1"}, "present": ["orderBy"], "file": "_q/p2.json",
         "content_type": json_type},
        {"method": "POST", "path": "/api", "params": {"code": "c1"}, "file": "_q/no.json", "content_type": json_type},
        {"method": "GET", "path": "/unit", "params": {"pageId": "9", "paramJson.pageNo": "2"}, "file": "_q/unit.json"},
    ]
    (search / "_routes.json").write_text(json.dumps(routes), "utf-8")
    return tmp_path


def test_json_bodies_route_by_their_members(api_sites):
    with start_portal(api_sites) as portal:
        api = portal.urls["search"] + "/api"
        as_json = {"Content-Type": "application/json"}
        body = {"code": "c1", "orderBy": "time", "pageNo": 1, "filter": {"rules": [{"value": 71}]}}
        status, headers, data = fetch(api, json.dumps(body).encode(), as_json)
        assert status == 200 and headers["Content-Type"] == "application/json;charset=UTF-8"
        assert json.loads(data) == {"items": [portal.urls["portal"] + "/a.html"]}
        assert fetch(api, json.dumps({**body, "pageNo": "1"}).encode(), as_json)[2] == data  # "1" and 1 alike
        assert fetch(api, json.dumps({**body, "pageNo": 2}).encode(), as_json)[2] == b'{"items":[]}'
        unordered = {k: v for k, v in body.items() if k != "orderBy"}
        assert fetch(api, json.dumps(unordered).encode(), as_json)[2] == b'{"success":false}'
        assert fetch(api, b"{not json", as_json)[0] == 404
        assert fetch(api, json.dumps(body).encode(), {"Content-Type": "text/plain"})[0] == 404  # not read as JSON
        unit = portal.urls["search"] + "/unit?pageId=9&paramJson=" + urllib.parse.quote('{"pageNo": 2, "pageSize": 15}')
        assert fetch(unit)[2] == b'{"html":"u2"}'
        assert fetch(portal.urls["search"] + "/unit?pageId=9&paramJson=%7B%22pageNo%22%3A3%7D")[0] == 404


def test_placeholders_name_other_sites(api_sites):
    with start_portal(api_sites) as portal:
        page = fetch(portal.start_urls["portal"])[2].decode()
        assert f'var API = "{portal.urls["search"]}/api"' in page
        assert f'var me = "{portal.urls["portal"]}"' in page
        assert '"{{demo-site:nowhere}}"' in page  # an unknown site stays as written
        assert fetch(portal.urls["portal"] + "/plain.pdf")[2] == b"%PDF {{demo-site:search}}"  # files stay bytes
