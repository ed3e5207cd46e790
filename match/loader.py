"""Open a matcher for the settings: clauses from the index (or the clause store, never re-ingested), taxonomy, embedder."""
from __future__ import annotations

import threading

from pathlib import Path

from ingest.store import load_clauses

from .matcher import Matcher
from .taxonomy import load_taxonomy

_cache: dict[tuple, Matcher] = {}
_lock = threading.Lock()


def get_embedder(settings, idx=None):
    """The index's embedder when there is an index, else the configured one (never downloads)."""
    if idx is not None and getattr(idx, "embedder", None) is not None:
        return idx.embedder
    from index.embedders import get_embedder as load

    return load(settings.embedder)


def _cached_embedding(embedder, build_dir):
    """Clause vectors through the index's on-disk embedding cache and passage text: free once an index
    was built with the same model, and stored for the index build otherwise."""
    from index import embed_clauses

    return lambda clauses: embed_clauses(embedder, clauses, build_dir)


def open_matcher(settings, idx=None, semantic: bool = True, taxonomy_path=None) -> Matcher:
    """A matcher over the current clauses; kept per process so semantic tags are computed once."""
    taxonomy = load_taxonomy(taxonomy_path)
    clauses = list(idx.clauses) if idx is not None else load_clauses(Path(settings.build_dir))  # reads, never ingests
    signature = tuple((c.id, c.hash) for c in clauses)
    key = (taxonomy.digest, str(taxonomy.path), hash(signature), semantic, id(idx) if idx is not None else None)
    with _lock:
        if key not in _cache:
            embedder = get_embedder(settings, idx) if semantic else None
            _cache.clear()  # one corpus at a time: an old matcher's vectors are not needed any more
            _cache[key] = Matcher(clauses, taxonomy, embedder=embedder,
                                  embed_clauses=_cached_embedding(embedder, settings.build_dir) if embedder else None)
        return _cache[key]
