"""CLI: `python cli.py eval [--split dev|heldout|all | --gold-file FILE] [--systems ours,llm,naive] [--limit N]
[--out DIR | --update-reports] [--gate] [--distractors DIR]`."""
from __future__ import annotations

import sys
from pathlib import Path

from settings import ROOT

from . import gate as G
from .report import write_reports
from .gold import GOLD_DIR
from .run import run_eval


def register(subparsers) -> None:
    p = subparsers.add_parser("eval", help="score retrieval and answers on the gold questions; write build/reports/")
    p.add_argument("--split", default="dev", choices=("dev", "heldout", "all"), help="gold split (tune on dev only)")
    p.add_argument("--systems", default="ours,naive",
                   help="comma list: ours, llm (answers by the LLM endpoint or `python cli.py llm serve`), naive, "
                        "naive-dense, naive-bm25, naive-fused")
    p.add_argument("--limit", type=int, metavar="N", help="a sample of N questions spread evenly over the split (quick run)")
    p.add_argument("--gold-file", type=Path, metavar="FILE",
                   help="score one gold JSONL file instead of --split (e.g. eval/gold/fresh-2026-12-01.jsonl)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--out", help="folder for eval-latest.md/.json/.png (default: reports/ under the build directory)")
    out.add_argument("--update-reports", action="store_true",
                     help=f"write the committed reports in {ROOT / 'reports'} (after a change the team should see)")
    p.add_argument("--distractors", type=Path, metavar="DIR",
                   help="also run ours with the documents of DIR added to the corpus (built under build/distractors)")
    p.add_argument("--gate", action="store_true", help="exit 1 if a headline figure is below eval/floor.json")
    p.add_argument("--floor", default=str(G.FLOOR_PATH), help="floor file for --gate")
    p.add_argument("--gold-dir", default=str(GOLD_DIR), help="folder holding dev.jsonl and heldout.jsonl")
    p.add_argument("--no-answers", action="store_true", help="retrieval only, even when qa is available")
    p.set_defaults(func=handle)


def fresh_kb(settings):
    """The knowledge base, refreshed first when stale (one line on stderr says so): this edge decides, reads never ingest."""
    from cli import knowledge_base

    return knowledge_base(settings)


def fresh_clauses(settings) -> list:
    """The current clauses, for `python -m eval.validate` and `python -m eval.resolve`."""
    return fresh_kb(settings).clauses()


def handle(args, settings) -> int:
    floor = G.load_floor(Path(args.floor)) if args.gate else None  # a bad floor file fails before the long run
    kb = fresh_kb(settings)
    result = run_eval(settings, split=args.split, systems=args.systems, gold_dir=Path(args.gold_dir), answers=not args.no_answers,
                      log=lambda s: print(s, file=sys.stderr), clauses=kb.clauses(), limit=args.limit,
                      gold_file=args.gold_file)
    if args.distractors:
        from .distractors import run as distractor_run

        result["distractors"] = distractor_run(settings, args.distractors, result, split=args.split,
                                               gold_dir=Path(args.gold_dir), log=lambda s: print(s, file=sys.stderr))
    failures = G.check(result, floor) if floor is not None else None
    if failures is not None:
        result["gate"] = {"passed": not failures, "failures": failures, "floor": floor}
    out_dir = Path(args.out) if args.out else Path(settings.build_dir) / "reports"
    if args.update_reports:  # the committed reports: dev at reports/, another split under reports/<split>/
        out_dir = ROOT / "reports" if args.split == "dev" else ROOT / "reports" / args.split
    paths = write_reports(result, out_dir, failures)
    for system, h in result["headline"].items():
        print(f"{system:12s} hit@1 {h['hit@1']:.3f}  hit@5 {h['hit@5']:.3f}  recall@10 {h['recall@10']:.3f}  "
              f"MRR@10 {h['mrr@10']:.3f}  nDCG@10 {h['ndcg@10']:.3f}  p95 {h['latency_ms_p95']:.0f} ms")
    if result.get("answers"):
        s = result["answers"]["summary"]
        print("answers      " + "  ".join(f"{k} {v:.3f}" for k, v in s.items() if isinstance(v, float) and "latency" not in k))
    if result.get("llm"):
        from .report import llm_rows

        for name, *cells in llm_rows(result):
            print(f"  {name:34s} " + "  ".join(f"{c:>10s}" for c in cells))
    for group, h in (result.get("by_doc", {}).get("ours") or {}).items():
        print(f"  {group:24s} ({h['n']:3d}) hit@5 {h['hit@5']:.3f}  MRR@10 {h['mrr@10']:.3f}"
              + (f"  label exact@5 {h['label_exact@5']:.3f}" if h.get("label_exact@5") is not None else ""))
    if result.get("distractors"):
        d = result["distractors"]
        print(f"distractors  +{d['added']} documents ({d['clauses']} clauses): hit@5 {d['base']['hit@5']:.3f} -> "
              f"{d['headline']['hit@5']:.3f} (lost {d['hit@5_lost']:.3f}, target ≤ {d['target']})")
    for note in result["notes"]:
        print(f"note: {note}", file=sys.stderr)
    print(f"report: {paths['md']}")
    if failures:
        print("regression gate FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    if failures is not None:
        print("regression gate passed")
    return 0
