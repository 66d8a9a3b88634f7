"""The result type, the status constants and the rendering shared by every format reader.

Readers produce *blocks* in document order: a paragraph is a ``str``, a table is a list of rows of
``Cell(text, rowspan, colspan)`` anchors (a merged cell appears once, at its top-left). ``finish`` turns them
into ``text`` / ``html`` / ``tables`` with the same conventions as the HTML body (``govreports.extract.tables``):
the grid is expanded by ``tables.table_grid`` itself, so in ``tables`` a row-spanning cell's text is repeated in
every row it covers (what the statistics parser reads) while ``text`` has it once, in its first row; the extra
columns of a column-spanning cell are empty; text rows drop trailing empty cells and empty rows and join cells
with a tab. ``html`` keeps the spans as rowspan/colspan attributes, so reading it
back through ``tables`` gives the same grid.
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass, field
from typing import NamedTuple

OK = "ok"
NEEDS_OCR = "needs_ocr"
ENCRYPTED = "encrypted"
CORRUPT = "corrupt"
EMPTY = "empty"
NOT_A_DOCUMENT = "not_a_document"
UNSUPPORTED = "unsupported"
CONVERTER_MISSING = "converter_missing"
TOO_LARGE = "too_large"  # set by the crawler for oversized downloads; here also for ZIPs that unpack too big
STATUSES = (OK, NEEDS_OCR, ENCRYPTED, CORRUPT, EMPTY, NOT_A_DOCUMENT, UNSUPPORTED, CONVERTER_MISSING, TOO_LARGE)

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
    "rtf": "application/rtf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "ofd": "application/ofd",
    "zip": "application/zip",
    "html": "text/html",
    "rar": "application/vnd.rar",
    "7z": "application/x-7z-compressed",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "tiff": "image/tiff",
    "bmp": "image/bmp",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ppt": "application/vnd.ms-powerpoint",
    "unknown": "application/octet-stream",
}


@dataclass
class DocumentText:
    status: str
    format: str = "unknown"
    mime: str = ""
    text: str = ""
    html: str = ""
    tables: list[list[list[str]]] = field(default_factory=list)
    pages: int | None = None
    message: str = ""
    # the lines the layout sets apart at the top of the first page (larger, centred), see heading.py
    heading: list[str] = field(default_factory=list)
    # for a ZIP: (member name, its DocumentText) for every member looked at, in archive order
    members: list[tuple[str, DocumentText]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.mime:
            self.mime = MIME.get(self.format, MIME["unknown"])

    @property
    def ok(self) -> bool:
        return self.status == OK


def failure(status: str, fmt: str, message: str, pages: int | None = None) -> DocumentText:
    return DocumentText(status=status, format=fmt, message=message, pages=pages)


class Cell(NamedTuple):
    text: str
    rowspan: int = 1
    colspan: int = 1


def table_grid(rows: list[list[Cell]], fill: bool = True) -> list[list[str]]:
    """The expanded grid, by the HTML path's own expansion (``fill=False``: a row-spanning cell once)."""
    from govreports.extract.tables import table_grid as grid_of

    return grid_of(
        [
            (
                None,
                [cell.text for cell in row],
                [str(cell.colspan) if cell.colspan > 1 else None for cell in row],
                [str(cell.rowspan) if cell.rowspan > 1 else None for cell in row],
            )
            for row in rows
        ],
        fill,
    )


def table_lines(grid: list[list[str]]) -> list[str]:
    """As render._table_lines: trailing empty cells dropped, empty rows dropped, cells joined by a tab."""
    lines = []
    for row in grid:
        row = list(row)
        while row and not row[-1]:
            row.pop()
        if any(row):
            lines.append("\t".join(row))
    return lines


def _table_html(rows: list[list[Cell]]) -> str:
    out = ["<table>"]
    for row in rows:
        out.append("<tr>")
        for cell in row:
            attrs = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            )
            out.append(f"<td{attrs}>{html_lib.escape(cell.text, quote=False)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def trim_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Drop trailing rows that hold no text (spreadsheets' formatted but empty rows)."""
    while rows and not any(cell.text for cell in rows[-1]):
        rows.pop()
    return rows


def finish(blocks: list, fmt: str, pages: int | None = None, heading: list[str] | None = None) -> DocumentText:
    """A DocumentText from blocks; status ok if any text came out, else empty."""
    lines: list[str] = []
    html_parts: list[str] = []
    tables: list[list[list[str]]] = []
    for block in blocks:
        if isinstance(block, str):
            if block:
                lines.append(block)
                html_parts.append(f"<p>{html_lib.escape(block, quote=False)}</p>")
            continue
        rows = trim_rows(block)
        if not rows:
            continue
        grid = table_grid(rows)
        if not any(any(row) for row in grid):
            continue
        tables.append(grid)
        lines.extend(table_lines(table_grid(rows, fill=False)))
        html_parts.append(_table_html(rows))
    if not lines:
        return DocumentText(status=EMPTY, format=fmt, pages=pages, message="the file holds no text")
    return DocumentText(
        status=OK, format=fmt, text="\n".join(lines), html="\n".join(html_parts), tables=tables, pages=pages,
        heading=list(heading or ()),
    )
