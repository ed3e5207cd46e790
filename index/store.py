"""The index on disk: FAISS vectors, clause records, BM25 and a manifest; written whole, verified on load."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from errors import NotReady
from storage import sha256_file, swapped_dir, write_jsonl
from ingest.records import Clause

from .bm25 import BM25

INDEX_DIR = "index"
FORMAT_VERSION = 1
HNSW_THRESHOLD = 20_000  # exact search below (a few ms even at 20k), HNSW graph above
DATA_FILES = ("clauses.jsonl", "bm25.npz", "bm25_vocab.json", "terms.json")
FILES = ("vectors.faiss",) + DATA_FILES  # the FAISS backend's files; the Milvus one has vectors.milvus.json instead
BACKENDS = ("faiss", "milvus")


class IndexStoreError(NotReady):
    """The index on disk is missing, corrupt or was built for something else (a refresh rebuilds it)."""


def index_path(build_dir: Path) -> Path:
    return Path(build_dir) / INDEX_DIR


@dataclass(frozen=True)
class Where:
    """The search filters as given, for stores that evaluate them themselves (Milvus pushes them down)."""

    doc: str | None = None
    path_prefix: str | None = None
    kinds: tuple[str, ...] | None = None


def store_class(backend: str):
    """The vector store class of a backend name ("faiss" | "milvus"); Milvus is imported only when used."""
    if backend == "faiss":
        return VectorStore
    if backend == "milvus":
        from .milvus_store import MilvusStore

        return MilvusStore
    raise IndexStoreError(f"unknown vector backend {backend!r} (known: {', '.join(BACKENDS)})")


class VectorStore:
    """Inner-product search over L2-normalised vectors, with an optional allow-mask for filters."""

    BACKEND = "faiss"
    FILE = "vectors.faiss"

    def __init__(self, index):
        self.index = index
        self.kind = "hnsw" if "HNSW" in type(index).__name__ else "flat"
        self._dense = None
        if self.kind == "flat":  # a numpy view is as fast as faiss here and filters for free
            self._dense = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)

    @classmethod
    def build(cls, vectors: np.ndarray, threshold: int = HNSW_THRESHOLD) -> "VectorStore":
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

    def search(self, qvec: np.ndarray, n: int, allowed: np.ndarray | None = None, where: Where | None = None) -> list[tuple[int, float]]:
        """Best n positions by inner product, only among `allowed` positions when a mask is given (`where` unused here)."""
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
            params = faiss.SearchParametersHNSW(sel=faiss.IDSelectorBatch(ids.astype(np.int64)), efSearch=max(64, 2 * n))
        else:
            params = faiss.SearchParametersHNSW(efSearch=max(64, 2 * n))
        scores, idx = self.index.search(q, min(n, self.size), params=params)
        return [(int(i), float(s)) for i, s in zip(idx[0], scores[0]) if i >= 0]

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> "VectorStore":
        import faiss

        try:
            return cls(faiss.read_index(str(path)))
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise IndexStoreError(f"{path}: unreadable FAISS file ({first})") from None


def write_index(build_dir: Path, manifest: dict, vectors: VectorStore, clauses: list[Clause], bm25: BM25, terms: list[str]) -> Path:
    """Write every file into a temporary directory, then swap it in whole: a failed build never damages the index in use."""
    final = index_path(build_dir)
    with swapped_dir(final) as tmp:
        vectors.save(tmp / vectors.FILE)
        write_jsonl(tmp / "clauses.jsonl", clauses)
        bm25.save(tmp)
        (tmp / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        names = (vectors.FILE,) + DATA_FILES
        manifest = dict(manifest, files={name: {"bytes": (tmp / name).stat().st_size, "sha256": sha256_file(tmp / name)} for name in names})
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return final


def read_manifest(directory: Path) -> dict:
    """The manifest, or IndexStoreError naming the file and what is wrong with it."""
    path = Path(directory) / "manifest.json"
    if not path.exists():
        raise IndexStoreError(f"{path}: no index yet")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise IndexStoreError(f"{path}: corrupt manifest ({exc})") from None
    missing = [k for k in ("format", "model_id", "corpus_hash", "counts", "files") if not isinstance(manifest, dict) or k not in manifest]
    if missing:
        raise IndexStoreError(f"{path}: incomplete manifest (missing {', '.join(missing)})")
    if manifest["format"] != FORMAT_VERSION:
        raise IndexStoreError(f"{path}: index format {manifest['format']} but this version reads {FORMAT_VERSION}")
    return manifest


def read_index(directory: Path, milvus_uri: str | None = None) -> tuple[dict, VectorStore, list[Clause], BM25, list[str]]:
    """Load and verify every file against the manifest (size and sha256), so truncation is caught early.

    milvus_uri: the setting to reconnect with (it may carry credentials the manifest does not keep)."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    cls = store_class(manifest.get("vector_backend", "faiss"))
    for name in (cls.FILE,) + DATA_FILES:
        path = directory / name
        expect = manifest["files"].get(name, {})
        if not path.exists():
            raise IndexStoreError(f"{path}: missing from the index")
        size = path.stat().st_size
        if size != expect.get("bytes") or sha256_file(path) != expect.get("sha256"):
            raise IndexStoreError(
                f"{path}: corrupt or truncated ({size} bytes, manifest says {expect.get('bytes')})"
            )
    vectors = cls.load(directory / cls.FILE) if cls is VectorStore else cls.load(directory / cls.FILE, milvus_uri=milvus_uri)
    try:
        with open(directory / "clauses.jsonl", encoding="utf-8") as fh:
            clauses = [Clause.from_dict(json.loads(line)) for line in fh]
        bm25 = BM25.load(directory)
        terms = json.loads((directory / "terms.json").read_text(encoding="utf-8"))
    except (ValueError, TypeError, KeyError, OSError) as exc:
        raise IndexStoreError(f"{directory}: unreadable index files ({exc})") from None
    n = manifest["counts"].get("clauses")
    if not (vectors.size == len(clauses) == bm25.matrix.shape[0] == n):
        raise IndexStoreError(
            f"{directory}: inconsistent index ({vectors.size} vectors, {len(clauses)} clauses, manifest {n})"
        )
    return manifest, vectors, clauses, bm25, terms
