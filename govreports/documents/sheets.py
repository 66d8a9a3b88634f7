"""Spreadsheets: XLSX through openpyxl (read_only, data_only: cached formula results), XLS through xlrd. Every
non-empty sheet becomes one table (preceded by its name when the workbook has several); merged ranges become
spanning cells. An XLSX past the package limits (limits.py: unpacked size, compression ratio) is refused as
``too_large`` before openpyxl opens it."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from govreports.documents.base import CORRUPT, ENCRYPTED, TOO_LARGE, Cell, DocumentText, failure, finish
from govreports.documents.layout import cell_text
from govreports.documents.limits import Budget, TooLarge, refuse_office_package

MAX_ROWS = 20000  # per sheet: a statistics table has dozens; beyond this it is a data dump
MAX_COLS = 200
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')


def _value_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return cell_text(str(value))


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _sheet_table(values: list[list[str]], merges: list[tuple[int, int, int, int]]) -> list[list[Cell]]:
    """Anchor rows from a value grid and merged ranges (first row, last row + 1, first col, last col + 1)."""
    width = max((len(row) for row in values), default=0)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rlo, rhi, clo, chi in merges:
        rhi, chi = min(rhi, len(values)), min(chi, width)
        if rlo >= rhi or clo >= chi or (rhi - rlo) * (chi - clo) > 100000:
            continue
        spans[(rlo, clo)] = (rhi - rlo, chi - clo)
        covered.update((r, c) for r in range(rlo, rhi) for c in range(clo, chi) if (r, c) != (rlo, clo))
    rows = []
    for r, row in enumerate(values):
        cells = []
        for c in range(width):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            cells.append(Cell(row[c] if c < len(row) else "", rowspan, colspan))
        rows.append(cells)
    return rows


def _trimmed(rows) -> list[list[str]]:
    out = []
    for raw in rows:
        row = [_value_text(v) for v in raw[:MAX_COLS]]
        while row and not row[-1]:
            row.pop()
        out.append(row)
        if len(out) >= MAX_ROWS:
            break
    while out and not out[-1]:
        out.pop()
    return out


def _blocks(sheets: list[tuple[str, list[list[Cell]]]]) -> list:
    sheets = [(name, rows) for name, rows in sheets if any(cell.text for row in rows for cell in row)]
    blocks: list = []
    for name, rows in sheets:
        if len(sheets) > 1:
            blocks.append(name)
        blocks.append(rows)
    return blocks


def read_xlsx(data: bytes) -> DocumentText:
    from openpyxl import load_workbook

    refused = refuse_office_package(data, "XLSX", "xlsx")
    if refused is not None:
        return refused
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        return failure(CORRUPT, "xlsx", f"the XLSX workbook cannot be opened ({type(exc).__name__})")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            sheets = []
            budget = Budget("XLSX")
            for ws in wb.worksheets:
                values = _trimmed(ws.iter_rows(values_only=True))
                merges = _xlsx_merges(zf, getattr(ws, "_worksheet_path", ""), budget)
                sheets.append((ws.title, _sheet_table(values, merges)))
    except TooLarge as exc:
        return failure(TOO_LARGE, "xlsx", str(exc))
    except Exception as exc:
        return failure(CORRUPT, "xlsx", f"the XLSX workbook cannot be read ({type(exc).__name__})")
    finally:
        wb.close()
    return finish(_blocks(sheets), "xlsx")


def _xlsx_merges(zf: zipfile.ZipFile, path: str, budget: Budget) -> list[tuple[int, int, int, int]]:
    """Merged ranges from the sheet's XML (openpyxl's read-only sheets do not expose them), read against the
    workbook's budget (TooLarge past it)."""
    if not path:
        return []
    try:
        xml = budget.read(zf, path.lstrip("/"))
    except KeyError:
        return []
    merges = []
    for m in _MERGE.finditer(xml):
        c1, r1, c2, r2 = m.groups()
        c2, r2 = c2 or c1, r2 or r1
        merges.append((int(r1) - 1, int(r2), _col_index(c1), _col_index(c2) + 1))
    return merges


def read_xls(data: bytes) -> DocumentText:
    import xlrd

    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        except NotImplementedError:  # formatting_info is refused for some files
            book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            return failure(ENCRYPTED, "xls", "the XLS workbook is password-protected")
        return failure(CORRUPT, "xls", f"the XLS workbook cannot be opened: {exc}"[:300])
    except Exception as exc:
        return failure(CORRUPT, "xls", f"the XLS workbook cannot be opened ({type(exc).__name__})")
    try:
        sheets = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            raw = (
                [_xls_value(sheet.cell(r, c), book.datemode) for c in range(min(sheet.row_len(r), MAX_COLS))]
                for r in range(min(sheet.nrows, MAX_ROWS))
            )
            values = _trimmed(raw)
            sheets.append((sheet.name, _sheet_table(values, list(sheet.merged_cells))))
            book.unload_sheet(index)
    except Exception as exc:
        return failure(CORRUPT, "xls", f"the XLS workbook cannot be read ({type(exc).__name__})")
    finally:
        book.release_resources()
    return finish(_blocks(sheets), "xls")


def _xls_value(cell, datemode: int):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except Exception:
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_EMPTY):
        return None
    return cell.value
