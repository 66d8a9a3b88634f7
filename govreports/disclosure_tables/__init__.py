"""The statistics tables of a 2019+ annual report (sections 二, 三 and 四 of the official template) as data.

    result = parse_stats(body_html=..., body_text=..., tables=...)

Sources, in this order, the first that holds a statistics table wins: the ``<table>`` elements of
``body_html`` (rowspan/colspan expanded by ``tables.table_grid``), the ready grids in ``tables`` (PDF/DOCX
attachments, same convention), the lines of ``body_text`` whose cells are still separated (TAB, ``|``/``｜``,
runs of 2+ spaces). Labels are canonical (see ``govreports.disclosure_tables.labels``); numbers are never repaired: the
identities of table 三 are checked and every failure is named in ``checks``. Pure and fast: nothing is
parsed when no source holds a table or a marker word.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from govreports.disclosure_tables import labels
from govreports.disclosure_tables.checks import run_checks
from govreports.disclosure_tables.parse import Parser
from govreports.disclosure_tables.rows import Row, grid_rows, has_markers, html_grids, text_rows

__all__ = ["SUMMARY_COUNTS", "StatCell", "StatsResult", "labels", "parse_stats"]

_TABLE_ORDER = ("二", "三", "四")
# The headline counts of ``StatsResult.summary``, in order (each an int or None); the summary also holds
# ``identity_ok``. Exports flatten the summary into these columns.
SUMMARY_COUNTS = (
    "requests_new", "requests_carried_over", "requests_processed", "granted", "partially_granted",
    "carried_forward", "reviews_total", "lawsuits_direct_total", "lawsuits_after_review_total",
)


@dataclass
class StatCell:
    table: str  # "二" | "三" | "四"
    block: str
    row: str
    column: str
    value: int | float | None
    raw: str


@dataclass
class StatsResult:
    template: str = ""  # "2019" | "2021" | ""
    cells: list[StatCell] = field(default_factory=list)
    tables_found: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    identity_ok: bool | None = None  # None: no table 三 to check (summary["identity_ok"] is then False)
    summary: dict | None = None

    def get(self, table: str, row: str, column: str) -> StatCell | None:
        """The cell at (table, canonical row, canonical column), or None."""
        for cell in self.cells:
            if cell.table == table and cell.row == row and cell.column == column:
                return cell
        return None

    def to_dict(self) -> dict:
        return asdict(self)


def parse_stats(body_html: str = "", body_text: str = "", tables: list[list[list[str]]] | None = None) -> StatsResult:
    for source in ("html", "tables", "text"):
        if source == "html":
            # a page's tables are statistics tables only if its text names them
            wanted = body_html and (has_markers(body_text) or has_markers(body_html))
            rows = grid_rows(html_grids(body_html)) if wanted else []
        elif source == "tables":
            rows = grid_rows(tables, first_source=10_000) if tables else []
        else:
            rows = text_rows(body_text, 20_000) if body_text and has_markers(body_text) else []
        if not rows:
            continue
        parser = Parser(_widths(rows))
        parser.feed(rows)
        if parser.tables:
            return _result(parser)
    return StatsResult()


def _widths(rows: list[Row]) -> dict[int, int]:
    widths: dict[int, int] = {}
    for row in rows:
        widths[row.source] = max(widths.get(row.source, 0), len(row.cells))
    return widths


def _result(parser: Parser) -> StatsResult:
    """The result of a parse that found tables. ``identity_ok`` stays None when table 三 is not among them
    (nothing to check); ``summary["identity_ok"]`` is always a bool, deliberately: True only when every identity
    of 三 was checked and holds, False when one fails, a needed cell is unreadable, or 三 is missing."""
    template = parser.finish()
    cells = [StatCell(f.table, f.block, f.row, f.column, f.value, f.raw) for f in parser.found]
    result = StatsResult(template=template, cells=cells, problems=parser.problems,
                         tables_found=[t for t in _TABLE_ORDER if t in parser.tables])
    three = {(f.key, f.column): f.value for f in parser.found if f.table == "三"}
    if "三" in parser.tables:
        result.checks = run_checks(three, template, set(three))
        result.identity_ok = bool(result.checks) and all(c["ok"] for c in result.checks)
    review = {f.block: f.value for f in parser.found if f.table == "四" and f.column == "总计"}
    total = labels.COLUMNS_3[-1]
    counts = (three.get(("一", total)), three.get(("二", total)), three.get(("三(七)", total)),
              three.get(("三(一)", total)), three.get(("三(二)", total)), three.get(("四", total)),
              review.get(labels.BLOCKS_4[0]), review.get(labels.BLOCKS_4[1]), review.get(labels.BLOCKS_4[2]))
    result.summary = {**dict(zip(SUMMARY_COUNTS, counts, strict=True)), "identity_ok": bool(result.identity_ok)}
    return result
