"""Text folding for matching answers and evidence: width, script (Traditional→Simplified), spaces, case."""
from __future__ import annotations

import re

from core.text import fold as core_fold

_SPACE = re.compile(r"\s+")
_MARKER = re.compile(r"\[\d+\]")
# Sentence-final punctuation trimmed before a containment check: the answer may end a copied
# sentence with 。 where the clause continues with ，.
_TRIM = "。！？；，、：.!?;,: "


def compact(text: str) -> str:
    """Remove all whitespace: evidence matching ignores layout spaces (table cells, PDF wraps)."""
    return _SPACE.sub("", text or "")


def fold(text: str) -> str:
    """NFKC width folding, Traditional→Simplified, no whitespace, lower case."""
    return core_fold(text, "evidence")  # HK forms too (衞生): the app writes Traditional as Macau does


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text)


def trim(text: str) -> str:
    return text.strip(_TRIM)
