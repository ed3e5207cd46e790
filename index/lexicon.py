"""Everyday English/Portuguese words -> the Chinese wordings the documents use for them (index/data/lexicon.tsv).

Read by the BM25 stage (an en/pt question's words as the documents' wordings: index/retrievers/bm25.py) and by the
answer's evidence measures (qa/support.py). The glossary holds the documents' own terms; this file holds everyday
words ("approve" → 审批/批准/批复), each line with its reason."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from core.text import fold, strip_accents, unhyphen
from errors import UserError

LEXICON = Path(__file__).resolve().parent / "data" / "lexicon.tsv"


class LexiconError(UserError):
    """index/data/lexicon.tsv is malformed."""


def parse(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(variant, Chinese wordings), longest variants first; a malformed line (or one without its reason) names the
    file and line."""
    entries = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not cols[1].strip() or not cols[2].strip():
            raise LexiconError(f"{path}:{n}: expected 'variants<TAB>Chinese wordings<TAB>reason', got {line!r}")
        zh = tuple(fold(w, "compact") for w in cols[1].split("|") if w.strip())
        for v in cols[0].split("|"):
            v = unhyphen(strip_accents(v.strip().lower()))
            if v:
                entries.append((v, zh))
    entries.sort(key=lambda e: -len(e[0]))
    return tuple(entries)


@lru_cache(maxsize=1)
def entries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return parse(LEXICON)


def wordings(text: str, table=None) -> tuple[list[tuple[str, tuple[str, ...]]], str]:
    """The lexicon entries a folded, accent-free Latin text holds (plural -s/-es tolerated), longest first, and the
    text with them blanked."""
    found = []
    text = unhyphen(text)
    for variant, zh in table if table is not None else entries():
        if variant not in text:  # the pattern matches the variant literally: skip compiling the absent ones
            continue
        pattern = rf"(?<![a-z0-9]){re.escape(variant)}(?:e?s)?(?![a-z0-9])"
        for m in list(re.finditer(pattern, text)):
            found.append((variant, zh))
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return found, text
