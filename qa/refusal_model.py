"""The refusal model: a small logistic regression over evidence signals of a draft, read from qa/data/refusal_model.json.

Signals (the share of the question the collection never mentions was tried too: out of fold it refused three
answerable English/Portuguese questions and no unanswerable one more, so it is left out): lexical support of the best clause, cosine of the best sentence with the question and its margin over
the other candidates, and whether the kind of
information asked for (a figure, a phone number, another place's rules: qa/asks.py) is missing from the
cited clauses. The coefficients are fitted out of fold by `python -m eval.refusal_fit` over every
gold question of the project; qa only reads them (qa never imports eval).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from errors import UserError

MODEL = Path(__file__).resolve().parent / "data" / "refusal_model.json"
FEATURES = ("support", "dense", "dense_margin", "rule")


class RefusalModelError(UserError):
    """qa/data/refusal_model.json is malformed."""


def features(draft, rule: bool = False) -> list[float]:
    """The signals of a draft, in FEATURES order; `rule`: a kind of information asked for (a phone number, a
    figure, another place's rules …) is not in the cited clauses (qa.refusal.rule_reason)."""
    return [float(draft.support), float(draft.dense), float(draft.dense_margin), float(rule)]


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
