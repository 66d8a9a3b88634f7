"""`govreports serve`: Datasette on a govreports database, with the project's plugin and metadata.

Datasette serves what is on this machine only: its pages load their scripts and styles from the server itself,
no plugin here fetches anything, and it listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001  # Datasette's own default
SETTINGS = {
    # Datasette would try every column of every table as a facet on each table page (bodies included): seconds
    # on a large database. The useful facets are named in the metadata.
    "suggest_facets": False,
    "default_page_size": 50,
    "facet_time_limit_ms": 1000,  # a facet over 100,000 reports takes a few hundred ms
    "sql_time_limit_ms": 5000,
}


def prepare(db_path: str | Path) -> list[tuple[str, str, str, str]]:
    """Bring the database's schema up to date for serving: columns, an index per facet column of the reports
    table (a facet counts the whole table on each page), foreign keys. Returns the foreign keys this added: on a
    database made before they existed that costs a one-time rebuild of those tables."""
    from govreports import store
    from govreports.serve.metadata import REPORT_FACETS
    from govreports.store.schema import add_foreign_keys

    db = store.open_db(db_path)
    for column in REPORT_FACETS:
        db["reports"].create_index([column], if_not_exists=True)
    return add_foreign_keys(db)


def datasette_app(db_path: str | Path):
    """The Datasette instance for one database, with the govreports plugins (search, coverage) and its metadata."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from govreports.coverage import datasette_page
    from govreports.serve import plugin
    from govreports.serve.metadata import metadata

    for module in (plugin, datasette_page):  # the entry points register them where govreports is installed
        if not pm.is_registered(module):
            pm.register(module)
    path = Path(db_path)
    return Datasette([str(path)], metadata=metadata(path.stem),
                     settings=SETTINGS)


def serve(db_path: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted. Port 0 takes a free port; ``announce`` gets the URL once the socket listens."""
    import uvicorn

    app = datasette_app(db_path).app()
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(128)  # before the URL is announced, so a client that reads it can connect at once
    bound = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    shown = f"[{host}]" if ":" in host else host
    announce(f"serving {db_path} at http://{shown}:{bound}/")
    sys.stdout.flush()
    server.run(sockets=[listener])
