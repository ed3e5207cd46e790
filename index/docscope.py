"""Documents a question names by title or short name ("总体方案对…怎么说", "under the Overall Plan"), to rank their
clauses first.

A user who writes the document's name wants that document's answer before a related one that restates it. A
quoted or full title counts, and a manifest alias (条例, 规划, 总体方案: the names people write for that document). An
English or Portuguese question names a document by its family ("the Overall Plan", "o regulamento": the words of
data/doc_words.tsv); a family several documents share means the ones the manifest describes, when there are any."""
from __future__ import annotations

import re

from .docrefs import families_named, without_family_words
from .normalize import fold, strip_accents

MIN_ALIAS = 2  # characters: every manifest alias (条例, 规划, 总体方案) is a name people write for that document
_QUOTED = re.compile(r"《([^《》]{1,60})》")
# "落实哪部条例", "什么规划": after an interrogative determiner an alias is the common noun it also is, asking which
# document, not naming one (dev q055 "法治保障方面提到要落实哪部条例" is answered by the plan naming the 条例)
_ASKED = re.compile(r"(?:哪一?[部个项份些条本种类]|什么|甚么|何种|边[部个份本]|咩|乜)$")


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
        self._by_start: dict[str, list[tuple[str, str]]] = {}  # first two characters -> (name, doc): one pass per query
        for doc, names in self.names.items():
            for n in names:
                if n:
                    self._by_start.setdefault(n[:2], []).append((n, doc))

    def named(self, query: str) -> set[str]:
        """The documents the query names; empty when it names none (or names every document)."""
        text = fold(query or "")
        quoted = [q.strip() for q in _QUOTED.findall(text)]
        found = {doc for i in range(len(text)) for n, doc in self._by_start.get(text[i:i + 2], ())
                 if text.startswith(n, i) and not _ASKED.search(text[max(0, i - 3):i])}
        if any(quoted):  # a quoted part of a title ("《促进条例》") names the documents whose names contain it
            found |= {doc for doc, names in self.names.items() if any(q and q in n for q in quoted for n in names)}
        found |= self._by_family(strip_accents(text))
        return found if len(found) < len(self.names) else set()

    def without_names(self, query: str) -> str:
        """The query with the names of the documents it names blanked (titles, aliases, family words): the answer
        is looked for by its topic ("总体方案对X怎么说" is about X; a clause quoting 《总体方案》 is no better for it)."""
        text = fold(query or "")
        spans = [(i, i + len(n)) for i in range(len(text)) for n, _ in self._by_start.get(text[i:i + 2], ())
                 if text.startswith(n, i) and not _ASKED.search(text[max(0, i - 3):i])]
        chars = list(text)
        for a, b in spans:
            chars[a:b] = [" "] * (b - a)
        return without_family_words("".join(chars))

    def _by_family(self, text: str) -> set[str]:
        """Documents named by a family word of an English/Portuguese question ("the Overall Plan")."""
        found: set[str] = set()
        for family in families_named(text):
            docs = {d for d, f in self.families.items() if f == family}
            found |= (docs & self.described) or docs
        return found
