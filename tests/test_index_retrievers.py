"""Retrievers as stages: configured by name, composed by the index, a new one is a class plus a registry line."""
from __future__ import annotations

import pytest

import index.retrievers as retrievers
from index.retrievers.base import Run
from ingest.store import write_store

from .test_index_store import tiny_clauses


@pytest.fixture
def settings(fake_embedder_settings):
    write_store(fake_embedder_settings.build_dir, tiny_clauses(), [{"doc_id": "doc-a"}])
    return fake_embedder_settings


def test_the_setting_lists_stages_and_unknown_names_are_refused():
    assert retrievers.parse("") == retrievers.DEFAULT
    assert retrievers.parse(["Dense", "bm25"]) == ("dense", "bm25")
    with pytest.raises(retrievers.RetrieverSettingError, match="HQ_RETRIEVERS.*'colbert'"):
        retrievers.parse("dense,colbert")


def test_stages_follow_the_setting(settings):
    from dataclasses import replace

    from index.open import open_index

    full = open_index(settings)
    assert [r.name for r in full.retrievers] == list(retrievers.DEFAULT)
    dense_only = open_index(replace(settings, retrievers="dense"))
    hits = dense_only.search("跨境理财通", k=3)
    assert hits and all(h.retrievers == ["dense"] for h in hits)
    assert any("bm25" in h.retrievers for h in full.search("跨境理财通", k=3))


def test_a_new_retriever_is_one_class_and_one_registry_line(settings, monkeypatch):
    from dataclasses import replace

    from index.open import open_index

    class LastClause:  # would live in index/retrievers/last.py
        name = "last"

        def search(self, query, k, selection):
            n = len(query.index.clauses) - 1
            return Run("last", [n], 100.0)

    import sys
    import types

    module = types.ModuleType("index.retrievers.last")
    module.LastClause = LastClause
    monkeypatch.setitem(sys.modules, "index.retrievers.last", module)
    monkeypatch.setitem(retrievers.REGISTRY, "last", ("index.retrievers.last", "LastClause"))
    idx = open_index(replace(settings, retrievers="dense,bm25,last"))
    top = idx.search("跨境理财通", k=1)[0]
    assert top.clause.id == idx.clauses[-1].id and top.retrievers[-1] == "last" and top.score > 1.0
