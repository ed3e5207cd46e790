"""Documents a question names by title or distinctive short name ("总体方案对…怎么说"), to rank their clauses first.

A user who writes the document's name wants that document's answer before a related one that restates it. Only
a quoted or full title, or a manifest alias of three or more characters, counts: two-character aliases such as
规划 or 方案 are ordinary words in running text ("重要专项规划"), so alone they name nothing."""
from __future__ import annotations

import re

from .normalize import fold

MIN_ALIAS = 2  # characters: every manifest alias (条例, 规划, 总体方案) is a name people write for that document
_QUOTED = re.compile(r"《([^《》]{1,60})》")


class DocumentNames:
    """doc_id -> the folded names it answers to, built once from the clauses' document fields."""

    def __init__(self, clauses: list):
        self.names: dict[str, set[str]] = {}
        for c in clauses:
            if c.doc_id in self.names:
                continue
            title = fold(c.doc_title or "").strip("《》")
            names = {title} if title else set()
            names |= {fold(a) for a in (getattr(c, "doc_aliases", None) or []) if len(a) >= MIN_ALIAS}
            self.names[c.doc_id] = names

    def named(self, query: str) -> set[str]:
        """The documents the query names; empty when it names none (or names every document)."""
        text = fold(query or "")
        quoted = [q.strip() for q in _QUOTED.findall(text)]
        found = {doc for doc, names in self.names.items()
                 if any(n and (n in text or any(q and (q == n or q in n) for q in quoted)) for n in names)}
        return found if len(found) < len(self.names) else set()
