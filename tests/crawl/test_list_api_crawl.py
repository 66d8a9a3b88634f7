"""End to end: the real ``govreports crawl`` reads the demo portal's lists that only a JSON API fills."""

from __future__ import annotations

import sqlite3
from urllib.parse import unquote

import pytest

from tests.crawling import FAST, crawl, request_log
from tests.crawling import url_path as _path

FAMILIES = ["gkmlpt", "jpaas", "epoint", "irs"]


@pytest.fixture(scope="module")
def api_db(demo_portal, tmp_path_factory):
    db = tmp_path_factory.mktemp("list-api") / "govreports.db"
    # The portal is served for the whole session: count only the requests of this crawl.
    before = {name: len(_all_served(demo_portal, name)) for name in (*FAMILIES, "irs_search")}
    result = crawl(db, *(demo_portal.start_urls[name] for name in FAMILIES), settings=FAST)
    served = {name: _all_served(demo_portal, name)[count:] for name, count in before.items()}
    return db, result, served


def _stored(db, demo_portal, name: str) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url FROM reports WHERE site = ?", [demo_portal.urls[name].rstrip("/")])
        return {_path(url) for (url,) in rows}


def _all_served(demo_portal, name: str) -> list[tuple[str, str]]:
    """(method, path with query) of every request the demo site answered."""
    return [(method, unquote(path)) for method, path in request_log(demo_portal.urls[name])["requests"]]


@pytest.mark.parametrize("name", FAMILIES)
def test_each_family_stores_exactly_its_reports_and_no_decoy(api_db, demo_portal, name):
    db, _, _ = api_db
    expected = {report["path"] for report in demo_portal.expected[name]["reports"]}
    stored = _stored(db, demo_portal, name)
    assert stored - expected == set(), "stored pages that are not reports"
    assert expected - stored == set(), "reports missed"
    assert stored & set(demo_portal.expected[name]["decoys"]) == set()


def test_the_search_host_serves_the_api_call_only(api_db, demo_portal):
    db, _, served = api_db
    assert _stored(db, demo_portal, "irs_search") == set()
    served = served["irs_search"]
    assert served.count(("POST", "/irs/front/search")) == 3, "pageCount 3"
    assert {path for _, path in served} == {"/irs/front/search", "/robots.txt"}


def test_the_api_that_ignores_its_page_is_asked_twice_then_left(api_db):
    asked = [path for _, path in api_db[2]["jpaas"] if "pageId=1229451240" in path]
    assert len(asked) == 2 and '"pageNo":2' in asked[1], "page 1, then page 2 showing nothing new, then no more"


@pytest.mark.parametrize("name, first, last", [
    ("gkmlpt", "GET /gkmlpt/api/all/3047?page=1&sid=758001", "GET /gkmlpt/api/all/3047?page=2&sid=758001"),
    ("epoint", "GET /js/webBuilderCommon.js", "POST /EWB-FRONT/rest/lightfrontaction/getgovinfolist"),
])
def test_the_api_is_asked_the_way_the_page_asks_it(api_db, name, first, last):
    served = [f"{method} {path}" for method, path in api_db[2][name]]
    assert first in served and last in served
    assert not any("page=0" in entry or "page=3" in entry for entry in served), "page 0 is page 1; total is 117"


def test_the_crawl_runs_clean(api_db):
    _, result, _ = api_db
    assert "Traceback" not in result.stderr and "list API" not in result.stderr
