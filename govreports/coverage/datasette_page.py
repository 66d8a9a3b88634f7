"""The compliance view as a Datasette page: /-/coverage (a Datasette plugin, registered by the entry point
``govreports_coverage`` in pyproject.toml's ``[project.entry-points.datasette]``).

The page runs the same queries as `govreports coverage` on the first database that holds ``reports`` (or the one
``?db=`` names), in Datasette's own read thread, and shows the chart, the totals, the agency-years (filtered by
``site``, ``year`` and ``status``; at most ``_ROWS`` of them, the rest counted) and the largest changes of the
statistics. A link to it is added to Datasette's menu.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from govreports.coverage.chart import svg_chart
from govreports.coverage.queries import Tally, coverage_rows, statistics_changes, tallied

PATH = "/-/coverage"
_ROWS = 500  # agency-years listed on the page; the chart and the totals count all of them
_CHANGES = 20
_STYLE = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; font-size: 14px; }
tr.late td.status { color: #ef6c00; font-weight: bold; }
tr.missing td.status { color: #c62828; font-weight: bold; }
tr.on-time td.status { color: #2e7d32; }
form label { margin-right: 1em; }
"""
_COLUMNS = (("agency", "agency"), ("year", "year"), ("status", "status"), ("published_at", "published"),
            ("deadline", "deadline"), ("days_late", "days late"), ("revised", "revised"), ("site_name", "site"))
_CHANGE_COLUMNS = (("agency", "agency"), ("metric", "figure"), ("previous_year", "from"), ("year", "to"),
                   ("previous", "was"), ("value", "is"), ("change", "change"))


@hookimpl
def register_routes():
    return [(r"^/-/coverage$", coverage_page)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path(PATH), "label": "Coverage: who published, late, missing"}]


async def _reports_database(datasette, name: str | None):
    if name:
        return datasette.get_database(name)
    for database in datasette.databases.values():
        if database.name != "_internal" and "reports" in await database.table_names():
            return database
    return None


async def coverage_page(request, datasette):
    """/-/coverage?site=&year=&status=&db="""
    name = request.args.get("db") or None
    site = request.args.get("site") or None
    year_text = request.args.get("year") or ""
    wanted_status = request.args.get("status") or ""
    year = int(year_text) if year_text.isdigit() else None
    try:
        database = await _reports_database(datasette, name)
    except KeyError:
        database = None
    if database is None:
        return Response.html("<p>No database with a <code>reports</code> table.</p>", status=404)

    def read(conn):
        tally = Tally()
        shown, hidden = [], 0
        for row in tallied(coverage_rows(conn, site=site, year=year), tally):
            if wanted_status and row["status"] != wanted_status:
                continue
            if len(shown) < _ROWS:
                shown.append(row)
            else:
                hidden += 1
        changes = list(statistics_changes(conn, site=site, year=year, limit=_CHANGES))
        return tally, shown, hidden, changes

    tally, shown, hidden, changes = await database.execute_fn(read)
    return Response.html(_page(datasette, database.name, site, year_text, wanted_status, tally, shown, hidden,
                               changes))


def _page(datasette, db_name: str, site: str | None, year: str, wanted_status: str, tally: Tally,
          shown: list[dict], hidden: int, changes: list[dict]) -> str:
    totals = {kind: sum(counts[kind] for counts in tally.by_year.values())
              for kind in ("on_time", "late", "no_date", "missing")}
    statuses = ["", "on time", "late", "no date", "missing", "not due"]
    options = "".join(f'<option value="{escape(s)}"{" selected" if s == wanted_status else ""}>{escape(s or "any")}'
                      "</option>" for s in statuses)
    form = (f'<form method="get" action="{escape(datasette.urls.path(PATH))}">'
            f'<input type="hidden" name="db" value="{escape(db_name)}">'
            f'<label>site <input name="site" value="{escape(site or "")}"></label>'
            f'<label>year <input name="year" size="5" value="{escape(year)}"></label>'
            f'<label>status <select name="status">{options}</select></label>'
            '<input type="submit" value="Show"></form>')
    rows = "".join(_row(row) for row in shown)
    more = f"<p>… and {hidden} more agency-years: narrow by site, year or status.</p>" if hidden else ""
    query = urlencode({k: v for k, v in (("site", site or ""), ("year", year)) if v})
    csv_hint = f"<p>The same on the command line: <code>govreports coverage --format csv {escape(query)}</code></p>"
    change_rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(change[key]))}</td>" for key, _ in _CHANGE_COLUMNS) + "</tr>"
        for change in changes)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Coverage: annual reports, on time, late, missing</title>
<style>{_STYLE}</style></head><body>
<p><a href="{escape(datasette.urls.instance())}">Datasette</a> / coverage of <code>{escape(db_name)}</code></p>
<h1>Who published each year's report, who was late, who is missing</h1>
<p>Deadlines: 《中华人民共和国政府信息公开条例》 (2019) art. 49: departments of governments at county level and
above by 31 January, governments by 31 March of the next year (reports on 2018 and before: 31 March, art. 31 of
the 2007 text). Missing: the agency published other years, not this one.</p>
{form}
<p id="totals">{totals['on_time']} on time, {totals['late']} late, {totals['no_date']} without a date,
{totals['missing']} missing</p>
<div id="chart">{svg_chart(tally)}</div>
<h2>Agencies and years</h2>
<table id="coverage"><thead><tr>{"".join(f"<th>{escape(label)}</th>" for _, label in _COLUMNS)}</tr></thead>
<tbody>{rows}</tbody></table>{more}
<h2>Largest changes of the statistics from one report to the next</h2>
<table id="changes"><thead><tr>{"".join(f"<th>{escape(label)}</th>" for _, label in _CHANGE_COLUMNS)}</tr></thead>
<tbody>{change_rows}</tbody></table>
{csv_hint}
</body></html>"""


def _row(row: dict) -> str:
    cells = []
    for key, _ in _COLUMNS:
        value = row[key]
        if key == "published_at":
            text = value[:10]
        elif key == "revised":
            text = f"yes ({row['versions']} versions)" if value else ""
        else:
            text = "" if value is None else str(value)
        if key == "agency" and row["url"]:
            cells.append(f'<td class="agency"><a href="{escape(row["url"])}">{escape(text)}</a></td>')
        else:
            cells.append(f'<td class="{key.replace("_", "-")}">{escape(text)}</td>')
    return f'<tr class="{row["status"].replace(" ", "-")}">{"".join(cells)}</tr>'
