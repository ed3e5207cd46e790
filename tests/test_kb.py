"""KnowledgeBase: refresh is the only ingest/build, reads report NotReady, typed filters, uploads, the CLI notice."""
from __future__ import annotations

import pytest

from core.filters import Filter
from errors import BadInput, NotFound, NotReady

MANIFEST = """
[[documents]]
id = "rules"
title = "《测试办法》"
issuer = "测试委员会"
date = "2024-05-01"
kind = "办法"
level = "合作区"
file = "rules.txt"

[[documents]]
id = "plan"
title = "《测试规划》"
issuer = "测试政府"
date = "2021-09-05"
kind = "规划"
level = "中央"
file = "plan.txt"
"""


@pytest.fixture
def kb(fake_embedder_settings):
    from kb import KnowledgeBase

    corpus = fake_embedder_settings.corpus_dir
    corpus.mkdir()
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (corpus / "rules.txt").write_text("一、总则\n（一）适用范围\n本办法适用于合作区内登记注册的各类企业。\n"
                                      "（二）跨境金融\n支持跨境理财通业务，便利澳门居民投资。\n", encoding="utf-8")
    (corpus / "plan.txt").write_text("一、发展目标\n（一）产业\n发展中医药产业，支持跨境理财通试点。\n", encoding="utf-8")
    return KnowledgeBase(fake_embedder_settings)


def test_reads_never_build_and_status_reports_why(kb):
    assert kb.status()["state"] == "missing"
    for read in (lambda: kb.search("企业"), lambda: kb.documents(), lambda: kb.clause("rules/1.1.p1"),
                 lambda: kb.lookup("一（一）")):
        with pytest.raises(NotReady):
            read()
    assert not (kb.settings.build_dir / "index").exists()
    done = kb.refresh()
    assert done["ingested"] and done["built"] and done["status"]["state"] == "fresh"
    assert kb.status()["counts"] == {"documents": 2, "clauses": 3}
    assert kb.refresh()["built"] == ""  # nothing changed: nothing rebuilt


def test_tags_come_from_the_match_stage_after_ingest(kb):
    kb.refresh()
    tagged = kb.clause("plan/1.1.p1")
    assert any(t["tag"] == "中医药" for t in tagged.tags)


def test_documents_carry_manifest_kind_and_level_and_filters_use_them(kb):
    kb.refresh()
    docs = {d["doc_id"]: d for d in kb.documents()}
    assert docs["rules"]["kind"] == "办法" and docs["plan"]["level"] == "中央" and docs["rules"]["clauses"] == 2
    by = lambda **f: {h.clause.doc_id for h in kb.search("跨境理财通", k=5, filters=Filter(**f))}  # noqa: E731
    assert by() == {"rules", "plan"}
    assert by(kind="规划") == {"plan"} and by(level="合作区") == {"rules"} and by(year=2024) == {"rules"}
    assert by(issuer="测试政府") == {"plan"} and by(doc="rules", path_prefix="1.2") == {"rules"}
    with pytest.raises(BadInput, match="no indexed document matches year=1999"):  # not "the documents are silent"
        by(year=1999)
    with pytest.raises(BadInput, match="unknown document id 'nope'"):
        kb.search("金融", filters=Filter(doc="nope"))
    with pytest.raises(BadInput, match="no document of kind '条例'"):
        kb.search("金融", filters=Filter(kind="条例"))
    with pytest.raises(BadInput, match="empty"):
        kb.search("  ")


def test_answers_and_the_langchain_retriever_take_the_same_filters(kb, monkeypatch, capsys, tmp_path):
    import cli
    from index.langchain import ClauseRetriever

    kb.refresh()
    cited = lambda **f: {c.clause.doc_id for c in kb.ask("跨境理财通有什么支持", use_llm=False,  # noqa: E731
                                                          filters=Filter(**f)).citations}
    assert cited() == {"rules", "plan"}
    assert cited(kind="规划") == {"plan"} and cited(issuer="测试委员会") == {"rules"} and cited(year=2021) == {"plan"}
    with pytest.raises(BadInput, match="no indexed document matches issuer='国务院'"):
        kb.ask("跨境理财通", filters=Filter(issuer="国务院"))
    # the retriever over the KnowledgeBase resolves document metadata; over a bare Index it says it cannot
    docs = ClauseRetriever(index=kb, k=5, level="合作区").invoke("跨境理财通")
    assert docs and {d.metadata["doc_id"] for d in docs} == {"rules"}
    with pytest.raises(ValueError, match="pass the KnowledgeBase"):
        ClauseRetriever(index=kb.index, k=5, year=2024).invoke("跨境理财通")
    monkeypatch.setenv("HQ_SETTINGS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("HQ_BUILD_DIR", str(kb.settings.build_dir))
    monkeypatch.setenv("HQ_CORPUS_DIR", str(kb.settings.corpus_dir))
    monkeypatch.setenv("HQ_EMBEDDER", "fake")
    assert cli.main(["ask", "跨境理财通有什么支持", "--doc-kind", "办法", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"clause_id": "rules/1.2.p1"' in out and "plan/1.1.p1" not in out
    assert cli.main(["ask", "跨境理财通", "--issuer", "国务院"]) != 0
    assert "no indexed document matches issuer='国务院'" in capsys.readouterr().err


def test_clause_toc_and_lookup(kb):
    kb.refresh()
    assert kb.clause("rules/1.2.p1").text.startswith("支持跨境理财通")
    with pytest.raises(NotFound, match="rules/9.9.p9"):
        kb.clause("rules/9.9.p9")
    assert kb.toc("rules")["outline"] and kb.toc("rules")["title"] == "《测试办法》"
    with pytest.raises(NotFound):
        kb.toc("nope")
    assert [c.id for c in kb.lookup("一（二）", doc="rules").clauses] == ["rules/1.2.p1"]


def test_a_stale_state_keeps_serving_until_a_refresh_swaps_it(kb):
    kb.refresh()
    before = kb.index
    (kb.settings.corpus_dir / "more.txt").write_text("一、新增\n（一）条款\n新增的跨境电商支持措施。\n", encoding="utf-8")
    assert kb.status()["state"] == "stale"
    assert kb.search("跨境电商", k=1) and kb.index is before
    kb.refresh()
    assert kb.index is not before and "more" in {d["doc_id"] for d in kb.documents()}


def test_add_document_validates_names_and_content(kb):
    kb.refresh()
    corpus = kb.settings.corpus_dir
    body = "一、金融\n（一）跨境理财\n持续深化跨境电商与跨境理财业务。\n".encode()
    for name in ("../../x.txt", "..\\..\\y.txt"):
        result = kb.add_document(name, body if name.startswith("../") else body + b" ")
        assert result.ok, result.messages
    assert (corpus / "x.txt").exists() and (corpus / "y.txt").exists()
    assert not (corpus.parent / "x.txt").exists() and not (corpus.parent.parent / "x.txt").exists()
    for name, word in (("bad\0.txt", "NUL"), ("名" * 90 + ".txt", "255 bytes"), ("a.exe", "unsupported"),
                       (".hidden.txt", "hidden"), ("x.txt", "already")):
        result = kb.add_document(name, body)
        assert not result.ok and word in result.messages[0], (name, result.messages)
    bad = kb.add_document("scan.pdf", b"\x00\x01 not a pdf")
    assert not bad.ok and "scan.pdf" in bad.messages[0] and not (corpus / "scan.pdf").exists()


def test_the_cli_says_it_refreshes_on_a_fresh_clone(kb, monkeypatch, capsys, tmp_path):
    import cli

    monkeypatch.setenv("HQ_SETTINGS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("HQ_BUILD_DIR", str(kb.settings.build_dir))
    monkeypatch.setenv("HQ_CORPUS_DIR", str(kb.settings.corpus_dir))
    monkeypatch.setenv("HQ_EMBEDDER", "fake")
    assert cli.main(["search", "跨境理财通", "-k", "1"]) == 0
    captured = capsys.readouterr()
    assert "note: knowledge base missing" in captured.err and "refreshing" in captured.err
    assert "rules/1.2.p1" in captured.out or "plan/1.1.p1" in captured.out
    assert cli.main(["search", "跨境理财通", "-k", "1"]) == 0
    assert "note:" not in capsys.readouterr().err  # fresh now: no notice
    assert cli.main(["documents", "--json"]) == 0
    assert '"kind": "办法"' in capsys.readouterr().out


def test_the_views_the_pages_need(kb):
    kb.refresh()
    assert [c.id for c in kb.clauses(doc="plan")] == ["plan/1.1.p1"] and len(kb.clauses()) == 3
    assert kb.manifest_entries()["rules"]["kind"] == "办法" and kb.expected_documents() == []
    assert kb.manifest_path == kb.settings.corpus_dir / "manifest.toml"
    assert {"pdf", "docx", "html", "txt"} <= set(kb.allowed_types)
    assert kb.is_reference("一（二）") and not kb.is_reference("跨境理财通")
    assert kb.reference_label(kb.clause("rules/1.2.p1")).startswith("一（二）")
    assert kb.index_manifest()["built_at"]
    # a broken manifest: expected_documents names the file, the cards' entries fall back to {}
    (kb.settings.corpus_dir / "manifest.toml").write_text("[[documents]]\nid = 3\n", encoding="utf-8")
    assert kb.manifest_entries() == {}
    with pytest.raises(Exception, match="manifest"):
        kb.expected_documents()
    (kb.settings.corpus_dir / "manifest.toml").unlink()
    assert kb.expected_documents() is None


def test_matching_from_a_form_or_a_description_and_its_export(kb):
    (kb.settings.corpus_dir / "tcm.txt").write_text(
        "一、中医药\n（一）支持措施\n对在合作区设立的澳资中医药企业给予研发资金补贴。\n", encoding="utf-8")
    kb.refresh()
    profile, notes = kb.read_description("我们是一家澳门的中医药企业，出口葡语国家")
    assert "中医药" in profile.industries and profile.origin == "澳资" and notes
    form = kb.profile_from_form({"industries": ["中医药"], "origin": "澳资", "name": "甲", "size": None})
    assert form.industries == ["中医药"] and form.size == "" and form.name == "甲"
    result = kb.match(form, notes=["from the form"])
    assert "tcm/1.1.p1" in {m.clause.id for m in result.matches}, result.summary()
    assert "对在合作区设立的澳资中医药企业" in kb.export_match(result, "md")
    assert any(line.split(",")[2] == "tcm/1.1.p1" for line in kb.export_match(result, "csv").splitlines()[1:])
    with pytest.raises(BadInput, match="unknown format"):
        kb.export_match(result, "xls")


def test_a_knowledge_base_over_an_index_in_memory_reads_only_that(kb):
    from kb import KnowledgeBase

    kb.refresh()
    other = KnowledgeBase.over(kb.index, kb.settings, kb.entries())
    assert other.clauses() == kb.clauses() and {d["doc_id"] for d in other.documents()} == {"rules", "plan"}


def test_eval_reads_the_clause_store_without_ingesting(fake_embedder_settings):
    from eval.run import run_eval
    from ingest.store import StoreError

    fake_embedder_settings.corpus_dir.mkdir()
    (fake_embedder_settings.corpus_dir / "a.txt").write_text("一、总则\n（一）范围\n适用于企业。\n", encoding="utf-8")
    with pytest.raises(StoreError):  # no clause store: an error, not an ingest behind the caller's back
        run_eval(fake_embedder_settings, systems="ours", answers=False)
    assert not (fake_embedder_settings.build_dir / "clauses").exists()
