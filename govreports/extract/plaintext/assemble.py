"""A page dump's lines → the extraction result: drop the chrome at the head and the tail, keep every body line,
and read the metadata off the chrome with the functions the HTML path uses (``govreports.extract.metadata``)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from govreports.disclosure_tables import parse_stats
from govreports.extract import metadata as md
from govreports.extract.classify import classify_kind
from govreports.extract.encoding import decode_html, sniff_binary_format
from govreports.extract.errors import NotHTMLError, UndecodableError
from govreports.extract.hijack import hijack_flags
from govreports.extract.plaintext.lines import (
    BULLET,
    COPYRIGHT_HOLDER,
    SECTION_START,
    SHARE,
    compact,
    digits,
    head_chrome,
    is_breadcrumb,
    is_footer,
    is_info_line,
    is_portal_name,
    is_prose,
    is_title,
    is_toggle,
    nonblank_lines,
    split_title,
)
from govreports.extract.region import find_region
from govreports.extract.result import Extraction, empty_extraction

_HEAD_WINDOW = 25  # the title sits within the first lines of a page dump, or there is none


@dataclass
class _Chrome:
    """What the head and tail scans dropped that says something: info lines (bullets taken off), footers, and
    the site name (a lone portal name above the title, else the copyright holder)."""

    info: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    site_name: str = ""

    def info_line(self, line: str) -> bool:
        """Keep the line if it is an info line / 信息索引表 row; say whether it was."""
        unbulleted = BULLET.sub("", line)
        if not is_info_line(unbulleted, bulleted=unbulleted != line):
            return False
        self.info.append(unbulleted)
        return True

    def portal_name(self, line: str) -> None:
        if not self.site_name and is_portal_name(line) and len(line.split()) == 1:
            self.site_name = line

    def footer(self, line: str) -> None:
        self.footers.append(line)
        m = COPYRIGHT_HOLDER.search(digits(line))
        if m and not self.site_name:
            self.site_name = m.group(1)


def _repeat_of_title(lines: list[str], i: int, title: str) -> int:
    """How many lines from i repeat the title (1–3 lines joined), or 0."""
    want = compact(title)
    joined = ""
    for n in range(1, 4):
        if i + n > len(lines):
            break
        joined += compact(lines[i + n - 1])
        if joined == want:
            return n
        if not want.startswith(joined):
            break
    return 0


def _find_title(lines: list[str]) -> tuple[str, int, int]:
    """(title, its first line, how many lines it takes), or ("", -1, 0): a title line (or one broken over two)
    among the first lines, before any prose or section heading."""
    for i, line in enumerate(lines[:_HEAD_WINDOW]):
        if is_prose(line) or SECTION_START.match(digits(line)):
            break
        if is_title(line):
            return line, i, 1
        if i + 1 < len(lines) and split_title(line, lines[i + 1]):
            return line + lines[i + 1], i, 2
    return "", -1, 0


def _scan_head(lines: list[str], chrome: _Chrome) -> tuple[str, int]:
    """Return (title, index of the first body line), keeping what the dropped chrome says."""
    title, title_at, title_len = _find_title(lines)
    i = 0
    if title_at >= 0:
        # Everything above the title is chrome: toggles, site names, navigation, the breadcrumb.
        for line in lines[:title_at]:
            if not chrome.info_line(line):
                chrome.portal_name(line)
        i = title_at + title_len
    else:
        # No title: drop only lines that are recognisably chrome.
        while i < min(len(lines), _HEAD_WINDOW):
            line = lines[i]
            if not chrome.info_line(line):
                if not head_chrome(line):
                    break
                chrome.portal_name(line)
            i += 1

    # Below the title: info line, 信息索引表 rows or bullets, share bars, and the title repeated.
    while i < len(lines):
        line = lines[i]
        if chrome.info_line(line):
            i += 1
            continue
        n = _repeat_of_title(lines, i, title) if title else 0
        if n:
            i += n
            continue
        if is_toggle(line) or is_breadcrumb(line) or SHARE.match(line):
            i += 1
            continue
        break
    return title, i


def _scan_tail(lines: list[str], start: int, chrome: _Chrome) -> int:
    """Return the index one past the last body line.

    Walk up from the end over lines that are footers or short non-prose lines (link lists under 相关链接,
    dates under 上一篇); cut at the topmost footer line met. Short lines above that footer stay: they are
    the report's own closing lines (a signature, a date, an empty last section heading)."""
    cut = len(lines)
    j = len(lines) - 1
    while j >= start:
        line = lines[j]
        if is_footer(line):
            cut = j
        elif is_prose(line) or len(line) > 80:
            break
        j -= 1
    for line in lines[cut:]:
        chrome.footer(line)
    return cut


def extract_text(text: str, url: str = "") -> Extraction:
    """Plain text of one report page → the same keys as ``govreports.extract.page.extract_page``."""
    lines = nonblank_lines(text)
    chrome = _Chrome()
    title, start = _scan_head(lines, chrome)
    end = _scan_tail(lines, start, chrome)
    body = lines[start:end]
    # the info lines as the HTML path's text stream; metadata comes from them, not from the body
    stream = md.lines_stream(chrome.info)
    if not title and is_title(md.labelled_title(stream)):
        title = md.labelled_title(stream)
    title = digits(title)

    result = empty_extraction(url)
    result.update(
        title=title,
        body_text="\n".join(body),
        body_html="\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in body),
        published_at=md.published_at({}, stream, url),
        written_at=md.written_at(stream),
        site_name=chrome.site_name,
        site_code=md.site_code({}, md.lines_stream(chrome.info + chrome.footers)),
        index_no=md.index_no(stream),
        doc_no=md.doc_no(stream),
        topic=md.topic(stream),
        # column stays "": plain text keeps no navigation to name it
    )
    identity = md.identify_agency(
        md.agency({}, stream, title, body_lines=body), title=title, issuers=md.issuers(stream),
        signed=md.signature(body), site_name=chrome.site_name, site=md.url_host(url),
    )
    result["agency"], result["agency_raw"], result["agency_key"] = identity
    result["year"] = md.report_year(title, result["body_text"], result["published_at"])
    result["stats_summary"] = parse_stats(body_text=result["body_text"]).summary
    result["region"] = find_region(result["agency"], result["site_name"], md.title_head(title))
    kind = classify_kind(title, result["body_text"])
    result["kind"], result["kind_confidence"] = kind.kind, kind.confidence
    result["flags"] = hijack_flags(title, result["body_text"])
    if not lines:
        result["empty_reason"] = "input is empty"
    elif not body:
        result["empty_reason"] = "no body text: every line is page chrome or metadata"
    return result


def _decode(body: bytes) -> str:
    try:
        sniff_binary_format(body)
    except NotHTMLError as exc:
        raise UndecodableError(str(exc).replace("not HTML", "not text")) from None
    text, _encoding = decode_html(body)
    return text


def extract_text_bytes(body: bytes, url: str = "") -> Extraction:
    """Decode (BOM, UTF-8, GB18030 — via ``govreports.extract.encoding``) and extract. Raises UndecodableError on
    binary input (NUL or control bytes, PDF/Office/image signatures, invalid in both UTF-8 and GB18030)."""
    return extract_text(_decode(body), url)
