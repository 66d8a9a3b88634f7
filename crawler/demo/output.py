"""Collects one site's files, routes and ground truth while a site module builds it, then writes them."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.demo import report_text
from crawler.demo.catalog import Doc, Site


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

    def add(self, rel_file: str, text: str) -> None:
        # strict: a character the site's charset lacks is a generator bug, not something to hide
        self.files[rel_file] = text.encode(self.site.charset, errors="strict")

    def route(self, method: str, path: str, params: dict[str, str], rel_file: str, text: str) -> None:
        self.routes.append({"method": method, "path": path, "params": params, "file": rel_file})
        self.add(rel_file, text)

    def record(self, doc: Doc, blocks: list[tuple], stats: dict | None, attachment: str = "") -> None:
        """Ground truth for one document page."""
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
        (root / "site.json").write_text(json.dumps(site_json, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if self.routes:
            # First match wins, so routes that ask more of a request go first (page=2 before the bare column).
            routes = sorted(self.routes, key=lambda r: -len(r["params"]))
            lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in routes)
            (root / "_routes.json").write_text(f"[\n{lines}\n]\n", "utf-8")
