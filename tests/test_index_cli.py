"""`python cli.py build` and `search` (single, --json, --batch) in process, with the fake embedder."""
from __future__ import annotations

import json

import pytest

import cli
from ingest.store import write_store

from .test_index_store import tiny_clauses

KEYS = ["rank", "clause_id", "score", "retrievers", "doc_id", "doc_title", "citation", "path", "text"]


@pytest.fixture
def env(fake_embedder_settings, monkeypatch, tmp_path):
    s = fake_embedder_settings
    write_store(s.build_dir, tiny_clauses(), [{"doc_id": "doc-a"}])
    monkeypatch.setenv("HQ_SETTINGS", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("HQ_BUILD_DIR", str(s.build_dir))
    monkeypatch.setenv("HQ_CORPUS_DIR", str(s.corpus_dir))
    monkeypatch.setenv("HQ_EMBEDDER", "fake")
    return s


def test_build_prints_counts(env, capsys):
    assert cli.main(["build", "--force"]) == 0
    out = capsys.readouterr().out
    assert "built 8 clauses from 2 document(s)" in out and "fake-bigram-256" in out
    assert cli.main(["build"]) == 0
    assert "index is current: 8 clauses" in capsys.readouterr().out


def test_search_json_shape(env, capsys):
    assert cli.main(["search", "跨境理财通", "-k", "2", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    # "rebuilt" only when this command (re)built first, e.g. on first use
    assert list(data)[:2] == ["query", "hits"] and set(data) <= {"query", "hits", "rebuilt"} and data["query"] == "跨境理财通"
    assert len(data["hits"]) == 2 and list(data["hits"][0]) == KEYS
    top = data["hits"][0]
    assert top["rank"] == 1 and top["clause_id"] == "doc-a/7.3.p1"
    assert top["text"] == "持续深化“跨境理财通”业务。以移动支付为抓手提升跨境民生金融服务。"
    assert top["path"] == ["七、琴澳产业一体化发展", "（三）共同发展特色金融产业"]


def test_search_batch_one_json_line_per_query(env, capsys, tmp_path):
    batch = tmp_path / "queries.txt"
    batch.write_text("跨境理财通\n\nEF账户\n六（三）\n", encoding="utf-8")
    assert cli.main(["search", "--batch", str(batch), "--json", "-k", "3"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.strip().splitlines()]
    assert [r["query"] for r in rows] == ["跨境理财通", "EF账户", "六（三）"]
    assert rows[2]["hits"][0]["retrievers"][0] == "ref"


def test_search_text_output_and_filters(env, capsys):
    assert cli.main(["search", "金融", "--doc", "doc-b"]) == 0
    out = capsys.readouterr().out
    assert "doc-b/1.1.p1" in out and "doc-a/" not in out


def test_search_errors_are_one_line(env, capsys, tmp_path):
    assert cli.main(["search"]) == 2
    assert "give a query, or --batch FILE" in capsys.readouterr().err
    assert cli.main(["search", "--batch", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: cannot read the batch file" in capsys.readouterr().err


def test_missing_model_setting_is_named(env, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("HQ_EMBEDDER", str(tmp_path / "bge-small-zh"))
    assert cli.main(["search", "金融"]) == 2
    err = capsys.readouterr().err
    assert "HQ_EMBEDDER=" in err and "bge-small-zh" in err and "Traceback" not in err
