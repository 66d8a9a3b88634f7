"""Word: DOCX through python-docx (the body's paragraphs and tables walked in document order, merged cells
from w:gridSpan / w:vMerge); DOC, WPS and RTF converted to DOCX by LibreOffice headless first, so their tables
come out as tables. Without soffice, catdoc gives the text of a DOC/WPS (no tables). A DOCX past the package
limits (limits.py: unpacked size, compression ratio) is refused as ``too_large`` before python-docx opens it."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

from govreports.documents.base import CONVERTER_MISSING, CORRUPT, TOO_LARGE, Cell, DocumentText, failure, finish
from govreports.documents.convert import ConversionFailed, ConverterMissing, find_binary, run_text_tool, soffice_convert
from govreports.documents.heading import LARGER, first_heading
from govreports.documents.limits import Budget, TooLarge, refuse_office_package
from govreports.extract.normalise import fold, join_cjk

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _SDT, _TR, _TC = f"{W}p", f"{W}tbl", f"{W}sdt", f"{W}tr", f"{W}tc"
_T, _TAB, _BR, _CR = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"
_VAL = f"{W}val"
_HEADING_SCAN = 60  # paragraphs looked at for the heading (and for the body's usual size)


def read_docx(data: bytes, fmt: str = "docx") -> DocumentText:
    refused = refuse_office_package(data, "Word", fmt)
    if refused is not None:
        return refused
    try:
        body = _body(data)
    except TooLarge as exc:
        return failure(TOO_LARGE, fmt, str(exc))
    if body is None:
        return failure(CORRUPT, fmt, "the Word file cannot be opened (damaged or not a DOCX package)")
    try:
        return finish(list(_blocks(body)), fmt, heading=_heading(body))
    except Exception as exc:  # malformed XML structure deep in the body
        return failure(CORRUPT, fmt, f"the Word document cannot be read ({type(exc).__name__})")


def _body(data: bytes):
    """The w:body element: python-docx's, or parsed straight from word/document.xml when python-docx refuses
    the package (macro-enabled content types, missing optional parts). The caller has checked the package's
    declared sizes (check_package); TooLarge if word/document.xml inflates past them anyway."""
    try:
        import docx

        return docx.Document(io.BytesIO(data)).element.body
    except Exception:  # python-docx raises many kinds on odd packages
        pass
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = Budget("Word").read(zf, "word/document.xml")
    except TooLarge:
        raise
    except Exception:
        return None
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except Exception:
        return None
    return root.find(f"{W}body")


def _blocks(container):
    for child in container:
        tag = child.tag
        if tag == _P:
            yield from _paragraph_lines(child)
        elif tag == _TBL:
            yield _table(child)
        elif tag == _SDT:  # content control: its w:sdtContent holds paragraphs and tables
            for content in child.iterchildren(f"{W}sdtContent"):
                yield from _blocks(content)


def _heading(body) -> list[str]:
    """The heading among the first paragraphs (heading.py): paragraphs centred, in a title or heading style, or
    set larger than the body's usual run size (w:sz, half-points)."""
    paragraphs = [p for p in body.iterchildren(_P)][:_HEADING_SCAN]
    found = []  # (text, centred or titled, size)
    sizes: Counter = Counter()
    for p in paragraphs:
        text = "".join(_paragraph_lines(p))
        if not text:
            continue
        pr = p.find(f"{W}pPr")
        jc = pr.find(f"{W}jc") if pr is not None else None
        style = pr.find(f"{W}pStyle") if pr is not None else None
        titled = (jc is not None and jc.get(_VAL) == "center") or (
            style is not None and any(word in (style.get(_VAL) or "").lower() for word in ("title", "heading"))
        )
        size = max((_int(sz.get(_VAL), 0) for sz in p.iter(f"{W}sz")), default=0)
        sizes[size] += len(text)
        found.append((text, titled, size))
    body_size = sizes.most_common(1)[0][0] if sizes else 0
    return first_heading(
        [(text, titled or bool(body_size and size >= LARGER * body_size)) for text, titled, size in found]
    )


def _paragraph_lines(p) -> list[str]:
    """A paragraph's text; a manual line break (w:br) starts a new line, as <br> does in HTML bodies."""
    lines: list[list[str]] = [[]]
    skip = None
    for el in p.iter():
        if skip is not None:
            if el in skip:
                continue
            skip = None
        tag = el.tag
        if tag == _FALLBACK:  # the same content as the mc:Choice before it
            skip = set(el.iterdescendants())
        elif tag == _T:
            lines[-1].append(el.text or "")
        elif tag == _TAB:
            lines[-1].append(" ")
        elif tag in (_BR, _CR) and el.get(f"{W}type") in (None, "textWrapping"):
            lines.append([])
    return [text for text in (fold("".join(parts)) for parts in lines) if text]


def _cell_text(tc) -> str:
    parts = []
    for p in tc.iter(_P):
        parts.extend(_paragraph_lines(p))
    return join_cjk(parts)


def _int(value, default: int = 1) -> int:
    try:
        return max(default, int(value))
    except (TypeError, ValueError):
        return default


def _table(tbl) -> list[list[Cell]]:
    # first pass: per row, (start column, colspan, text, vMerge state) with state "restart", "continue" or None
    rows = []
    for tr in tbl.iterchildren(_TR):
        col = 0
        cells = []
        pr = tr.find(f"{W}trPr")
        before = pr.find(f"{W}gridBefore") if pr is not None else None
        if before is not None:
            skip = _int(before.get(_VAL), 0)
            if skip:
                cells.append((col, skip, "", None))
                col += skip
        for tc in tr.iter(_TC):
            if tc.getparent() is not tr and tc.getparent().tag != f"{W}sdtContent":
                continue  # a cell of a nested table
            tcpr = tc.find(f"{W}tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                grid_span = tcpr.find(f"{W}gridSpan")
                if grid_span is not None:
                    span = _int(grid_span.get(_VAL))
                merge = tcpr.find(f"{W}vMerge")
                if merge is not None:
                    vmerge = "restart" if merge.get(_VAL) == "restart" else "continue"
            cells.append((col, span, _cell_text(tc), vmerge))
            col += span
        rows.append(cells)
    out: list[list[Cell]] = []
    for r, cells in enumerate(rows):
        anchors = []
        for col, span, text, vmerge in cells:
            if vmerge == "continue" and r > 0:
                continue
            rowspan = 1
            if vmerge == "restart":
                for later in rows[r + 1 :]:
                    if any(c == col and v == "continue" for c, _, _, v in later):
                        rowspan += 1
                    else:
                        break
            anchors.append(Cell(text, rowspan, span))
        out.append(anchors)
    return out


def read_word_binary(data: bytes, fmt: str) -> DocumentText:
    """DOC / WPS / RTF: soffice → DOCX → read_docx. Without soffice, catdoc's plain text (DOC/WPS only)."""
    in_ext = "rtf" if fmt == "rtf" else "doc"
    try:
        converted = soffice_convert(data, in_ext, "docx:MS Word 2007 XML")
    except ConverterMissing:
        if fmt != "rtf" and find_binary("catdoc"):
            return _read_with_catdoc(data, fmt)
        return failure(
            CONVERTER_MISSING,
            fmt,
            f"soffice is not installed (Debian package libreoffice-writer-nogui), needed for {fmt.upper()} files",
        )
    except ConversionFailed as exc:
        return failure(CORRUPT, fmt, f"LibreOffice could not convert the {fmt.upper()} file: {exc}")
    result = read_docx(converted, fmt)
    if result.status == CORRUPT:
        result.message = f"LibreOffice could not convert the {fmt.upper()} file"
    return result


def _read_with_catdoc(data: bytes, fmt: str) -> DocumentText:
    try:
        text = run_text_tool(["catdoc", "-d", "utf-8", "-w"], data, f".{fmt}")
    except (ConverterMissing, ConversionFailed) as exc:
        return failure(CORRUPT, fmt, f"catdoc could not read the {fmt.upper()} file: {exc}")
    return finish([fold(line) for line in text.splitlines()], fmt)
