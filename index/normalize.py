"""Kept for older imports: the text fold lives in core/text.py ("match" variant here)."""
from __future__ import annotations

from core.text import half_width, simplify, strip_accents  # noqa: F401
from core.text import fold as _fold


def fold(text: str) -> str:
    """The matching form of a text, used at index and query time; never shown to users."""
    return _fold(text, "match")
