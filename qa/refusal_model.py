"""The refusal model: a small logistic regression over evidence signals of a draft, read from qa/data/refusal_model.json.

Signals: lexical support of the best clause (idf-weighted share of the question's concepts), the best
sentence's cosine with the question as a z-score against the question's cosines with a fixed sample of the
collection's sentences (qa.sentences.background: e5 cosines sit in a narrow band and some questions are close
to everything, so the raw cosine says little), and whether a rule found the kind of information asked for
missing from the cited clauses (a figure, a phone number, a name, another place's rules, a quoted text the
collection never mentions: qa/asks.py, qa/refusal.rule_reason), and the share of the question's concepts the
cited clauses hold together (cited_cover: beside support, a question found only scattered over several clauses),
and the reader's log-odds that the shown sentences state what is asked (qa/reader.py: a cross-encoder reading both;
a model file lists the signals it uses, and the reader runs only for a model that reads it).
Tried and left out, out of fold over every gold question (mean over 20 seeds): the raw cosine and its margin over the other candidates (more false
refusals, no more refusals), the share of the question the collection never mentions (fewer refusals: English
words we cannot map look like unknown things), the coverage by the best sentence holding the kind of
information asked for (far fewer refusals), the kind asked for recognised by meaning (eval/kinds_probe.py: more
false refusals, fewer refusals). The coefficients are fitted by
`python -m eval.refusal_fit` on the calibration sets (stacking over the rules and the reader, which were fitted on the
other sets), with out-of-fold figures; qa only reads them (qa never imports eval).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from errors import UserError

MODEL = Path(__file__).resolve().parent / "data" / "refusal_model.json"
FEATURES = ("support", "dense_z", "rule", "cited_cover", "reader")


class RefusalModelError(UserError):
    """qa/data/refusal_model.json is malformed."""


def features(draft, rule: bool = False, reader_logit: float | None = None, names=FEATURES) -> list[float]:
    """The signals `names` (a model's own list, FEATURES by default) of a draft, in that order. `rule`: a kind of
    information asked for (a fee, a figure, another place's rules …) is not in the cited clauses
    (qa.refusal.rule_reason); cited_cover: the share of the question's concepts the cited clauses hold together (the
    asked detail a near-topic question lacks); reader: the cross-encoder's log-odds that the shown sentences state
    what is asked (qa/reader.py), or `reader_logit` when the caller has it already."""
    signals = {"support": lambda: draft.support, "dense_z": lambda: getattr(draft, "dense_z", 0.0), "rule": lambda: rule,
               "cited_cover": lambda: getattr(draft, "cited_cover", 0.0),
               "reader": lambda: reader_score(draft) if reader_logit is None else reader_logit}
    return [float(signals[name]()) for name in names]  # the reader runs only for a model that reads it


def reader_score(draft) -> float:
    """The reader's logit for the draft's question and shown sentences, computed once per draft."""
    cached = getattr(draft, "reader_logit", None)
    if cached is None:
        from .reader import load as load_reader

        question = draft.question or (draft.query.question if draft.query is not None else "")
        cached = draft.reader_logit = load_reader().logit(question, [p.shown for p in draft.picks])
    return cached


@lru_cache(maxsize=4)
def load(path: str = str(MODEL)) -> dict:
    """{'features', 'mean', 'scale', 'coef', 'intercept', 'threshold', ...}; a bad file names itself and the field."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RefusalModelError(f"{path}: cannot read the refusal model ({exc}); run python -m eval.refusal_fit") from None
    except json.JSONDecodeError as exc:
        raise RefusalModelError(f"{path}: not valid JSON ({exc})") from None
    for name in ("features", "mean", "scale", "coef", "intercept", "threshold"):
        if name not in data:
            raise RefusalModelError(f"{path}: missing field {name!r}")
    unknown = [f for f in data["features"] if f not in FEATURES]
    if unknown or not data["features"]:
        raise RefusalModelError(f"{path}: features {data['features']} are not signals qa computes ({list(FEATURES)}); refit it")
    if not len(data["features"]) == len(data["mean"]) == len(data["scale"]) == len(data["coef"]):
        raise RefusalModelError(f"{path}: features, mean, scale and coef differ in length")
    return data


def probability(x: list[float], model: dict) -> float:
    """P(answerable) of a feature vector under a model dict."""
    z = float(model["intercept"])
    for v, m, s, w in zip(x, model["mean"], model["scale"], model["coef"]):
        z += w * (v - m) / (s or 1.0)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def answerable(draft, rule: bool = False, model: dict | None = None) -> tuple[bool, float, float]:
    """(answer it?, P(answerable), threshold)."""
    model = model or load()
    p = probability(features(draft, rule, names=model["features"]), model)
    return p >= float(model["threshold"]), p, float(model["threshold"])
