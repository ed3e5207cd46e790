"""Calibrate the refusal threshold on the dev split: `python -m eval.calibrate [--split dev] [--verbose] [--check FILE]`.

Each gold question is drafted once. Questions a rule refuses whatever the threshold (another place as the
subject, a kind of information the cited clauses lack — qa/refusal.py) stay refused; for the others the
evidence threshold is swept and scored by balanced accuracy (unanswerable refused, answerable answered). The
chosen value is the middle of the widest interval reaching the best score (a maximum-margin choice). Copy it
into qa/refusal.py; `shipped` reports the figures at the value in use. `--check FILE` (JSON lines with
"question" and "answerable") reports the shipped figures on another question set without choosing anything.
"""
from __future__ import annotations

import argparse
import json
import sys

from qa.answer import build, draft_answer
from qa.language import detect
from qa.refusal import SUPPORT_THRESHOLD, rule_reason


def collect(items, index) -> list[dict]:
    from .normalize import fold as efold

    rows = []
    for item in items:
        draft = draft_answer(item.question, index)
        text = efold(build(item.question, detect(item.question), draft).text)
        rows.append({"id": item.id, "answerable": item.answerable, "support": round(draft.support, 4),
                     "rule": rule_reason(draft),  # refused whatever the threshold when not empty
                     "unknown_share": round(draft.unknown, 4), "mode": draft.mode, "question": item.question,
                     "key_points": f"{sum(efold(k) in text for k in item.key_points)}/{len(item.key_points)}",
                     "cited": [p.clause.id for p in draft.picks]})
    return rows


def refused(r: dict, threshold: float) -> bool:
    return r["mode"] != "summary" and (bool(r["rule"]) or r["support"] < threshold)


def score(rows: list[dict], threshold: float) -> dict:
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    ra = sum(refused(r, threshold) for r in una) / len(una) if una else 1.0
    fr = sum(refused(r, threshold) for r in ans) / len(ans) if ans else 0.0
    return {"refusal_accuracy": round(ra, 4), "false_refusal": round(fr, 4), "balanced": round((ra + 1 - fr) / 2, 4),
            "answerable": len(ans), "unanswerable": len(una),
            "refused_answerable": [r["id"] for r in ans if refused(r, threshold)],
            "answered_unanswerable": [r["id"] for r in una if not refused(r, threshold)]}


def sweep(rows: list[dict]) -> list[dict]:
    """Figures at each candidate threshold: observed support values and their midpoints."""
    values = sorted({r["support"] for r in rows} | {0.0, 1.0})
    cands = sorted(set(values) | {round((a + b) / 2, 4) for a, b in zip(values, values[1:])})
    return [{"threshold": t, **{k: v for k, v in score(rows, t).items() if k in ("refusal_accuracy", "false_refusal",
                                                                                  "balanced")}} for t in cands]


def choose(table: list[dict]) -> dict:
    """The middle of the widest run of thresholds sharing the best balanced accuracy."""
    best = max(r["balanced"] for r in table)
    runs, run = [], []
    for r in table:
        if r["balanced"] == best:
            run.append(r)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    widest = max(runs, key=lambda rr: (rr[-1]["threshold"] - rr[0]["threshold"], -rr[0]["threshold"]))
    mid = round((widest[0]["threshold"] + widest[-1]["threshold"]) / 2, 3)
    return {"threshold": mid, "balanced": best, "interval": [widest[0]["threshold"], widest[-1]["threshold"]]}


class _Item:
    def __init__(self, n: int, d: dict):
        self.id = d.get("id") or f"check{n:03d}"
        self.question = d["question"]
        self.answerable = bool(d.get("answerable", True))
        self.key_points = d.get("key_points", [])


def load_check(path: str) -> list[_Item]:
    with open(path, encoding="utf-8") as f:
        return [_Item(n, json.loads(line)) for n, line in enumerate(f, 1) if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--check", help="JSON lines of {question, answerable}: figures at the shipped threshold only")
    args = parser.parse_args(argv)
    from eval.gold import load_split
    from kb import KnowledgeBase
    from settings import Settings

    kb = KnowledgeBase(Settings.load())
    kb.ensure_fresh()  # this script is an edge: it may build
    index = kb.index
    if args.check:
        rows = collect(load_check(args.check), index)
        if args.verbose:
            for r in rows:
                print(json.dumps(r, ensure_ascii=False))
        print(json.dumps({"check": args.check, "threshold": SUPPORT_THRESHOLD, **score(rows, SUPPORT_THRESHOLD)},
                         ensure_ascii=False))
        return 0
    rows = collect(load_split(args.split), index)
    if args.verbose:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    table = sweep(rows)
    for r in table:
        print(f"t={r['threshold']:.4f}  refusal_acc={r['refusal_accuracy']:.3f}  "
              f"false_refusal={r['false_refusal']:.3f}  balanced={r['balanced']:.3f}", file=sys.stderr)
    chosen = choose(table)
    ruled = [r for r in rows if r["rule"] and r["mode"] != "summary"]
    out = {"split": args.split, "questions": len(rows), "chosen": chosen,
           "refused_by_rule": {"unanswerable": sum(not r["answerable"] for r in ruled),
                               "answerable": sum(r["answerable"] for r in ruled)},
           "at_chosen": score(rows, chosen["threshold"]),
           "shipped": {"threshold": SUPPORT_THRESHOLD, **score(rows, SUPPORT_THRESHOLD)}}
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
