"""Benchmark (`python -m index.bench_windows`): warm search latency with and without the window stage on the built
corpus, and the window stage's own cost at the 271k-clause corpus's window count (synthetic vectors)."""
from __future__ import annotations

import argparse
import os
import time

import numpy as np

from .retrievers.base import QueryContext, Run
from .retrievers.window import WindowRetriever
from .stores.base import Selection
from .window_vectors import WindowVectors

LARGE_WINDOWS, LARGE_CLAUSES = 129_518, 271_389  # all_windows over the 271k-clause corpus before regulations lost their windows (2026-12-01; 2,584 since): the stage at its worst


def _pct(values, p):
    return float(np.percentile(np.asarray(values) * 1000, p))


def warm(kb, questions: list[str], rounds: int = 2) -> tuple[float, float]:
    """p50, p95 in ms of kb.search(k=10) over the questions, after one untimed pass."""
    for q in questions:
        kb.search(q, k=10)
    times = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            kb.search(q, k=10)
            times.append(time.perf_counter() - t)
    return _pct(times, 50), _pct(times, 95)


def large(n_windows: int = LARGE_WINDOWS, n_clauses: int = LARGE_CLAUSES, queries: int = 200, dim: int = 384):
    """p50, p95 in ms of the stage's re-ranking alone over n_windows synthetic window vectors."""
    rng = np.random.default_rng(7)
    mat = rng.standard_normal((n_windows, dim)).astype(np.float32)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    owners = np.sort(rng.choice(n_clauses, n_windows))
    t = time.perf_counter()
    wv = WindowVectors.of(owners, mat)  # an HNSW graph above 20,000 windows, built once at refresh and saved
    built = time.perf_counter() - t

    class Idx:  # the stage reads the index's cached window vectors and, for joining clauses, its clause matrix
        clauses = [type("C", (), {"id": f"c{i:06d}"})() for i in range(n_clauses)]
        vectors = type("V", (), {"_dense": rng.standard_normal((n_clauses, dim)).astype(np.float32)})()
        _windows_cached = wv

    times = []
    for _ in range(queries):
        q = rng.standard_normal(dim).astype(np.float32)
        q /= np.linalg.norm(q)
        ctx = QueryContext(index=Idx, text="", depth=50, selection=None, expansion=[], tokens=[], groups=[], own=True)
        ctx.vectors[""] = q
        pos = rng.choice(n_clauses, 50, replace=False).tolist()
        ctx.runs["dense"] = Run("dense", pos, 1.0, [0.5] * 50)
        t = time.perf_counter()
        WindowRetriever().search(ctx, 50, Selection(None, None))  # the lifted dense run and the best-sentence run
        times.append(time.perf_counter() - t)
    return _pct(times, 50), _pct(times, 95), built


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m index.bench_windows", description=__doc__)
    ap.add_argument("--skip-corpus", action="store_true", help="only the synthetic large-corpus figure")
    args = ap.parse_args(argv)
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min), {os.cpu_count()} cores")
    if not args.skip_corpus:
        from eval.gold import load_split
        from kb import KnowledgeBase
        from settings import Settings

        questions = [it.question for it in load_split("dev")]
        for names in ("dense,window,bm25,phrase,glossary", "dense,bm25,phrase,glossary"):
            kb = KnowledgeBase(Settings.load(retrievers=names))
            p50, p95 = warm(kb, questions)
            print(f"{len(kb.index)} clauses, {names}: warm search p50 {p50:.1f} ms, p95 {p95:.1f} ms "
                  f"({len(questions)} dev questions x 2)")
    p50, p95, built = large()
    print(f"window stage alone, {LARGE_WINDOWS} windows of {LARGE_CLAUSES} clauses: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"(graph built in {built:.0f} s, once)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
