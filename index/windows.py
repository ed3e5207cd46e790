"""Sentence windows of long clauses: extra vectors so a clause is scored by its best part, not their average.

A long clause (an item of the 总体方案 runs to 470 characters over six topics) has one clause vector that
averages its topics away; a question about one of them matches that topic's window. Short clauses are one
window already and get none.

Measured with the window stage on dev (2026-12-01, MRR@10 all / 总体方案 / plan): 160-character windows of clauses
from 160 characters 0.891 / 0.839 / 0.907; single sentences from 100 characters 0.898 / 0.872 / 0.898 (β 0.3). A
sentence is one question's unit. Regulations get none: their clause is one 款 (or 项), already the unit a question
is about (the 条例's figures are the same with or without its 18 windows), and the laws of a national corpus are
almost all regulations — windows for them were 126,934 of the 129,518 at 271k clauses, +47 % of the embedding of
a whole-corpus build for no measured gain (2,584 windows remain there, of plans and programmes)."""
from __future__ import annotations

import re

from core.records import Clause

FORMAT = "sentences-100-v2"  # in the index fingerprint: a change here re-embeds the windows at the next refresh
MIN_CLAUSE = 100  # characters: a shorter clause is covered by its clause vector
UNWINDOWED_FAMILIES = frozenset({"regulation"})  # one 款 per clause already (see the module docstring)
WINDOW = 0  # characters a window grows to before it is closed (0: each sentence is a window of its own)
_SENTENCE = re.compile(r"(?<=[。！？；])")


def clause_windows(clause: Clause) -> list[str]:
    """Embedding inputs for a clause's windows (innermost heading, then the window text); [] for short ones."""
    text = clause.text or ""
    if clause.kind not in ("paragraph", "preamble") or len(text) < MIN_CLAUSE or clause.family in UNWINDOWED_FAMILIES:
        return []
    heading = clause.path[-1] if clause.path else ""
    out, current = [], ""
    for sentence in (s for s in _SENTENCE.split(text) if s.strip()):
        if current and len(current) + len(sentence) > WINDOW:
            out.append(current)
            current = ""
        current += sentence
    if current:
        out.append(current)
    return [f"{heading}\n{w}" if heading else w for w in out] if len(out) > 1 else []


def all_windows(clauses: list[Clause]) -> tuple[list[str], list[int]]:
    """Every window text and the position of the clause it belongs to."""
    texts, owners = [], []
    for pos, clause in enumerate(clauses):
        for w in clause_windows(clause):
            texts.append(w)
            owners.append(pos)
    return texts, owners
