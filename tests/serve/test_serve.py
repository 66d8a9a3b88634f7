"""`govreports serve`: Datasette on a real database over HTTP on 127.0.0.1 — Chinese search through Datasette's own
``_search``, foreign-key links, facets, metadata, canned queries and table pages without the bodies."""

from __future__ import annotations

import json

import pytest

from govreports import serve, store
from govreports.serve.plugin import escape_bigrams
from govreports.store.schema import FOREIGN_KEYS, missing_foreign_keys
from tests.crawling import govreports
from tests.serve.conftest import BODIES, get, make_database, quote

WORDS = ["行政复议", "复议", "政府信息公开", "政府信息公开 复议", "review", "不存在的词"]


def _search_urls(base: str, words: str) -> set[str]:
    status, text = get(f"{base}govreports/reports.json?_search={quote(words)}&_shape=array&_size=max&_col=title")
    assert status == 200, text
    return {row["url"] for row in json.loads(text)}


@pytest.mark.parametrize("words", WORDS)
def test_datasette_search_finds_what_govreports_search_finds(served, words):
    base, path = served
    expected = {row["url"] for row in store.search(store.open_db(path), words.split(), limit=100)}
    assert _search_urls(base, words) == expected


def test_the_searches_find_what_the_texts_hold(served):
    base, _ = served
    assert _search_urls(base, "行政复议") == {"http://a.test/2021.html", "http://b.test/2021.html"}
    assert _search_urls(base, "复议") == {"http://a.test/2021.html", "http://b.test/2021.html", "http://a.test/2020.html"}
    assert _search_urls(base, "政府信息公开") == {"http://a.test/2021.html", "http://a.test/2020.html",
                                              "http://b.test/2021.html"}
    assert _search_urls(base, "不存在的词") == set()
    assert _search_urls(base, "!!!") == set()  # nothing searchable: no row, no error


def test_search_by_column(served):
    base, _ = served
    status, text = get(f"{base}govreports/reports.json?_search_title={quote('政府信息公开')}&_shape=array&_col=title")
    assert status == 200, text
    assert [row["url"] for row in json.loads(text)] == ["http://a.test/2021.html"]


def test_the_reports_page_has_a_search_box_and_facets(served):
    base, _ = served
    status, html = get(f"{base}govreports/reports")
    assert status == 200
    assert 'id="_search"' in html
    for column in ("site_name", "year", "region_province", "kind"):
        assert f'data-column="{column}"' in html
    assert "平潭县人民政府" in html  # a facet value (and the file report's site name)


def test_table_pages_leave_the_bodies_out_but_rows_and_json_keep_them(served):
    base, _ = served
    _, html = get(f"{base}govreports/reports")
    assert "col-body_text" not in html and "col-body_html" not in html and "col-title" in html
    _, chosen = get(f"{base}govreports/reports?_col=title&_col=body_text")
    assert "col-body_text" in chosen and "本年度共收到行政复议申请2件" in chosen
    _, as_json = get(f"{base}govreports/reports.json?_shape=array")
    assert all("body_text" in row for row in json.loads(as_json))
    _, row_page = get(f"{base}govreports/reports/{quote('http~3A~2F~2Fa~2Etest~2F2021~2Ehtml')}")
    assert "本年度共收到行政复议申请2件" in row_page
    _, versions = get(f"{base}govreports/report_versions")
    assert "col-raw_zlib" not in versions and "col-body_text" not in versions


def test_rows_link_to_their_report(served):
    base, _ = served
    for table, column in (("report_stats", "report_url"), ("attachments", "report_url"),
                          ("report_versions", "url")):
        status, html = get(f"{base}govreports/{table}")
        assert status == 200
        assert f'<td class="col-{column} type-str"><a href="/govreports/reports/' in html, table
    # the report's page lists the rows of other tables that point at it
    _, row_page = get(f"{base}govreports/reports/{quote('http~3A~2F~2Fa~2Etest~2F2021~2Ehtml')}")
    assert "Links from other tables" in row_page and "report_stats" in row_page


def test_the_index_of_character_pairs_is_hidden_and_metadata_describes_the_tables(served):
    base, _ = served
    _, page = get(f"{base}govreports")
    assert "reports_fts" not in page and 'href="/govreports/report_stats"' in page
    _, cells = get(f"{base}govreports/report_stats")
    assert "Statistics-table cells" in cells and "never 0" in cells
    _, meta = get(f"{base}-/metadata.json")
    columns = json.loads(meta)["databases"]["govreports"]["tables"]["reports"]["columns"]
    assert "requests_new" in columns["stats_summary"]


def test_canned_search_query_ranks_with_bigrams(served):
    base, _ = served
    status, text = get(f"{base}govreports/search.json?words={quote('行政复议')}&_shape=array")
    assert status == 200, text
    assert {row["url"] for row in json.loads(text)} == {"http://a.test/2021.html", "http://b.test/2021.html"}
    status, text = get(f"{base}govreports/reports_per_site_and_year.json?_shape=array")
    assert status == 200 and {"site": "平潭县人民政府", "year": 2021, "reports": 1} in json.loads(text)


def test_escape_bigrams_is_match_query_for_the_search_box():
    assert escape_bigrams("行政复议") == '"行政 政复 复议"'
    assert escape_bigrams('"政府信息公开" 复议') == '"政府 府信 信息 息公 公开" AND "复议"'
    assert escape_bigrams("   ") == '""'


def test_a_database_made_without_foreign_keys_gets_them_once(tmp_path):
    path = tmp_path / "old.db"
    make_database(path)
    db = store.open_db(path)
    for table, column, _, _ in FOREIGN_KEYS:  # as databases made before this version were
        db[table].transform(drop_foreign_keys=[column])
    before = {table: db[table].count for table, *_ in FOREIGN_KEYS}
    assert missing_foreign_keys(db) == list(FOREIGN_KEYS)
    assert serve.prepare(path) == list(FOREIGN_KEYS)
    db = store.open_db(path)
    assert missing_foreign_keys(db) == [] and serve.prepare(path) == []
    assert {table: db[table].count for table, *_ in FOREIGN_KEYS} == before
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert len(BODIES) == db["reports"].count


def test_serve_without_a_database_fails_with_one_line(tmp_path):
    result = govreports("serve", "--db", str(tmp_path / "none.db"), "--port", "0")
    assert result.returncode == 2 and "no database" in result.stderr
