"""Verify a generated answer: every sentence needs a marker [n] naming a provided clause that supports it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .support import analyse, coverage, stats_for
from .text import bigrams, fold, numbers, row_supports

MIN_OVERLAP = 0.5  # share of a Chinese sentence's character bigrams that must occur in its cited clauses
MIN_COVERAGE = 0.5  # share of an English/Portuguese sentence's concepts found in its cited clauses

# A sentence runs to its end punctuation (a Latin full stop only before a capital, a Chinese character or
# the end, so 30.04 and e.g. stay inside) and keeps the markers right after it.
_SENTENCE = re.compile(r".+?(?:[。！？]+|[.!?]+(?=(?:\s*\[\d+\])*(?:\s+[A-Z\u3400-\u9fff“\"(]|\s*$))|$)(?:\s*\[\d+\])*")
_MARK = re.compile(r"\s*\[(\d+)\]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Checked:
    text: str  # without markers
    markers: list[int]
    ok: bool
    reason: str = ""


@dataclass
class Verification:
    kept: list[Checked] = field(default_factory=list)
    dropped: list[Checked] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return [f"dropped “{d.text[:40]}”: {d.reason}" for d in self.dropped]


def split(text: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, its markers) for each sentence of a generated answer."""
    out = []
    for line in (text or "").splitlines():
        for m in _SENTENCE.finditer(line):
            s = m.group()
            marks = [int(n) for n in _MARK.findall(s)]
            body = re.sub(r"\s+([.!?;,。！？])", r"\1", _MARK.sub("", s)).strip()
            if body:
                out.append((body, marks))
            elif marks and out:
                out[-1][1].extend(marks)
    return out


def supports(sentence: str, clauses: list, stats=None) -> tuple[bool, str]:
    """Whether the cited clauses back a sentence: figures must be theirs, and enough of its wording."""
    joined = fold(" ".join(c.text for c in clauses))
    if any(c.kind == "table_row" and c.table for c in clauses):
        if any(row_supports(sentence, c) for c in clauses if c.kind == "table_row"):
            return True, ""
        joined += fold(" ".join(str(v) for c in clauses for v in ((c.table or {}).get("cells") or [])))
    missing = [n for n in numbers(sentence) if n not in joined]
    if missing:
        return False, f"figure {missing[0]} is not in the cited clause"
    s = fold(sentence)
    if fold(s).rstrip("。") in joined:
        return True, ""
    if _CJK.search(sentence):
        grams = bigrams(s)
        share = len(grams & bigrams(joined)) / len(grams) if grams else 0.0
        ok = share >= MIN_OVERLAP
        return ok, "" if ok else f"only {share:.0%} of its wording is in the cited clause"
    if stats is None:
        stats = stats_for(clauses)
    query = analyse(sentence, stats)
    if not any(c.needles for c in query.concepts):
        return False, "no word of it can be checked against the cited clause"
    share = coverage(query, joined)
    ok = share >= MIN_COVERAGE
    return ok, "" if ok else f"only {share:.0%} of its terms are in the cited clause"


def verify(text: str, provided: dict[int, object], stats=None) -> Verification:
    """Check each sentence; invalid markers are removed, and a sentence left without support is dropped."""
    result = Verification()
    for body, marks in split(text):
        valid = [n for n in dict.fromkeys(marks) if n in provided]
        if not marks:
            result.dropped.append(Checked(body, [], False, "no citation marker"))
            continue
        if not valid:
            result.dropped.append(Checked(body, marks, False, f"cites [{marks[0]}], which is not a provided clause"))
            continue
        ok, reason = supports(body, [provided[n] for n in valid], stats)
        (result.kept if ok else result.dropped).append(Checked(body, valid, ok, reason))
    return result
