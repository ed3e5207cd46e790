"""The sentence-window vectors of an index's long clauses: read from the vector cache, searched flat or by HNSW."""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .stores.base import HNSW_THRESHOLD
from .stores.faiss import FaissStore
from .vector_cache import cached_vectors, embed_passages
from .windows import all_windows

_lock = threading.Lock()


@dataclass(frozen=True)
class WindowVectors:
    """Window vectors grouped by owning clause: rows of one clause are contiguous (all_windows walks positions)."""

    matrix: np.ndarray | None  # (windows, dim) float32; None when the HNSW graph holds them (not kept twice)
    starts: np.ndarray  # first row of each owning clause's windows
    owners: np.ndarray  # the clause position of each group, ascending
    rows: np.ndarray  # the clause position of each row
    store: FaissStore  # exact below HNSW_THRESHOLD windows, an HNSW graph above (2,584 at 271k clauses: regulations have none)

    @classmethod
    def of(cls, owners_of_rows, matrix: np.ndarray, store: FaissStore | None = None) -> "WindowVectors":
        rows = np.asarray(owners_of_rows, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else np.zeros(0, np.int64)
        matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        store = store if store is not None else FaissStore.build(matrix)
        return cls(matrix if store.kind == "flat" else None, starts, rows[starts], rows, store)

    def best_of(self, q: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Each clause's best window score (exact), NaN for clauses without windows."""
        out = np.full(len(positions), np.nan)
        if not len(self.owners) or not len(positions):
            return out
        i = np.minimum(np.searchsorted(self.owners, positions), len(self.owners) - 1)
        has = np.flatnonzero(self.owners[i] == positions)
        if not len(has):
            return out
        g = i[has]
        ends = np.r_[self.starts[1:], len(self.rows)]
        lengths = ends[g] - self.starts[g]
        offsets = np.repeat(self.starts[g] - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
        rows = offsets + np.arange(int(lengths.sum()))
        vecs = self.matrix[rows] if self.matrix is not None else self.store.index.reconstruct_batch(rows)
        out[has] = np.maximum.reduceat(vecs @ q, np.r_[0, np.cumsum(lengths)[:-1]])
        return out

    def top(self, q: np.ndarray, n: int, mask: np.ndarray | None = None) -> list[int]:
        """The clauses owning the n best windows (within the mask over clause positions), best first."""
        if n <= 0 or not len(self.rows):
            return []
        allowed = None if mask is None else mask[self.rows]
        out: list[int] = []
        for row, _ in self.store.search(q, min(len(self.rows), 4 * n), allowed):
            owner = int(self.rows[row])
            if owner not in out:
                out.append(owner)
                if len(out) == n:
                    break
        return out


def prepare(index, build_dir: Path) -> None:
    """At refresh: embed the windows the vector cache lacks (only long clauses have them) and load them."""
    texts, _ = all_windows(index.clauses)
    if texts:
        embed_passages(index.embedder, texts, Path(build_dir))
    index.__dict__.pop("_windows_cached", None)
    window_vectors(index)


def prepare_if_needed(index, build_dir: Path) -> bool:
    """prepare() when a configured stage reads window vectors (the window and maxp stages); whether it did."""
    if not any(getattr(stage, "needs_windows", False) for stage in getattr(index, "retrievers", [])):
        return False
    prepare(index, build_dir)
    return True


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
    texts, owners = all_windows(idx.clauses)
    if not texts or build_dir is None:
        return None
    matrix = cached_vectors(Path(build_dir), idx.embedder.model_id, texts)
    if matrix is None:
        return None
    return WindowVectors.of(owners, matrix, _graph(Path(build_dir), idx.embedder.model_id, texts, matrix))


def _graph(build_dir: Path, model_id: str, texts: list[str], matrix: np.ndarray) -> FaissStore:
    """Flat for few windows; else the HNSW graph saved beside the vector cache, keyed by the window texts, so it is
    built once (at refresh) and read after."""
    if len(matrix) < HNSW_THRESHOLD:
        return FaissStore.build(matrix)
    digest = hashlib.sha1("\n".join([model_id, *texts]).encode("utf-8")).hexdigest()[:16]
    path = build_dir / "cache" / f"windows-{digest}.faiss"
    if path.exists():
        try:
            store = FaissStore.load(path)
            if store.size == len(matrix):
                return store
        except Exception:  # noqa: BLE001 — a damaged file is rebuilt below
            pass
    store = FaissStore.build(matrix)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
        store.save(Path(tmp))
        os.replace(tmp, path)  # whole or not at all
    except OSError:
        pass  # a read-only build dir: the graph is rebuilt per process
    return store
