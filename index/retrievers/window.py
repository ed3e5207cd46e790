"""Sentence-window stage: re-ranks the dense run by each clause's best part, one of its sentences (index/windows.py).

A long clause (an item of the 总体方案 runs to 470 characters over six topics) has one vector that averages its
topics away; a question about one sentence of it matches that sentence's window. A clause scores
clause + BETA * max(0, best window - clause): part of the way to its best window. The full max (the maxp stage) favours
clauses with many windows (more draws), which lost on the short-clause 条例; a second dense run beside the first
shifted the dense/BM25 balance (the plan lost 0.03 MRR). Windows whose clause the dense run missed join it.
Reads never embed: without cached window vectors (or long clauses) the dense run stands.

Beside the lifted dense run, a run ranked by the best window alone (the full max) takes SHARE of the dense run's
weight: the dense evidence keeps its total weight against BM25 (the balance the plan needs), and a long item whose
one sentence is the answer gains the rank-fusion vote of that sentence rather than a fraction of its cosine gap."""
from __future__ import annotations

import numpy as np

from ..window_vectors import window_vectors
from .base import QueryContext, Run, query_vector

# Measured on the dev split (2026-12-01, 199 questions, e5-onnx), MRR@10 all: 0.858 off; with 160-character
# windows 0.886 at 0.3, 0.891 at 0.4, 0.888 at 0.5, 0.886 at 0.6, 0.885 at 1.0 (the maxp-like full lift); with
# sentence windows (index/windows.py) 0.898 at 0.3 and 0.898 at 0.4, where the plan falls (0.884 -> 0.880).
# 0.3: the largest measured value at which no document's figure falls.
BETA = 0.3
# Measured on the dev split (2026-12-01, 225 questions, e5-onnx; MRR@10 plan / 总体方案 / 条例 / cross): share 0 (the
# lift alone) 0.891 / 0.885 / 0.903 / 0.923; 0.1 0.898 / 0.898; 0.15 0.898 / 0.904; 0.2 0.898 / 0.904; 0.25 0.898 /
# 0.897; 0.3 0.898 / 0.895; 0.4 0.898 / 0.889 (cross 0.937); 0.5 0.889 / 0.892 (hit@5 总体方案 0.974 -> 0.962); the
# 条例 (no windows) 0.903 throughout. 0.2: the middle of the range where no document's figure falls.
SHARE = 0.2
EXTRA = 10  # clauses that may join by their best windows: a clause below the first ten rarely reaches the answer


class WindowRetriever:
    name = "window"
    needs_windows = True  # KnowledgeBase.refresh embeds the windows when a configured stage needs them

    def search(self, query: QueryContext, k: int, selection) -> Run | None:
        """Re-rank the dense run in place (fusion reads it); return the best-window run (None at share 0)."""
        dense = query.runs.get("dense")
        beta = float(getattr(query.index, "window_beta", BETA))
        share = float(getattr(query.index, "window_share", SHARE))
        wv = window_vectors(query.index) if beta > 0 or share > 0 else None
        if dense is None or dense.scores is None or wv is None:
            return None
        pos, c, w = candidates(query, wv, dense, k, selection)
        n = max(k, len(dense.positions))
        ids = [query.index.clauses[p].id for p in pos]
        dense.positions, dense.scores = ranked(pos, c + beta * np.maximum(0.0, w - c), n, ids)
        if share <= 0:
            return None
        weight = dense.weight
        dense.weight = weight * (1.0 - share)
        positions, scores = ranked(pos, np.maximum(c, w), n, ids)
        return Run("window", positions, weight * share, scores)


def ranked(pos: np.ndarray, scores: np.ndarray, n: int, ids: list[str]) -> tuple[list[int], list[float]]:
    """The best n positions by score, with their scores. Exact ties (a clause's best sentence scoring what another
    clause scores) go by clause id, not position: the ranking must not depend on where a document sits in the store."""
    order = sorted(range(len(pos)), key=lambda i: (-scores[i], ids[i]))[:n]
    return pos[order].tolist(), scores[order].tolist()


def candidates(query: QueryContext, wv, dense: Run, k: int, selection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The dense run's clauses plus those owning the best windows: positions, clause scores, best-window scores
    (the clause score where a clause has no windows)."""
    q = query_vector(query)
    clause = dict(zip(dense.positions, dense.scores))
    extra = [p for p in wv.top(q, min(k, EXTRA), getattr(selection, "mask", None)) if p not in clause]
    clause.update((p, s) for p, s in zip(extra, clause_scores(query.index, q, extra)) if s is not None)
    pos = np.fromiter(clause, dtype=np.int64, count=len(clause))
    c = np.fromiter(clause.values(), dtype=np.float64, count=len(clause))
    w = wv.best_of(q, pos)
    return pos, c, np.where(np.isnan(w), c, w)


def clause_scores(idx, q: np.ndarray, positions: list[int]) -> list[float | None]:
    """Clause-vector scores of clauses outside the dense run: from a flat store's matrix, else one store search
    restricted to them (any backend: HNSW scores a narrow filter exactly, Milvus gets their positions)."""
    if not positions:
        return []
    rows = np.asarray(positions, dtype=np.int64)
    mat = getattr(idx.vectors, "_dense", None)
    if mat is not None:
        return (mat[rows] @ q).tolist()
    mask = np.zeros(len(idx.clauses), dtype=bool)
    mask[rows] = True
    found = dict(idx.vectors.search(q, len(positions), mask))
    return [found.get(p) for p in positions]
