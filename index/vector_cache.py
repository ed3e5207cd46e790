"""Passage-vector cache in SQLite (no pickle): resumable builds, corrupt files discarded and reported, rate and ETA."""
from __future__ import annotations

import hashlib
import inspect
import logging
import re
import sqlite3
import time
import zipfile
from pathlib import Path
from typing import Callable

import numpy as np

log = logging.getLogger(__name__)

Progress = Callable[..., None]  # progress(stage, done, total) — and rate=, eta= when it accepts them
FLUSH_EVERY = 8  # batches between commits: a killed build loses at most this many batches of work
BATCH = 32  # passages handed to the embedder per call (it batches further inside)
LIMIT = 600_000  # vectors kept before pruning (~0.9 GB of float32 at 384 dimensions)
GRACE_S = 7 * 86400  # a vector used this recently is never pruned: clause and window builds share one file


def _slug(model_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model_id)[:80]


def cache_file(build_dir: Path, model_id: str) -> Path:
    return Path(build_dir) / "cache" / f"vectors-{_slug(model_id)}.sqlite"


def cache_key(model_id: str, text: str) -> str:
    """A passage's key: sha1(model id + text), so a model whose vectors change (a new id) never reads old ones."""
    return hashlib.sha1(f"{model_id}\n{text}".encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors keyed by sha1(model id + passage text), one SQLite file per model under build/cache/.

    SQLite commits are atomic, so a build killed mid-way keeps every flushed batch and the next build
    embeds only the rest. A file SQLite cannot read is moved aside (named in the log) and started afresh."""

    def __init__(self, build_dir: Path, model_id: str):
        slug = _slug(model_id)
        self.dir = Path(build_dir) / "cache"
        self.path = cache_file(build_dir, model_id)
        self.legacy = self.dir / f"embeddings-{slug}.npz"  # the earlier .npz cache, imported once
        self.model_id = model_id
        self.problems: list[str] = []  # what was discarded, for the caller to report
        self.vectors: dict[str, np.ndarray] = {}
        self.dir.mkdir(parents=True, exist_ok=True)
        self._db = self._open()
        self._import_legacy()

    def _open(self) -> sqlite3.Connection:
        for attempt in (1, 2):
            try:
                db = sqlite3.connect(self.path, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)")
                if "used" not in {row[1] for row in db.execute("PRAGMA table_info(vec)")}:
                    with db:  # caches written before pruning knew recency: every vector counts as used now
                        db.execute("ALTER TABLE vec ADD COLUMN used REAL")
                        db.execute("UPDATE vec SET used = ?", (time.time(),))
                self.vectors = {k: np.frombuffer(b, dtype="<f4").copy() for k, d, b in db.execute("SELECT key, dim, data FROM vec")
                                if len(b) == 4 * d}
                return db
            except sqlite3.DatabaseError as exc:
                if attempt == 2:
                    raise
                self._discard(self.path, exc)
        raise AssertionError("unreachable")

    def _discard(self, path: Path, exc: Exception) -> None:
        bad = path.with_name(path.name + ".corrupt")
        msg = f"vector cache {path} is unreadable ({type(exc).__name__}: {exc}); moved to {bad.name}, vectors are rebuilt"
        log.warning(msg)
        self.problems.append(msg)
        for suffix in ("", "-journal", "-wal", "-shm"):
            p = Path(str(path) + suffix)
            if p.exists():
                p.replace(Path(str(bad) + suffix))

    def _import_legacy(self) -> None:
        if not self.legacy.exists():
            return
        try:
            with np.load(self.legacy, allow_pickle=False) as z:
                legacy = dict(zip(z["keys"].tolist(), z["vectors"]))
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # truncated .npz: BadZipFile
            self._discard(self.legacy, exc)
            return
        self.put({k: v for k, v in legacy.items() if k not in self.vectors})
        self.legacy.unlink()

    def key(self, text: str) -> str:
        return cache_key(self.model_id, text)

    def put(self, items: dict[str, np.ndarray]) -> None:
        """Store and commit (durable once this returns)."""
        now = time.time()
        rows = [(k, int(v.shape[0]), np.asarray(v, dtype="<f4").tobytes(), now) for k, v in items.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vec (key, dim, data, used) VALUES (?, ?, ?, ?)", rows)
        self.vectors.update({k: np.asarray(v, dtype=np.float32) for k, v in items.items()})

    def touch(self, keys: list[str]) -> None:
        """Mark these vectors as used now (what pruning keeps longest)."""
        now = time.time()
        with self._db:
            self._db.executemany("UPDATE vec SET used = ? WHERE key = ?", [(now, k) for k in dict.fromkeys(keys)])

    def prune(self, keep: list[str], limit: int = LIMIT, grace_s: float = GRACE_S) -> int:
        """Once the cache outgrows `limit`, drop the least recently used vectors no current passage uses, down to
        `limit`, but never one used within `grace_s`: another build (the window sentences, a second corpus) may
        share this file, and its vectors took as long to embed as these. Returns how many were dropped."""
        if len(self.vectors) <= limit:
            return 0
        self.touch(keep)
        cutoff = time.time() - grace_s
        stale = [k for (k,) in self._db.execute("SELECT key FROM vec WHERE used < ? ORDER BY used", (cutoff,))]
        stale = stale[: max(0, len(self.vectors) - limit)]
        with self._db:
            self._db.executemany("DELETE FROM vec WHERE key = ?", [(k,) for k in stale])
        for k in stale:
            self.vectors.pop(k, None)
        return len(stale)

    def close(self) -> None:
        self._db.close()


def cached_rows(build_dir: Path, model_id: str, texts: list[str]) -> list[np.ndarray | None]:
    """These texts' vectors from a build's cache for model_id (None where missing), read-only and by key, in
    chunks: the 271k-clause cache is half a gigabyte and is never loaded whole for this."""
    path = cache_file(build_dir, model_id)
    if not texts or not path.exists():
        return [None] * len(texts)
    keys = [cache_key(model_id, t) for t in texts]
    found: dict[str, np.ndarray] = {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            wanted = list(dict.fromkeys(keys))
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows = db.execute(f"SELECT key, dim, data FROM vec WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                found.update((k, np.frombuffer(b, dtype="<f4").copy()) for k, d, b in rows if len(b) == 4 * d)
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return [None] * len(texts)
    return [found.get(k) for k in keys]


def cached_vectors(build_dir: Path, model_id: str, texts: list[str]) -> np.ndarray | None:
    """(len(texts), dim) float32 from the cache, or None when it lacks any of them. Never embeds: for read paths."""
    rows = cached_rows(build_dir, model_id, texts)
    if not texts or any(r is None for r in rows):
        return None
    return np.stack(rows).astype(np.float32)


def _accepts_rate(progress) -> bool:
    try:
        params = inspect.signature(progress).parameters
    except (TypeError, ValueError):
        return False
    return "rate" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def embed_passages(embedder, texts: list[str], build_dir: Path, progress: Progress | None = None,
                   flush_every: int = FLUSH_EVERY, batch: int = BATCH) -> np.ndarray:
    """Vectors for texts, embedding only those the cache lacks, committing every `flush_every` batches.

    progress(stage, done, total) as before; a callback that accepts rate= and eta= also gets passages/s
    of fresh embedding and the seconds left."""
    cache = EmbeddingCache(build_dir, embedder.model_id)
    try:
        keys = [cache.key(t) for t in texts]
        # by length: each call's passages are alike in length, so the embedder's batches carry little padding
        todo = sorted(_missing(cache, keys, embedder.dim), key=lambda i: len(texts[i]))
        rich = progress is not None and _accepts_rate(progress)
        done, total = len(texts) - len(todo), len(texts)
        started, fresh = time.perf_counter(), 0
        # ETA from characters, not passages: todo runs shortest first, so a passage rate would promise too soon
        chars_left, chars_done = sum(len(texts[i]) for i in todo), 0

        def report(final: bool = False) -> None:
            if not progress:
                return
            if rich:
                elapsed = time.perf_counter() - started
                rate = fresh / elapsed if elapsed > 0 and fresh else None
                eta = chars_left / (chars_done / elapsed) if rate and chars_done else (0.0 if final else None)
                progress("embed", done, total, rate=rate, eta=eta)
            else:
                progress("embed", done, total)

        report()
        pending: dict[str, np.ndarray] = {}
        for n, start in enumerate(range(0, len(todo), batch), start=1):
            chunk = todo[start : start + batch]
            vecs = embedder.passages([texts[i] for i in chunk])
            for i, vec in zip(chunk, vecs):
                pending[keys[i]] = vec
            done += len(chunk)
            fresh += len(chunk)
            size = sum(len(texts[i]) for i in chunk)
            chars_done, chars_left = chars_done + size, chars_left - size
            if n % flush_every == 0:
                cache.put(pending)
                pending = {}
            report()
        if pending:
            cache.put(pending)
        if todo:
            report(final=True)
        cache.touch(keys)  # reused vectors count as used now, so pruning drops what no build has read for longest
        cache.prune(keys)
        if not texts:
            return np.zeros((0, embedder.dim), np.float32)
        return np.stack([cache.vectors[k] for k in keys]).astype(np.float32)
    finally:
        cache.close()


def _missing(cache: EmbeddingCache, keys: list[str], dim: int) -> list[int]:
    """Indexes of texts without a usable cached vector (each distinct text embedded once)."""
    seen, out = set(), []
    for i, k in enumerate(keys):
        vec = cache.vectors.get(k)
        if (vec is None or vec.shape != (dim,)) and k not in seen:
            seen.add(k)
            out.append(i)
    return out


def format_rate(rate: float | None, eta: float | None) -> str:
    """'85 passages/s · 12 min left' for progress displays ('' until a rate is known)."""
    if not rate:
        return ""
    if eta is None:
        return f"{rate:.0f} passages/s"
    left = f"{eta:.0f} s" if eta < 90 else f"{eta / 60:.0f} min" if eta < 5400 else f"{eta / 3600:.1f} h"
    return f"{rate:.0f} passages/s · {left} left"
