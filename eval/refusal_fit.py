"""Fit the refusal model: logistic regression over draft evidence signals, by stacking on the CALIBRATION sets.

    python -m eval.refusal_fit                 # drafts FIT_SETS' questions (~2.5 min), fits, writes the model JSON
    python -m eval.refusal_fit --rows-only     # refit from eval/refusal_rows.jsonl (no index needed)

The rules (qa/refusal.py) were tuned and the reader (eval/reader_train.py) is trained on the rule-tuned sets (dev,
heldout and the tuning fresh sets; the reader also on READER_SELECTION since session 17); the model weighing their
signals is fitted on CALIBRATION, honest sets neither
was fitted on (session 11; before it the model was fitted on the rule-tuned sets too, where the rule flag's
precision is in-sample). UNFITTED are the sets written to measure what nobody fitted on: fresh-2026-12-02a
(written before session 7's changes), fresh-2026-12-02b (written after them), fresh-2026-12-02e (written after its second round), fresh-2026-12-02h and -02i (written after session 8's
first round of near-topic rules), fresh-2026-12-02l and -02m (written after its second round), fresh-2026-12-02p and -02q
(written after its third round), fresh-2026-12-02t and -02u (written after its fourth), fresh-2026-12-02v and
-02w (written after the lexicon joined the BM25 stage), fresh-2026-12-02za and -02zb (written after session 9's
first round), fresh-2026-12-02ze and -02zf (written after its second), fresh-2026-12-02zg and -02zh (written at its end),
fresh-2026-12-02zj and -02zk (session 10, written after a named small part came to be shown whole),
fresh-2026-12-02zl and -02zm (session 11, written while the reader was trained, not read before its figures),
fresh-2026-12-02zn, -02zo, -02zp and -02zq (session 12, 19:45 UTC, written before any change of that session),
fresh-2026-12-03a and -03b (session 13, 06:30 UTC, written after session 12's within-part refusal; their misses were
counted by eval.blind, never read), fresh-2026-12-03d and -03e (session 14, 15:10 UTC, written before its changes),
fresh-2026-12-03k and -03l (16:00 UTC, after them), fresh-2026-12-03m to -03p (session 15, 17:30 UTC, before its
changes), fresh-2026-12-03q and -03r (18:30 UTC, after them).
Session 16: those 26 honest sets (02za-03r) chose among its variants by their counts (SELECTION, never read);
fresh-2026-12-04a to -04h (01:08-01:30 UTC, before its choice) and -04i to -04l (01:55 and 02:25 UTC, after it) are
HONEST.
Session 17: fresh-2026-12-04m and -04n (03:22 UTC, before its change) and -04o and -04p (04:10 UTC, after it) join
HONEST; the reader trains on READER_SELECTION (half of SELECTION) and the cut is set on CALIBRATION + CUT_SELECTION
(the other half), the weights on CALIBRATION alone (qa/CALIBRATION.md, Session 17).
The sets of 2026-12-01 (b-j) were read while tuning the rules (g-j at the start of session 7)
or written to tune on (by helpers: d, f; 02c, 02d, 02f, 02g, 02j, 02k, 02n, 02o, 02r, 02s, 02x, 02y, 02zc, 02zd, 02zi;
by session 13's engineer: 03c; by helpers in session 14, aimed at the classes the honest sets' counts pointed to: 03f-03j),
so they are tuning
material. Questions decided without the model (a named part is answered from it; a reference the
documents do not have and a draft with no sentence are refused) are not in the fit but count in the figures;
whether a rule found the kind of information asked for missing is one of the model's signals. Out-of-fold
figures: each fold's model and threshold are fitted on the other folds only, with a fixed seed, so the figures
reproduce; the mean over SPREAD_SEEDS other seeds says how much they owe to the seed.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
ROWS = ROOT / "eval" / "refusal_rows.jsonl"
SEED = 20261201
FOLDS = 5
L2 = 1.0  # ridge penalty on standardised coefficients: few rows, keep the model smooth
REFUSING_RULES = ("empty", "note")  # no sentence selected; a reference the documents do not have (条例第八十条)
# the threshold refuses at most this share of answerable training rows: the target itself (at most 2 % refused).
# Out of fold over 398 questions with cited_cover (mean over 20 seeds): 0.01 gave 3.45 false refusals and 50.95/63
# refused, 0.015 4.00 and 56.15, 0.02 4.00 and 57.00, 0.025 4.25 and 57.00, 0.03 6.05 and 57.00. A cost-weighted
# cut (a false refusal weighing 2-8 missed ones) refused fewer for the same false refusals (lam 2: 3.95, 55.40).
# Session 17: 0.015, since the cut is set on CALIBRATION + CUT_SELECTION: at 0.02 it refused a dev question (drafts of
# 2026-12-04, the reader trained on READER_SELECTION), at 0.015 none.
MAX_FALSE_REFUSAL = 0.015


# Sets no rule was tuned on, each written by a writer who never ran the system (see the module docstring); the reader
# never trains on CALIBRATION, CUT_SELECTION or HONEST (READER_UNSEEN below). The refusal model is fitted on
# CALIBRATION (the earlier ones) — stacking: the rules and the
# reader were fitted on the other sets, so what the rule flag and the reader's logit are worth is learnt where they
# meet questions as new as a user's (on the rule-tuned sets the rule flag refused 433 unanswerable and 4 answerable
# rows, on these 110 and 6 of 263: its weight there was in-sample). HONEST sets are fitted by nothing: the figures.
CALIBRATION: tuple[str, ...] = ("fresh-2026-12-02a", "fresh-2026-12-02b", "fresh-2026-12-02e", "fresh-2026-12-02h",
                                "fresh-2026-12-02i", "fresh-2026-12-02l", "fresh-2026-12-02m",
                                "fresh-2026-12-02p", "fresh-2026-12-02q",
                                "fresh-2026-12-02t", "fresh-2026-12-02u",
                                "fresh-2026-12-02v", "fresh-2026-12-02w")
# The 26 honest sets of sessions 9-15 (never read) chose among session 16's variants by their counts: SELECTION,
# fitted by nothing but no longer unseen. The sets of session 16 (04a-04h, written 01:08-01:30Z, and 04i-04l,
# written 01:55Z and 02:25Z after its change) measure.
SELECTION: tuple[str, ...] = ("fresh-2026-12-02za", "fresh-2026-12-02zb",
                              "fresh-2026-12-02ze", "fresh-2026-12-02zf",
                              "fresh-2026-12-02zg", "fresh-2026-12-02zh",
                              "fresh-2026-12-02zj", "fresh-2026-12-02zk",
                              "fresh-2026-12-02zl", "fresh-2026-12-02zm",
                              "fresh-2026-12-02zn", "fresh-2026-12-02zo",
                              "fresh-2026-12-02zp", "fresh-2026-12-02zq",
                              "fresh-2026-12-03a", "fresh-2026-12-03b",
                              "fresh-2026-12-03d", "fresh-2026-12-03e",
                              "fresh-2026-12-03k", "fresh-2026-12-03l",
                              "fresh-2026-12-03m", "fresh-2026-12-03n",
                              "fresh-2026-12-03o", "fresh-2026-12-03p",
                              "fresh-2026-12-03q", "fresh-2026-12-03r")
HONEST: tuple[str, ...] = ("fresh-2026-12-04a", "fresh-2026-12-04b",
                           "fresh-2026-12-04c", "fresh-2026-12-04d",
                           "fresh-2026-12-04e", "fresh-2026-12-04f",
                           "fresh-2026-12-04g", "fresh-2026-12-04h",
                           "fresh-2026-12-04i", "fresh-2026-12-04j",  # 04i-04l: written 01:55Z and 02:25Z, after
                           "fresh-2026-12-04k", "fresh-2026-12-04l",  # the change
                           "fresh-2026-12-04m", "fresh-2026-12-04n",  # session 17, 03:22Z, before its change
                           "fresh-2026-12-04o", "fresh-2026-12-04p")  # 04:10Z, after it
UNFITTED: tuple[str, ...] = CALIBRATION + SELECTION + HONEST  # what no rule was tuned on
# Session 17: SELECTION is split in two. The reader trains on READER_SELECTION too (honest-style near-topic questions
# no rule flags, which the rule-tuned sets hold few of: its AUC on the other half 0.976 -> 0.991); CUT_SELECTION,
# which the reader never sees, joins CALIBRATION where the threshold is set (the unanswerable questions no rule flags
# there: 5 -> 23 rows), while the weights stay fitted on CALIBRATION alone (fitted on both, they refused 5 dev
# questions at the cut).
READER_SELECTION: tuple[str, ...] = SELECTION[0::2]
CUT_SELECTION: tuple[str, ...] = SELECTION[1::2]
FIT_SETS: tuple[str, ...] = CALIBRATION + CUT_SELECTION  # the rows of eval/refusal_rows.jsonl
READER_UNSEEN: tuple[str, ...] = CALIBRATION + CUT_SELECTION + HONEST  # what the reader never trains on
SPREAD_SEEDS = 20


def gold_items(gold_dir: Path = GOLD, sets: tuple[str, ...] = FIT_SETS) -> list[dict]:
    """The questions of `sets` (the refusal model's fit: FIT_SETS), each with its set's name as split."""
    items = []
    for path in sorted(gold_dir.glob("*.jsonl")):
        if path.stem not in sets:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["split"] = path.stem
                items.append(item)
    return items


def drafts(items: list[dict], settings, idx=None):
    """(item, draft, decided, rule reason) per gold question; decided names what settled it without the model
    (a reference the documents lack, a named part, no sentence) or is "". idx: the caller's
    open index (else one is opened)."""
    from index import open_index
    from qa.answer import draft_answer
    from qa.lookup import reference_note
    from qa.refusal import rule_reason

    idx = idx if idx is not None else open_index(settings)
    for item in items:
        draft = draft_answer(item["question"], idx, settings.build_dir, corpus_dir=settings.corpus_dir)
        note, _ = reference_note(item["question"], idx.clauses)  # answer() refuses these before the model
        decided = "note" if note else ("summary" if draft.mode == "summary" else ("restricted" if draft.restricted else ""))
        decided = decided or ("empty" if not draft.picks else "")
        yield item, draft, decided, (rule_reason(draft) if not decided else "")


def collect(items: list[dict], settings) -> list[dict]:
    """One row per gold question: its features, label and whether a rule decided it. The reader's logit is the
    shipped reader's own: it never trained on the CALIBRATION sets, so it reads them as it reads a user's question."""
    from qa.refusal_model import features

    rows = []
    for item, draft, decided, reason in drafts(items, settings):
        rows.append({"id": item["id"], "split": item["split"], "answerable": bool(item.get("answerable", True)),
                     "rule": decided, "x": [round(v, 6) for v in features(draft, bool(reason))]})
    return rows


def auc(scores, labels) -> float:
    """Area under the ROC curve (ties counted half): how well scores rank the 1-labels above the 0-labels."""
    from scipy.stats import rankdata

    s, y = np.asarray(scores, dtype=float), np.asarray(labels, dtype=float)
    n1, n0 = float(y.sum()), float(len(y) - y.sum())
    if not n1 or not n0:
        return float("nan")
    return float((rankdata(s)[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, iters: int = 50) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean, scale, coef, intercept) of an L2-penalised logistic regression by Newton's method."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (p - y) + penalty @ w
        hess = (z.T * (p * (1 - p))) @ z + penalty + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, w[1:], float(w[0])


def predict(x: np.ndarray, mean, scale, coef, intercept) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(((x - mean) / scale) @ coef + intercept, -30, 30)))


def threshold(p: np.ndarray, y: np.ndarray, max_false: float = MAX_FALSE_REFUSAL) -> float:
    """Refuse when p < cut: the cut refusing the most unanswerable rows net of the answerable ones it refuses, with
    at most max_false of the answerable rows refused; the widest margin among the cuts that do as well.

    Net, not "as many refusals as the budget allows": a cut spending the whole 2 % budget to refuse one more
    unanswerable row deep inside the answerable ones (p 0.95 where most answerable rows sit) generalises badly —
    session 6's refit did that (threshold 0.52 -> 0.96) and refused two dev questions end to end."""
    order = np.argsort(p, kind="stable")
    ps, ys = p[order], y[order]
    allowed = int(np.floor(max_false * int((y == 1).sum())))
    best, best_i = 0, 0  # cut before sorted row i: rows 0..i-1 refused
    false = refused = 0
    for i in range(1, len(ps) + 1):
        false += int(ys[i - 1] == 1)
        refused += int(ys[i - 1] == 0)
        if false > allowed:
            break
        if i < len(ps) and ps[i] == ps[i - 1]:
            continue  # a cut cannot fall between equal scores
        if refused - false > best:
            best, best_i = refused - false, i
    if best_i == 0:
        return float(ps[0]) - 1e-9 if len(ps) else 0.5
    # halfway between the last row refused and the next one, so that a new phrasing of an answerable question is
    # not refused for sitting just under the training minimum
    return (float(ps[best_i - 1]) + float(ps[best_i])) / 2 if best_i < len(ps) else float(ps[-1]) + 1e-9


def folds(y: np.ndarray, k: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """Stratified fold numbers, shuffled with a fixed seed."""
    rng = np.random.default_rng(seed)
    out = np.zeros(len(y), dtype=int)
    for label in (0, 1):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        out[idx] = np.arange(len(idx)) % k
    return out


def row_key(row: dict) -> str:
    """A row's identity: ids repeat across gold sets (f01 in two fresh sets), so the set is part of it."""
    return f"{row['split']}/{row['id']}"


def figures(rows: list[dict], refused: dict[str, bool]) -> dict:
    """False refusals over answerable, refused over unanswerable, counting rule decisions as they fall."""
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    fr = sum(refused[row_key(r)] for r in ans)
    ur = sum(refused[row_key(r)] for r in una)
    return {"answerable": len(ans), "false_refusals": fr, "false_refusal_rate": round(fr / max(1, len(ans)), 4),
            "unanswerable": len(una), "refused": ur, "unanswerable_refused": round(ur / max(1, len(una)), 4)}


def weighted(model_rows: list[dict], weight_sets: tuple[str, ...] | None) -> np.ndarray:
    """Which rows the weights are fitted on: those of weight_sets (None: all); the cut is set on all of them."""
    return np.array([weight_sets is None or r["split"] in weight_sets for r in model_rows], dtype=bool)


def cross_validate(rows: list[dict], seed: int = SEED, weight_sets: tuple[str, ...] | None = CALIBRATION) -> dict:
    """Out-of-fold decisions for the rows the model decides; the whole-pipeline figures and per-fold figures. Each
    fold's weights are fitted on its training rows of weight_sets, its cut on all its training rows."""
    model_rows = [r for r in rows if not r["rule"]]
    x = np.array([r["x"] for r in model_rows], dtype=float)
    y = np.array([1.0 if r["answerable"] else 0.0 for r in model_rows])
    w = weighted(model_rows, weight_sets)
    fold_of = folds(y, seed=seed)
    oof = np.zeros(len(y))
    per_fold = []
    for f in range(FOLDS):
        train, test = fold_of != f, fold_of == f
        params = fit(x[train & w], y[train & w])
        cut = threshold(predict(x[train], *params), y[train])
        oof[test] = predict(x[test], *params) - cut  # >= 0: answer
        test_rows = [model_rows[i] for i in np.flatnonzero(test)]
        per_fold.append({"fold": f, "threshold": round(cut, 4),
                         **figures(test_rows, {row_key(r): bool(oof[i] < 0) for r, i in zip(test_rows, np.flatnonzero(test))})})
    refused = {row_key(r): r["rule"] in REFUSING_RULES for r in rows if r["rule"]}
    refused.update({row_key(r): bool(o < 0) for r, o in zip(model_rows, oof)})
    return {"seed": seed, "folds": per_fold, "model_rows": figures(model_rows, refused), "all": figures(rows, refused),
            "by_split": {s: figures([r for r in rows if r["split"] == s], refused)
                         for s in sorted({r["split"] for r in rows})}}


def model_json(rows: list[dict], seed: int = SEED, weight_sets: tuple[str, ...] | None = CALIBRATION) -> dict:
    from qa.refusal_model import FEATURES

    model_rows = [r for r in rows if not r["rule"]]
    x = np.array([r["x"] for r in model_rows], dtype=float)
    y = np.array([1.0 if r["answerable"] else 0.0 for r in model_rows])
    w = weighted(model_rows, weight_sets)
    mean, scale, coef, intercept = fit(x[w], y[w])
    cut = threshold(predict(x, mean, scale, coef, intercept), y)
    return {"features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": coef.round(6).tolist(), "intercept": round(intercept, 6), "threshold": round(cut, 6),
            "l2": L2, "max_false_refusal_train": MAX_FALSE_REFUSAL, "n_rows": len(rows), "n_model_rows": len(model_rows),
            "weights_fitted_on": "all" if weight_sets is None else f"{int(w.sum())} rows of {len(set(weight_sets))} sets",
            "out_of_fold": cross_validate(rows, seed, weight_sets), "seed_spread": spread(rows, weight_sets=weight_sets)}


def spread(rows: list[dict], seeds: int = SPREAD_SEEDS, weight_sets: tuple[str, ...] | None = CALIBRATION) -> dict:
    """Mean out-of-fold false refusals and refusals over seeds 0..seeds-1: the figures without the luck of one seed."""
    runs = [cross_validate(rows, s, weight_sets)["all"] for s in range(seeds)]
    return {"seeds": seeds, **{k: round(float(np.mean([r[k] for r in runs])), 4)
                               for k in ("false_refusals", "false_refusal_rate", "refused", "unanswerable_refused")}}


def jsonl_rows(path: Path, reuse: bool, make) -> list[dict]:
    """The rows of `path` when reuse, else make(offline settings) written to `path` first (one JSON object a line)."""
    if reuse:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    from settings import Settings

    rows = make(Settings.load(llm_base_url="", llm_model=""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.refusal_fit", description=__doc__.splitlines()[0])
    ap.add_argument("--rows-only", action="store_true", help=f"refit from {ROWS.relative_to(ROOT)}")
    ap.add_argument("--out", default=None, help="model JSON (default qa/data/refusal_model.json)")
    args = ap.parse_args(argv)
    from qa.refusal_model import MODEL

    rows = jsonl_rows(ROWS, args.rows_only, lambda settings: collect(gold_items(), settings))
    model = model_json(rows)
    out = Path(args.out) if args.out else MODEL
    out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"out": str(out), "threshold": model["threshold"], "coef": model["coef"],
                      "out_of_fold": model["out_of_fold"]["all"], "by_split": model["out_of_fold"]["by_split"],
                      "seed_spread": model["seed_spread"]},
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
