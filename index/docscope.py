"""Documents a question names by title or short name ("总体方案对…怎么说", "under the Overall Plan"), to rank their
clauses first.

A user who writes the document's name wants that document's answer before a related one that restates it. A
quoted or full title counts, and a manifest alias (条例, 规划, 总体方案: the names people write for that document). An
English or Portuguese question names a document by its family ("the Overall Plan", "o regulamento": the words of
data/doc_words.tsv); a family several documents share means the ones the manifest describes, when there are any."""
from __future__ import annotations

import re

from .docrefs import words as family_words
from .normalize import fold, strip_accents

MIN_ALIAS = 2  # characters: every manifest alias (条例, 规划, 总体方案) is a name people write for that document
MIN_LATIN = 4  # characters: "law", "lei" are too common in running English/Portuguese ("Macau law") to name a document
# A one-word family name that is also the head of a longer one ("plan" in "overall plan", "plano" in "plano geral")
# is the common noun of running text too ("which existing plan", "a new plan"): it names a document only after a
# definite determiner within the few words before it ("the plan", "the industrial development plan", "do plano").
# A possessive ("Hengqin's plan", "the zone's plan") is a determiner too.
_DEFINITE = r"(?:the|this|that|its|o|os|do|dos|no|nos|pelo|ao|deste|desse|neste|nesse|este|esse|[a-z]+['’]s)"
_GAP = r"(?:[a-z0-9'’-]+\s+){0,2}"  # up to two modifiers between the determiner and the word
_QUOTED = re.compile(r"《([^《》]{1,60})》")


class DocumentNames:
    """doc_id -> the folded names it answers to, built once from the clauses' document fields."""

    def __init__(self, clauses: list):
        self.names: dict[str, set[str]] = {}
        self.families: dict[str, str] = {}
        self.described: set[str] = set()  # documents with manifest aliases
        for c in clauses:
            if c.doc_id in self.names:
                continue
            title = fold(c.doc_title or "").strip("《》")
            names = {title} if title else set()
            aliases = getattr(c, "doc_aliases", None) or []
            names |= {fold(a) for a in aliases if len(a) >= MIN_ALIAS}
            self.names[c.doc_id] = names
            self.families[c.doc_id] = getattr(c, "family", "") or "plan"
            if aliases:
                self.described.add(c.doc_id)
        latin = [(strip_accents(w), fam) for w, fam in family_words() if len(w) >= MIN_LATIN]
        self._latin = [(re.compile(_definite(w) + r"\b" + re.escape(w) + r"s?\b" if _head(w, latin) else
                                   r"\b" + re.escape(w) + r"s?\b"), fam) for w, fam in latin]

    def named(self, query: str) -> set[str]:
        """The documents the query names; empty when it names none (or names every document)."""
        text = fold(query or "")
        quoted = [q.strip() for q in _QUOTED.findall(text)]
        found = {doc for doc, names in self.names.items()
                 if any(n and (n in text or any(q and (q == n or q in n) for q in quoted)) for n in names)}
        found |= self._by_family(strip_accents(text))
        return found if len(found) < len(self.names) else set()

    def _by_family(self, text: str) -> set[str]:
        """Documents named by a family word of an English/Portuguese question, longest word first."""
        found: set[str] = set()
        for pattern, family in self._latin:
            if pattern.search(text):
                text = pattern.sub(" ", text)  # "overall plan" is not read again as "plan"
                docs = {d for d, f in self.families.items() if f == family}
                found |= (docs & self.described) or docs
        return found



def _head(word: str, words: list[tuple[str, str]]) -> bool:
    """Whether a one-word family name is the first or last word of a longer one ("plan" of "overall plan")."""
    return " " not in word and any(w != word and word in (w.split()[0], w.split()[-1]) for w, _ in words)


def _definite(word: str) -> str:
    """The prefix a common-noun family name needs: a definite determiner, then up to two words before it."""
    return r"\b" + _DEFINITE + r"\s+" + _GAP
