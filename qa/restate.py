"""Parallel provisions: a cited sentence that another document restates (条例第三十七条 ← 总体方案（十）) is shown with it."""
from __future__ import annotations

from index.restatement import RESTATED, restates

from .compose import TOP_CLAUSES, Pick
from .support import clause_sentences
from .text import bigrams, fold, numbers

FIRST_PICKS = 3  # only the answer's leading sentences get their restatement: the rest are context already
MAX_PARALLELS = 2
LEADING_OWN = 0.7  # of the best pick's own coverage of the question
# A restatement ranks by the provision's wording, not always by the question's (a Portuguese question naming the
# 总体方案 leaves 条例第三十七条 outside the top 30): a leading sentence without a parallel among the hits is itself
# searched, and the first SEARCH_K results looked at; at most SEARCHES searches an answer (one query embedding each:
# p50 answer latency 13 -> 26 ms with 2 on dev, so one)
SEARCHES = 1
SEARCH_K = 5


def contained(a: str, b: str) -> float:
    """Share of the shorter sentence's character bigrams found in the longer one."""
    x, y = sorted((bigrams(fold(a)), bigrams(fold(b))), key=len)
    return len(x & y) / len(x) if x else 0.0


def parallels(picks: list[Pick], hits: list, search=None, piece: bool = False) -> list[Pick]:
    """For the leading picks, the sentence of another document's clause among the top hits that restates it
    (same figures, near-identical wording); each parallel is a pick of its own clause, scored as its original.

    search(text, k) -> hits, when given: a leading sentence with no parallel among the hits is searched itself;
    piece: a searched sentence sharing one substantial comma piece is a restatement (the question names both
    documents), otherwise the shorter sentence must be in the other as a whole."""
    cited = {p.clause.id for p in picks}
    pool = [h.clause for h in hits[:TOP_CLAUSES] if h.clause.id not in cited and h.clause.kind != "table_row"]
    out: list[Pick] = []
    best_own = max((p.own for p in picks), default=0.0)
    # only sentences that answer the question themselves: a context sentence's restatement is noise twice over
    leading = [p for p in picks[:FIRST_PICKS] if p.own >= LEADING_OWN * best_own]
    searches = 0
    for p in leading:
        if len(out) >= MAX_PARALLELS:
            break
        best = _restatement(p, pool, out)
        if best is None and search is not None and searches < SEARCHES and p.clause.id == picks[0].clause.id:
            searches += 1  # the answer's own clause only: a context sentence's restatement found afar is noise
            found = [h.clause for h in search(p.shown, SEARCH_K) if h.clause.id not in cited
                     and h.clause.kind != "table_row"]
            best = _restatement(p, found, out, whole=not piece)
        if best is not None:
            out.append(best)
    return out


def _restatement(p: Pick, pool: list, out: list[Pick], whole: bool = False) -> Pick | None:
    """The sentence of another document's clause in pool that restates pick p best (None when none does);
    `whole`: the shorter sentence as a whole must be in the other (a shared comma piece is not enough)."""
    best, best_sim = None, RESTATED
    for c in pool:
        if c.doc_id == p.clause.doc_id or any(q.clause.id == c.id for q in out):
            continue
        for pos, shown, source in clause_sentences(c):
            if sorted(numbers(shown)) != sorted(numbers(p.shown)):
                continue  # a different figure is a different rule, however similar the words
            sim = restates(p.shown, shown)
            if whole:
                sim = min(sim, contained(p.shown, shown))
            if sim >= best_sim:
                best, best_sim = Pick(c, shown, source, pos, p.score, p.own, p.dense), sim
    return best
