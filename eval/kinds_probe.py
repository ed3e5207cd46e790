"""The kind of information a question asks for, recognised by meaning: e5 query vectors against labelled exemplars.

qa/data/kinds.json holds exemplar questions per kind (zh, zh-Hant, en, pt; each kind with its reason) and a
'none' class of questions policy documents answer. A question's similarity to a kind is the mean of its top
TOP_K cosines with that kind's exemplars; its margin is that similarity minus the same over the 'none'
exemplars. Unlike a cue pattern, this reaches phrasings and languages nobody wrote a pattern for; the evidence
check per kind (qa/asks.py KINDS) still decides whether a cited clause holds that kind of information.
"""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from errors import UserError

DATA = Path(__file__).resolve().parent / "data" / "kinds.json"
TOP_K = 2  # mean of the two nearest exemplars: one odd exemplar does not decide alone
NONE = "none"


class KindsDataError(UserError):
    """qa/data/kinds.json is malformed."""


@lru_cache(maxsize=2)
def exemplars(path: str = str(DATA)) -> dict[str, list[str]]:
    """kind -> exemplar questions; a bad file names itself and the field."""
    from .asks import KINDS

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        kinds = data["kinds"]
    except OSError as exc:
        raise KindsDataError(f"{path}: cannot read the kind exemplars ({exc})") from None
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise KindsDataError(f"{path}: not a kinds file ({exc!r})") from None
    known = {k.name for k in KINDS} | {NONE}
    out = {}
    for name, entry in kinds.items():
        if name not in known:
            raise KindsDataError(f"{path}: kind {name!r} is not one of qa/asks.py KINDS")
        if not isinstance(entry, dict) or not entry.get("reason") or not entry.get("examples"):
            raise KindsDataError(f"{path}: kind {name!r} needs a 'reason' and 'examples'")
        out[name] = [str(e) for e in entry["examples"]]
    if NONE not in out:
        raise KindsDataError(f"{path}: the {NONE!r} class is missing")
    return out


_lock = threading.Lock()
_vectors: dict[tuple, dict[str, np.ndarray]] = {}


def exemplar_vectors(embedder, path: str = str(DATA)) -> dict[str, np.ndarray]:
    """kind -> (n, dim) query vectors of its exemplars, embedded once per embedder and process."""
    key = (getattr(embedder, "model_id", ""), id(embedder), path)
    with _lock:
        found = _vectors.get(key)
    if found is not None:
        return found
    mats = {kind: np.stack([np.asarray(embedder.query(t), dtype=np.float32) for t in texts])
            for kind, texts in exemplars(path).items()}
    with _lock:
        if len(_vectors) > 8:
            _vectors.clear()
        _vectors[key] = mats
    return mats


def margins(qvec, embedder, path: str = str(DATA)) -> dict[str, float]:
    """kind -> similarity to its exemplars minus similarity to the 'none' exemplars (> 0: nearer that kind)."""
    q = np.asarray(qvec, dtype=np.float32)
    sims = {}
    for kind, mat in exemplar_vectors(embedder, path).items():
        cos = np.sort(mat @ q)[::-1]
        sims[kind] = float(cos[:TOP_K].mean())
    base = sims.pop(NONE)
    return {kind: round(s - base, 6) for kind, s in sims.items()}
