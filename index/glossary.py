"""Query expansion from a bilingual glossary of the plan's key terms (English/Portuguese/zh variants -> document terms)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.text import unhyphen
from errors import UserError

from .normalize import fold, strip_accents

GLOSSARY = Path(__file__).resolve().parent / "data" / "glossary.tsv"


class GlossaryError(UserError):
    """The glossary data file is malformed."""


_LATIN_WORD = re.compile(r"[a-z]{2,}")  # words: a hyphen between letters is a space by then (unhyphen)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def latin_form(text: str) -> str:
    """Folded, accent-free, plural-stripped form of a text, so 'contas EF' matches the variant 'conta EF'."""
    from .tokenize import latin_stem

    return _LATIN_WORD.sub(lambda m: latin_stem(m.group(0)), unhyphen(strip_accents(fold(text))))


@dataclass
class Glossary:
    """Variants (folded, accent-free) mapped to the document's own terms, longest variants first."""

    entries: list[tuple[str, str]]  # (variant, document term)

    def __post_init__(self):
        self._compiled = []
        for variant, term in self.entries:
            latin = variant[0].isascii()
            needle = variant if latin else _NON_WORD.sub("", variant)
            pattern = rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])" if latin else re.escape(needle)
            self._compiled.append((variant, term, latin, re.compile(pattern), needle))

    @staticmethod
    def rows(path: Path = GLOSSARY) -> list[tuple[str, list[str]]]:
        """(document term, variants as written, in file order): what a display reads (names with accents)."""
        out = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2 or not cols[0].strip():
                raise GlossaryError(f"{path}:{n}: expected 'document term<TAB>variants|…', got {line!r}")
            out.append((cols[0].strip(), [v.strip() for col in cols[1:] for v in col.split("|") if v.strip()]))
        return out

    @classmethod
    def load(cls, path: Path = GLOSSARY) -> "Glossary":
        entries = [(latin_form(v), term) for term, variants in cls.rows(path) for v in variants if latin_form(v)]
        entries.sort(key=lambda e: -len(e[0]))
        return cls(entries)

    def expand(self, query: str) -> list[str]:
        """Document terms whose variants occur in the query (whole words for Latin script), each once."""
        return [term for term, _ in self.matches(query)]

    def matches(self, query: str) -> list[tuple[str, str]]:
        """(document term, the variant found) for each term whose variants occur in the query, each term once."""
        text = latin_form(query)
        compact = _NON_WORD.sub("", text)  # Chinese variants match across quotes and spaces: 哪几个“岛” ~ 几个岛
        taken: list[tuple[int, int, str, bool]] = []  # spans in `text` (latin) or `compact` (Chinese)
        found: list[tuple[str, str]] = []
        for variant, term, latin, pattern, needle in self._compiled:
            haystack = text if latin else compact
            if not needle or needle not in haystack:
                continue  # substring test first: well under 1 µs per entry, the regex only for the few candidates
            for m in pattern.finditer(haystack):
                if any(v != variant and lat == latin and not (m.end() <= a or m.start() >= b) for a, b, v, lat in taken):
                    continue  # a longer variant already covered this span (the same variant may map to several terms)
                taken.append((m.start(), m.end(), variant, latin))
                if term not in (t for t, _ in found):
                    found.append((term, variant))
        return found
