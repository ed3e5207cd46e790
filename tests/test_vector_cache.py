"""The passage-vector cache: a killed build resumes from committed vectors; corrupt caches are discarded and rebuilt."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from index.vector_cache import EmbeddingCache, embed_passages, format_rate
from tests.conftest import FakeEmbedder

TEXTS = [f"第{i}条 合作区对符合条件的企业第{i}项措施" for i in range(200)]


class Counting(FakeEmbedder):
    """Counts the passages it embeds; raises after `fail_after` calls (a build killed mid-way)."""

    def __init__(self, fail_after: int | None = None):
        super().__init__()
        self.calls, self.embedded, self.fail_after = 0, 0, fail_after

    def passages(self, texts, progress=None):
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise KeyboardInterrupt("killed")
        self.calls += 1
        self.embedded += len(texts)
        return super().passages(texts)


def test_interrupted_build_resumes_from_flushed_batches(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        embed_passages(Counting(fail_after=5), TEXTS, tmp_path, flush_every=2, batch=10)
    second = Counting()
    vectors = embed_passages(second, TEXTS, tmp_path, flush_every=2, batch=10)
    assert second.embedded == len(TEXTS) - 40  # batches 1-4 were committed, the 5th was lost with the kill
    expected = FakeEmbedder().passages(TEXTS)
    assert np.allclose(vectors, expected)
    third = Counting()
    embed_passages(third, TEXTS, tmp_path)
    assert third.embedded == 0  # everything cached now


def test_truncated_cache_is_reported_by_name_and_rebuilt(tmp_path, caplog):
    embed_passages(Counting(), TEXTS, tmp_path)
    path = EmbeddingCache(tmp_path, FakeEmbedder().model_id).path
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00garbage" * 50)  # truncated mid-page
    again = Counting()
    with caplog.at_level(logging.WARNING):
        vectors = embed_passages(again, TEXTS, tmp_path)
    assert path.name in caplog.text and "unreadable" in caplog.text
    assert again.embedded == len(TEXTS) and np.allclose(vectors, FakeEmbedder().passages(TEXTS))
    assert path.with_name(path.name + ".corrupt").exists()


def test_old_npz_cache_is_imported_and_a_truncated_one_discarded(tmp_path, caplog):
    emb = FakeEmbedder()
    cache = EmbeddingCache(tmp_path, emb.model_id)
    keys = [cache.key(t) for t in TEXTS[:50]]
    cache.close()
    cache.path.unlink()
    np.savez(cache.legacy, keys=np.array(keys), vectors=emb.passages(TEXTS[:50]))
    counted = Counting()
    embed_passages(counted, TEXTS, tmp_path)
    assert counted.embedded == 150 and not cache.legacy.exists()

    other = tmp_path / "other"
    legacy = EmbeddingCache(other, emb.model_id).legacy
    np.savez(legacy, keys=np.array(keys), vectors=emb.passages(TEXTS[:50]))
    legacy.write_bytes(legacy.read_bytes()[:300])  # the BadZipFile every build used to hit
    with caplog.at_level(logging.WARNING):
        fresh = Counting()
        embed_passages(fresh, TEXTS, other)
    assert legacy.name in caplog.text and fresh.embedded == len(TEXTS)


def test_progress_gets_rate_and_eta_when_it_asks(tmp_path):
    plain, rich = [], []
    embed_passages(Counting(), TEXTS, tmp_path / "a", progress=lambda s, d, t: plain.append((s, d, t)), batch=50)
    assert plain[0] == ("embed", 0, 200) and plain[-1] == ("embed", 200, 200)

    def with_rate(stage, done, total, rate=None, eta=None):
        rich.append((done, rate, eta))

    embed_passages(Counting(), TEXTS, tmp_path / "b", progress=with_rate, batch=50)
    assert rich[0] == (0, None, None)
    assert all(r > 0 for _, r, _ in rich[1:]) and rich[-1][2] == 0
    assert [d for d, _, _ in rich] == [0, 50, 100, 150, 200, 200]
    assert format_rate(85.2, 720) == "85 passages/s · 12 min left" and format_rate(None, None) == ""


def test_duplicate_passages_are_embedded_once(tmp_path):
    counted = Counting()
    vectors = embed_passages(counted, TEXTS[:10] * 3, tmp_path)
    assert counted.embedded == 10 and vectors.shape == (30, FakeEmbedder().dim)


def test_pruning_keeps_another_builds_recent_vectors_and_drops_the_oldest(tmp_path):
    """Clause and window builds share one file: over the limit, only vectors nobody used recently go, oldest first."""
    clauses, windows = TEXTS[:60], TEXTS[60:120]
    embed_passages(Counting(), clauses, tmp_path)
    embed_passages(Counting(), windows, tmp_path)
    cache = EmbeddingCache(tmp_path, FakeEmbedder().model_id)
    try:
        assert cache.prune([cache.key(t) for t in clauses], limit=50) == 0  # the windows were used just now
        with cache._db:  # age the window vectors: 10 days since any build read them, the oldest first
            for i, t in enumerate(windows):
                cache._db.execute("UPDATE vec SET used = used - ? WHERE key = ?", (10 * 86400 + 60 - i, cache.key(t)))
        dropped = cache.prune([cache.key(t) for t in clauses], limit=100)
    finally:
        cache.close()
    assert dropped == 20
    again = EmbeddingCache(tmp_path, FakeEmbedder().model_id)
    try:
        kept = set(again.vectors)
    finally:
        again.close()
    assert {again.key(t) for t in clauses} <= kept
    assert {again.key(t) for t in windows[20:]} <= kept and not {again.key(t) for t in windows[:20]} & kept


def test_a_cache_written_before_recency_is_migrated_not_lost(tmp_path):
    import sqlite3

    from index.vector_cache import cache_file, cache_key

    path = cache_file(tmp_path, FakeEmbedder().model_id)
    path.parent.mkdir(parents=True)
    vec = FakeEmbedder().passages(TEXTS[:3])
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE vec (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)")
    db.executemany("INSERT INTO vec VALUES (?, ?, ?)",
                   [(cache_key(FakeEmbedder().model_id, t), v.shape[0], v.astype("<f4").tobytes()) for t, v in zip(TEXTS, vec)])
    db.commit()
    db.close()
    counting = Counting()
    out = embed_passages(counting, TEXTS[:3], tmp_path)
    assert counting.embedded == 0 and np.allclose(out, vec)
    cache = EmbeddingCache(tmp_path, FakeEmbedder().model_id)
    try:
        assert cache.prune([], limit=0) == 0  # migrated rows count as used now, inside the grace period
    finally:
        cache.close()
