"""A built index of the bundled plan in a temporary build directory, made once per test process."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@lru_cache(maxsize=1)
def built_settings():
    """Settings whose build_dir holds the bundled plan's clause store and index (built here, removed at exit)."""
    from ingest.pipeline import ingest
    from settings import Settings

    build = Path(tempfile.mkdtemp(prefix="hq-qa-test-"))
    atexit.register(shutil.rmtree, build, True)
    settings = Settings.load(build_dir=build, corpus_dir=CORPUS, llm_base_url="", llm_model="", admin_token="")
    result = ingest([CORPUS], CORPUS, build)
    assert result.ok, [r.error for r in result.reports]
    return settings


@lru_cache(maxsize=1)
def built_index():
    from index import open_index

    return open_index(built_settings())
