"""The sentence-window vectors of an index's long clauses, read once per index object from the vector cache."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .vector_cache import cached_vectors
from .windows import all_windows

_lock = threading.Lock()


@dataclass(frozen=True)
class WindowVectors:
    """Window vectors grouped by owning clause: rows of one clause are contiguous (all_windows walks positions)."""

    matrix: np.ndarray  # (windows, dim) float32
    starts: np.ndarray  # first row of each owning clause's windows
    owners: np.ndarray  # the clause position of each group, ascending

    def best(self, q: np.ndarray) -> np.ndarray:
        """Each owning clause's best window score for the query vector (aligned with `owners`)."""
        return np.maximum.reduceat(self.matrix @ q, self.starts)

    @classmethod
    def of(cls, texts_owners: tuple[list[str], list[int]], matrix: np.ndarray) -> "WindowVectors":
        owners = np.asarray(texts_owners[1], dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(owners) else np.zeros(0, np.int64)
        return cls(np.ascontiguousarray(matrix, dtype=np.float32), starts, owners[starts])


def window_vectors(idx) -> WindowVectors | None:
    """The index's window vectors (cached on it); None when it has no long clauses or their vectors are not cached
    (refresh embeds them; reads never do)."""
    if hasattr(idx, "_windows_cached"):
        return idx._windows_cached
    with _lock:
        if not hasattr(idx, "_windows_cached"):
            idx._windows_cached = _load(idx)
        return idx._windows_cached


def _load(idx) -> WindowVectors | None:
    build_dir = getattr(idx, "build_dir", None)
    pairs = all_windows(idx.clauses)
    if not pairs[0] or build_dir is None:
        return None
    matrix = cached_vectors(Path(build_dir), idx.embedder.model_id, pairs[0])
    return None if matrix is None else WindowVectors.of(pairs, matrix)
