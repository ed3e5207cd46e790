"""open_index: load build/index/, (re)building it first when it is missing, stale or corrupt."""
from __future__ import annotations

import threading
from pathlib import Path

from errors import UserError
from ingest.freshness import ensure_clause_store
from ingest.store import load_clauses, load_documents

from .build import Progress, build_index, build_lock, corpus_hash, fingerprint
from .embedders import get_embedder
from .search import Index
from .store import BACKENDS, IndexStoreError, index_path, read_index, read_manifest

_cache: dict[tuple, Index] = {}
_cache_lock = threading.Lock()


def settings_snapshot(settings) -> dict:
    return {
        "embedder": str(settings.embedder),
        "dense_weight": settings.dense_weight,
        "sparse_weight": settings.sparse_weight,
        "rrf_k": settings.rrf_k,
    }


class BackendSettingError(UserError):
    """HQ_VECTOR_BACKEND names no known vector store."""


def vector_backend(settings) -> tuple[str, str]:
    """(backend, milvus_uri) from the settings; an unknown backend is a UserError naming the setting."""
    backend = str(getattr(settings, "vector_backend", "faiss") or "faiss").strip().lower()
    if backend not in BACKENDS:
        raise BackendSettingError(f"setting vector_backend (HQ_VECTOR_BACKEND): unknown backend {backend!r}; "
                                  f"use one of {', '.join(BACKENDS)}")
    return backend, str(getattr(settings, "milvus_uri", "") or "").strip()


_LEGACY = {"vector_backend": "faiss"}  # manifests written before the key existed were all FAISS


def stale_reason(manifest: dict, expected: dict, chash: str) -> str:
    """Why an index no longer fits ("" when it does)."""
    for key, value in expected.items():
        if manifest.get(key, _LEGACY.get(key)) != value:
            return f"{key} changed ({manifest.get(key, _LEGACY.get(key))!r} -> {value!r})"
    if manifest.get("corpus_hash") != chash:
        return "the clause store changed since the index was built"
    return ""


def open_index(settings, progress: Progress | None = None, force: bool = False) -> Index:
    """The index for these settings, built first when needed; cached per process while it stays current."""
    build_dir = Path(settings.build_dir)
    ensure_clause_store(settings)
    backend, milvus_uri = vector_backend(settings)
    embedder = get_embedder(str(settings.embedder))
    expected = fingerprint(embedder.model_id, backend=backend, milvus_uri=milvus_uri)
    chash = corpus_hash(build_dir)
    key = (str(build_dir.resolve()), str(settings.embedder), settings.dense_weight, settings.sparse_weight, settings.rrf_k,
           backend, milvus_uri)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and not force and not stale_reason(cached.manifest, expected, chash) and _same_build(build_dir, cached):
            cached.rebuilt_reason = ""  # this open found it current
            return cached
        reason = "rebuild requested" if force else ""
        parts = None
        if not force:
            try:
                reason = stale_reason(read_manifest(index_path(build_dir)), expected, chash)
                if not reason:
                    parts = read_index(index_path(build_dir), milvus_uri)
            except IndexStoreError as exc:
                exists = (index_path(build_dir) / "manifest.json").exists()
                reason = str(exc) if exists else "no index yet (first use)"
        if parts is None:
            with build_lock(build_dir):
                if not force and _current(build_dir, expected, chash):  # another process built it while we waited
                    try:
                        parts, reason = read_index(index_path(build_dir), milvus_uri), ""
                    except IndexStoreError:
                        parts = None
                if parts is None:
                    clauses = load_clauses(build_dir)
                    documents = load_documents(build_dir)
                    build_index(build_dir, clauses, documents, embedder, settings_snapshot(settings), progress,
                                backend=backend, milvus_uri=milvus_uri)
            if parts is None:
                parts = read_index(index_path(build_dir), milvus_uri)
        manifest, vectors, clauses, bm25, terms = parts
        idx = Index(manifest, vectors, clauses, bm25, terms, embedder,
                    weights=(float(settings.dense_weight), float(settings.sparse_weight)), rrf_k=int(settings.rrf_k))
        idx.rebuilt_reason = reason
        _cache[key] = idx
        return idx


def _current(build_dir: Path, expected: dict, chash: str) -> bool:
    try:
        return not stale_reason(read_manifest(index_path(build_dir)), expected, chash)
    except IndexStoreError:
        return False


def _same_build(build_dir: Path, idx: Index) -> bool:
    """The cached index is still the one on disk (another process may have rebuilt it).

    built_at has one-second resolution, so the backend and the files' checksums are compared too."""
    try:
        on_disk = read_manifest(index_path(build_dir))
        return all(on_disk.get(k) == idx.manifest.get(k) for k in ("built_at", "vector_backend", "files"))
    except IndexStoreError:
        return False
