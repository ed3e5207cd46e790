"""Embedding throughput of e5-onnx variants on a fixed random sample of real corpus passages, interleaved.

`python -m index.bench_embed --sample /tmp/hq-bench-corpus/full/clauses/clauses.jsonl --cache /tmp/hq-bench-corpus/full`

Every round takes the next `--round` passages of the sample, sorts them by length (as embed_passages sorts a
build's work) and has each variant embed them in calls of vector_cache.BATCH, the variants' order rotating
from round to round, so a neighbour's load falls on all of them alike. Per variant: wall passages/s, CPU ms
per passage (this process; spinning threads count), both as a ratio to the first variant, and the cosine to
the reference vectors (the build's cache for today's model id, else the first variant's)."""
from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import numpy as np

# name -> OnnxE5Embedder options. base = main a074e0f: 4-bit packing, 2 threads, 16 rows / 2048 tokens, no spinning.
VARIANTS = {
    "base": dict(variant="q4-nbits4"),
    "nbits8": dict(variant="q4"),  # the same 4-bit weights one per byte: onnxruntime's 8-bit kernel
    "spin": dict(variant="q4-nbits4", spinning=True),
    "rows32": dict(variant="q4-nbits4", batch_size=32),
    "tok1024": dict(variant="q4-nbits4", batch_size=64, token_budget=1024),
    "nbits8-spin": dict(variant="q4", spinning=True),
    "int8": dict(variant="int8"),  # different vectors (cosine ~0.997): its own cache key, not a drop-in
}
DEFAULT = ["base", "nbits8", "spin", "rows32", "tok1024"]


def sample_passages(path: Path, n: int, seed: int) -> tuple[list[str], int]:
    """n passage texts (index/passages.py) of clauses drawn with a fixed seed, and the store's clause count."""
    from core.records import Clause

    from . import passages

    path = Path(path)
    if path.is_dir():
        path = path / "clauses.jsonl" if (path / "clauses.jsonl").exists() else path / "clauses" / "clauses.jsonl"
    if not path.exists():
        raise SystemExit(f"--sample: {path} not found (a clauses.jsonl or a build directory holding one)")
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()
    picked = random.Random(seed).sample(lines, min(n, len(lines)))
    return [passages.passage(Clause.from_dict(json.loads(line))) for line in picked], len(lines)


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
    texts, total = sample_passages(args.sample, args.n, args.seed)
    embs = {v: make(v, args.threads or None) for v in names}
    for e in embs.values():
        e.passages(texts[:8])  # sessions created, arenas warm
    ref = None
    if args.cache:
        got = cached_vectors(args.cache, embs[names[0]].model_id, texts)
        ref = None if any(g is None for g in got) else np.stack(got)
        print(f"reference: {'the cache in ' + str(args.cache) if ref is not None else 'the first variant (cache lacks the sample)'}")
    print(f"sample: {len(texts)} of {total} clauses (seed {args.seed}), mean {np.mean([len(t) for t in texts]):.0f} chars; "
          f"calls of {BATCH}; cores {os.cpu_count()}; load before {_load()}")
    wall = dict.fromkeys(names, 0.0)
    cpu = dict.fromkeys(names, 0.0)
    done = dict.fromkeys(names, 0)
    vecs = {v: [] for v in names}
    rows: list[int] = []
    started, r = time.perf_counter(), 0
    while time.perf_counter() - started < args.seconds and r * args.round < len(texts):
        chunk = sorted(range(r * args.round, min((r + 1) * args.round, len(texts))), key=lambda i: len(texts[i]))
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
