"""The embedded vector store: FAISS (exact below HNSW_THRESHOLD vectors, an HNSW graph above).

Why HNSW (M=32, efConstruction 80, efSearch max(EF_SEARCH, 2n)) and not IVF, measured at 150,000 384-d vectors by
`python -m index.bench_scale --compare` (one thread on a shared 2-core machine, load 3–12): exact search costs
12–37 ms p95; HNSW builds in 28–52 s, holds its own 220 MB copy of the vectors plus ~40 MB of graph (RSS +220–257 MB), answers in
0.2–0.3 ms at recall@10 0.97–1.00 against exact (two synthetic vector sets); IVF1024 was as fast (and on the synthetic
clusters as exact) but needs k-means training (6–24 s, redone when the corpus drifts), and its recall depends on how real vectors fall into its cells. HNSW needs no training, takes
new documents by insertion (append), and filters well: a filter leaving ≤ 5,000 rows (one document is a few hundred)
is scored exactly over just those rows; a wider one walks the graph with an IDSelectorBatch (p95 well under 1 ms)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import sub_table
from .base import HNSW_THRESHOLD, IndexStoreError, Selection, Where, as_selection

# measured on the real e5 vectors of 271,389 law clauses (218 queries, exact top 10 with ties as truth):
# efSearch 64 recall@10 0.959 (one query 0.0), 128 0.974, 256 0.983 at 0.41 ms a query — noise next to the
# ~3 ms of a hybrid search, so the graph walk is wide; the synthetic 150k vectors had suggested 64 was enough
EF_SEARCH = 256


class FaissStore:
    """Inner-product search over L2-normalised vectors in FAISS (embedded, the default), filtered by positions."""

    BACKEND = "faiss"
    FILE = "vectors.faiss"

    def __init__(self, index):
        self.index = index
        self.kind = "hnsw" if "HNSW" in type(index).__name__ else "flat"
        self._dense = None
        if self.kind == "flat":  # a numpy view is as fast as faiss here and filters for free
            self._dense = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)

    @classmethod
    def build(cls, vectors: np.ndarray, threshold: int = HNSW_THRESHOLD) -> "FaissStore":
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if len(vectors) < threshold:
            index = faiss.IndexFlatIP(dim)
        else:
            index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
        index.add(vectors)
        return cls(index)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def search(self, qvec: np.ndarray, n: int, selection: Selection | np.ndarray | None = None,
               where: Where | None = None) -> list[tuple[int, float]]:
        """Best n positions by inner product, only among the selected positions (a Selection, or a mask)."""
        allowed, _ = as_selection(selection, where)
        if self.size == 0 or n <= 0:
            return []
        q = np.ascontiguousarray(qvec, dtype=np.float32).reshape(1, -1)
        if self._dense is not None:
            scores = self._dense @ q[0]
            if allowed is not None:
                scores = np.where(allowed, scores, -np.inf)
            n = min(n, self.size)
            top = np.argpartition(-scores, n - 1)[:n]
            top = top[np.lexsort((top, -scores[top]))]  # equal scores in position order, as the Milvus store gives them
            return [(int(i), float(scores[i])) for i in top if np.isfinite(scores[i])]
        return self._search_hnsw(q, n, allowed)

    def _search_hnsw(self, q: np.ndarray, n: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        import faiss

        if allowed is not None:
            ids = np.flatnonzero(allowed)
            if len(ids) <= 5000:  # a narrow filter: exact scores over the few allowed rows beat a filtered graph walk
                vecs = self.index.reconstruct_batch(ids.astype(np.int64))
                scores = vecs @ q[0]
                order = np.argsort(-scores, kind="stable")[:n]
                return [(int(ids[i]), float(scores[i])) for i in order]
            params = faiss.SearchParametersHNSW(sel=faiss.IDSelectorBatch(ids.astype(np.int64)), efSearch=max(EF_SEARCH, 2 * n))
        else:
            params = faiss.SearchParametersHNSW(efSearch=max(EF_SEARCH, 2 * n))
        scores, idx = self.index.search(q, min(n, self.size), params=params)
        return [(int(i), float(s)) for i, s in zip(idx[0], scores[0]) if i >= 0]

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> "FaissStore":
        import faiss

        try:
            return cls(faiss.read_index(str(path)))
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise IndexStoreError(f"{path}: unreadable FAISS file ({first})") from None



    # -- the store interface (index/stores/base.py) ---------------------------------------------
    @classmethod
    def options(cls, settings) -> dict:
        return sub_table(settings, cls.BACKEND)  # nothing to configure today

    @classmethod
    def fingerprint(cls, options: dict) -> dict:
        return {}

    @classmethod
    def create(cls, vectors: np.ndarray, clauses: list, build_dir: Path, options: dict,
               threshold: int = HNSW_THRESHOLD, progress=None) -> "FaissStore":
        return cls.build(vectors, threshold)

    @classmethod
    def open(cls, path: Path, options: dict) -> "FaissStore":
        return cls.load(path)

    def manifest_extra(self) -> dict:
        return {}

    def append(self, vectors: np.ndarray, clauses: list, build_dir: Path, options: dict,
               threshold: int = HNSW_THRESHOLD) -> "FaissStore":
        """A new store with these rows after the existing ones; this one is untouched (searches in flight keep it).

        Flat: the same index a build over all rows gives. HNSW: the new rows are inserted into a copy of the graph
        (what a rebuild gives up to the graph's approximation: exact scores, recall as measured in the docstring)."""
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self._dense is not None:  # a flat index (or one that now crosses the threshold): built whole, it is cheap
            return FaissStore.build(np.vstack([self._dense, vectors]), threshold)
        index = faiss.clone_index(self.index)
        index.add(vectors)
        return FaissStore(index)

    def discard(self) -> None:
        """Nothing outside the index directory to undo."""
