"""Memory benchmark: a crawl whose report column holds a 25 MB page, against the same crawl without it.

    python bench/big_page.py [--mb 25]

Serves a small portal on 127.0.0.1 (a thread of this process): a home page, a report column and three
reports, one of which is BIG. Two shapes of big page, each crawled on its own: a report pasted from Word
(every run a styled <span>, tables of styled cells: the markup is the bulk) and a report with its scans
inlined as data: URIs (one attribute is the bulk). Prints the peak RSS of the crawl's process tree (the
crawl process and its extraction workers, sampled every 50 ms) for each, beside the reference crawl of the
same portal without the big page, and what extracting each big page alone costs one process (its RSS
sampled every 5 ms during ``process_page``, above the RSS before). The aim (issue 13): no page costs more
than about 100 MB, and a crawl with a 25 MB page stays under 300 MB. Figures, not a test: the machine's load
moves them.
"""

from __future__ import annotations

import argparse
import base64
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crawl import run_measured  # noqa: E402

from tests.crawl.fault_portal import report_page  # noqa: E402

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "GOVREPORTS_OBEY_CRAWL_DELAY=False",
        "-s", "LOG_LEVEL=WARNING"]


def word_paste_page(megabytes: int) -> bytes:
    """A report pasted from Word: styled spans in every paragraph and cell, tables of twelve columns."""
    cell = ('<td width=64 style="width:48pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt">'
            '<p class=MsoNormal align=center style="text-align:center"><span lang=EN-US style="font-size:10.5pt;'
            'font-family:仿宋_GB2312;color:black">{n}</span></p></td>')
    row = '<tr style="height:14.25pt">' + "".join(cell.format(n=n) for n in range(12)) + "</tr>"
    para = ('<p class=MsoNormal style="text-indent:32.0pt;line-height:28.0pt"><span style="font-size:16.0pt;'
            'font-family:仿宋_GB2312">本年度，全县主动公开政府信息一百二十条，依申请公开办理四件，均按期答复。</span></p>')
    chunk = para * 20 + '<table border=1 style="border-collapse:collapse">' + row * 40 + "</table>"
    return report_page("大页县人民政府", after=chunk * (megabytes * 1024 * 1024 // len(chunk.encode()) + 1))


def inline_image_page(megabytes: int) -> bytes:
    """A report with its scanned pages inlined as base64 data: URIs."""
    scan = base64.b64encode(bytes(range(256)) * (megabytes * 2**20 * 3 // 4 // 256)).decode()
    return report_page("图片县人民政府", after=f'<p><img src="data:image/png;base64,{scan}"></p>')


class _Portal(BaseHTTPRequestHandler):
    big: bytes = b""

    def do_GET(self):
        pages = {"/": b'<html><body><a href="/ndbg/">\xe6\x94\xbf\xe5\xba\x9c\xe4\xbf\xa1\xe6\x81\xaf\xe5\x85\xac'
                      b'\xe5\xbc\x80\xe5\xb9\xb4\xe6\x8a\xa5</a></body></html>',  # 政府信息公开年报
                 "/ndbg/": self._column(), "/ndbg/a.html": report_page("东山县人民政府"),
                 "/ndbg/b.html": report_page("西河县人民政府")}
        if self.big:
            pages["/ndbg/big.html"] = self.big
        body = pages.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def _column(self) -> bytes:
        names = ["a", "b", *(["big"] if self.big else [])]
        links = "".join(f'<li><a href="/ndbg/{n}.html">某县{n}2023年政府信息公开工作年度报告</a></li>' for n in names)
        return f'<html><head><meta charset="utf-8"></head><body><ul>{links}</ul></body></html>'.encode()

    def log_message(self, *args):
        pass


def crawl_peak(big: bytes, work: Path, label: str) -> tuple[float, float, str]:
    """(peak RSS MB of the crawl's process tree, wall seconds, its summary line) with ``big`` on the column."""
    handler = type("Handler", (_Portal,), {"big": big})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        db = work / f"{label}.db"
        result, wall, peak = run_measured([sys.executable, "-m", "govreports.cli", "crawl",
                                           f"http://127.0.0.1:{server.server_port}/", "--db", str(db), *FAST])
    finally:
        server.shutdown()
    summary = next((line for line in result.stdout.splitlines() if "reports" in line), "").strip()
    return peak, wall, summary


_ALONE = """
import sys, threading, time
sys.path.insert(0, {root!r})
import psutil
from govreports.ingest import process_page
body = open(sys.argv[1], "rb").read()
me, peak, done = psutil.Process(), [0], threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], me.memory_info().rss)
        time.sleep(0.005)
before = me.memory_info().rss
sampler = threading.Thread(target=sample)
sampler.start()
result = process_page(body, "http://127.0.0.1/ndbg/big.html")
done.set()
sampler.join()
print((peak[0] - before) / 2**20, len(result.get("body_text", "")), result.get("is_report"))
"""


def extraction_cost(page: bytes, work: Path) -> tuple[float, int, bool]:
    path = work / "page.html"
    path.write_bytes(page)
    run = subprocess.run([sys.executable, "-c", _ALONE.format(root=str(ROOT)), str(path)], capture_output=True,
                         text=True, check=True)
    cost, chars, is_report = run.stdout.split()
    return float(cost), int(chars), is_report == "True"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=25, help="size of the big page in MB")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govreports-bigpage-"))
    print(f"{'run':<34}{'page MB':>8}{'extract +MB':>12}{'crawl peak MB':>15}{'wall s':>8}  summary")
    peak, wall, summary = crawl_peak(b"", work, "reference")
    print(f"{'reference: no big page':<34}{'-':>8}{'-':>12}{peak:>15.0f}{wall:>8.1f}  {summary}")
    shapes = (("report pasted from Word", word_paste_page), ("scans inlined as data: URIs", inline_image_page))
    for label, make in shapes:
        page = make(args.mb)
        cost, chars, is_report = extraction_cost(page, work)
        peak, wall, summary = crawl_peak(page, work, label.split()[0])
        print(f"{label:<34}{len(page) / 2**20:>8.1f}{cost:>12.0f}{peak:>15.0f}{wall:>8.1f}  {summary}"
              f"{'' if is_report else '  (big page NOT stored)'} [{chars} characters of body]")


if __name__ == "__main__":
    main()
