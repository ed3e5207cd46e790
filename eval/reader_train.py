"""Fit the reader (qa/reader.py) on the fitted gold questions' drafts: out-of-fold logits, then the shipped model.

    python -m eval.reader_train              # drafts every gold question (~8 min), trains FOLDS + 1 readers (~45 min)
    python -m eval.reader_train --pairs-only # reuse build/reader/pairs.jsonl (the drafts of the last run)
    python -m eval.reader_train --folds 0    # the shipped reader only (with --pairs-only ~9 min on 2 idle cores)

Examples: each fitted question the refusal model decides (qa/refusal.py: no rule settled it), as (question, the
sentences its draft shows), labelled answerable or not. Tried and left out (qa/CALIBRATION.md, session 11): one
near-topic negative per answerable question (another draft's sentences from a clause it cites, holding none of its
evidence) at rank 16 — out-of-fold AUC 0.891 -> 0.865, honest 0.976 -> 0.949.
Writes qa/data/reader.npz (the model trained on all of them; its meta records the out-of-fold AUC) and
build/reader/logits.jsonl (each fitted question's logit from the fold model that never saw it, and each
READER_UNSEEN question's from the shipped model). The rule-tuned sets and, from session 17, READER_SELECTION (half of
the sets that chose session 16's variants) are trained on: the refusal model is fitted on eval/refusal_fit.CALIBRATION
with the shipped reader's logits (stacking) and its cut set there and on CUT_SELECTION, which the reader never sees,
and the HONEST sets measure both.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from .refusal_fit import FOLDS, GOLD, READER_UNSEEN, ROOT, SEED, auc, drafts, folds, jsonl_rows, row_key

PAIRS = ROOT / "build" / "reader" / "pairs.jsonl"
LOGITS = ROOT / "build" / "reader" / "logits.jsonl"
FIRST_TRAINED = 8  # layers 8-11 learn (the lower eight are e5's, computed once per example)
RANK = 8  # a low-rank update: ~230k numbers learnt from ~1,250 questions
EPOCHS = 4
BATCH = 16
LR = 5e-4
WEIGHT_DECAY = 0.01
THREADS = 2


def all_items(gold_dir: Path = GOLD) -> list[dict]:
    """Every gold question, fitted or not, with its set's name (eval.gold.load_file: a malformed set is named
    before two minutes of drafting)."""
    from dataclasses import asdict

    from .gold import load_file

    return [asdict(item) for path in sorted(gold_dir.glob("*.jsonl")) for item in load_file(path, split=path.stem)]


def collect(items: list[dict], settings) -> list[dict]:
    """One pair per gold question: what its draft shows, whether a rule decided it, its label and evidence."""
    out = []
    for item, draft, decided, _ in drafts(items, settings):
        out.append({"id": item["id"], "split": item["split"],
                    "answerable": bool(item.get("answerable", True)), "rule": decided, "question": item["question"],
                    "shown": [p.shown for p in draft.picks], "cited": [p.clause.id for p in draft.picks],
                    "evidence": list(item.get("evidence") or [])})
    return out


class Trainer:
    """The frozen lower layers' states for every example (computed once), and training/scoring of the top."""

    def __init__(self, examples: list[dict], threads: int = THREADS):
        import torch

        from index.onnx_e5 import export, weights
        from index.onnx_e5.tokenizer import E5Tokenizer
        from qa.reader import pair_ids

        from .reader_torch import Encoder

        torch.set_num_threads(threads)
        self.torch = torch
        self.source = export.source_model()
        m = weights.load(self.source)
        self.enc = Encoder(m)
        tok = E5Tokenizer(m.vocab)
        self.y = np.array([1.0 if e["answerable"] else 0.0 for e in examples])
        self.lower = []
        with torch.no_grad():
            for e in examples:
                ids = torch.tensor([pair_ids(tok, e["question"], e["shown"])])
                self.lower.append(self.enc.lower(ids, torch.ones_like(ids), FIRST_TRAINED)[0])

    def batch(self, idx):
        torch = self.torch
        width = max(self.lower[i].shape[0] for i in idx)
        x = torch.zeros(len(idx), width, self.enc.hidden)
        mask = torch.zeros(len(idx), width, dtype=torch.long)
        for r, i in enumerate(idx):
            n = self.lower[i].shape[0]
            x[r, :n], mask[r, :n] = self.lower[i], 1
        return x, mask

    def train(self, rows: np.ndarray, seed: int, log=print):
        """A reader trained on `rows` (class-balanced loss, warm-up then linear decay, length-bucketed batches)."""
        torch = self.torch
        import torch.nn.functional as F

        from .reader_torch import Reader

        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        model = Reader(self.enc, FIRST_TRAINED, RANK)
        opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
        pos = float(self.y[rows].mean())
        weight = torch.tensor([0.5 / (1 - pos), 0.5 / pos])
        steps = EPOCHS * math.ceil(len(rows) / BATCH)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, (k + 1) / (0.1 * steps)) * max(0.0, 1 - k / steps))
        for epoch in range(EPOCHS):
            order = rng.permutation(rows)
            # batches of similar length (little padding), in random order
            chunks = [sorted(order[i : i + 8 * BATCH], key=lambda i: self.lower[i].shape[0]) for i in range(0, len(order), 8 * BATCH)]
            batches = [c[i : i + BATCH] for c in chunks for i in range(0, len(c), BATCH)]
            rng.shuffle(batches)
            model.train()
            total = 0.0
            for b in batches:
                x, mask = self.batch(b)
                target = torch.tensor(self.y[b], dtype=torch.float32)
                loss = (F.binary_cross_entropy_with_logits(model(x, mask), target, reduction="none") * weight[target.long()]).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                total += float(loss.detach()) * len(b)
            log(f"  epoch {epoch + 1}/{EPOCHS}: loss {total / len(rows):.4f}")
        model.eval()
        return model

    def score(self, model, rows: np.ndarray) -> np.ndarray:
        out = np.zeros(len(rows))
        with self.torch.no_grad():
            for k in range(0, len(rows), 32):
                b = rows[k : k + 32]
                x, mask = self.batch(b)
                out[k : k + len(b)] = model(x, mask).numpy()
        return out


def save(model, path: Path, meta: dict) -> None:
    """numpy arrays only (np.load(allow_pickle=False) reads them): the update, the head and a JSON meta entry."""
    arrays = model.arrays()
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.reader_train", description=__doc__.splitlines()[0])
    ap.add_argument("--pairs-only", action="store_true", help=f"reuse {PAIRS.relative_to(ROOT)}")
    ap.add_argument("--out", default=None, help="reader weights (default qa/data/reader.npz)")
    ap.add_argument("--folds", type=int, default=FOLDS,
                    help=f"out-of-fold readers before the shipped one (default {FOLDS}; 0: the shipped reader only, "
                         "no out-of-fold figure, a sixth of the time)")
    args = ap.parse_args(argv)
    if args.folds == 1 or args.folds < 0:
        ap.error("--folds: 0 (the shipped reader only) or at least 2")
    from index.onnx_e5 import weights
    from qa.reader import READER

    pairs = jsonl_rows(PAIRS, args.pairs_only, lambda settings: collect(all_items(), settings))
    decided = [p for p in pairs if not p["rule"]]  # the refusal model's rows
    # which sets the reader never trains on is read from refusal_fit now, not from when the pairs were drafted
    fitted = [p for p in decided if p["split"] not in READER_UNSEEN]
    honest = [p for p in decided if p["split"] in READER_UNSEEN]
    examples = fitted + honest
    start = time.time()
    log = lambda msg: print(f"[{time.time() - start:6.0f}s] {msg}", file=sys.stderr, flush=True)
    trainer = Trainer(examples)
    log(f"{len(fitted)} fitted pairs, {len(honest)} honest pairs (scored, never trained on)")
    n_fit = len(fitted)
    fit_rows = np.arange(n_fit)
    honest_rows = np.arange(n_fit, len(examples))
    fold_of = folds(trainer.y[:n_fit], args.folds, SEED) if args.folds else None
    oof = np.full(n_fit, np.nan)  # stays NaN without folds: no out-of-fold logit, none written
    for f in range(args.folds):
        log(f"fold {f + 1}/{args.folds}")
        model = trainer.train(fit_rows[fold_of != f], SEED + f, log)
        test = np.flatnonzero(fold_of == f)
        oof[test] = trainer.score(model, test)
    log("the shipped reader, on every fitted example")
    model = trainer.train(fit_rows, SEED + FOLDS, log)
    honest_scores = trainer.score(model, honest_rows)
    y = trainer.y
    figures = {"out_of_fold_auc": round(auc(oof, y[:n_fit]), 4) if args.folds else None,
               "unfitted_auc": round(auc(honest_scores, y[honest_rows]), 4) if len(honest_rows) else None}
    meta = {"source_sha256": weights.file_sha256(trainer.source), "first_trained_layer": FIRST_TRAINED, "rank": RANK,
            "epochs": EPOCHS, "lr": LR, "seed": SEED, "folds": args.folds, "fitted_pairs": n_fit,
            "head": "masked mean of the last hidden states -> linear", **figures}
    out = Path(args.out) if args.out else READER
    save(model, out, meta)
    rows = [{"key": row_key(p), "logit": round(float(s), 5)} for p, s in zip(fitted, oof) if not np.isnan(s)]
    rows += [{"key": row_key(p), "logit": round(float(s), 5), "honest": True} for p, s in zip(honest, honest_scores)]
    LOGITS.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(json.dumps({"out": str(out), "logits": str(LOGITS), **figures}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
