"""open_index: load build/index/, (re)building it first when it is missing, stale or corrupt."""
from __future__ import annotations

import threading
from pathlib import Path

from ingest.freshness import corpus_fingerprint
from ingest.freshness import stale_reason as stale_corpus
from ingest.store import StoreError, load_clauses, load_documents, store_path

from .build import Progress, build_index, build_lock, corpus_hash, fingerprint
from .embedders import get_embedder
from .search import Index
from .store import IndexStoreError, index_path, read_index, read_manifest

_cache: dict[tuple, Index] = {}
_cache_lock = threading.Lock()


def settings_snapshot(settings) -> dict:
    return {
        "embedder": str(settings.embedder),
        "dense_weight": settings.dense_weight,
        "sparse_weight": settings.sparse_weight,
        "rrf_k": settings.rrf_k,
    }


def stale_reason(manifest: dict, expected: dict, chash: str) -> str:
    """Why an index no longer fits ("" when it does)."""
    for key, value in expected.items():
        if manifest.get(key) != value:
            return f"{key} changed ({manifest.get(key)!r} -> {value!r})"
    if manifest.get("corpus_hash") != chash:
        return "the clause store changed since the index was built"
    return ""


_attempted: set[tuple[str, str]] = set()  # corpus states already ingested by this process


def _ensure_clause_store(settings) -> None:
    """Ingest the corpus folder when there is no clause store yet (a fresh clone) or its files changed.

    A corpus state whose ingest failed is not retried on every call; the last good store stays in use."""
    build_dir, corpus_dir = Path(settings.build_dir), Path(settings.corpus_dir)
    if not stale_corpus(build_dir, corpus_dir):
        return
    state = (str(build_dir.resolve()), corpus_fingerprint(corpus_dir))
    if state in _attempted:
        return
    _attempted.add(state)
    from ingest.pipeline import ingest

    result = ingest([corpus_dir], corpus_dir, build_dir,
                    cap=settings.clause_cap, floor=settings.clause_floor, max_mb=settings.max_file_mb)
    if not result.ok and not (store_path(build_dir) / "clauses.jsonl").exists():
        raise StoreError(f"{settings.corpus_dir}: nothing could be ingested; run `python cli.py ingest` to see why")


def open_index(settings, progress: Progress | None = None, force: bool = False) -> Index:
    """The index for these settings, built first when needed; cached per process while it stays current."""
    build_dir = Path(settings.build_dir)
    _ensure_clause_store(settings)
    embedder = get_embedder(str(settings.embedder))
    expected = fingerprint(embedder.model_id)
    chash = corpus_hash(build_dir)
    key = (str(build_dir.resolve()), str(settings.embedder), settings.dense_weight, settings.sparse_weight, settings.rrf_k)
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
                    parts = read_index(index_path(build_dir))
            except IndexStoreError as exc:
                exists = (index_path(build_dir) / "manifest.json").exists()
                reason = str(exc) if exists else "no index yet (first use)"
        if parts is None:
            with build_lock(build_dir):
                if not force and _current(build_dir, expected, chash):  # another process built it while we waited
                    try:
                        parts, reason = read_index(index_path(build_dir)), ""
                    except IndexStoreError:
                        parts = None
                if parts is None:
                    clauses = load_clauses(build_dir)
                    documents = load_documents(build_dir)
                    build_index(build_dir, clauses, documents, embedder, settings_snapshot(settings), progress)
            if parts is None:
                parts = read_index(index_path(build_dir))
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
    """The cached index is still the one on disk (another process may have rebuilt it)."""
    try:
        return read_manifest(index_path(build_dir)).get("built_at") == idx.manifest.get("built_at")
    except IndexStoreError:
        return False
