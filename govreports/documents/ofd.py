"""OFD (GB/T 33190, China's fixed-layout format): a ZIP with OFD.xml → DocBody/DocRoot (Doc_N/Document.xml) →
Pages/Page/@BaseLoc (Pages/Page_N/Content.xml) holding TextObject/TextCode elements. Text is read page by page;
TextCodes are grouped into visual lines by their Y (TextObject Boundary y + TextCode Y), ordered by X, and
lines joined into paragraphs as for PDFs. A wide horizontal gap inside a line becomes a tab (a table row's
cells). Tables are not rebuilt as grids.

Untrusted packages are bounded: every part read (a page listed twice is read twice) is counted against one
budget of unpacked bytes (limits.Budget), more than MAX_PAGES pages is refused, and a DeltaX/DeltaY repeat
("g N d") is expanded only as far as the text it spaces."""

from __future__ import annotations

import io
import math
import posixpath
import zipfile

from govreports.documents.base import CORRUPT, NEEDS_OCR, TOO_LARGE, DocumentText, failure, finish
from govreports.documents.heading import heading_lines
from govreports.documents.layout import Line, group_pieces, paragraphs
from govreports.documents.limits import Budget, TooLarge, check_package

NS = "{http://www.ofdspec.org/2016}"
MAX_PART = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # unpacked bytes read across all parts, as for ZIP archives
MAX_PAGES = 2000  # reports have tens of pages; a yearbook a few hundred


def _floats(value: str | None) -> list[float]:
    out = []
    for part in (value or "").replace(",", " ").split():
        try:
            out.append(float(part))
        except ValueError:
            out.append(0.0)
    return out


def _deltas(value: str | None, limit: int) -> list[float]:
    """DeltaX / DeltaY: numbers, with "g N d" meaning N times d; at most limit of them (the gaps a text of
    limit + 1 characters has), whatever N says."""
    parts = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(parts) and len(out) < limit:
        if parts[i] == "g" and i + 2 < len(parts):
            count = (_floats(parts[i + 1]) or [0.0])[0]
            step = _floats(parts[i + 2])
            repeat = int(min(count, limit - len(out))) if math.isfinite(count) and count > 0 else 0
            out.extend(step * repeat)
            i += 3
        else:
            out.extend(_floats(parts[i]))
            i += 1
    return out[:limit]


def _resolve(base_dir: str, loc: str) -> str:
    loc = (loc or "").strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, loc))


def read_ofd(data: bytes) -> DocumentText:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return failure(CORRUPT, "ofd", "the OFD package is not a readable ZIP")
    names = {n.lstrip("/").lower(): n for n in zf.namelist()}
    budget = Budget("OFD", MAX_TOTAL_BYTES)

    def xml(path: str):
        real = names.get(path.lower())
        if real is None or zf.getinfo(real).file_size > MAX_PART:
            return None
        root = etree.fromstring(budget.read(zf, real, MAX_PART), parser)
        return root

    with zf:
        try:
            # parts are read here through the budget, in chunks: no need to inflate the package beforehand
            refused = check_package(zf, "OFD", inflate=False)
        except Exception as exc:
            return failure(CORRUPT, "ofd", f"the OFD package cannot be unpacked ({exc})"[:300])
        if refused:
            return failure(TOO_LARGE, "ofd", refused)
        try:
            root = xml("OFD.xml")
            doc_roots = [el.text for el in root.iter(f"{NS}DocRoot") if el.text] if root is not None else []
            if not doc_roots:
                return failure(CORRUPT, "ofd", "OFD.xml names no document (DocRoot)")
            doc_path = _resolve("", doc_roots[0])
            document = xml(doc_path)
            if document is None:
                return failure(CORRUPT, "ofd", f"the OFD document {doc_path} is missing")
            doc_dir = posixpath.dirname(doc_path)
            page_locs = [_resolve(doc_dir, el.get("BaseLoc", "")) for el in document.iter(f"{NS}Page")]
            if len(page_locs) > MAX_PAGES:
                return failure(
                    TOO_LARGE, "ofd", f"the OFD document lists {len(page_locs)} pages, more than {MAX_PAGES}"
                )
            blocks: list = []
            heading: list[str] | None = None
            images = 0
            for loc in page_locs:
                page = xml(loc)
                if page is None:
                    continue
                images += sum(1 for _ in page.iter(f"{NS}ImageObject"))
                lines = _page_lines(page)
                if heading is None and lines:
                    heading = heading_lines(lines)
                blocks.extend(paragraphs(lines))
        except TooLarge as exc:
            return failure(TOO_LARGE, "ofd", str(exc))
        except etree.LxmlError as exc:
            return failure(CORRUPT, "ofd", f"the OFD XML cannot be parsed ({exc})"[:300])
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            return failure(CORRUPT, "ofd", f"an OFD part cannot be unpacked ({exc})"[:300])
    result = finish(blocks, "ofd", pages=len(page_locs), heading=heading)
    if not result.ok and images:
        return failure(NEEDS_OCR, "ofd", "no text: the pages are images (a scan)", len(page_locs))
    return result


def _page_lines(page) -> list[Line]:
    """Visual lines of a page: TextCodes grouped by Y."""
    pieces = []  # (y, x0, x1, text, size)
    for obj in page.iter(f"{NS}TextObject"):
        box = _floats(obj.get("Boundary"))
        bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        size = (_floats(obj.get("Size")) or [3.5])[0] or 3.5
        x = y = 0.0
        for code in obj.iter(f"{NS}TextCode"):
            text = code.text or ""
            if code.get("X") is not None:
                x = (_floats(code.get("X")) or [0.0])[0]
            if code.get("Y") is not None:
                y = (_floats(code.get("Y")) or [0.0])[0]
            if not text.strip():
                continue
            deltas = _deltas(code.get("DeltaX"), len(text) - 1)
            advance = sum(deltas[: len(text) - 1]) + size if deltas else len(text) * size
            pieces.append((by + y, bx + x, bx + x + advance, text, size))
    return group_pieces(pieces)
