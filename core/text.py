"""The one text fold (with explicit variants) and the one shared OpenCC converter. Matching only, never display."""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

_opencc_lock = threading.Lock()
_opencc: dict[str, object] = {}
_SPACE = re.compile(r"\s+")

# The variants, each used where its difference matters:
#   "match"    index/BM25/filters: NFC, Traditional -> Simplified, full-width -> half-width, lower case
#   "compact"  answer sentences against clauses: "match" without any whitespace
#   "accents"  question cues in en/pt: "match" without Latin diacritics (secção = seccao)
#   "evidence" eval key points: NFKC width folding (wider than "match"), Simplified, no whitespace, lower case
VARIANTS = ("match", "compact", "accents", "evidence")


def converter(config: str):
    """A shared OpenCC converter ('t2s', 's2t', 's2hk'), built once and safely under Streamlit's threads."""
    conv = _opencc.get(config)
    if conv is None:
        with _opencc_lock:
            conv = _opencc.get(config)
            if conv is None:
                import opencc

                conv = _opencc[config] = opencc.OpenCC(config)
    return conv


_HALF = {0x3000: " ", **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}}  # one C-level pass (translate)


def half_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space to their half-width forms; nothing else changes."""
    return text.translate(_HALF)


@lru_cache(maxsize=4096)
def simplify(text: str) -> str:
    """Traditional -> Simplified and full-width -> half-width, case kept (what the dense model sees)."""
    text = unicodedata.normalize("NFC", text)
    # hk2s, not t2s: Macau and Hong Kong writers use HK forms (衞生, 裏面) that t2s leaves Traditional;
    # hk2s folds those and standard Traditional alike
    return half_width(converter("hk2s").convert(text))


def strip_accents(text: str) -> str:
    """Latin diacritics removed ('secção' -> 'seccao'); CJK text is untouched."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def fold(text: str, variant: str = "match") -> str:
    """The matching form of a text in one of VARIANTS (default "match", used at index and query time)."""
    if variant == "match":
        return simplify(text).lower()
    if variant == "compact":
        return _SPACE.sub("", simplify(text or "").lower())
    if variant == "accents":
        return strip_accents(simplify(text or "").lower())
    if variant == "evidence":
        text = converter("hk2s").convert(unicodedata.normalize("NFKC", text or ""))
        return _SPACE.sub("", text).lower()
    raise ValueError(f"fold: unknown variant {variant!r} (known: {', '.join(VARIANTS)})")


_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def bigrams(folded: str) -> set[str]:
    """Character bigrams inside runs of Chinese characters (single characters for one-character runs)."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(folded):
        if len(run) == 1:
            out.add(run)
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


_WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")


def unhyphen(text: str) -> str:
    """A hyphen joining two Latin words as a space, same length: "central-government" matches "central government"
    (writers hyphenate compound modifiers the glossary and lexicon list unhyphenated, and the other way round)."""
    return _WORD_HYPHEN.sub(" ", text)

