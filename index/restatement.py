"""Provisions one document restates from another (条例第三十七条 ← 总体方案（十）), found by their wording.

Search shows a restated provision beside the one it ranked (a question about the 15 % tax that the 条例's
article wins should still see the 总体方案's item it comes from), and answers cite both."""
from __future__ import annotations

import re
from collections import Counter

from core.text import bigrams, fold

# Two sentences of different documents are one provision restated when a substantial piece of one (between
# commas, at least MIN_PIECE character bigrams) is almost wholly in the other. Measured over every cross-document
# sentence pair of the bundled documents: the restatements (条例第三十七条 vs 总体方案（十）（十一）（十二）,
# 第四十九条 vs （十五）) keep 0.85-1.00 of a piece's bigrams, with words inserted ("依照国家规定") or a tail
# added; sentences that only share a short phrase ("建设高品质进口消费品交易中心", 13 bigrams) fall under MIN_PIECE.
RESTATED = 0.8
MIN_PIECE = 15
_PIECE = re.compile(r"[，,；;：:]")
_SENTENCE = re.compile(r"(?<=[。！？；!?;])|\n")
SKIPPED_KINDS = ("title", "front_matter", "back_matter")  # a title or issuing notice restates nothing


def _grams(text: str) -> set[str]:
    return bigrams(fold(text, "compact"))


def restates(a: str, b: str) -> float:
    """The best share of a substantial comma piece of one sentence found in the other (0 when none qualifies)."""
    best = 0.0
    for x, y in ((a, b), (b, a)):
        whole = _grams(y)
        for piece in _PIECE.split(x):
            grams = _grams(piece)
            if len(grams) >= MIN_PIECE:
                best = max(best, len(grams & whole) / len(grams))
    return best


def restatements(clauses: list, doc_ids) -> dict[int, list[tuple[float, int]]]:
    """position -> [(share, position of a clause of another document that restates it)], best first, among the
    clauses of doc_ids. An inverted index of bigrams finds the candidates (a piece's bigrams mostly in one clause),
    so the three bundled documents take milliseconds rather than every pair of clauses."""
    scope = set(doc_ids)
    sentences: dict[int, list[str]] = {}
    owners: dict[str, set[int]] = {}
    for i, c in enumerate(clauses):
        if c.doc_id in scope and c.kind not in SKIPPED_KINDS:
            sentences[i] = [s for s in _SENTENCE.split(c.text or "") if s.strip()]
            for gram in _grams(c.text or ""):
                owners.setdefault(gram, set()).add(i)
    pairs: dict[tuple[int, int], float] = {}
    for i, own in sentences.items():
        for sentence in own:
            for piece in _PIECE.split(sentence):
                grams = _grams(piece)
                if len(grams) < MIN_PIECE:
                    continue
                counts = Counter(j for g in grams for j in owners.get(g, ()) if clauses[j].doc_id != clauses[i].doc_id)
                for j, n in counts.items():
                    if n >= RESTATED * len(grams) and (min(i, j), max(i, j)) not in pairs:
                        share = max(restates(a, b) for a in own for b in sentences[j])
                        if share >= RESTATED:
                            pairs[(min(i, j), max(i, j))] = share
    out: dict[int, list[tuple[float, int]]] = {}
    for (i, j), share in pairs.items():
        out.setdefault(i, []).append((share, j))
        out.setdefault(j, []).append((share, i))
    return {i: sorted(v, key=lambda t: (-t[0], t[1])) for i, v in out.items()}


def codified(clauses: list, pairs: dict[int, list[tuple[float, int]]]) -> dict[int, list[tuple[float, int]]]:
    """The pairs with a regulation on one side: a regulation writing a programme's measure into law (search shows
    these side by side; the plan restating the 总体方案's aims is not a provision restated)."""
    def legal(pos: int) -> bool:
        return (getattr(clauses[pos], "family", "") or "") == "regulation"

    kept = {i: [t for t in v if legal(i) or legal(t[1])] for i, v in pairs.items()}
    return {i: v for i, v in kept.items() if v}
