"""Full-text search terms for Chinese text.

SQLite's FTS5 tokenizers do not split Chinese: ``unicode61`` makes one token of a whole run of hanzi,
and ``trigram`` cannot match two-character words such as 复议 or 公开. A dictionary segmenter (jieba)
fixes the first but misses words it glued into longer ones (复议 inside 行政复议). So the index holds
overlapping character bigrams: every Chinese word of two characters or more is a phrase of consecutive
bigrams, found wherever it occurs, with no dictionary to load.
"""

from __future__ import annotations

import re

# CJK ideographs (basic block, extension A, compatibility) are indexed as bigrams; other letters and
# digits as lower-cased words.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_HAN}]+|[^\W{_HAN}_]+")
_HAN_RUN = re.compile(rf"[{_HAN}]+")


def index_terms(text: str) -> str:
    """Space-separated terms to store in the FTS5 column (``unicode61`` tokenizer)."""
    return " ".join(_terms(text))


def _terms(text: str) -> list[str]:
    terms: list[str] = []
    for token in _TOKEN.findall(text or ""):
        if _HAN_RUN.fullmatch(token):
            if len(token) == 1:
                terms.append(token)
            else:
                # Pairs of neighbouring characters, joined in C: this runs over every stored body.
                terms.extend(map(str.__add__, token[:-1], token[1:]))
        else:
            terms.append(token.lower())
    return terms


def match_query(words: list[str]) -> str:
    """An FTS5 MATCH expression that requires every word, each as a phrase of its bigrams.

    Raises ValueError when no word has anything searchable in it.
    """
    phrases = []
    for word in words:
        terms = _terms(word)
        if terms:
            phrases.append('"' + " ".join(term.replace('"', '""') for term in terms) + '"')
    if not phrases:
        raise ValueError("nothing to search for: give words of letters, digits or Chinese characters")
    return " AND ".join(phrases)
