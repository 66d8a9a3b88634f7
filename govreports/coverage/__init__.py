"""The compliance view: who published each year's report, on time or late against the legal deadline, who is
missing, what was revised, and how the statistics changed (``govreports coverage``, and the Datasette page
/-/coverage of ``govreports.coverage.datasette_page``).

Modules: ``deadlines`` (the legal rule), ``queries`` (the rows, aggregated by SQLite and streamed), ``chart``
(the SVG chart), ``cli`` (the command), ``datasette_page`` (the Datasette plugin).
"""

from govreports.coverage.chart import svg_chart
from govreports.coverage.deadlines import deadline, is_government, status
from govreports.coverage.queries import (
    CHANGE_FIELDS,
    COVERAGE_FIELDS,
    Tally,
    coverage_rows,
    statistics_changes,
    tallied,
)

__all__ = [
    "CHANGE_FIELDS",
    "COVERAGE_FIELDS",
    "Tally",
    "coverage_rows",
    "deadline",
    "is_government",
    "statistics_changes",
    "status",
    "svg_chart",
    "tallied",
]
