"""Re-ingest parses only the files whose content changed: parsed paragraphs cached by content hash + parser version."""
import json
import shutil
from pathlib import Path

import pytest

import ingest.parse_cache as parse_cache
from ingest.parse_cache import CACHE_DIR, ParseCache
from ingest.pipeline import ingest
from ingest.store import load_clauses

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLAN = "hengqin-industrial-development-plan-2025-2029.txt"
REG = "hengqin-development-promotion-regulation-2023.md"
MASTER = "hengqin-master-plan-2021.txt"


@pytest.fixture
def counted(monkeypatch):
    """The names of the files the loader actually reads."""
    seen: list[str] = []
    real = parse_cache.load

    def load(path, max_mb=50):
        seen.append(Path(path).name)
        return real(path, max_mb=max_mb)

    monkeypatch.setattr(parse_cache, "load", load)
    return seen


def _corpus(tmp_path: Path, *names: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    shutil.copy(CORPUS / "manifest.toml", corpus / "manifest.toml")
    for name in names:
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


def test_adding_a_file_parses_only_that_file(tmp_path, counted):
    corpus, build = _corpus(tmp_path, PLAN, MASTER), tmp_path / "build"
    ingest([corpus], corpus, build)
    assert sorted(counted) == sorted([PLAN, MASTER])
    first = [c.to_dict() for c in load_clauses(build)]
    counted.clear()
    shutil.copy(CORPUS / REG, corpus / REG)
    result = ingest([corpus], corpus, build)
    assert counted == [REG] and result.ok
    clauses = load_clauses(build)
    assert {c.doc_id for c in clauses} == {"hq-industry-2025", "hq-master-plan-2021", "hq-promotion-regulation"}
    # what came from the cache is exactly what a fresh parse gives
    assert [c.to_dict() for c in clauses if c.doc_id != "hq-promotion-regulation"] == first


def test_an_edited_file_is_parsed_again(tmp_path, counted):
    corpus, build = _corpus(tmp_path, MASTER), tmp_path / "build"
    (corpus / "extra.txt").write_text("一、总则\n（一）适用范围\n本办法适用于合作区内登记注册的各类企业。\n", encoding="utf-8")
    ingest([corpus], corpus, build)
    counted.clear()
    (corpus / "extra.txt").write_text("一、总则\n（一）适用范围\n本办法适用于合作区内登记注册的澳资企业。\n", encoding="utf-8")
    ingest([corpus], corpus, build)
    assert counted == ["extra.txt"]
    assert any("澳资企业" in c.text for c in load_clauses(build))


def test_a_corrupt_entry_is_discarded_and_reported(tmp_path, counted):
    corpus, build = _corpus(tmp_path, MASTER), tmp_path / "build"
    ingest([corpus], corpus, build)
    before = [c.to_dict() for c in load_clauses(build)]
    (entry,) = (build / CACHE_DIR).glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    counted.clear()
    result = ingest([corpus], corpus, build)
    assert counted == [MASTER]
    assert any("parse cache entry" in w and "discarded" in w for w in result.reports[0].warnings)
    assert [c.to_dict() for c in load_clauses(build)] == before
    json.loads(next((build / CACHE_DIR).glob("*.json")).read_text(encoding="utf-8"))  # rewritten whole


def test_entries_are_keyed_by_parser_version(tmp_path, counted, monkeypatch):
    corpus, build = _corpus(tmp_path, MASTER), tmp_path / "build"
    ingest([corpus], corpus, build)
    monkeypatch.setattr(parse_cache, "parser_version", lambda: "changed-parser")
    counted.clear()
    ingest([corpus], corpus, build)
    assert counted == [MASTER]  # a new parser never trusts an old parse
    assert [p.name.rsplit("-", 2)[-2:] for p in (build / CACHE_DIR).glob("*.json")] == [["changed", "parser.json"]]
    assert ParseCache(build).version == "changed-parser"
