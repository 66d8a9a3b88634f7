"""Validators and conditional requests, as the demo server answers them (RFC 9110 8.8 and 13).

A site's ``"validators"`` (site.json) says which it sends, as real portals differ:

- ``"etag+last-modified"`` (the default; nginx serving static pages): a strong ``ETag``, a hash of the bytes
  served, and ``Last-Modified``, the file's modification time;
- ``"etag"``; ``"weak-etag"`` (``W/"…"``, what nginx sends once it compresses a page);
- ``"last-modified"`` (many TRS and older servers send no ETag);
- ``"none"`` (dynamic pages: every request answers 200 with the whole page).
"""

from __future__ import annotations

import email.utils
import hashlib
from pathlib import Path

DEFAULT = "etag+last-modified"


def validators(kind: str, file: Path, data: bytes) -> dict[str, str]:
    """The ETag and Last-Modified headers a site of this ``kind`` sends with ``data`` (the bytes of ``file``
    as served)."""
    kind = kind or DEFAULT
    headers = {}
    if "etag" in kind:
        tag = f'"{hashlib.sha1(data).hexdigest()[:16]}"'  # an ETag, not a security hash
        headers["ETag"] = f"W/{tag}" if kind.startswith("weak") else tag
    if "last-modified" in kind:
        headers["Last-Modified"] = email.utils.formatdate(int(file.stat().st_mtime), usegmt=True)
    return headers


def not_modified(request_headers, sent: dict[str, str]) -> bool:
    """Whether a request may be answered 304: If-None-Match, compared weakly (RFC 9110 13.1.2), decides when
    the request has one; else If-Modified-Since against Last-Modified, in whole seconds (13.1.3)."""
    none_match = request_headers.get("If-None-Match")
    if none_match is not None:
        etag = sent.get("ETag")
        if etag is None:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    since, modified = request_headers.get("If-Modified-Since"), sent.get("Last-Modified")
    if not since or not modified:
        return False
    try:
        return email.utils.parsedate_to_datetime(modified) <= email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):  # a date that cannot be read is ignored (RFC 9110 13.1.3)
        return False
