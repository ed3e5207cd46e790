"""Reciprocal-rank fusion against hand-computed rankings."""
from __future__ import annotations

import pytest

from index.fusion import rrf


def test_rrf_matches_hand_computed_scores_and_order():
    runs = [["a", "b", "c"], ["c", "a", "d"]]
    out = rrf(runs, k=60)
    # a: 1/61 + 1/62 = .032522 · c: 1/63 + 1/61 = .032266 · b: 1/62 = .016129 · d: 1/63 = .015873
    assert [doc for doc, _, _ in out] == ["a", "c", "b", "d"]
    scores = {doc: score for doc, score, _ in out}
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert scores["b"] == pytest.approx(1 / 62)
    assert scores["d"] == pytest.approx(1 / 63)


def test_rrf_names_the_runs_that_found_each_id():
    out = {doc: names for doc, _, names in rrf([["a", "b"], ["b", "c"]])}
    assert out == {"a": ["dense"], "b": ["dense", "bm25"], "c": ["bm25"]}
    named = {doc: names for doc, _, names in rrf([["x"], ["x"], ["y"]], names=["r1", "r2", "r3"])}
    assert named == {"x": ["r1", "r2"], "y": ["r3"]}


def test_rrf_weights_change_the_order():
    runs = [["a", "b"], ["b", "a"]]
    # equal weights: a and b tie (1/61 + 1/62 each); the tie keeps first appearance, so a first
    assert [d for d, _, _ in rrf(runs, [1.0, 1.0])] == ["a", "b"]
    # b: 1/62 + 2/61 > a: 1/61 + 2/62
    out = rrf(runs, [1.0, 2.0])
    assert [d for d, _, _ in out] == ["b", "a"]
    assert out[0][1] == pytest.approx(1 / 62 + 2 / 61)


def test_rrf_small_k_rewards_top_ranks_more():
    runs = [["a", "b", "c", "d"], ["d", "c", "b", "a"], ["d"]]
    assert rrf(runs, k=1)[0][0] == "d"  # d: 1/5 + 1/2 + 1/2 beats a: 1/2 + 1/5
    assert rrf(runs, k=1)[0][1] == pytest.approx(1 / 5 + 1 / 2 + 1 / 2)


def test_rrf_counts_a_duplicate_once_at_its_best_rank():
    out = dict((d, s) for d, s, _ in rrf([["a", "a", "b"]]))
    assert out["a"] == pytest.approx(1 / 61)
    assert out["b"] == pytest.approx(1 / 63)


def test_rrf_rejects_mismatched_weights_and_handles_empty_runs():
    with pytest.raises(ValueError, match="2 runs but 1 weights"):
        rrf([["a"], ["b"]], [1.0])
    assert rrf([[], []]) == []
    assert rrf([]) == []
