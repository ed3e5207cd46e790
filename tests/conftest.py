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
