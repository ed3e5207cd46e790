"""Embedding throughput of e5-onnx variants on a fixed random sample of real corpus passages, interleaved.

`python -m index.bench_embed --sample /tmp/hq-bench-corpus/full/clauses/clauses.jsonl --cache /tmp/hq-bench-corpus/full`

The sample is what a build's embedder calls look like: embed_passages sorts the whole corpus's passages by length
and hands them over vector_cache.BATCH at a time, so the sample is random runs of BATCH consecutive passages of
that order (random clauses sorted among themselves would put unlike lengths in one call and overstate padding).
Every round embeds the next `--round` passages with each variant, the order of the variants rotating from round
to round, so a neighbour's load falls on all of them alike. Per variant: wall passages/s, CPU ms per passage
(this process; spinning threads count), both as a ratio to the first variant, and the cosine to the reference
vectors (the build's cache for today's model id, else the first variant's)."""
from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import numpy as np

# name -> OnnxE5Embedder options. base = main a074e0f: 4-bit packing, 16 rows / 2048 tokens, 2 threads, no spinning;
# default = today's defaults (8-bit packing of the same weights, 64 rows / 512 tokens).
MAIN = dict(variant="q4-nbits4", batch_size=16, token_budget=2048)
VARIANTS = {
    "base": MAIN,
    "default": dict(variant="q4"),
    "nbits8": dict(MAIN, variant="q4"),  # the same 4-bit weights one per byte: onnxruntime's 8-bit kernel
    "spin": dict(MAIN, spinning=True),
    "rows32": dict(MAIN, batch_size=32),
    "tok1024": dict(MAIN, batch_size=64, token_budget=1024),
    "tok512": dict(MAIN, batch_size=64, token_budget=512),
    "nbits8-tok256": dict(variant="q4", batch_size=64, token_budget=256),
    "nbits8-tok1024": dict(variant="q4", batch_size=64, token_budget=1024),
    "default-spin": dict(variant="q4", spinning=True),
    "default-1thread": dict(variant="q4", threads=1),
    "int8": dict(variant="int8"),  # different vectors (cosine ~0.997): its own cache key, not a drop-in
}
DEFAULT = ["base", "default", "nbits8", "tok512", "default-spin"]


def sample_passages(path: Path, n: int, seed: int, run: int) -> tuple[list[str], int]:
    """About n passage texts (index/passages.py) of the store in runs of `run` consecutive passages of the
    build's length order, runs drawn with a fixed seed; and the store's clause count."""
    from core.records import Clause

    from . import passages

    path = Path(path)
    if path.is_dir():
        path = path / "clauses.jsonl" if (path / "clauses.jsonl").exists() else path / "clauses" / "clauses.jsonl"
    if not path.exists():
        raise SystemExit(f"--sample: {path} not found (a clauses.jsonl or a build directory holding one)")
    with open(path, encoding="utf-8") as fh:
        texts = [passages.passage(Clause.from_dict(json.loads(line))) for line in fh if line.strip()]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # as embed_passages orders a fresh build
    slots = random.Random(seed).sample(range(len(order) // run), min(len(order) // run, max(1, n // run)))
    return [texts[order[s * run + j]] for s in slots for j in range(run)], len(texts)


def make(name: str, threads: int | None):
    from .embedders import models_dir
    from .onnx_e5 import OnnxE5Embedder

    opts = dict(VARIANTS[name])
    return OnnxE5Embedder(models_dir(), threads=opts.pop("threads", threads), **opts)


def run(args) -> None:
    from .vector_cache import BATCH, cached_vectors

    names = [v.strip() for v in args.variants.split(",") if v.strip()] or DEFAULT
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        raise SystemExit(f"--variants: unknown {', '.join(unknown)} (known: {', '.join(VARIANTS)})")
    if args.round <= 0 or args.round % BATCH:
        raise SystemExit(f"--round: {args.round} is not a positive multiple of {BATCH} (whole embedder calls)")
    texts, total = sample_passages(args.sample, args.n, args.seed, BATCH)
    embs = {v: make(v, args.threads or None) for v in names}
    for e in embs.values():
        e.passages(texts[:8])  # sessions created, arenas warm
    ref = None
    if args.cache:
        ref = cached_vectors(args.cache, embs[names[0]].model_id, texts)
        print(f"reference: {'the cache in ' + str(args.cache) if ref is not None else 'the first variant (cache lacks the sample)'}")
    print(f"sample: {len(texts)} of {total} clauses in runs of {BATCH} of the build's order (seed {args.seed}), "
          f"mean {np.mean([len(t) for t in texts]):.0f} chars; calls of {BATCH}; cores {os.cpu_count()}; load before {_load()}")
    wall = dict.fromkeys(names, 0.0)
    cpu = dict.fromkeys(names, 0.0)
    done = dict.fromkeys(names, 0)
    vecs = {v: [] for v in names}
    rows: list[int] = []
    started, r = time.perf_counter(), 0
    while time.perf_counter() - started < args.seconds and r * args.round < len(texts):
        chunk = list(range(r * args.round, min((r + 1) * args.round, len(texts))))  # whole runs: --round a multiple of BATCH
        rows += chunk
        order = names[r % len(names):] + names[: r % len(names)]
        for v in order:
            t0, c0 = time.perf_counter(), time.process_time()
            out = [embs[v].passages([texts[i] for i in chunk[a : a + BATCH]]) for a in range(0, len(chunk), BATCH)]
            wall[v] += time.perf_counter() - t0
            cpu[v] += time.process_time() - c0
            done[v] += len(chunk)
            vecs[v].append(np.concatenate(out))
        r += 1
    print(f"{r} rounds of {args.round} passages in {time.perf_counter() - started:.0f} s; load after {_load()}")
    base = names[0]
    against = ref[rows] if ref is not None else np.concatenate(vecs[base])
    for v in names:
        rate, ms = done[v] / wall[v], 1000 * cpu[v] / done[v]
        cos = (np.concatenate(vecs[v]) * against).sum(1)
        print(f"{v:12s} {rate:6.1f} passages/s (x{rate / (done[base] / wall[base]):.3f})  cpu {ms:5.1f} ms/passage "
              f"(x{ms / (1000 * cpu[base] / done[base]):.3f})  cosine min {cos.min():.6f} mean {cos.mean():.6f}  "
              f"-> {total / rate / 60:.0f} min for {total} clauses at this rate")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
