"""Errors raised for input that cannot be read as an HTML page.

``extract_page`` raises only these (all subclasses of ``InputError``); anything else it meets is
reported in the result's ``empty_reason`` instead.
"""

from __future__ import annotations


class InputError(ValueError):
    """The bytes given are not a readable HTML page."""


class UndecodableError(InputError):
    """The bytes are not text in any plausible encoding (binary, NUL-heavy, invalid UTF-8 and GB18030)."""


class NotHTMLError(InputError):
    """The bytes decode to text, but the text is not HTML (PDF, JSON, plain prose, an Office file …)."""
