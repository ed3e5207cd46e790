"""The store seam: a registry by name, per-backend settings sub-tables, and no backend branch outside the factory."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from core.filters import Filter
from index.stores import REGISTRY, backend_of, store_class, store_options
from index.stores.base import Selection, Where
from settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_registry_names_each_backend_once_and_unknown_names_are_refused():
    assert set(REGISTRY) == {"faiss", "milvus"}
    assert store_class("faiss").BACKEND == "faiss"
    with pytest.raises(Exception, match="unknown vector backend 'elastic'.*faiss, milvus"):
        store_class("elastic")
    with pytest.raises(Exception, match="HQ_VECTOR_BACKEND"):
        backend_of(Settings.load(vector_backend="elastic"))


def test_milvus_reads_its_own_sub_table_and_the_environment_still_wins(tmp_path, monkeypatch):
    toml = tmp_path / "settings.toml"
    toml.write_text('[stores.milvus]\nuri = "http://milvus.example:19530"\n', encoding="utf-8")
    monkeypatch.setenv("HQ_SETTINGS", str(toml))
    monkeypatch.delenv("HQ_MILVUS_URI", raising=False)
    assert store_options(Settings.load(), "milvus")["uri"] == "http://milvus.example:19530"
    monkeypatch.setenv("HQ_MILVUS_URI", "/data/local.db")
    assert store_options(Settings.load(), "milvus")["uri"] == "/data/local.db"
    assert store_options(Settings.load(), "faiss") == {}


def test_a_selection_pushes_down_one_document_and_falls_back_to_positions_for_several():
    mask = np.array([True, False])
    assert Selection(Filter(doc="a", clause_kinds=("paragraph",)), mask).where == Where("a", None, ("paragraph",))
    assert Selection(Filter(doc_ids=("a", "b")), mask).where is None  # no single-value expression: positions
    assert Selection(Filter(), None).where is None


def test_the_faiss_store_searches_a_selection_like_a_mask():
    cls = store_class("faiss")
    rng = np.random.default_rng(1)
    vecs = rng.normal(size=(30, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    store = cls.create(vecs, [None] * 30, ROOT, {})
    mask = np.zeros(30, dtype=bool)
    mask[::3] = True
    assert store.search(vecs[4], 5, Selection(Filter(doc="x"), mask)) == store.search(vecs[4], 5, mask)
    assert all(i % 3 == 0 for i, _ in store.search(vecs[4], 5, Selection(Filter(doc="x"), mask)))


def test_no_backend_branch_outside_the_stores():
    pattern = re.compile(r"""==\s*["'](faiss|milvus)["']|milvus_store|MilvusStore""")
    offenders = []
    for path in sorted((ROOT / "index").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("index/stores/") or "bench" in path.name or rel == "index/milvus_store.py":
            continue
        offenders += [f"{rel}:{n}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                      if pattern.search(line)]
    assert offenders == []
