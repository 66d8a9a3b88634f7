"""Collects one site's files, routes and ground truth while a site module builds it, then writes them."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from tests.demo_portal import documents, markup, report_text, table_values
from tests.demo_portal.catalog import Doc, Site

# reportlab cannot split a table inside a merged cell, and the 三、本年度办理结果 cell of the applications
# table spans more rows than a page holds: in PDFs, merges taller than this are drawn as unmerged cells
# (the text stays in the top one). DOCX keeps every merge.
PDF_MAX_ROWSPAN = 10


class SiteOutput:
    def __init__(self, site: Site):
        self.site = site
        self.files: dict[str, bytes] = {}
        self.routes: list[dict] = []
        self.list_pages: list[str] = []
        self.reports: list[dict] = []
        self.decoys: list[dict] = []
        self.robots_disallowed: list[str] = []
        self.offsite: set[str] = set()
        self.api: list[dict] = []  # the list API calls a reader must make (sites whose lists come from JSON)
        self.notes: dict = {}  # more ground truth a site states about itself (start paths of sub-sites …)

    def add(self, rel_file: str, text: str) -> None:
        # strict: a character the site's charset lacks is a generator bug, not something to hide
        self.files[rel_file] = text.encode(self.site.charset, errors="strict")

    def add_bytes(self, rel_file: str, data: bytes) -> None:
        """A file served as it is (a PDF or DOCX attachment)."""
        self.files[rel_file] = data

    def route(self, method: str, path: str, params: dict[str, str], rel_file: str, content: str | bytes,
              present: tuple[str, ...] = (), content_type: str = "") -> None:
        """A file reached only through method + path + params (and the ``present`` parameter names, whatever
        their value); ``content`` is text (encoded in the site's charset) or raw bytes."""
        entry = {"method": method, "path": path, "params": params, "file": rel_file}
        if present:
            entry["present"] = list(present)
        if content_type:
            entry["content_type"] = content_type
        self.routes.append(entry)
        if isinstance(content, bytes):
            self.add_bytes(rel_file, content)
        else:
            self.add(rel_file, content)

    def record(self, doc: Doc, blocks: list[tuple], stats: dict | None, attachment: str = "",
               attachment_format: str = "") -> None:
        """Ground truth for one document. ``blocks`` are the report's own text: for a report whose page only
        points at its attachment, the blocks written into the file. ``attachment`` is the absolute path of
        the report's file (with its query string where it has one), ``attachment_format`` "pdf" or "docx".
        A report flagged attachment_only or file_only gets ``body_source`` "attachment" or "file"."""
        if doc.kind == "disallowed":
            self.robots_disallowed.append(doc.path)
            return
        if doc.kind != "report":
            self.decoys.append({"path": doc.path, "title": doc.title, "kind": doc.kind})
            return
        lines = report_text.plain_text(blocks)
        entry = {
            "path": doc.path, "title": doc.title, "year": doc.year, "agency": doc.agency_name,
            "published": doc.published.strftime("%Y-%m-%d"), "list_title": doc.list_title,
            "title_form": doc.title_form, "body_start": lines[0][:24], "body_end": lines[-1][-12:],
            "flags": sorted(doc.flags),
        }
        if attachment:
            entry["attachment"] = attachment
            entry["attachment_format"] = attachment_format
        if "file_only" in doc.flags:
            entry["body_source"] = "file"
        elif "attachment_only" in doc.flags:
            entry["body_source"] = "attachment"
        if stats:
            entry["stats"] = stats
        self.reports.append(entry)

    def manifest(self) -> dict:
        s = self.site
        return {
            "start": s.start, "site_name": s.site_name, "encoding": s.charset, "send_charset": s.send_charset,
            "domain": s.domain, "site_code": s.site_code,
            "reports": sorted(self.reports, key=lambda r: r["path"]),
            "decoys": sorted(d["path"] for d in self.decoys),
            "decoy_details": sorted(self.decoys, key=lambda d: d["path"]),
            "robots_disallowed": self.robots_disallowed,
            "list_pages": self.list_pages,
            "offsite_links": sorted(self.offsite),
            **({"api": self.api} if self.api else {}), **self.notes,
        }

    def write(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        made: set[Path] = set()
        for rel_file, data in self.files.items():
            path = root / rel_file
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
        site_json = {"name": self.site.key, "site_name": self.site.site_name, "start": self.site.start,
                     "charset": self.site.charset, "send_charset": self.site.send_charset,
                     "domain": self.site.domain, "server": self.site.server}
        if self.site.placeholders:
            site_json["placeholders"] = True
        (root / "site.json").write_text(json.dumps(site_json, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if self.routes:
            # First match wins, so routes that ask more of a request go first (page=2 before the bare column).
            routes = sorted(self.routes, key=lambda r: (-len(r["params"]), -len(r.get("present", ()))))
            lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in routes)
            (root / "_routes.json").write_text(f"[\n{lines}\n]\n", "utf-8")


def report_document(fmt: str, title: str, blocks: list[tuple]) -> bytes:
    """A report's blocks as a PDF, DOCX or (Word web page) DOC: the title, then headings, paragraphs, captions and signature lines
    as paragraphs, the grids as tables where they stand; attachment lines are left out."""
    if fmt == "doc":  # a Word document saved as a web page, as many .doc attachments are
        return markup.word_html(title, blocks).encode("utf-8")
    paragraphs: list[str] = []
    tables: list[list[list[str]]] = []
    merges: list[list[tuple[int, int, int, int]]] = []
    positions: list[int] = []
    for block in blocks:
        kind = block[0]
        if kind == "table":
            if block[2]:
                paragraphs.append(block[2])
            rows, table_merges = table_values.grid_rows(block[1])
            if fmt == "pdf":
                table_merges = [m for m in table_merges if m[2] <= PDF_MAX_ROWSPAN]
            tables.append(rows)
            merges.append(table_merges)
            positions.append(len(paragraphs))
        elif kind != "attach":
            paragraphs.extend(report_text.plain_text([block]))
    return _document(fmt, title, _frozen(paragraphs), _frozen(tables), _frozen(merges), tuple(positions))


def _frozen(value):
    return tuple(_frozen(v) for v in value) if isinstance(value, (list, tuple)) else value


@lru_cache(maxsize=64)
def _document(fmt: str, title: str, paragraphs: tuple, tables: tuple, merges: tuple, positions: tuple) -> bytes:
    # Cached: the writers are slow (python-docx most of all) and a test generates the same portal twice.
    if fmt == "pdf":
        return documents.make_pdf(paragraphs, tables, merges, positions, title=title)
    if fmt == "docx":
        return documents.make_docx((title, *paragraphs), tables, merges, tuple(p + 1 for p in positions))
    raise ValueError(f"no writer for {fmt!r}")
