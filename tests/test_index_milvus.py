"""Milvus vector backend (milvus-lite in tmp_path): same hits as FAISS, filters pushed down, save/load, backend switch."""
from __future__ import annotations

import fcntl
import json
import sys

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="pymilvus not installed (requirements-dev.txt: pymilvus==3.0.2)")
pytest.importorskip("milvus_lite", reason="milvus-lite not installed (requirements-dev.txt: milvus-lite==3.2.2)")

from index import milvus_store, open_index  # noqa: E402
from index.milvus_store import MilvusStore, MilvusUnavailableError, filter_expr, namespace, redact, resolve_uri  # noqa: E402
from index.open import BackendSettingError  # noqa: E402
from index.search import Index  # noqa: E402
from index.store import VectorStore, Where, index_path, read_index  # noqa: E402
from ingest.store import write_store  # noqa: E402
from settings import Settings  # noqa: E402
from tests.test_index_store import ids, tiny_clauses  # noqa: E402

QUERIES = ["合格境外有限合伙人 QFLP 试点", "跨境理财通", "EF账户", "澳资产业增加值目标", "金融机构落户", "六（三）", "持續深化跨境理財通業務"]
FILTERS = [dict(doc="doc-b"), dict(doc="doc-a", kinds=["paragraph"]), dict(path_prefix="6"), dict(path_prefix="6.3"),
           dict(path_prefix="七、琴澳"), dict(kinds=["table_row"]), dict(path_prefix="二、总体要求"), dict(doc="no-such-doc")]


@pytest.fixture(autouse=True)
def _release_milvus_lite(tmp_path):
    """Stop the in-process milvus-lite servers this test started (their data directories go with tmp_path)."""
    yield
    for uri in list(milvus_store._clients):
        if uri.startswith(str(tmp_path)):
            milvus_store.release(uri)


def settings_for(base, backend: str, build: str = "build", **extra) -> Settings:
    settings = Settings.load(build_dir=base.build_dir.parent / build, corpus_dir=base.corpus_dir, embedder="fake",
                             vector_backend=backend, **extra)
    if not (settings.build_dir / "clauses").exists():
        write_store(settings.build_dir, tiny_clauses(), [{"doc_id": "doc-a"}, {"doc_id": "doc-b"}])
    return settings


def run(idx, **filters) -> list[list[tuple]]:
    return [[(h.clause.id, round(h.score, 9), h.retrievers) for h in idx.search(q, k=6, **filters)] for q in QUERIES]


def test_milvus_gives_the_same_hits_as_faiss(fake_embedder_settings):
    faiss_idx = open_index(settings_for(fake_embedder_settings, "faiss", "b-faiss"))
    milvus_idx = open_index(settings_for(fake_embedder_settings, "milvus", "b-milvus"))
    assert isinstance(faiss_idx.vectors, VectorStore) and isinstance(milvus_idx.vectors, MilvusStore)
    assert milvus_idx.manifest["vector_backend"] == "milvus" and faiss_idx.manifest["vector_backend"] == "faiss"
    assert run(milvus_idx) == run(faiss_idx)
    for filters in FILTERS:
        assert run(milvus_idx, **filters) == run(faiss_idx, **filters), filters
    q = faiss_idx.embedder.query("跨境金融创新")  # raw dense runs agree on positions and scores too
    flat, milvus = faiss_idx.vectors.search(q, 8), milvus_idx.vectors.search(q, 8)
    assert [i for i, _ in milvus] == [i for i, _ in flat]
    assert [s for _, s in milvus] == pytest.approx([s for _, s in flat], abs=1e-5)


def test_filters_are_milvus_expressions_equal_to_the_index_mask(fake_embedder_settings):
    idx = open_index(settings_for(fake_embedder_settings, "milvus"))
    store = idx.vectors
    idx.search("金融", k=5, doc="doc-b")
    assert store.last_filter == 'doc_id == "doc-b"'
    idx.search("金融", k=5, path_prefix="6.3", kinds=["paragraph"])
    assert store.last_filter == 'kind in ["paragraph"] and (section == "6.3" or section like "6.3.%")'
    idx.search("金融", k=5)
    assert store.last_filter == ""
    for filters in FILTERS + [dict(path_prefix="table2-1"), dict(path_prefix="6.")]:
        expr = filter_expr(Where(filters.get("doc"), filters.get("path_prefix"), tuple(filters.get("kinds") or ()) or None))
        assert expr and "pos in" not in expr, filters
        rows = store.client.query(store.collection, filter=expr, output_fields=["pos"])  # Milvus alone evaluates it
        assert sorted(r["pos"] for r in rows) == np.flatnonzero(idx.allowed(**filters)).tolist(), filters
    q = idx.embedder.query("金融")  # no mask given: Milvus does the filtering
    assert {idx.clauses[i].doc_id for i, _ in store.search(q, 10, where=Where(doc="doc-b"))} == {"doc-b"}
    assert {idx.clauses[i].kind for i, _ in store.search(q, 10, where=Where(kinds=("table_row",)))} == {"table_row"}


def test_values_milvus_cannot_quote_fall_back_to_positions(fake_embedder_settings):
    idx = open_index(settings_for(fake_embedder_settings, "milvus"))
    assert filter_expr(Where(doc='a"b')) is None and filter_expr(Where(path_prefix="6_3")) is None
    idx.vectors.last_filter = "untouched"
    assert idx.search("金融", k=5, doc='a"b') == [] and idx.search("金融", k=5, path_prefix="七、琴澳%") == []
    assert idx.vectors.last_filter == "untouched"  # no clause passes the mask: nothing is sent to Milvus
    mask = idx.allowed(path_prefix="6.3")
    top = idx.vectors.search(idx.embedder.query("跨境"), 10, mask)  # a mask without `where`: positions
    assert idx.vectors.last_filter.startswith("pos in [") and {i for i, _ in top} == set(np.flatnonzero(mask).tolist())


def test_save_load_round_trip(fake_embedder_settings):
    settings = settings_for(fake_embedder_settings, "milvus")
    first = open_index(settings)
    directory = index_path(settings.build_dir)
    assert sorted(p.name for p in directory.iterdir()) == [
        "bm25.npz", "bm25_tf.npz", "bm25_vocab.json", "clauses.jsonl", "manifest.json", "terms.json", "vectors.milvus.json"]
    desc = json.loads((directory / "vectors.milvus.json").read_text(encoding="utf-8"))
    assert desc == {"backend": "milvus", "uri": "", "collection": first.vectors.collection, "dim": 256, "count": 8,
                    "metric": "IP", "kind": "flat"}
    assert (settings.build_dir / "milvus.db").is_dir()  # the milvus-lite data directory, outside the swapped index dir
    manifest, vectors, clauses, bm25, terms = read_index(directory, milvus_uri="")
    assert isinstance(vectors, MilvusStore) and vectors.collection == first.vectors.collection and vectors.size == 8
    loaded = Index(manifest, vectors, clauses, bm25, terms, first.embedder)
    assert run(loaded) == run(first) and run(loaded, path_prefix="6") == run(first, path_prefix="6")
    from index import open as open_mod

    open_mod._cache.clear()
    again = open_index(settings)
    assert again.rebuilt_reason == "" and again.vectors.collection == first.vectors.collection


def test_switching_backend_rebuilds_and_old_collections_are_collected(fake_embedder_settings):
    faiss_settings = settings_for(fake_embedder_settings, "faiss")
    milvus_settings = settings_for(fake_embedder_settings, "milvus")
    assert open_index(faiss_settings).manifest["vector_backend"] == "faiss"
    idx = open_index(milvus_settings)
    assert "vector_backend changed ('faiss' -> 'milvus')" in idx.rebuilt_reason
    assert open_index(milvus_settings) is idx
    other = settings_for(fake_embedder_settings, "milvus", milvus_uri=str(faiss_settings.build_dir / "elsewhere.db"))
    assert "milvus_uri changed" in open_index(other).rebuilt_reason  # another Milvus instance: rebuilt there
    back = open_index(faiss_settings)
    assert "vector_backend changed ('milvus' -> 'faiss')" in back.rebuilt_reason
    assert (index_path(faiss_settings.build_dir) / "vectors.faiss").exists()
    first = open_index(milvus_settings)
    client, prefix = first.vectors.client, namespace(milvus_settings.build_dir)
    for _ in range(3):
        open_index(milvus_settings, force=True)
    mine = [c for c in client.list_collections() if c.startswith(prefix)]
    assert len(mine) == 2  # the one in use and the one before it (other processes may still read it), never more


def test_a_missing_collection_is_rebuilt(fake_embedder_settings):
    settings = settings_for(fake_embedder_settings, "milvus")
    idx = open_index(settings)
    idx.vectors.client.drop_collection(idx.vectors.collection)
    from index import open as open_mod

    open_mod._cache.clear()
    again = open_index(settings)
    assert "is missing from Milvus" in again.rebuilt_reason and ids(again.search("EF账户", k=1)) == ["6.3.p3"]


def test_unavailable_milvus_names_the_setting(fake_embedder_settings, monkeypatch):
    with pytest.raises(MilvusUnavailableError, match=r"HQ_MILVUS_URI.*cannot reach Milvus at http://127.0.0.1:1 .*HQ_VECTOR_BACKEND=faiss") as exc:
        open_index(settings_for(fake_embedder_settings, "milvus", milvus_uri="http://user:secret@127.0.0.1:1"))
    assert "secret" not in str(exc.value)
    with pytest.raises(BackendSettingError, match=r"HQ_VECTOR_BACKEND.*'milvis'"):
        open_index(settings_for(fake_embedder_settings, "milvis"))
    locked = settings_for(fake_embedder_settings, "milvus", "locked")
    lite = resolve_uri("", locked.build_dir)
    (locked.build_dir / "milvus.db").mkdir()
    with open(locked.build_dir / "milvus.db" / "LOCK", "w") as fh:  # as another process holding the file would
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(MilvusUnavailableError, match=r"milvus-lite could not open .*milvus.db.*another process"):
            open_index(locked)
    assert lite not in milvus_store._clients
    monkeypatch.setitem(sys.modules, "pymilvus", None)  # as if not installed
    with pytest.raises(MilvusUnavailableError, match=r"HQ_VECTOR_BACKEND=milvus.*pymilvus is not installed.*pip install pymilvus==3.0.2"):
        open_index(settings_for(fake_embedder_settings, "milvus", "bare"))


def test_hnsw_above_the_threshold_agrees_with_exact_search(tmp_path):
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(400, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    clauses = [c for c in tiny_clauses() for _ in range(50)]
    hnsw = MilvusStore.build(vecs, clauses, tmp_path, threshold=100)
    flat = VectorStore.build(vecs, threshold=10_000)
    assert hnsw.kind == "hnsw"
    agree = sum(hnsw.search(q, 1)[0][0] == flat.search(q, 1)[0][0] for q in vecs[:20])
    assert agree >= 19
    allowed = np.array([c.kind == "table_row" for c in clauses])
    top = hnsw.search(vecs[3], 5, allowed, Where(kinds=("table_row",)))
    assert all(allowed[i] for i, _ in top) and len(top) == 5


def test_uris_and_credentials(tmp_path):
    assert resolve_uri("", tmp_path) == str(tmp_path.resolve() / "milvus.db")
    assert resolve_uri(str(tmp_path / "x" / ".." / "kb.db"), tmp_path) == str(tmp_path.resolve() / "kb.db")
    assert resolve_uri("http://milvus:19530", tmp_path) == "http://milvus:19530"
    assert resolve_uri("milvus:19530", tmp_path) == "milvus:19530"  # not a path: pymilvus refuses it with its reason
    assert redact("https://user:pa@ss@db.example:443/kb") == "https://db.example:443/kb"
    assert redact("http://milvus:19530") == "http://milvus:19530" and redact("") == ""
    with pytest.raises(MilvusUnavailableError, match=r"HQ_MILVUS_URI.*milvus:19530.*illegal"):
        milvus_store.connect("milvus:19530")
