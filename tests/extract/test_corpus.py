"""The labelled extraction corpus (fixtures/extraction_corpus): for every page, govreports' body against the gold
body (character F1 on whitespace-stripped text, >= 0.98) and its metadata against the gold metadata.

The scoring is the one bench/extraction.py reports: matched characters are the sum of the matching blocks that
difflib.SequenceMatcher(autojunk=False) finds between gold and candidate with all whitespace removed.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import subprocess
import sys

import pytest

from govreports.extract.page import extract_page
from tests.paths import CORPUS

PAGES = sorted(path.name[: -len(".html")] for path in CORPUS.glob("*.html"))
MIN_F1 = 0.98
META_FIELDS = ("title", "published_at", "agency", "agency_raw", "year", "index_no", "written_at", "column")


def char_f1(gold: str, candidate: str) -> float:
    a, b = re.sub(r"\s+", "", gold), re.sub(r"\s+", "", candidate)
    if not a or not b:
        return float(a == b)
    matched = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return 2 * matched / (len(a) + len(b))  # the harmonic mean of matched/len(b) and matched/len(a)


def meta(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.meta.json").read_text(encoding="utf-8"))


def gold(name: str) -> str:
    return (CORPUS / f"{name}.gold.txt").read_text(encoding="utf-8")


@functools.cache
def extracted(name: str) -> dict:
    return extract_page((CORPUS / f"{name}.html").read_bytes(), meta(name)["url"])


def test_corpus_is_large_and_varied():
    assert len(PAGES) >= 40
    assert len({meta(name)["family"] for name in PAGES}) >= 6
    for name in PAGES:
        assert gold(name).strip(), name


def test_corpus_is_what_the_generator_writes(tmp_path):
    subprocess.run([sys.executable, str(CORPUS / "make_corpus.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    written = sorted(path.name for path in tmp_path.iterdir())
    committed = sorted(path.name for path in CORPUS.iterdir() if path.name.endswith((".html", ".gold.txt", ".meta.json")))
    assert written == committed
    stale = [name for name in written if (tmp_path / name).read_bytes() != (CORPUS / name).read_bytes()]
    assert stale == [], "regenerate the corpus: python fixtures/extraction_corpus/make_corpus.py"


def test_scoring_notices_chrome_and_losses():
    body = gold("trs_editor_qingxi_gov_2021")
    assert char_f1(body, body) == 1.0
    chrome = "当前位置：首页 > 政务公开 > 政府信息公开年报\n发布时间：2022-01-25 来源：青溪县人民政府办公室 浏览次数：1024\n" * 3
    assert char_f1(body, chrome + body) < MIN_F1
    assert char_f1(body, body[: int(len(body) * 0.9)]) < MIN_F1


@pytest.mark.parametrize("name", PAGES)
def test_body_matches_gold(name):
    want, got = gold(name), extracted(name)["body_text"]
    score = char_f1(want, got)
    if score < MIN_F1:
        diff = "\n".join(list(difflib.unified_diff(want.splitlines(), got.splitlines(), "gold", "govreports", n=0, lineterm=""))[:40])
        pytest.fail(f"F1 {score:.4f} < {MIN_F1} (empty_reason: {extracted(name)['empty_reason']!r})\n{diff}")


@pytest.mark.parametrize("name", PAGES)
def test_metadata_matches_gold(name):
    want, result = meta(name), extracted(name)
    got = {field: result[field] for field in META_FIELDS}
    expected = {field: want[field] for field in META_FIELDS}
    got["published_at"] = (got["published_at"] or "")[:10]
    expected["published_at"] = expected["published_at"][:10]
    got["region_code"], expected["region_code"] = result["region"]["code"], want["region_code"]
    assert got == expected


@pytest.mark.parametrize("name", [name for name in PAGES if "attachments" in meta(name)])
def test_attachments_found(name):
    assert sorted(a["url"] for a in extracted(name)["attachments"]) == sorted(meta(name)["attachments"])
