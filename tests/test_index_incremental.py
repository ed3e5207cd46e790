"""Incremental add: a document appended to a built index gives what a full rebuild gives (same hits, same scores)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from kb import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]
# known-answer topics of the three bundled documents plus references, mixed scripts and a filter-free phrase
QUERIES = ["合格境外有限合伙人 QFLP 试点", "跨境理财通", "分线管理", "澳门居民在合作区就业", "横琴粤澳深度合作区执行委员会的职责",
           "中医药产业发展", "第十条", "六（三）", "EF账户", "集成电路 设计", "土地 出让", "个人所得税"]


def corpus_with(tmp_path: Path, name: str, files: list[str]) -> Path:
    """A copy of the bundled corpus folder holding only `files` (the manifest lists all three documents)."""
    corpus = tmp_path / name
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / "manifest.toml", corpus / "manifest.toml")
    for f in files:
        shutil.copy(REPO / "corpus" / f, corpus / f)
    return corpus


def results(kb: KnowledgeBase, **filters) -> list:
    from core.filters import Filter

    f = Filter(**filters) if filters else None
    return [[(h.clause.id, round(h.score, 7), h.retrievers) for h in kb.search(q, k=10, filters=f)] for q in QUERIES]


@pytest.fixture
def two_kbs(fake_embedder_settings, tmp_path):
    """(kb built on two bundled documents then given the third, kb built on all three from scratch)."""
    from settings import Settings

    first = ["hengqin-industrial-development-plan-2025-2029.txt", "hengqin-master-plan-2021.txt"]
    third = "hengqin-development-promotion-regulation-2023.md"
    grown_corpus = corpus_with(tmp_path, "grown", first)
    grown = KnowledgeBase(Settings.load(build_dir=tmp_path / "b-grown", corpus_dir=grown_corpus, embedder="fake"))
    grown.refresh()
    before = grown.index
    result = grown.add_document(third, (REPO / "corpus" / third).read_bytes())
    assert result.ok, result.messages
    assert grown.index is not before and len(grown.index) > len(before)
    full_corpus = corpus_with(tmp_path, "full", first + [third])
    full = KnowledgeBase(Settings.load(build_dir=tmp_path / "b-full", corpus_dir=full_corpus, embedder="fake"))
    full.refresh()
    return grown, full, before


def test_adding_a_document_appends_instead_of_rebuilding(two_kbs):
    grown, full, before = two_kbs
    manifest = grown.index.manifest
    assert manifest["appended"]["onto"] == len(before)
    assert manifest["appended"]["clauses"] == len(grown.index) - len(before)
    assert "appended" not in full.index.manifest
    assert grown.status()["state"] == "fresh"  # the appended store is what the corpus folder holds
    assert grown.refresh()["built"] == ""  # and a refresh finds nothing to do


def test_incremental_add_equals_full_rebuild(two_kbs):
    grown, _, _ = two_kbs
    appended = (results(grown), results(grown, doc="hq-promotion-regulation"), results(grown, doc="hq-industry-2025"))
    out = grown.refresh(force=True)  # a full rebuild over the same clause store
    assert out["built"] == "rebuild requested" and "appended" not in grown.index.manifest
    assert (results(grown), results(grown, doc="hq-promotion-regulation"), results(grown, doc="hq-industry-2025")) == appended


def test_incremental_add_equals_ingesting_everything_from_scratch(two_kbs):
    grown, full, _ = two_kbs
    g, f = grown.index, full.index
    # the new document sorts first in the folder, so a rebuild orders its clauses differently: compare by id
    by_id = {c.id: i for i, c in enumerate(f.clauses)}
    assert sorted(by_id) == sorted(c.id for c in g.clauses)
    order = np.array([by_id[c.id] for c in g.clauses])
    assert np.allclose(f.vectors._dense[order], g.vectors._dense)
    gw, fw = g.bm25.matrix.toarray(), f.bm25.matrix.toarray()
    cols = [f.bm25.term_id[t] for t in g.bm25.vocab]
    assert sorted(g.bm25.vocab) == sorted(f.bm25.vocab)
    assert np.allclose(fw[order][:, cols], gw, atol=1e-6)
    assert sorted(g.tokenizer.terms) == sorted(f.tokenizer.terms)
    # the same hits with the same scores (the order of exact ties follows positions, which differ here)
    for a, b in zip(results(grown), results(full)):
        assert sorted((s, i) for i, s, _ in a) == sorted((s, i) for i, s, _ in b)


def test_a_removed_file_falls_back_to_a_full_rebuild(two_kbs):
    grown, _, _ = two_kbs
    (grown.settings.corpus_dir / "hengqin-master-plan-2021.txt").unlink()
    out = grown.refresh()
    assert out["ingested"] and "appended" not in out
    assert "appended" not in grown.index.manifest
    assert {c.doc_id for c in grown.index.clauses} == {"hq-industry-2025", "hq-promotion-regulation"}


def test_an_index_without_term_frequencies_is_rebuilt_not_appended(fake_embedder_settings, tmp_path):
    from settings import Settings

    corpus = corpus_with(tmp_path, "c", ["hengqin-master-plan-2021.txt"])
    kb = KnowledgeBase(Settings.load(build_dir=tmp_path / "b", corpus_dir=corpus, embedder="fake"))
    kb.refresh()
    index_dir = kb.settings.build_dir / "index"
    (index_dir / "bm25_tf.npz").unlink()  # an index written before the frequencies were kept
    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]["bm25_tf.npz"]
    (index_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    kb2 = KnowledgeBase(kb.settings)
    assert kb2.status()["state"] == "fresh" and kb2.index.bm25.tf is None
    name = "hengqin-development-promotion-regulation-2023.md"
    assert kb2.add_document(name, (REPO / "corpus" / name).read_bytes()).ok
    assert "appended" not in kb2.index.manifest and kb2.index.bm25.tf is not None


def test_bm25_extended_equals_a_build_over_all_rows():
    from index.bm25 import BM25

    docs = [["跨境", "理财", "理财"], ["澳门", "居民"], ["企业", "跨境"], []]
    extra = [["跨境", "电商"], ["澳门", "企业", "企业"]]
    whole = BM25.build(docs + extra)
    grown = BM25.build(docs).extended(extra)
    assert grown.vocab == whole.vocab
    assert np.allclose(grown.matrix.toarray(), whole.matrix.toarray())
    # re-tokenising a row (a new term kept whole) is the same as building with its new tokens
    fixed = BM25.build(docs).extended(extra, {0: ["跨境理财", "理财"]})
    assert np.allclose(fixed.matrix.toarray()[:, [fixed.term_id[t] for t in whole.vocab]][1:],
                       BM25.build([["跨境理财", "理财"]] + docs[1:] + extra).matrix.toarray()[
                           :, [BM25.build([["跨境理财", "理财"]] + docs[1:] + extra).term_id[t] for t in whole.vocab]][1:])
    assert fixed.scores(["跨境理财"])[0] > 0 and fixed.scores(["跨境"])[0] == 0


def test_milvus_append_gives_the_dense_top10_of_faiss_flat(two_kbs, tmp_path):
    pytest.importorskip("pymilvus", reason="pymilvus not installed (requirements-dev.txt)")
    pytest.importorskip("milvus_lite", reason="milvus-lite not installed (requirements-dev.txt)")
    from index.stores import milvus as milvus_mod
    from settings import Settings

    grown, _, _ = two_kbs
    corpus = corpus_with(tmp_path, "m", ["hengqin-industrial-development-plan-2025-2029.txt", "hengqin-master-plan-2021.txt"])
    kb = KnowledgeBase(Settings.load(build_dir=tmp_path / "b-milvus", corpus_dir=corpus, embedder="fake",
                                     vector_backend="milvus"))
    try:
        kb.refresh()
        name = "hengqin-development-promotion-regulation-2023.md"
        before = kb.index
        assert kb.add_document(name, (REPO / "corpus" / name).read_bytes()).ok
        idx = kb.index
        assert idx.manifest["appended"]["onto"] == len(before) and idx.manifest["vector_backend"] == "milvus"
        assert idx.manifest["milvus_collection"] == before.manifest["milvus_collection"]  # rows added, not re-inserted
        assert [c.id for c in idx.clauses] == [c.id for c in grown.index.clauses]
        for q in QUERIES:
            qvec = idx.embedder.query(q)
            flat, milvus = grown.index.vectors.search(qvec, 10), idx.vectors.search(qvec, 10)
            assert [i for i, _ in milvus] == [i for i, _ in flat], q
            assert [s for _, s in milvus] == pytest.approx([s for _, s in flat], abs=1e-5)
        # the store still in use never returns the appended rows
        assert all(i < len(before) for i, _ in before.vectors.search(idx.embedder.query("横琴粤澳深度合作区条例"), 50))
        assert results(kb) == results(grown)
    finally:
        for uri in list(milvus_mod._clients):
            if uri.startswith(str(tmp_path)):
                milvus_mod.release(uri)


def test_filters_from_precomputed_positions_equal_a_scan_over_every_clause(two_kbs):
    from core.filters import Filter
    from core.sections import section_prefix, under_section
    from index import refs as refmod
    from index.normalize import fold

    idx = two_kbs[0].index
    cs = idx.clauses

    def scan(doc=None, kinds=(), prefix=None, doc_ids=None):
        keep = []
        for c in cs:
            ok = (doc_ids is None or c.doc_id in doc_ids) and (doc is None or c.doc_id == doc)
            ok = ok and (not kinds or c.kind in kinds)
            if prefix:
                ok = ok and under_section(refmod.section_code(c), fold(" ".join(c.path)), section_prefix(prefix))
            keep.append(ok)
        return np.array(keep)

    for doc in sorted({c.doc_id for c in cs}) + ["no-such-doc"]:
        assert (idx.allowed(doc=doc) == scan(doc=doc)).all()
        for prefix in ("6", "6.3", "第二章"):
            assert (idx.allowed(doc=doc, path_prefix=prefix) == scan(doc=doc, prefix=prefix)).all(), (doc, prefix)
    for prefix in ("6", "2.1", "七、琴澳"):
        assert (idx.allowed(path_prefix=prefix) == scan(prefix=prefix)).all()
        assert (idx.allowed(path_prefix=prefix) == scan(prefix=prefix)).all()  # the remembered positions
    assert (idx.allowed(kinds=["table_row"]) == scan(kinds=("table_row",))).all()
    f = Filter(doc_ids=("hq-industry-2025", "hq-promotion-regulation"), clause_kinds=("paragraph",))
    assert (idx.allowed(filters=f) == scan(kinds=("paragraph",), doc_ids=f.doc_ids)).all()
    assert idx.allowed(doc="hq-industry-2025").sum() > 0 and idx.allowed(kinds=["table_row"]).sum() > 0
