"""The Datasette plugin for govreports databases: Chinese full-text search and lean table pages.

Search. Datasette's table search (the search box, ``?_search=`` and ``?_search_COLUMN=``) runs
``rowid IN (SELECT rowid FROM <fts_table> WHERE <fts_table> MATCH escape_fts(:search))``, where ``escape_fts`` is
an SQL function Datasette registers on each connection. ``reports_fts`` holds character bigrams
(``govreports.store.fulltext``), so the words must be turned into phrases of bigrams before they reach FTS5:
this plugin registers its own ``escape_fts`` after Datasette's (``trylast``) on connections to a govreports
database, built on the same ``match_query`` as ``govreports search``. The metadata names ``reports_fts`` as the
reports table's ``fts_table``, which gives the table its search box. A tokenizer was the alternative: FTS5
tokenizers are C callbacks Python's sqlite3 cannot register, and every program that reads or writes the index
(the crawl's workers, sqlite-utils, Datasette) would have to load the same extension.

Table pages. A report's body is a few KB; a page of 100 reports with their bodies is over a megabyte. The
columns a table's ``plugins.govreports.hidden_columns`` metadata lists are left out of its HTML table page
(``_nocol``) unless the request chooses columns itself (``_col`` / ``_nocol``); row pages, JSON and CSV keep
every column.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from govreports.store.fulltext import match_query

PLUGIN = "govreports"
FTS_TABLE = "reports_fts"


def escape_bigrams(query: str) -> str:
    """The FTS5 MATCH expression for what a person typed: every word required, each as a phrase of its bigrams.
    Nothing searchable (punctuation, an empty box) becomes an empty phrase, which matches no row."""
    try:
        return match_query(query.replace('"', " ").split())
    except ValueError:
        return '""'


@hookimpl(trylast=True)  # after Datasette's own prepare_connection, which registers its escape_fts
def prepare_connection(conn, database, datasette):
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ? AND type = 'table'", [FTS_TABLE]).fetchone():
        conn.create_function("escape_fts", 1, escape_bigrams, deterministic=True)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def without_hidden_columns(scope, receive, send):
            if scope["type"] == "http" and scope.get("method") == "GET":
                hidden = _hidden_columns(datasette, scope["path"])
                if hidden:
                    scope = _with_nocol(scope, hidden)
            await app(scope, receive, send)

        return without_hidden_columns

    return wrap


def _hidden_columns(datasette, path: str) -> list[str]:
    """The columns to leave out of the HTML table page at ``path`` (none for any other page)."""
    for database in datasette.databases:
        tables = (datasette.metadata("databases") or {}).get(database, {}).get("tables", {})
        for table in tables:
            if datasette.urls.table(database, table) == path:
                config = datasette.plugin_config(PLUGIN, database=database, table=table, fallback=False) or {}
                return list(config.get("hidden_columns") or ())
    return []


def _with_nocol(scope: dict, hidden: list[str]) -> dict:
    query = scope.get("query_string", b"")
    if any(key in ("_col", "_nocol") for key, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True)):
        return scope  # the reader chose the columns
    extra = urlencode([("_nocol", column) for column in hidden]).encode("ascii")
    return {**scope, "query_string": query + b"&" + extra if query else extra}
