"""Index build/save/load, filters, routing, staleness and corruption, on tiny hand-made clause stores (fake embedder)."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from index import open_index
from index.bm25 import BM25
from index.embedders import EmbedderError, get_embedder, register_embedder
from index.store import IndexStoreError, VectorStore, index_path, read_index
from ingest.records import Clause, text_hash
from ingest.store import write_store

TITLE = "《测试规划》"


def clause(cid: str, text: str, path: list[str], code: str, kind: str = "paragraph", doc: str = "doc-a", ordinal: int = 1, table=None) -> Clause:
    return Clause(id=f"{doc}/{cid}", doc_id=doc, doc_title=TITLE if doc == "doc-a" else "《另一文件》", doc_number="", issuer="",
                  date="", kind=kind, path=path, path_code=code, ordinal=ordinal, lead="", text=text,
                  citation=f"{TITLE}{cid}", table=table, hash=text_hash(text))


def tiny_clauses() -> list[Clause]:
    six, seven = "六、发展现代金融产业", "七、琴澳产业一体化发展"
    return [
        clause("front.p1", "粤澳深合执字〔2025〕28号", [], "", kind="front_matter"),
        clause("6.1.p1", "加快引育各类金融机构。吸引证券公司、基金公司落户。", [six, "（一）丰富合作区金融业态"], "6.1"),
        clause("6.3.p1", "有序拓展资产跨境转让业务。推进以人民币计价的资产跨境转让。", [six, "（三）推动跨境金融创新发展"], "6.3"),
        clause("6.3.p2", "稳步推进跨境双向投资业务试点。持续优化合格境外有限合伙人（QFLP）试点。", [six, "（三）推动跨境金融创新发展"], "6.3", ordinal=2),
        clause("6.3.p3", "深化多功能自由贸易账户（EF账户）建设。", [six, "（三）推动跨境金融创新发展"], "6.3", ordinal=3),
        clause("7.3.p1", "持续深化“跨境理财通”业务。以移动支付为抓手提升跨境民生金融服务。", [seven, "（三）共同发展特色金融产业"], "7.3"),
        clause("table2-1.r2", "2 澳资产业增加值 亿元 30.04 90 预期性", ["二、总体要求", "（三）发展目标"], "table2-1", kind="table_row", ordinal=2,
               table={"title": "表2-1合作区产业发展主要指标", "headers": ["序号", "指标", "单位", "2024年", "2029年", "属性"],
                      "cells": ["2", "澳资产业增加值", "亿元", "30.04", "90", "预期性"]}),
        clause("1.1.p1", "琴澳产业合作日趋紧密，累计注册澳资企业6681家。", ["一、发展基础", "（一）发展基础"], "1.1", doc="doc-b"),
    ]


@pytest.fixture
def tiny(fake_embedder_settings):
    settings = fake_embedder_settings
    write_store(settings.build_dir, tiny_clauses(), [{"doc_id": "doc-a"}, {"doc_id": "doc-b"}])
    return settings


def ids(hits) -> list[str]:
    return [h.clause.id.split("/", 1)[1] for h in hits]


def test_first_open_builds_and_finds_the_clause(tiny):
    idx = open_index(tiny)
    assert idx.rebuilt_reason  # built on first use
    assert (index_path(tiny.build_dir) / "manifest.json").exists()
    hits = idx.search("合格境外有限合伙人 QFLP 试点", k=3)
    assert ids(hits)[0] == "6.3.p2"
    assert hits[0].rank == 1 and hits[0].retrievers and set(hits[0].retrievers) <= {"dense", "bm25"}
    assert [h.rank for h in hits] == [1, 2, 3]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    m = idx.manifest
    assert m["model_id"] == "fake-bigram-256" and m["counts"]["clauses"] == 8 and m["corpus_hash"]
    assert m["settings"]["embedder"] == "fake" and m["built_at"] and m["vector_index"] == "flat"
    assert idx.get("doc-a/6.3.p3").text.startswith("深化多功能") and len(idx.clauses) == 8


def test_build_save_load_gives_identical_hits(tiny):
    first = open_index(tiny)
    queries = ["跨境理财通", "EF账户", "澳资产业增加值目标", "金融机构落户", "六（三）"]
    before = [[(h.clause.id, round(h.score, 9), h.retrievers) for h in first.search(q, k=5)] for q in queries]
    manifest, vectors, clauses, bm25, terms = read_index(index_path(tiny.build_dir))
    from index.search import Index

    loaded = Index(manifest, vectors, clauses, bm25, terms, first.embedder)
    after = [[(h.clause.id, round(h.score, 9), h.retrievers) for h in loaded.search(q, k=5)] for q in queries]
    assert before == after
    assert [c.to_dict() for c in clauses] == [c.to_dict() for c in tiny_clauses()]


def test_traditional_query_finds_the_same_as_simplified(tiny):
    idx = open_index(tiny)
    assert ids(idx.search("持續深化跨境理財通業務", k=3)) == ids(idx.search("持续深化跨境理财通业务", k=3))
    assert idx.search("跨境理財通", k=1)[0].clause.text.startswith("持续深化“跨境理财通”")  # stored text unchanged


def test_filters_by_document_path_and_kind(tiny):
    idx = open_index(tiny)
    assert set(ids(idx.search("金融", k=10, doc="doc-b"))) == {"1.1.p1"}
    assert {i.split(".p")[0] for i in ids(idx.search("金融", k=10, path_prefix="6"))} <= {"6.1", "6.3"}
    assert set(ids(idx.search("金融", k=10, path_prefix="6.3"))) <= {"6.3.p1", "6.3.p2", "6.3.p3"}
    assert set(ids(idx.search("金融", k=10, path_prefix="七、琴澳"))) == {"7.3.p1"}
    assert ids(idx.search("增加值", k=10, kinds=["table_row"])) == ["table2-1.r2"]
    assert idx.search("金融", k=10, doc="no-such-doc") == []


def test_section_reference_is_routed_first(tiny):
    idx = open_index(tiny)
    for q in ("六（三）", "第六部分第（三）节", "part 6 section 3", "parte 6 secção 3", "6.3"):
        hits = idx.search(q, k=5)
        assert ids(hits)[:3] == ["6.3.p1", "6.3.p2", "6.3.p3"], q  # store order when nothing else is asked
        assert all(h.retrievers[0] == "ref" for h in hits[:3])
        assert hits[3].retrievers[0] != "ref"
        assert all(a.score > b.score for a, b in zip(hits, hits[1:]))  # scores fall with rank
    hits = idx.search("六（三）EF账户", k=3)
    assert ids(hits)[0] == "6.3.p3"  # inside the section, ranked by the rest of the question
    assert ids(idx.search("六（三）第2段", k=1)) == ["6.3.p2"]
    assert ids(idx.search("表2-1", k=1)) == ["table2-1.r2"]
    assert ids(idx.search("第二部分第（三）节", k=1)) == ["table2-1.r2"]  # table rows sit under their heading
    assert idx.search("第九部分第（九）节", k=3)[0].retrievers[0] != "ref"  # no such section: plain search


def test_rebuild_when_the_corpus_changes(tiny):
    idx = open_index(tiny)
    assert open_index(tiny) is idx  # current: the process cache answers
    changed = tiny_clauses()
    changed[5] = clause("7.3.p1", "推进澳门居民代理见证开户业务。", changed[5].path, "7.3")
    write_store(tiny.build_dir, changed, [{"doc_id": "doc-a"}, {"doc_id": "doc-b"}])
    again = open_index(tiny)
    assert again is not idx and "clause store changed" in again.rebuilt_reason
    assert again.search("代理见证开户", k=1)[0].clause.text == "推进澳门居民代理见证开户业务。"
    assert "跨境理财通" not in "".join(c.text for c in again.clauses)


def test_loaded_as_is_when_nothing_changed(tiny):
    open_index(tiny)
    from index import open as open_mod

    open_mod._cache.clear()  # a new process
    idx = open_index(tiny)
    assert idx.rebuilt_reason == ""


def test_rebuild_when_the_model_changes(tiny):
    open_index(tiny)
    register_embedder("fake-other", lambda: __import__("tests.conftest", fromlist=["FakeEmbedder"]).FakeEmbedder(128, "fake-bigram-128"))
    from settings import Settings

    other = Settings.load(build_dir=tiny.build_dir, corpus_dir=tiny.corpus_dir, embedder="fake-other")
    idx = open_index(other)
    assert "model_id changed" in idx.rebuilt_reason and idx.manifest["dim"] == 128


def test_corrupt_manifest_is_a_clear_error_and_open_index_rebuilds(tiny):
    open_index(tiny)
    manifest = index_path(tiny.build_dir) / "manifest.json"
    manifest.write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexStoreError, match=r"manifest.json: corrupt manifest \("):
        read_index(index_path(tiny.build_dir))
    from index import open as open_mod

    open_mod._cache.clear()
    idx = open_index(tiny)
    assert "corrupt manifest" in idx.rebuilt_reason
    assert json.loads(manifest.read_text(encoding="utf-8"))["counts"]["clauses"] == 8


def test_truncated_faiss_file_is_a_clear_error(tiny):
    open_index(tiny)
    vectors = index_path(tiny.build_dir) / "vectors.faiss"
    data = vectors.read_bytes()
    vectors.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexStoreError, match=r"vectors.faiss: corrupt or truncated"):
        read_index(index_path(tiny.build_dir))
    with pytest.raises(IndexStoreError, match=r"vectors.faiss: unreadable FAISS file"):
        VectorStore.load(vectors)  # even without the manifest's checksum, no C++ traceback
    from index import open as open_mod

    open_mod._cache.clear()
    assert "truncated" in open_index(tiny).rebuilt_reason


def test_no_pickle_in_the_index(tiny):
    open_index(tiny)
    directory = index_path(tiny.build_dir)
    names = sorted(p.name for p in directory.iterdir())
    assert names == ["bm25.npz", "bm25_tf.npz", "bm25_vocab.json", "clauses.jsonl", "manifest.json", "terms.json", "vectors.faiss"]
    with np.load(directory / "bm25.npz", allow_pickle=False) as z:
        assert set(z.files) == {"data", "indices", "indptr", "shape"}
    assert not list(tiny.build_dir.rglob("*.pkl")) and not list(tiny.build_dir.rglob("*.pickle"))


def test_missing_model_names_the_setting(tmp_path):
    with pytest.raises(EmbedderError, match=r"HQ_EMBEDDER=.*no-such-model.*never downloaded"):
        get_embedder(str(tmp_path / "no-such-model"))


def test_bm25_scores_by_hand():
    docs = [["a", "b"], ["b", "c", "c"], ["d"]]
    bm = BM25.build(docs, k1=1.2, b=0.75)
    n, avgdl = 3, 2.0
    idf_c = math.log1p((n - 1 + 0.5) / (1 + 0.5))
    tf, dl = 2, 3
    expect = idf_c * tf * 2.2 / (tf + 1.2 * (1 - 0.75 + 0.75 * dl / avgdl))
    assert bm.scores(["c"])[1] == pytest.approx(expect, rel=1e-5)
    assert bm.top(["c"], 5) == [(1, pytest.approx(expect, rel=1e-5))]
    assert bm.top(["zzz"], 5) == []
    assert [i for i, _ in bm.top(["b"], 5, allowed=np.array([False, True, True]))] == [1]


def test_hnsw_above_the_threshold_agrees_with_exact_search():
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(400, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    flat, hnsw = VectorStore.build(vecs, threshold=10_000), VectorStore.build(vecs, threshold=100)
    assert (flat.kind, hnsw.kind) == ("flat", "hnsw")
    for q in vecs[:20]:
        assert flat.search(q, 1)[0][0] == hnsw.search(q, 1)[0][0]
    allowed = np.zeros(400, dtype=bool)
    allowed[::7] = True
    top = hnsw.search(vecs[3], 5, allowed)
    assert all(allowed[i] for i, _ in top) and [i for i, _ in top] == [i for i, _ in flat.search(vecs[3], 5, allowed)]


def test_a_document_dropped_into_the_corpus_is_ingested_and_indexed_by_refresh_only(fake_embedder_settings):
    from errors import NotReady
    from kb import KnowledgeBase

    settings = fake_embedder_settings
    corpus = settings.corpus_dir
    corpus.mkdir()
    (corpus / "measures.txt").write_text("一、总则\n（一）适用范围\n本办法适用于合作区内登记注册的各类企业。\n", encoding="utf-8")
    kb = KnowledgeBase(settings)
    assert kb.status()["state"] == "missing"
    with pytest.raises(NotReady):  # reading never ingests or builds
        kb.search("企业")
    assert not (settings.build_dir / "clauses").exists()
    kb.refresh()
    idx = kb.index
    assert [c.doc_id for c in idx.clauses] == ["measures"] and kb.status()["state"] == "fresh"
    (corpus / "finance.txt").write_text("一、金融\n（一）跨境理财\n持续深化跨境理财通业务，便利澳门居民投资。\n", encoding="utf-8")
    assert kb.status()["state"] == "stale" and "corpus folder changed" in kb.status()["reason"]
    assert kb.index is idx  # a stale state keeps serving until the edge refreshes
    kb.refresh()
    again = kb.index
    assert again is not idx and {c.doc_id for c in again.clauses} == {"measures", "finance"}
    assert kb.search("跨境理财通", k=1)[0].clause.doc_id == "finance"
