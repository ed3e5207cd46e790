"""Duplicates and incremental ingest (issue 14): copies never displace a listed document; one-file ingest keeps the rest."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.store import load_clauses, load_documents

ROOT = Path(__file__).resolve().parent.parent
PLAN = "hengqin-industrial-development-plan-2025-2029.txt"
LISTED = {"hq-industry-2025", "hq-master-plan-2021", "hq-promotion-regulation"}
NOTE = "一、总则\n横琴粤澳深度合作区支持澳门企业发展，推动产业多元化，建设便利澳门居民生活就业的新家园。\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    out = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", out)
    return out


def _ids(build: Path) -> set[str]:
    return {d["meta"]["doc_id"] for d in load_documents(build)}


@pytest.mark.parametrize("copy_name", ["a-copy.txt", "copy-of-plan.txt", "0000.txt"])
def test_a_copy_sorting_first_never_displaces_the_listed_document(tmp_path, corpus, copy_name):
    shutil.copy(corpus / PLAN, corpus / copy_name)
    result = ingest([corpus], corpus, tmp_path / "build")
    assert _ids(tmp_path / "build") == LISTED
    copy = next(r for r in result.reports if Path(r.file).name == copy_name)
    assert not copy.ok and "duplicate" in copy.error and PLAN in copy.error


def test_of_two_unlisted_copies_the_older_keeps_its_id(tmp_path, corpus):
    old, new = corpus / "older-note.txt", corpus / "aaa-newer-note.txt"
    old.write_text(NOTE, encoding="utf-8")
    new.write_text(NOTE, encoding="utf-8")
    os.utime(old, (1_600_000_000, 1_600_000_000))
    ingest([corpus], corpus, tmp_path / "build")
    assert _ids(tmp_path / "build") == LISTED | {"older-note"}


def test_one_file_ingest_adds_and_keeps_the_corpus(tmp_path, corpus):
    build = tmp_path / "build"
    ingest([corpus], corpus, build)
    before = {c.id for c in load_clauses(build)}
    extra = tmp_path / "extra-note.txt"
    extra.write_text(NOTE, encoding="utf-8")
    ingest([extra], corpus, build)
    assert _ids(build) == LISTED | {"extra-note"}
    after = {c.id for c in load_clauses(build)}
    assert before < after
    extra.write_text(NOTE.replace("新家园", "新家园和新空间"), encoding="utf-8")  # an update replaces, never doubles
    ingest([extra], corpus, build)
    texts = [c.text for c in load_clauses(build) if c.doc_id == "extra-note"]
    assert len(texts) == 1 and "新空间" in texts[0]
    ingest([extra], corpus, build, replace=True)  # the old behaviour, on request
    assert _ids(build) == {"extra-note"}


def test_one_file_copy_of_a_stored_document_is_reported(tmp_path, corpus):
    build = tmp_path / "build"
    ingest([corpus], corpus, build)
    copy = tmp_path / "plan-copy.txt"
    shutil.copy(corpus / PLAN, copy)
    result = ingest([copy], corpus, build)
    assert not result.reports[0].ok and "duplicate" in result.reports[0].error
    assert _ids(build) == LISTED


def test_cli_ingest_file_keeps_the_others_and_replace_flag(tmp_path, corpus):
    env = {**os.environ, "HQ_BUILD_DIR": str(tmp_path / "build"), "HQ_CORPUS_DIR": str(corpus), "OMP_NUM_THREADS": "1"}
    run = lambda *a: subprocess.run([sys.executable, "cli.py", "ingest", *a], cwd=ROOT, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=300)
    assert run().returncode == 0
    extra = tmp_path / "extra-note.txt"
    extra.write_text(NOTE, encoding="utf-8")
    out = run(str(extra))
    assert out.returncode == 0, out.stderr
    assert _ids(tmp_path / "build") == LISTED | {"extra-note"}
    assert run(str(extra), "--replace").returncode == 0
    assert _ids(tmp_path / "build") == {"extra-note"}


def test_uploading_a_copy_of_the_plan_keeps_the_plan(tmp_path, corpus):
    from ui.admin import add_document
    from settings import Settings

    settings = Settings.load(build_dir=tmp_path / "build", corpus_dir=corpus)
    ingest([corpus], corpus, settings.build_dir)
    added = add_document((corpus / PLAN).read_bytes(), "a-copy.txt", settings)
    assert not added.ok and "duplicate" in " ".join(added.messages)
    assert not (corpus / "a-copy.txt").exists()
    assert _ids(settings.build_dir) == LISTED
