"""A clause edited inside the store is detected and rebuilt from the corpus; --json says when a command rebuilt."""
import json
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.store import StoreError, load_clauses, store_path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "corpus" / "hengqin-industrial-development-plan-2025-2029.txt"


@pytest.fixture()
def store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / PLAN.name).write_bytes(PLAN.read_bytes())
    build = tmp_path / "build"
    ingest([corpus], corpus, build)
    return corpus, build


def _edit(build: Path, same_size: bool) -> None:
    path = store_path(build) / "clauses.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[10])
    old = row["text"]
    row["text"] = ("九" + old[1:]) if same_size else old + "（已修改）"
    assert row["text"] != old
    lines[10] = json.dumps(row, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("same_size", [True, False])
def test_an_edited_clause_is_refused_by_name(store, same_size):
    _, build = store
    _edit(build, same_size)
    with pytest.raises(StoreError, match=r"clauses.jsonl:11: clause \S+/1\.2\.p2 was changed after ingest"):
        load_clauses(build)


def test_an_edit_that_changes_the_size_makes_the_store_stale(store):
    from ingest.freshness import stale_reason

    corpus, build = store
    assert stale_reason(build, corpus) == ""
    _edit(build, same_size=False)
    assert "changed outside an ingest" in stale_reason(build, corpus)


def test_search_json_says_it_rebuilt_an_edited_store(store, monkeypatch, capsys):
    import cli
    from index.embedders import register_embedder
    from tests.conftest import FakeEmbedder

    corpus, build = store
    register_embedder("fake", FakeEmbedder)
    for key, value in (("HQ_BUILD_DIR", build), ("HQ_CORPUS_DIR", corpus), ("HQ_EMBEDDER", "fake")):
        monkeypatch.setenv(key, str(value))
    assert cli.main(["search", "澳资产业增加值", "--json"]) == 0
    capsys.readouterr()
    _edit(build, same_size=True)  # same size: only the per-clause hash can tell
    assert cli.main(["search", "澳资产业增加值", "--json"]) == 0
    data = json.loads(capsys.readouterr().out.splitlines()[0])
    assert "clause store changed" in data["rebuilt"]  # the index noticed first; the refresh re-ingested
    load_clauses(build)  # healed: every clause matches its hash again
    assert cli.main(["search", "澳资产业增加值", "--json"]) == 0
    assert "rebuilt" not in json.loads(capsys.readouterr().out.splitlines()[0])


def test_appending_writes_the_files_a_whole_write_would_and_an_edited_store_is_written_whole(store, tmp_path):
    from ingest.store import append_store, load_documents, write_store

    _, build = store
    clauses, documents = load_clauses(build), load_documents(build)
    head, tail = clauses[:-7], clauses[-7:]
    whole, appended = tmp_path / "whole", tmp_path / "appended"
    write_store(whole, clauses, documents)
    write_store(appended, head, documents[:1])
    (store_path(appended) / "source.json").write_text("{}", encoding="utf-8")  # other files of the store are kept
    append_store(appended, head, tail, documents)
    for name in ("clauses.jsonl", "documents.json", "counts.json"):
        assert (store_path(appended) / name).read_bytes() == (store_path(whole) / name).read_bytes(), name
    assert (store_path(appended) / "source.json").exists()
    assert [c.id for c in load_clauses(appended)] == [c.id for c in clauses]
    # a store edited since it was written is not appended to: it is written whole from the clauses given
    edited = tmp_path / "edited"
    write_store(edited, head, documents)
    _edit(edited, same_size=False)
    append_store(edited, head, tail, documents)
    assert (store_path(edited) / "clauses.jsonl").read_bytes() == (store_path(whole) / "clauses.jsonl").read_bytes()
