"""Benchmark: the home lift (index/home.py) on a built index among background laws — hit@5 and latency with it on
and off, on the same questions, alternated query by query so that the machine's load falls on both alike.

    HQ_BUILD_DIR=/tmp/hq-large python -m index.bench_home --build-dir /tmp/hq-large/distractors --split dev
    python -m index.bench_home --build-dir /tmp/hq-large/distractors --gold eval/gold/background/lawrefbook.jsonl

Prints, per setting, hit@5 over the answerable questions, warm latency p50/p95 and the load average."""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    from eval.gold import load_file, load_split
    from settings import Settings

    from . import open_index

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", type=Path, required=True, help="a built index (e.g. a distractor run's)")
    ap.add_argument("--split", default="dev", help="gold split (dev, heldout)")
    ap.add_argument("--gold", type=Path, help="one gold JSONL file instead of --split")
    args = ap.parse_args(argv)
    items = load_file(args.gold) if args.gold else load_split(args.split)
    items = [it for it in items if it.answerable and it.gold_ids]
    settings = dataclasses.replace(Settings.load(), build_dir=args.build_dir)
    index = open_index(settings)
    votes = index.home_votes
    print(f"bench_home: {len(index.clauses)} clauses, {len(index._home.doc_ids)} described documents "
          f"(lift {'on' if index._home.active else 'inactive'}), {len(items)} questions, {_load()}")
    for it in items[:5]:  # warm-up: query vectors cached, lazy structures built
        index.search(it.question, k=10)
    figures = {"on": ([], []), "off": ([], [])}
    for it in items:
        for name, v in (("on", votes), ("off", 0.0)):
            index.home_votes = v
            t = time.perf_counter()
            found = [h.clause.id for h in index.search(it.question, k=10)]
            figures[name][1].append(time.perf_counter() - t)
            figures[name][0].append(any(cid in set(it.gold_ids) for cid in found[:5]))
    index.home_votes = votes
    for name, (hits, lat) in figures.items():
        lat = sorted(lat)
        print(f"home lift {name:3s}: hit@5 {sum(hits) / len(hits):.3f} ({sum(hits)}/{len(hits)}), "
              f"p50 {1000 * lat[len(lat) // 2]:.1f} ms, p95 {1000 * lat[int(0.95 * (len(lat) - 1))]:.1f} ms")
    print(f"after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
