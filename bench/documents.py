"""Speed of the document readers and the statistics-table parser, each beside a reference run.

    python bench/documents.py [--repeat N]

The tests check what these produce (and that bombs are refused from their headers, by peak memory); how
fast is measured here, where a loaded machine makes a slow figure rather than a failed test. For each case
the best of N runs, in milliseconds, and its reference:

- a ten-page PDF with three ruled tables: the PDFium route (the default) against the pdfplumber-only route;
- DOCX/XLSX zip bombs and an OFD with too many pages: refusing one against reading the clean package;
- parse_stats on a long page without statistics tables against parsing that HTML with lxml alone;
- parse_stats on the real pingtan 2024 report (../shared/real-pages, when present) against its lxml parse.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from govreports.disclosure_tables import parse_stats  # noqa: E402
from govreports.documents import ofd, read_document  # noqa: E402
from govreports.documents.pdf import read_pdf  # noqa: E402
from tests.demo_portal import documents as writers  # noqa: E402
from tests.documents import test_hardening as bombs  # noqa: E402
from tests.documents import test_readers as samples  # noqa: E402
from tests.paths import REAL_PAGES  # noqa: E402


def best_ms(work: Callable[[], object], repeat: int) -> float:
    work()  # imports and caches
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000


def row(case: str, measured: float, reference_name: str, reference: float) -> None:
    print(f"{case:<44} {measured:9.2f} ms   {reference_name:<28} {reference:9.2f} ms   x{measured / reference:.2f}")


def ten_page_pdf() -> bytes:
    paragraphs = [
        f"（{i}）本年度本机关主动公开政府信息{i}条，依申请公开办理{i * 3}件，行政复议{i}件，行政诉讼{i % 4}件。" * 2
        for i in range(110)
    ]
    return writers.make_pdf(paragraphs, [samples.TABLE] * 3, samples.MERGES * 3, table_positions=[10, 50, 90])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args(argv).repeat

    pdf = ten_page_pdf()
    row("ten-page PDF, PDFium route", best_ms(lambda: read_pdf(pdf), repeat),
        "pdfplumber route", best_ms(lambda: read_pdf(pdf, tables="pdfplumber"), repeat))

    for fmt in ("docx", "xlsx"):
        package = (writers.make_docx(["正文段落"]) if fmt == "docx"
                   else writers.make_xlsx([[["项目", "数量"], ["公开", "9"]]]))
        clean = best_ms(lambda package=package, fmt=fmt: read_document(package, f"a.{fmt}"), repeat)
        for build in (bombs._ratio_bomb, bombs._declared_total_bomb, bombs._declared_part_bomb):
            bomb = build(package)
            refused = best_ms(lambda bomb=bomb, fmt=fmt: read_document(bomb, f"a.{fmt}"), repeat)
            row(f"{fmt} {build.__name__.strip('_')} refused", refused, f"clean {fmt} read", clean)

    page = bombs._text_object("重复的页面")
    too_many = bombs._ofd(page, page_refs=ofd.MAX_PAGES + 1)
    three = bombs._ofd(page, page_refs=3)
    row(f"OFD of {ofd.MAX_PAGES + 1} pages refused", best_ms(lambda: read_document(too_many, "a.ofd"), repeat),
        "OFD of 3 pages read", best_ms(lambda: read_document(three, "a.ofd"), repeat))

    html = "<p>一、总体情况</p>" * 200
    text = "一、总体情况\n本年度共收到申请3件。\n" * 200
    row("parse_stats, page without statistics", best_ms(lambda: parse_stats(body_html=html, body_text=text), repeat),
        "lxml parse of the page", best_ms(lambda: lxml.html.fromstring(html), repeat))

    real = REAL_PAGES / "pingtan_nb_2024_shiyanqu.html"
    if real.is_file():
        from govreports.extract.page import extract_page

        data = extract_page(real.read_bytes(), "https://www.pingtan.gov.cn/a.html")
        row("parse_stats, pingtan 2024 report",
            best_ms(lambda: parse_stats(body_html=data["body_html"], body_text=data["body_text"]), repeat),
            "lxml parse of its body", best_ms(lambda: lxml.html.fromstring(data["body_html"]), repeat))
    else:
        print(f"(no {real}: the real-page case is skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
