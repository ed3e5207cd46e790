"""Measure the kind of information asked for, recognised by meaning, as a refusal signal (not shipped: see below).

    python -m eval.kinds_probe      # drafts the refusal model's calibration questions; prints AUC and out-of-fold figures

eval/kind_exemplars.json holds exemplar questions per kind of qa/asks.py (zh, zh-Hant, en, pt; each kind with its
reason) and a 'none' class of questions the documents answer. A question's margin for a kind is the mean of its
TOP_K best cosines (e5 query vectors) with that kind's exemplars minus the same over 'none'; its gap is the
largest margin among the kinds whose evidence pattern no cited clause matches. Measured 2026-12-01 over 398
questions (mean over 20 seeds): the gap separates unanswerable from answerable with AUC 0.77, but as a fifth
feature it changed false refusals 4.00 -> 4.50 and refusals 56.15 -> 55.10 of 63, and in place of the cue
patterns (an earlier exemplar set) it refused 27.6 (cues: 56.15); answerable questions reach the same margins (e5-small places topic above
the kind of question), so the cue patterns stay and this is kept only to measure the next embedder or exemplar set.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from eval import refusal_fit as rf

DATA = Path(__file__).resolve().parent / "kind_exemplars.json"
TOP_K = 2  # mean of the two nearest exemplars: one odd exemplar does not decide alone
NONE = "none"


def exemplars(path: Path = DATA) -> dict[str, list[str]]:
    """kind -> exemplar questions (kinds without a qa/asks.py evidence pattern — phone, day, rate — stay classes
    of their own, so that their questions are not counted as 'none', but add no gap)."""
    kinds = json.loads(path.read_text(encoding="utf-8"))["kinds"]
    if NONE not in kinds:
        raise SystemExit(f"{path}: the {NONE!r} class is missing")
    return {name: entry["examples"] for name, entry in kinds.items()}


def margins(qvec, mats: dict[str, np.ndarray]) -> dict[str, float]:
    """kind -> similarity to its exemplars minus similarity to the 'none' exemplars."""
    sims = {k: float(np.sort(m @ np.asarray(qvec, dtype=np.float32))[::-1][:TOP_K].mean()) for k, m in mats.items()}
    base = sims.pop(NONE)
    return {k: s - base for k, s in sims.items()}


def main() -> int:
    from index import open_index
    from qa.asks import KINDS, has_kind
    from qa.refusal_model import features
    from settings import Settings

    settings = Settings.load(llm_base_url="", llm_model="")
    idx = open_index(settings)
    embedder = idx.embedder
    mats = {k: np.stack([embedder.query(t) for t in texts]) for k, texts in exemplars().items()}
    rows = []
    # the refusal model's own drafts and decisions (eval.refusal_fit.drafts), so the probe measures what it would add
    for item, d, decided, reason in rf.drafts(rf.gold_items(), settings, idx):
        texts = [p.shown for p in d.picks] + [p.clause.text for p in d.picks]
        m = margins(embedder.query(item["question"]), mats)
        gap = max([m[k.name] for k in KINDS if k.name in m and not has_kind(k, texts)], default=-0.1)
        rows.append({"id": item["id"], "split": item["split"], "answerable": bool(item.get("answerable", True)),
                     "rule": decided, "x": features(d, bool(reason)), "gap": gap})
    model = [r for r in rows if not r["rule"]]
    print(f"gap AUC (unanswerable above answerable): "
          f"{rf.auc([r['gap'] for r in model], [0.0 if r['answerable'] else 1.0 for r in model]):.3f}")
    for name, extra in (("shipped features", False), ("+ meaning gap", True)):
        rr = [dict(r, x=r["x"] + ([r["gap"]] if extra else [])) for r in rows]
        runs = [rf.cross_validate(rr, s)["all"] for s in range(rf.SPREAD_SEEDS)]
        print(f"{name:18s} false refusals {np.mean([r['false_refusals'] for r in runs]):.2f}/{runs[0]['answerable']}"
              f"  refused {np.mean([r['refused'] for r in runs]):.2f}/{runs[0]['unanswerable']} (mean over {len(runs)} seeds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
