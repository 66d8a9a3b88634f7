"""Deterministic generator of the offline demo portal: fictional sites of the CMS families the crawler meets.

    python -m tests.demo_portal.generator OUT_DIR [--scale N]

writes OUT_DIR/<site>/… (pages in each site's own encoding, ``site.json``, ``_routes.json``) and
OUT_DIR/expected.json, the ground truth a crawl is checked against. Scale 1 is the committed demo
portal (govreports/demo/portal); scale N holds N times as many reports for benchmarks. Output depends
only on the scale: no clock, no hash seeds, no environment.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from tests.demo_portal import (
    catalog,
    site_county,
    site_epoint,
    site_gkmlpt,
    site_hanweb,
    site_irs,
    site_jpaas,
    site_jslist,
    site_oldtable,
    site_trs,
)
from tests.demo_portal.output import SiteOutput

SITE_MODULES = (site_trs, site_hanweb, site_oldtable, site_gkmlpt, site_jpaas, site_epoint, site_irs, site_county,
                site_jslist)
README = """# Demo portal (offline)

Fictional government portals, written by `tests/demo_portal/generator.py`; regenerate with

    python -m tests.demo_portal.generator govreports/demo/portal

and serve with `python -m govreports.demo.server` (one port per site). Place names and agencies are real,
everything said about them is invented. Do not edit these files by hand: tests compare them with the
generator's output byte for byte.

- `trs/` (start `/index.shtml`): 九江市人民政府 as a TRS WCM portal. UTF-8, relative links,
  column pages `index_N.shtml` counted only by an inline `createPageHTML(...)` call, body in
  `div.TRS_Editor`.
- `hanweb/` (start `/index.html`): 德清县人民政府 as a Hanweb (大汉) JCMS portal. UTF-8, column
  records in `<datastore>` XML, further pages by POST to `/module/web/jpage/dataproxy.jsp`,
  信息索引表 above the body, body between `ContentStart` and `ContentEnd`.
- `oldtable/` (start `/index.htm`): 太康县人民政府 as a pre-2018 county site. Nested tables,
  `<font>`, GBK bytes under a `gb2312` meta tag, no charset header, `list.asp?classid=15&page=N`
  with 上一页/下一页/尾页, `show.asp?id=N`, `Crawl-delay: 1`.

Newer sites, in one present-day layout (`tests/demo_portal/modern.py`), each list reached another way:

- `gkmlpt/` (start `/index.html`): 肇庆市人民政府 on Guangdong's gkmlpt. `/gkmlpt/index` is a Vue shell with
  `window._CONFIG` (`SID: '758001'`, `TREE: [...]`); the report category is linked as `/gkmlpt/index#3047`;
  `GET /gkmlpt/api/all/3047?page=N&sid=758001` answers 100 articles a page (page 0 = page 1), so the
  category holds 117 (105 reports); article pages are server-rendered.
- `jpaas/` (start `/index.html`): 安吉县人民政府 on Hanweb JPaaS. Column pages carry `unitbuild.js` script tags
  (`url`, `queryData` with `paramJson`); `GET /api-gateway/jpaas-publish-server/front/page/build/unit?…`
  answers `{"success":true,"data":{"html":…}}`, 15 a page, the total in `div.pagination[count]`. The 部门年报
  column's unit ignores its page: every page is its first one, and its count promises another.
- `epoint/` (start `/index.html`): 沛县人民政府 on Epoint. `/js/webBuilderCommon.js` holds `siteInfo`
  (`projectName`, `siteGuid`); `POST /EWB-FRONT/rest/lightfrontaction/getgovinfolist` with a JSON body
  (`pageIndex` from 0, `pageSize` 15) answers `custom.total` and `custom.data`.
- `irs/` (start `/index.html`) and `irs_search/` (its search host, another port): 通化市人民政府 with TRS IRS.
  The column page's script names `{{demo-site:irs_search}}/irs/front/search` (the server fills in the
  search site's URL) and the JSON body it posts (code, dataTypeId, channel `customFilter`, orderBy,
  searchBy, pageNo, pageSize 10); titles carry `<em>` highlights; without orderBy or searchBy the answer is
  `{"success":false,"msg":"排序方式不能为空！"}`.
- `county/` (start `/index.html`): 岳西县人民政府. The report column is linked as
  “岳西县人民政府办公室政府信息公开年报（含部门）” and lists only year sub-columns (2019年度, 2020年, 2021,
  2018年度报告, 2017年报 …); each year lists reports by agency name alone (县教育局 …), some straight to a
  PDF, DOCX or DOC file (the DOC a Word web page); 县教育局 has a sub-site under `/bmxz/jyj/` with its own
  report column.
- `jslist/` (start `/index.html`): 湄潭县人民政府, whose report list a script of its own decodes at run time
  (`/xxgk/ndbg/list.dat`): only a browser sees it.

Their `expected.json` entries add `api` (every list request a reader has to make, and what it yields),
`api_family`, `report_column` and site-specific notes. API answers are files under `_q/`, reached through
routes on query parameters or JSON body members, sent as `application/json;charset=UTF-8`.

The first three sites hold 30 annual reports each (2008–2024) from many agencies, and decoys: 政府工作报告, a
法治政府建设年度报告 and a notice about the reports inside the report column, 统计公报, news (one headline
names the reports), links to other hosts, and report links whose text is vague (“教育局年报”). The TRS
site lists one report under `/zwgk/ndbg/nbk/`, which its robots.txt forbids.

Some reports come with a real file (written by `tests/demo_portal/documents.py`: paragraphs, and the
statistics tables as ruled grids with their merged header cells):

- flag `attachment` (about one 2019+ report in five): the page holds the whole report and links a PDF
  copy of it (附件：….pdf).
- flag `attachment_only` (two reports per site, one of them 2019+ with statistics tables): the page says
  only “《…》全文详见附件。” and links the file, which holds the report: a PDF on `trs/` and `oldtable/`, a
  DOCX on `hanweb/`.
- flag `file_only` (one 2019+ report on `oldtable/`): there is no page; the list links straight at the PDF
  under `/UploadFiles/`, and the file's path is the report's path.

Files sit beside the TRS page (`./P0….pdf`), behind Hanweb's download route
(`/module/download/downfile.jsp?classid=0&filename=….pdf|.docx`, files under `_q/download/`) and under
`/UploadFiles/YYYYMM/` on the old county site. In PDFs, the 三、本年度办理结果 cell is not merged (a merge
taller than a page cannot be split across pages); DOCX keeps every merge.

`expected.json` is the ground truth: per site the report paths, titles, covered year, agency, date,
list-link text, first/last text lines of the report itself (for `attachment_only` and `file_only`
reports: of the file), `attachment` (the file's absolute path, with the query string on Hanweb) and
`attachment_format` (`pdf` or `docx`) for every report with a file, `body_source` (`attachment` or `file`)
for the reports whose page does not hold their text, and, for 2019+ reports, the numbers of the three
statistics tables (one report per site breaks the table identities on purpose: `identities_hold:
false`); decoys; the robots-forbidden path; list pages; off-site links. `site.json` and `_routes.json` in
each site tell the server how to answer; files under `_q/` are reached only through routes.
"""


def generate(out_dir: Path, scale: int = 1) -> dict:
    """Write every site under ``out_dir`` and return the manifest also written to expected.json."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out_dir = Path(out_dir)
    manifest = {}
    for module in SITE_MODULES:
        site = module.SITE
        docs = catalog.plan_site(site, scale)
        module.assign(docs)
        for doc in docs:
            doc.seed = f"{site.key}|{doc.kind}|{doc.title}|{doc.published:%Y%m%d%H%M}"
        catalog.link_neighbours(docs)
        output = SiteOutput(site)
        # A site on several hosts (a search API on its own host) returns the outputs of its other hosts.
        for each in (output, *(module.build(output, docs) or ())):
            target = out_dir / each.site.key
            if target.exists():
                shutil.rmtree(target)  # stale pages of an earlier run would be served as if they belonged
            each.write(target)
            manifest[each.site.key] = each.manifest()
    (out_dir / "expected.json").write_text(_dumps(manifest), "utf-8")
    (out_dir / "README.md").write_text(README, "utf-8")
    # Pages are committed as served bytes (GBK, CRLF): git must not convert them.
    (out_dir / ".gitattributes").write_text("* -text\n", "utf-8")
    return manifest


def _dumps(manifest: dict) -> str:
    """Indented JSON with lists of numbers kept on one line, so the statistics stay readable."""
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    return re.sub(r"\[\s*(-?[\d.]+(?:,\s*-?[\d.]+)*)\s*\]",
                  lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", text) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.demo_portal.generator",
                                     description="Write the demo portal's sites and expected.json.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--scale", type=int, default=1, help="multiply the number of reports (default 1)")
    args = parser.parse_args(argv)
    manifest = generate(args.out_dir, args.scale)
    for key, site in manifest.items():
        print(f"{key}: {len(site['reports'])} reports, {len(site['decoys'])} decoys, "
              f"{len(site['list_pages'])} list pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
