"""Reciprocal-rank fusion of ranked runs: a pure function, as in pyserini."""
from __future__ import annotations

DEFAULT_NAMES = ("dense", "bm25")


def rrf(
    runs: list[list[str]],
    weights: list[float] | None = None,
    k: int = 60,
    names: list[str] | None = None,
) -> list[tuple[str, float, list[str]]]:
    """Fuse ranked id lists: score(id) = sum_i weights[i] / (k + rank_i(id)), ranks 1-based.

    Returns (id, score, names of the runs that contain id) best first; ties keep the order in
    which ids first appear across the runs (run 0 first), so the result is deterministic.
    Names default to "dense", "bm25" for the first two runs, then "run2", "run3", ...
    """
    weights = list(weights) if weights is not None else [1.0] * len(runs)
    if len(weights) != len(runs):
        raise ValueError(f"rrf: {len(runs)} runs but {len(weights)} weights")
    if names is None:
        names = [DEFAULT_NAMES[i] if i < len(DEFAULT_NAMES) else f"run{i}" for i in range(len(runs))]
    scores: dict[str, float] = {}
    found: dict[str, list[str]] = {}
    for run, weight, name in zip(runs, weights, names):
        seen = set()
        for rank, doc_id in enumerate(run, 1):
            if doc_id in seen:  # a duplicate in one run counts once, at its best rank
                continue
            seen.add(doc_id)
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
            found.setdefault(doc_id, []).append(name)
    order = {doc_id: n for n, doc_id in enumerate(scores)}
    ranked = sorted(scores, key=lambda d: (-scores[d], order[d]))
    return [(d, scores[d], found[d]) for d in ranked]
