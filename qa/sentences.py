"""Sentence vectors for answer selection: the index's embedder, cached in the build dir keyed by text hash."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path

import numpy as np

from .support import clause_sentences

CACHE_DIR = "sentence_vectors"  # under the build dir; one subfolder per embedding model
_PREFIX = "passage: "  # what the sentence is embedded as; part of the key so a prefix change re-embeds


def key(text: str) -> str:
    return hashlib.sha1((_PREFIX + text).encode("utf-8")).hexdigest()[:20]


class SentenceVectors:
    """hash -> vector, read from and appended to `<build>/sentence_vectors/<model>/` (vectors.npy + keys.json).

    No pickle: a float16 .npy matrix and a JSON list of keys in row order, written to a temporary file and
    renamed, so a crash never leaves a half-written cache (a damaged cache is ignored and rebuilt)."""

    def __init__(self, embedder, build_dir: Path | None):
        self.embedder = embedder
        model = getattr(embedder, "model_id", "model")
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in str(model))[:80]
        self.dir = Path(build_dir) / CACHE_DIR / safe if build_dir else None
        self._rows: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._dirty = False
        self._load()

    def _load(self) -> None:
        if self.dir is None:
            return
        try:
            keys = json.loads((self.dir / "keys.json").read_text(encoding="utf-8"))
            mat = np.load(self.dir / "vectors.npy", allow_pickle=False)
            if len(keys) == len(mat):
                self._rows = {k: mat[i].astype(np.float32) for i, k in enumerate(keys)}
        except (OSError, ValueError):
            self._rows = {}  # no cache yet, or a damaged one: sentences are re-embedded

    def vectors(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised; missing texts are embedded in one batch and cached."""
        keys = [key(t) for t in texts]
        with self._lock:
            missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in self._rows))
        if missing:
            vecs = np.asarray(self.embedder.passages(missing), dtype=np.float32)
            with self._lock:
                for t, v in zip(missing, vecs):
                    self._rows[key(t)] = v
                self._dirty = True
        with self._lock:
            if not keys:
                return np.zeros((0, int(getattr(self.embedder, "dim", 1))), np.float32)
            return np.stack([self._rows[k] for k in keys])

    def save(self) -> None:
        """Write the cache (when it changed) atomically."""
        if self.dir is None or not self._dirty:
            return
        with self._lock:
            keys = list(self._rows)
            mat = np.stack([self._rows[k] for k in keys]).astype(np.float16) if keys else np.zeros((0, 1), np.float16)
            self._dirty = False
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            for name, write in (("vectors.npy", lambda fh: np.save(fh, mat, allow_pickle=False)),
                                ("keys.json", lambda fh: fh.write(json.dumps(keys).encode("utf-8")))):
                fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".tmp")
                with os.fdopen(fd, "wb") as fh:
                    write(fh)
                os.replace(tmp, self.dir / name)
        except OSError:
            pass  # a read-only build dir: vectors stay in memory for this process


_cache_lock = threading.Lock()
_cache: dict[tuple, SentenceVectors] = {}


def sentence_store(index, build_dir: Path | None) -> SentenceVectors | None:
    """The sentence vector store for an index (one per build dir and model); None without an embedder."""
    embedder = getattr(index, "embedder", None)
    if embedder is None or not hasattr(embedder, "passages"):
        return None
    k = (str(build_dir), getattr(embedder, "model_id", id(embedder)), id(embedder))
    with _cache_lock:
        store = _cache.get(k)
        if store is None:
            if len(_cache) > 8:
                _cache.clear()
            store = _cache[k] = SentenceVectors(embedder, build_dir)
    return store


def build_sentence_vectors(clauses: list, embedder, build_dir: Path) -> int:
    """Embed every clause sentence ahead of use (for the index build); returns how many sentences there are."""
    store = SentenceVectors(embedder, build_dir)
    texts = [shown for c in clauses for _, shown, _ in clause_sentences(c)]
    store.vectors(texts)
    store.save()
    return len(texts)


BACKGROUND_SIZE = 256  # sentences sampled evenly over the collection: the score a question gets from unrelated text
_bg_lock = threading.Lock()
_bg_cache: dict[tuple, np.ndarray] = {}


def background(store: SentenceVectors, clauses: list) -> np.ndarray:
    """Vectors of a fixed, evenly spaced sample of the collection's sentences (one per sampled clause).

    A question's cosine with its best sentence means little alone (e5 cosines sit in a narrow band, and some
    questions are close to every sentence); against the cosines of this sample it becomes a z-score."""
    key = (id(store), len(clauses), tuple(c.id for c in clauses[:: max(1, len(clauses) // 16)]))
    with _bg_lock:
        mat = _bg_cache.get(key)
    if mat is not None:
        return mat
    step = max(1, len(clauses) // BACKGROUND_SIZE)
    texts = []
    for c in clauses[::step]:
        sents = clause_sentences(c)
        if sents and c.kind != "title":
            texts.append(sents[len(sents) // 2][1])
    mat = store.vectors(texts[:BACKGROUND_SIZE]) if texts else np.zeros((0, 1), np.float32)
    with _bg_lock:
        if len(_bg_cache) > 8:
            _bg_cache.clear()
        _bg_cache[key] = mat
    return mat


def zscore(best: float, qvec, bg: np.ndarray) -> float:
    """How far the best sentence's cosine sits above the question's cosines with unrelated sentences (in sd)."""
    if bg is None or len(bg) < 8:
        return 0.0
    cos = bg @ np.asarray(qvec, dtype=np.float32)
    sd = float(cos.std())
    return (best - float(cos.mean())) / sd if sd > 1e-6 else 0.0
