"""CLI: `python cli.py eval [--split dev|heldout|all] [--systems ours,naive] [--out reports/] [--gate]`."""
from __future__ import annotations

import sys
from pathlib import Path

from settings import ROOT

from . import gate as G
from .report import write_reports
from .gold import GOLD_DIR
from .run import run_eval


def register(subparsers) -> None:
    p = subparsers.add_parser("eval", help="score retrieval and answers on the gold questions; write reports/")
    p.add_argument("--split", default="dev", choices=("dev", "heldout", "all"), help="gold split (tune on dev only)")
    p.add_argument("--systems", default="ours,naive", help="comma list: ours, naive, naive-dense, naive-bm25, naive-fused")
    p.add_argument("--out", default=str(ROOT / "reports"), help="folder for eval-latest.md/.json/.png")
    p.add_argument("--gate", action="store_true", help="exit 1 if a headline figure is below eval/floor.json")
    p.add_argument("--floor", default=str(G.FLOOR_PATH), help="floor file for --gate")
    p.add_argument("--gold-dir", default=str(GOLD_DIR), help="folder holding dev.jsonl and heldout.jsonl")
    p.add_argument("--no-answers", action="store_true", help="retrieval only, even when qa is available")
    p.set_defaults(func=handle)


def handle(args, settings) -> int:
    floor = G.load_floor(Path(args.floor)) if args.gate else None  # a bad floor file fails before the long run
    result = run_eval(settings, split=args.split, systems=args.systems, gold_dir=Path(args.gold_dir), answers=not args.no_answers,
                      log=lambda s: print(s, file=sys.stderr))
    failures = G.check(result, floor) if floor is not None else None
    if failures is not None:
        result["gate"] = {"passed": not failures, "failures": failures, "floor": floor}
    paths = write_reports(result, Path(args.out), failures)
    for system, h in result["headline"].items():
        print(f"{system:12s} hit@1 {h['hit@1']:.3f}  hit@5 {h['hit@5']:.3f}  recall@10 {h['recall@10']:.3f}  "
              f"MRR@10 {h['mrr@10']:.3f}  nDCG@10 {h['ndcg@10']:.3f}  p95 {h['latency_ms_p95']:.0f} ms")
    if result.get("answers"):
        s = result["answers"]["summary"]
        print("answers      " + "  ".join(f"{k} {v:.3f}" for k, v in s.items() if isinstance(v, float) and "latency" not in k))
    for note in result["notes"]:
        print(f"note: {note}", file=sys.stderr)
    print(f"report: {paths['md']}")
    if failures:
        print("regression gate FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    if failures is not None:
        print("regression gate passed")
    return 0
