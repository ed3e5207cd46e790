"""Parallel provisions: a cited sentence that another document restates (条例第三十七条 ← 总体方案（十）) is shown with it."""
from __future__ import annotations

import re

from .compose import TOP_CLAUSES, Pick
from .support import clause_sentences
from .text import bigrams, fold, numbers

# Two sentences of different documents are one provision restated when a substantial piece of one (between
# commas, at least MIN_PIECE character bigrams) is almost wholly in the other and their figures agree. Measured
# over every cross-document sentence pair of the bundled documents: the restatements (条例第三十七条 vs 总体方案
# （十）（十一）（十二）, 第四十九条 vs （十五）) keep 0.85-1.00 of a piece's bigrams, with words inserted
# ("依照国家规定") or a tail added; sentences that only share a short phrase ("建设高品质进口消费品交易中心",
# 13 bigrams) fall under MIN_PIECE.
RESTATED = 0.8
MIN_PIECE = 15
FIRST_PICKS = 3  # only the answer's leading sentences get their restatement: the rest are context already
MAX_PARALLELS = 2
LEADING_OWN = 0.7  # of the best pick's own coverage of the question
_PIECE = re.compile(r"[，,；;：:]")


def restates(a: str, b: str) -> float:
    """The best share of a substantial comma piece of one sentence found in the other (0 when none qualifies)."""
    best = 0.0
    for x, y in ((a, b), (b, a)):
        whole = bigrams(fold(y))
        for piece in _PIECE.split(x):
            grams = bigrams(fold(piece))
            if len(grams) >= MIN_PIECE:
                best = max(best, len(grams & whole) / len(grams))
    return best


def parallels(picks: list[Pick], hits: list) -> list[Pick]:
    """For the leading picks, the sentence of another document's clause among the top hits that restates it
    (same figures, near-identical wording); each parallel is a pick of its own clause, scored as its original."""
    cited = {p.clause.id for p in picks}
    pool = [h.clause for h in hits[:TOP_CLAUSES] if h.clause.id not in cited and h.clause.kind != "table_row"]
    out: list[Pick] = []
    best_own = max((p.own for p in picks), default=0.0)
    # only sentences that answer the question themselves: a context sentence's restatement is noise twice over
    leading = [p for p in picks[:FIRST_PICKS] if p.own >= LEADING_OWN * best_own]
    for p in leading:
        if len(out) >= MAX_PARALLELS:
            break
        best, best_sim = None, RESTATED
        for c in pool:
            if c.doc_id == p.clause.doc_id or any(q.clause.id == c.id for q in out):
                continue
            for pos, shown, source in clause_sentences(c):
                if sorted(numbers(shown)) != sorted(numbers(p.shown)):
                    continue  # a different figure is a different rule, however similar the words
                sim = restates(p.shown, shown)
                if sim >= best_sim:
                    best, best_sim = Pick(c, shown, source, pos, p.score, p.own, p.dense), sim
        if best is not None:
            out.append(best)
    return out
