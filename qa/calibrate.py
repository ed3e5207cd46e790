"""Calibrate the refusal thresholds on the dev split: `python -m qa.calibrate [--split dev] [--verbose]`.

Each gold question is drafted once. Questions fall in two groups: every word occurs somewhere in the
documents ("known"), or some word occurs nowhere ("unknown"). For each group the support threshold is
swept and scored by balanced accuracy (unanswerable refused, answerable answered); the chosen value is
the middle of the widest interval reaching the best score (a maximum-margin choice). Copy the two values
into qa/refusal.py; `shipped` reports the figures at the values in use.
"""
from __future__ import annotations

import argparse
import json
import sys

from .answer import build, draft_answer
from .language import detect
from .refusal import SUPPORT_THRESHOLD, SUPPORT_THRESHOLD_UNKNOWN, refuse


def collect(items, index) -> list[dict]:
    from eval.normalize import fold as efold

    rows = []
    for item in items:
        draft = draft_answer(item.question, index)
        text = efold(build(item.question, detect(item.question), draft).text)
        rows.append({"id": item.id, "answerable": item.answerable, "support": round(draft.support, 4),
                     "group": "unknown" if draft.unknown > 0 else "known", "unknown_share": round(draft.unknown, 4),
                     "other_reason": refuse(draft, known=0.0, unknown=0.0),  # reasons besides the thresholds
                     "mode": draft.mode, "question": item.question,
                     "key_points": f"{sum(efold(k) in text for k in item.key_points)}/{len(item.key_points)}",
                     "cited": [p.clause.id for p in draft.picks]})
    return rows


def refused(r: dict, known: float, unknown: float) -> bool:
    return bool(r["other_reason"]) or r["support"] < (unknown if r["group"] == "unknown" else known)


def score(rows: list[dict], known: float, unknown: float) -> dict:
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    ra = sum(refused(r, known, unknown) for r in una) / len(una) if una else 1.0
    fr = sum(refused(r, known, unknown) for r in ans) / len(ans) if ans else 0.0
    return {"refusal_accuracy": round(ra, 4), "false_refusal": round(fr, 4), "balanced": round((ra + 1 - fr) / 2, 4),
            "answerable": len(ans), "unanswerable": len(una),
            "refused_answerable": [r["id"] for r in ans if refused(r, known, unknown)],
            "answered_unanswerable": [r["id"] for r in una if not refused(r, known, unknown)]}


def sweep(rows: list[dict]) -> list[dict]:
    """Figures at each candidate threshold for one group: observed support values and midpoints."""
    values = sorted({r["support"] for r in rows} | {0.0, 1.0})
    cands = sorted(set(values) | {round((a + b) / 2, 4) for a, b in zip(values, values[1:])})
    return [{"threshold": t, **{k: v for k, v in score(rows, t, t).items() if k in ("refusal_accuracy", "false_refusal",
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    from eval.gold import load_split
    from index import open_index
    from settings import Settings

    rows = collect(load_split(args.split), open_index(Settings.load()))
    if args.verbose:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    chosen = {}
    for group in ("known", "unknown"):
        part = [r for r in rows if r["group"] == group]
        table = sweep(part)
        chosen[group] = {**choose(table), "questions": len(part),
                         "unanswerable": sum(not r["answerable"] for r in part)}
        for r in table:
            print(f"{group:7s} t={r['threshold']:.4f}  refusal_acc={r['refusal_accuracy']:.3f}  "
                  f"false_refusal={r['false_refusal']:.3f}  balanced={r['balanced']:.3f}", file=sys.stderr)
    out = {"split": args.split, "questions": len(rows), "chosen": chosen,
           "at_chosen": score(rows, chosen["known"]["threshold"], chosen["unknown"]["threshold"]),
           "shipped": {"known": SUPPORT_THRESHOLD, "unknown": SUPPORT_THRESHOLD_UNKNOWN,
                       **score(rows, SUPPORT_THRESHOLD, SUPPORT_THRESHOLD_UNKNOWN)}}
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
