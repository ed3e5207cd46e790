"""Index state for the settings: read it (never building), check whether it is current, or build it."""
from __future__ import annotations

import threading
from pathlib import Path

from errors import NotReady
from ingest.store import StoreError, load_clauses, load_documents, store_path

from .build import Progress, build_index, build_lock, corpus_hash, fingerprint
from .embedders import get_embedder
from .search import Index
from .store import IndexStoreError, index_path, read_index, read_manifest
from .stores import BackendSettingError, backend_of, store_options  # noqa: F401 — BackendSettingError re-exported

_cache: dict[tuple, Index] = {}
_cache_lock = threading.Lock()


def settings_snapshot(settings) -> dict:
    return {
        "embedder": str(settings.embedder),
        "dense_weight": settings.dense_weight,
        "sparse_weight": settings.sparse_weight,
        "rrf_k": settings.rrf_k,
    }


def _retriever_names(settings) -> tuple:
    from .retrievers import parse

    return parse(getattr(settings, "retrievers", ""))


def vector_backend(settings) -> tuple[str, dict]:
    """(backend, its settings sub-table) from the settings; an unknown backend is a UserError naming the setting."""
    backend = backend_of(settings)
    return backend, store_options(settings, backend)


_LEGACY = {"vector_backend": "faiss"}  # manifests written before the key existed were all FAISS


def stale_reason(manifest: dict, expected: dict, chash: str) -> str:
    """Why an index no longer fits ("" when it does)."""
    for key, value in expected.items():
        if manifest.get(key, _LEGACY.get(key)) != value:
            return f"{key} changed ({manifest.get(key, _LEGACY.get(key))!r} -> {value!r})"
    if manifest.get("corpus_hash") != chash:
        return "the clause store changed since the index was built"
    return ""


def _expected(settings):
    backend, options = vector_backend(settings)
    embedder = get_embedder(str(settings.embedder))
    return embedder, fingerprint(embedder.model_id, backend=backend, options=options), backend, options


def _key(settings, backend: str, options: dict) -> tuple:
    return (str(Path(settings.build_dir).resolve()), str(settings.embedder), settings.dense_weight, settings.sparse_weight,
            settings.rrf_k, backend, tuple(sorted((k, str(v)) for k, v in options.items())), _retriever_names(settings))


def index_state(settings) -> tuple[str, str]:
    """("fresh" | "stale" | "missing", reason) of the index against the clause store; builds nothing."""
    build_dir = Path(settings.build_dir)
    if not (store_path(build_dir) / "clauses.jsonl").exists():
        return "missing", "no clause store yet"
    _, expected, _, _ = _expected(settings)
    try:
        manifest = read_manifest(index_path(build_dir))
    except IndexStoreError as exc:
        exists = (index_path(build_dir) / "manifest.json").exists()
        return ("stale", str(exc)) if exists else ("missing", "no index yet")
    reason = stale_reason(manifest, expected, corpus_hash(build_dir))
    return ("stale", reason) if reason else ("fresh", "")


def load_index(settings) -> Index:
    """The built index for these settings, read from disk (cached per process); NotReady when missing or stale."""
    build_dir = Path(settings.build_dir)
    embedder, expected, backend, options = _expected(settings)
    if not (store_path(build_dir) / "clauses.jsonl").exists():
        raise NotReady(f"{store_path(build_dir)}: no clause store yet", "missing")
    chash = corpus_hash(build_dir)
    key = _key(settings, backend, options)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and not stale_reason(cached.manifest, expected, chash) and _same_build(build_dir, cached):
            return cached
        try:
            manifest = read_manifest(index_path(build_dir))
        except IndexStoreError as exc:
            exists = (index_path(build_dir) / "manifest.json").exists()
            raise NotReady(str(exc) if exists else f"{index_path(build_dir)}: no index yet",
                           "stale" if exists else "missing") from None
        reason = stale_reason(manifest, expected, chash)
        if reason:
            raise NotReady(f"{index_path(build_dir)}: the index is stale ({reason})", "stale")
        try:
            parts = read_index(index_path(build_dir), options=options)
        except IndexStoreError as exc:
            raise NotReady(str(exc), "stale") from None
        idx = _make(parts, embedder, settings)
        _cache[key] = idx
        return idx


def adopt(settings, parts) -> Index:
    """Cache an index this process has just written (an incremental add: index/incremental.py) from its parts in
    memory, so the next load_index returns it without reading the files back. parts' manifest is the one on disk."""
    embedder, _, backend, options = _expected(settings)
    idx = _make(parts, embedder, settings)
    with _cache_lock:
        _cache[_key(settings, backend, options)] = idx
    return idx


def _make(parts, embedder, settings) -> Index:
    from .retrievers import build as build_retrievers

    manifest, vectors, clauses, bm25, terms = parts
    idx = Index(manifest, vectors, clauses, bm25, terms, embedder,
                weights=(float(settings.dense_weight), float(settings.sparse_weight)), rrf_k=int(settings.rrf_k))
    idx.retrievers = build_retrievers(getattr(settings, "retrievers", ""))  # the stages the settings list
    idx.build_dir = Path(settings.build_dir)  # where cached window vectors live (the maxp stage reads them)
    return idx


def build_current(settings, progress: Progress | None = None, force: bool = False) -> str:
    """Build the index from the clause store when it is missing, stale or corrupt (or `force`); returns why it
    was built ("" when it was current). The clause store must exist: this never ingests."""
    build_dir = Path(settings.build_dir)
    embedder, expected, backend, options = _expected(settings)
    with build_lock(build_dir):
        state, reason = index_state(settings)
        if state == "missing" and reason == "no clause store yet":
            raise StoreError(f"{store_path(build_dir)}: no clause store yet")
        if state == "fresh" and not force:
            try:  # verified read: a corrupt file is a reason to rebuild
                read_index(index_path(build_dir), options=options)
                return ""
            except IndexStoreError as exc:
                reason = str(exc)
        reason = "rebuild requested" if force else (reason or "no index yet (first use)")
        build_index(build_dir, load_clauses(build_dir), load_documents(build_dir), embedder, settings_snapshot(settings),
                    progress, backend=backend, options=options)
        return reason


def open_index(settings, progress: Progress | None = None, force: bool = False) -> Index:
    """Compatibility shim: build the index from the clause store when needed, then load it.

    It does not ingest; kb.KnowledgeBase.refresh() does (the clause store must exist here)."""
    if not force:
        try:
            idx = load_index(settings)
            idx.rebuilt_reason = ""
            return idx
        except NotReady:
            pass
    reason = build_current(settings, progress, force)
    idx = load_index(settings)
    idx.rebuilt_reason = reason
    return idx


def _same_build(build_dir: Path, idx: Index) -> bool:
    """The cached index is still the one on disk (another process may have rebuilt it).

    built_at has one-second resolution, so the backend and the files' checksums are compared too."""
    try:
        on_disk = read_manifest(index_path(build_dir))
        return all(on_disk.get(k) == idx.manifest.get(k) for k in ("built_at", "build_id", "vector_backend", "files"))
    except IndexStoreError:
        return False
