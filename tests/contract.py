"""The keys of `govreports extract`'s JSON object: a contract other tools rely on, defined once in
govreports.extract.result (``Extraction``); the tests check every path against it."""

from govreports.extract.result import EXTRACTION_KEYS as EXTRACT_KEYS

__all__ = ["EXTRACT_KEYS"]
