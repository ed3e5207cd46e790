"""Dense retriever scoring each clause by the best of its clause vector and its sentence windows (max-p).

Used instead of the plain dense stage on a flat index: every clause vector is at hand for an exact score. Reads
never embed: window vectors come from the vector cache filled at refresh; without them (or on an HNSW index)
this stage is the plain dense stage."""
from __future__ import annotations

import threading

import numpy as np

from ..vector_cache import cached_vectors
from ..windows import all_windows
from .base import QueryContext, Run
from .dense import DenseRetriever

_lock = threading.Lock()


class MaxPassageRetriever:
    name = "dense"
    needs_windows = True  # KnowledgeBase.refresh embeds the windows when a configured stage needs them

    def search(self, query: QueryContext, k: int, selection) -> Run:
        idx = query.index
        dense = getattr(idx.vectors, "_dense", None)
        windows, owners = _windows(idx)
        if dense is None or windows is None:
            return DenseRetriever().search(query, k, selection)
        text = query.text
        if query.expansion and idx.gloss_mode == "concat":
            text = query.text + " " + " ".join(query.expansion)
        q = np.asarray(idx.embedder.query(text), dtype=np.float32)
        scores = dense @ q
        if len(owners):
            np.maximum.at(scores, owners, windows @ q)
        mask = getattr(selection, "mask", None)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        top = np.argsort(-scores, kind="stable")[:k]
        return Run("dense", [int(p) for p in top if np.isfinite(scores[p])], idx.weights[0])


def _windows(idx):
    """(window matrix, owner positions) from the vector cache, once per index object; (None, None) if uncached."""
    cached = getattr(idx, "_window_vectors", None)
    if cached is not None:
        return cached
    with _lock:
        cached = getattr(idx, "_window_vectors", None)
        if cached is not None:
            return cached
        texts, owners = all_windows(idx.clauses)
        result = (np.zeros((0, 1), np.float32), np.zeros(0, np.int64))
        build_dir = getattr(idx, "build_dir", None)
        if texts:
            result = (None, None)
            if build_dir is not None:  # read by key: the whole cache (half a gigabyte at size) is never loaded
                matrix = cached_vectors(build_dir, idx.embedder.model_id, texts)
                if matrix is not None:
                    result = (matrix, np.asarray(owners))
        idx._window_vectors = result
        return result
