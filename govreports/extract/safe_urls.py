"""Which URLs a stored page may link to, decided the way a browser reads the URL.

A blocklist of the string "javascript:" misses what browsers still run: the WHATWG URL parser first strips
leading and trailing C0 control characters and spaces, then removes every ASCII tab and newline anywhere,
and schemes are case-insensitive. So ``"jav\\tascript:"`` (``jav&#x09;ascript:`` in the page, which the HTML
parser has already decoded), ``"java\\nscript:"`` and ``"\\x01javascript:"`` are all ``javascript:``. This
module reads the scheme exactly so and allows a short list; everything else (javascript, vbscript, data,
file …) is dropped. One rule for every consumer: rendered links and images, attachments, meta refresh.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

# What a report's body may link to; a URL without a scheme is relative and resolved against the page.
SAFE_SCHEMES = frozenset(["http", "https", "ftp", "mailto"])
# What the crawler fetches: attachments and meta refresh targets.
WEB_SCHEMES = frozenset(["http", "https"])
# WHATWG URL "scheme state": an ASCII letter, then letters, digits, "+", "-", "." up to the first ":".
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))  # U+0000–U+001F and U+0020
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")


def browser_url(value: str) -> str:
    """The URL string a browser parses: leading/trailing C0 controls and spaces stripped, ASCII tab and
    newline removed anywhere (WHATWG URL Standard, basic URL parser, first steps)."""
    return value.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)


def url_scheme(value: str) -> str:
    """The scheme a browser reads in ``value``, lower-cased; "" for a relative URL."""
    match = _SCHEME.match(browser_url(value))
    return match.group(1).lower() if match else ""


def safe_link(base: str, value: str | None, schemes: frozenset[str] = SAFE_SCHEMES) -> str:
    """``value`` resolved against ``base`` when its scheme is one of ``schemes`` (or it is relative), else ""
    (also for an empty value, a fragment alone, and what urljoin cannot read)."""
    url = browser_url(value or "")
    if not url or url.startswith("#"):
        return ""
    scheme = url_scheme(url)
    if scheme and scheme not in schemes:
        return ""
    try:
        joined = urljoin(base, url)
    except ValueError:
        return ""
    # a relative URL against a base of another scheme resolves into that scheme; against none it stays relative
    joined_scheme = url_scheme(joined)
    return joined if not joined_scheme or joined_scheme in schemes else ""
