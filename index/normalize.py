"""Text folding for matching only: Traditional -> Simplified, full-width -> half-width, lowercase."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from ingest.chars import converter


def half_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space to their half-width forms; nothing else changes."""
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=4096)
def simplify(text: str) -> str:
    """Traditional -> Simplified and full-width -> half-width, case kept (what the dense model sees)."""
    text = unicodedata.normalize("NFC", text)
    return half_width(converter("t2s").convert(text))


def fold(text: str) -> str:
    """The matching form of a text, used at index and query time; never shown to users."""
    return simplify(text).lower()


def strip_accents(text: str) -> str:
    """Latin diacritics removed ('secção' -> 'seccao'); CJK text is untouched."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
