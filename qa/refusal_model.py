"""The refusal model: a small logistic regression over evidence signals of a draft, read from qa/data/refusal_model.json.

Signals: lexical support of the best clause (idf-weighted share of the question's concepts), the best
sentence's cosine with the question as a z-score against the question's cosines with a fixed sample of the
collection's sentences (qa.sentences.background: e5 cosines sit in a narrow band and some questions are close
to everything, so the raw cosine says little), and whether a rule found the kind of information asked for
missing from the cited clauses (a figure, a phone number, a name, another place's rules, a quoted text the
collection never mentions: qa/asks.py, qa/refusal.rule_reason), and the share of the question's concepts the
cited clauses hold together (cited_cover: beside support, a question found only scattered over several clauses).
Tried and left out, out of fold over every gold question (mean over 20 seeds): the raw cosine and its margin over the other candidates (more false
refusals, no more refusals), the share of the question the collection never mentions (fewer refusals: English
words we cannot map look like unknown things), the coverage by the best sentence holding the kind of
information asked for (far fewer refusals), the kind asked for recognised by meaning (eval/kinds_probe.py: more
false refusals, fewer refusals). The coefficients are fitted out of fold by
`python -m eval.refusal_fit` over every gold question of the project; qa only reads them (qa never imports eval).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from errors import UserError

MODEL = Path(__file__).resolve().parent / "data" / "refusal_model.json"
FEATURES = ("support", "dense_z", "rule", "cited_cover")


class RefusalModelError(UserError):
    """qa/data/refusal_model.json is malformed."""


def features(draft, rule: bool = False) -> list[float]:
    """The signals of a draft, in FEATURES order; `rule`: a kind of information asked for (a fee, a figure,
    another place's rules …) is not in the cited clauses (qa.refusal.rule_reason); cited_cover: the share of the
    question's concepts the cited clauses hold together (the asked detail a near-topic question lacks)."""
    return [float(draft.support), float(getattr(draft, "dense_z", 0.0)), float(rule), float(getattr(draft, "cited_cover", 0.0))]


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
    if list(data["features"]) != list(FEATURES):
        raise RefusalModelError(f"{path}: features {data['features']} do not match qa {list(FEATURES)}; refit it")
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
    p = probability(features(draft, rule), model)
    return p >= float(model["threshold"]), p, float(model["threshold"])
