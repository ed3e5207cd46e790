"""Text folding for matching answers and evidence: width, script (Traditional→Simplified), spaces, case."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_MARKER = re.compile(r"\[\d+\]")
# Sentence-final punctuation trimmed before a containment check: the answer may end a copied
# sentence with 。 where the clause continues with ，.
_TRIM = "。！？；，、：.!?;,: "


def compact(text: str) -> str:
    """Remove all whitespace: evidence matching ignores layout spaces (table cells, PDF wraps)."""
    return _SPACE.sub("", text or "")


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
    except ImportError:  # folding is a nicety for Traditional answers; without it they simply match less
        return None
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """NFKC width folding, Traditional→Simplified, no whitespace, lower case."""
    text = unicodedata.normalize("NFKC", text or "")
    conv = _t2s()
    if conv is not None:
        text = conv.convert(text)
    return compact(text).lower()


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text)


def trim(text: str) -> str:
    return text.strip(_TRIM)
