"""Build the index from the clause store: passages -> vectors (cached by content), tokens -> BM25, manifest."""
from __future__ import annotations

import fcntl
import hashlib
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from ingest.records import Clause
from ingest.store import store_path

from . import passages
from .bm25 import BM25
from .store import FORMAT_VERSION, HNSW_THRESHOLD, write_index
from .stores import store_class
from .terms import USERDICT, derive
from .tokenize import VERSION as TOKENIZER_VERSION
from .tokenize import Tokenizer
from .vector_cache import EmbeddingCache, embed_passages  # noqa: F401  (moved; old import path kept)
from .windows import FORMAT as WINDOWS_FORMAT

Progress = Callable[[str, int, int], None]  # (stage, done, total)


_hash_memo: dict[tuple, str] = {}


def corpus_hash(build_dir: Path) -> str:
    """Hash of the clause store the index is built from: any re-ingest that changes a clause changes it.

    Memoised on the files' (inode, mtime, size): open_index runs this on every call, and the store is
    only ever replaced whole."""
    paths = [store_path(build_dir) / name for name in ("clauses.jsonl", "documents.json")]
    stamp = tuple((str(p), st.st_ino, st.st_mtime_ns, st.st_size) for p in paths if p.exists() for st in [p.stat()])
    if stamp in _hash_memo:
        return _hash_memo[stamp]
    h = hashlib.sha256()
    for path in paths:
        if path.exists():
            h.update(path.read_bytes())
    _hash_memo[stamp] = h.hexdigest()
    return _hash_memo[stamp]


def fingerprint(model_id: str, threshold: int = HNSW_THRESHOLD, backend: str = "faiss", milvus_uri: str = "",
                options: dict | None = None) -> dict:
    """Everything besides the corpus that changes what is stored; a difference means rebuild.

    Switching vector backend (or its instance: the store adds its own keys, never credentials) is a difference too.
    options: the backend's settings sub-table; milvus_uri is the older spelling of {"uri": …}."""
    out = {
        "format": FORMAT_VERSION,
        "model_id": model_id,
        "passages": passages.FORMAT,
        "windows": WINDOWS_FORMAT,  # window vectors are embedded with the index (KnowledgeBase.refresh)
        "tokenizer": TOKENIZER_VERSION,
        "userdict_sha1": hashlib.sha1(USERDICT.read_bytes()).hexdigest()[:16],
        "hnsw_threshold": threshold,
        "vector_backend": backend,
    }
    out.update(store_class(backend).fingerprint(options if options is not None else {"uri": milvus_uri}))
    return out


@contextmanager
def build_lock(build_dir: Path):
    """One builder at a time per build directory (two processes opening a stale index at once)."""
    Path(build_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(build_dir) / ".index.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def embed_clauses(embedder, clauses: list[Clause], build_dir: Path) -> np.ndarray:
    """Clause vectors as the index embeds them (passage text, on-disk cache): free once an index was built."""
    return embed_passages(embedder, [passages.passage(c) for c in clauses], build_dir)


def build_index(build_dir: Path, clauses: list[Clause], documents: list[dict], embedder, settings_snapshot: dict,
                progress: Progress | None = None, threshold: int = HNSW_THRESHOLD, chash: str | None = None,
                backend: str = "faiss", milvus_uri: str = "", options: dict | None = None) -> dict:
    """Build and swap in the index for these clauses; returns the manifest.

    chash defaults to the hash of the clause store under build_dir (what open_index compares against).
    backend names a registered store (index/stores/); options is its settings sub-table (milvus_uri: the older
    spelling of {"uri": …}; "" = a milvus-lite file under build_dir)."""
    cls = store_class(backend)
    options = options if options is not None else {"uri": milvus_uri}
    started = time.perf_counter()
    terms = derive([c.text for c in clauses])
    tokenizer = Tokenizer(terms)
    if progress:
        progress("tokenize", 0, len(clauses))
    bm25 = BM25.build([tokenizer.tokens(passages.keyword_text(c)) for c in clauses])
    if progress:
        progress("tokenize", len(clauses), len(clauses))
    vectors = embed_passages(embedder, [passages.passage(c) for c in clauses], build_dir, progress)
    store = cls.create(vectors, clauses, build_dir, options, threshold, progress)
    manifest = dict(
        fingerprint(embedder.model_id, threshold, backend, options=options),
        dim=int(embedder.dim),
        settings=settings_snapshot,
        corpus_hash=chash if chash is not None else corpus_hash(build_dir),
        counts={
            "clauses": len(clauses),
            "documents": len({c.doc_id for c in clauses}),
            "by_kind": dict(Counter(c.kind for c in clauses)),
            "terms": len(tokenizer.terms),
            "bm25_vocab": len(bm25.vocab),
        },
        vector_index=store.kind,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        build_id=uuid.uuid4().hex,  # tells two builds apart within one second (an append and a rebuild write the same files)
        build_seconds=round(time.perf_counter() - started, 2),
    )
    manifest.update(store.manifest_extra())
    try:
        write_index(build_dir, manifest, store, clauses, bm25, terms)
    except BaseException:
        store.discard()  # e.g. a new Milvus collection would be orphaned: the index in use keeps its own
        raise
    return manifest
