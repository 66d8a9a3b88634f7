"""govreports.disclosure_tables against the demo portal's ground truth: every number of every 2019+ report, read from its
page (or, for attachment-only and file-only reports, from its PDF/DOCX file)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from govreports.disclosure_tables import labels as L
from govreports.disclosure_tables import parse_stats
from govreports.documents import read_document
from govreports.extract.page import extract_page
from tests.paths import DEMO_ROOT

DEMO = DEMO_ROOT
EXPECTED = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
REPORTS = [(site, rep) for site in ("trs", "hanweb", "oldtable") for rep in EXPECTED[site]["reports"] if rep.get("stats")]


def _file(site: str, path: str) -> Path:
    """The fixture file the demo server answers with for a path (query routes through _routes.json)."""
    url = urlsplit(path)
    routes_file = DEMO / site / "_routes.json"
    if url.query and routes_file.exists():
        query = dict(parse_qsl(url.query))
        for route in json.loads(routes_file.read_text(encoding="utf-8")):
            if route["path"] == url.path and route.get("params", {}) == query:
                return DEMO / site / route["file"]
    return DEMO / site / url.path.lstrip("/")


def test_every_demo_site_has_statistics_reports():
    assert {site for site, _ in REPORTS} == {"trs", "hanweb", "oldtable"}
    assert any(rep.get("body_source") for _, rep in REPORTS)


@pytest.mark.parametrize(("site", "rep"), REPORTS, ids=[f"{s}:{r['path']}" for s, r in REPORTS])
def test_demo_report_numbers(site, rep):
    truth = rep["stats"]
    if rep.get("body_source"):  # the page only points at the file
        path = _file(site, rep["attachment"])
        doc = read_document(path.read_bytes(), path.name)
        result = parse_stats(tables=doc.tables)
    else:
        data = extract_page(_file(site, rep["path"]).read_bytes(), "http://demo.test" + rep["path"])
        result = parse_stats(body_html=data["body_html"], body_text=data["body_text"])
    assert result.template == truth["template"]
    assert result.tables_found == ["二", "三", "四"]
    for key, values in truth["applications"].items():
        got = [result.get("三", L.ROWS_3[key], column) for column in L.COLUMNS_3]
        assert [c.value if c else "missing" for c in got] == values, key
    active: dict = {}
    for cell in result.cells:
        if cell.table == "二":
            active.setdefault(cell.row, []).append(cell.value)
    assert active == truth["active"]
    assert [result.get("四", b, c).value for b in L.BLOCKS_4 for c in L.RESULTS] == truth["review_litigation"]
    assert result.identity_ok is truth["identities_hold"]
    assert result.problems == []
