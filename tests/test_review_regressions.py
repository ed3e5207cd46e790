"""Regressions found by using the product as users do: documents users add, bad settings, damaged stores, filters."""
from __future__ import annotations

import json

import pytest

import cli
from ingest.loaders import load
from ingest.pipeline import SettingError, ingest, ingest_files
from ingest.store import StoreError, load_clauses, write_store
from qa.display import to_script
from qa.lookup import LookupError_, lookup
from tests.fixtures_build import make_docx, write_text

from .test_index_store import tiny_clauses


def _clauses(tmp_path, name):
    result = ingest_files([tmp_path / name], tmp_path)
    assert result.ok, [r.error for r in result.reports]
    return result.clauses, result.reports[0]


def test_unnumbered_word_headings_restart_ids_and_ordinals(tmp_path):
    make_docx(tmp_path / "guide.docx", [
        ("title", "横琴澳资企业服务指引"),
        ("h1", "总体要求"), ("p", "坚持以澳门企业需求为导向，提供全周期服务。"),
        ("h1", "服务内容"), ("p", "为澳资企业提供登记注册、税务办理等一站式服务。"),
        ("h2", "登记注册"), ("p", "澳资企业可通过跨境通办办理登记注册。"),
        ("h1", "保障措施"), ("p", "各部门加强协同，确保服务落实到位。"),
    ])
    clauses, _ = _clauses(tmp_path, "guide.docx")
    body = [c for c in clauses if c.kind == "paragraph"]
    assert len({c.id for c in clauses}) == len(clauses)
    assert [c.ordinal for c in body] == [1, 1, 1, 1]  # each is the first paragraph under its heading
    service = next(c for c in body if "一站式" in c.text)
    assert service.citation.endswith("“服务内容”第1段")
    assert len({c.path_code for c in body}) == 4


def test_markdown_title_line_and_list_bullets(tmp_path):
    write_text(tmp_path / "talent.md", "# 横琴粤澳深度合作区人才引进办法\n\n## 第一章 总则\n\n"
               "第一条 为吸引人才到合作区发展，制定本办法。\n\n## 第二章 支持措施\n\n"
               "第二条 对引进的高层次人才，给予最高200万元安家补贴。\n\n- 补贴分三年发放；\n- 须在合作区工作满三年。\n")
    clauses, _ = _clauses(tmp_path, "talent.md")
    assert clauses[0].kind == "title" and clauses[0].text == "横琴粤澳深度合作区人才引进办法"
    art2 = next(c for c in clauses if "安家补贴" in c.text)
    assert art2.path == ["第二章支持措施", "第二条"] and art2.id == "talent/ch2.art2.p1"
    assert "-" not in art2.text and "补贴分三年发放" in art2.text


def test_title_inferred_from_the_guanyu_line_below_an_issuer_line(tmp_path):
    text = ("澳門特別行政區政府經濟及科技發展局\n關於橫琴澳資企業資助計劃的說明\n一、資助對象\n"
            "在橫琴粵澳深度合作區設立的澳資企業，可申請本計劃資助。\n")
    write_text(tmp_path / "macau.txt", text, encoding="big5")
    _, report = _clauses(tmp_path, "macau.txt")
    assert report.title == "《關於橫琴澳資企業資助計劃的說明》"


def test_closing_signature_is_back_matter_and_gives_issuer_and_date(tmp_path):
    blocks = [("p", "琴澳发〔2025〕3号"), ("p", "关于支持澳门青年在横琴创业就业的若干意见")]
    for n, part in enumerate(["一", "二", "三", "四", "五", "六", "七"], 1):
        blocks += [("p", f"{part}、第{n}项措施"), ("p", f"对澳门青年创业团队给予第{n}项支持，具体办法另行制定。")]
    blocks += [("p", "横琴粤澳深度合作区执行委员会"), ("p", "2025年3月1日")]
    make_docx(tmp_path / "opinion.docx", blocks)
    clauses, report = _clauses(tmp_path, "opinion.docx")
    back = [c for c in clauses if c.kind == "back_matter"]
    assert [c.text for c in back] == ["横琴粤澳深度合作区执行委员会", "2025年3月1日"]
    assert not any("执行委员会" in c.text for c in clauses if c.kind == "paragraph")
    assert report.meta["issuer"] == "横琴粤澳深度合作区执行委员会" and report.meta["date"] == "2025-03-01"


def test_mistyped_path_without_extension_is_not_found(tmp_path):
    result = ingest_files([tmp_path / "no-such-folder"], tmp_path)
    assert result.reports[0].error == f"{tmp_path / 'no-such-folder'}: file not found"


def test_unexpected_failure_message_names_the_file(tmp_path, monkeypatch):
    write_text(tmp_path / "a.txt", "一、总则\n本办法适用于合作区。\n")
    monkeypatch.setattr("ingest.pipeline.split_document", lambda *a, **k: 1 / 0)
    result = ingest_files([tmp_path / "a.txt"], tmp_path)
    assert result.reports[0].error.startswith(f"{tmp_path / 'a.txt'}: could not be read (ZeroDivisionError")


@pytest.mark.parametrize("cap, floor", [(0, 20), (-5, 20), (30, 20), (600, -1)])
def test_unusable_clause_sizes_are_refused(tmp_path, cap, floor):
    write_text(tmp_path / "a.txt", "一、总则\n本办法适用于合作区。\n")
    with pytest.raises(SettingError, match="HQ_CLAUSE_(CAP|FLOOR)"):
        ingest_files([tmp_path / "a.txt"], tmp_path, cap=cap, floor=floor)


def test_cli_bad_clause_cap_keeps_the_store(tmp_path, monkeypatch, capsys):
    corpus, build = tmp_path / "corpus", tmp_path / "build"
    corpus.mkdir()
    write_text(corpus / "a.txt", "一、总则\n本办法适用于在合作区登记注册的企业。\n")
    assert ingest([corpus], corpus, build).ok
    before = (build / "clauses" / "clauses.jsonl").read_bytes()
    monkeypatch.setenv("HQ_SETTINGS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("HQ_BUILD_DIR", str(build))
    monkeypatch.setenv("HQ_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("HQ_CLAUSE_CAP", "0")
    assert cli.main(["ingest"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "HQ_CLAUSE_CAP" in err and "Traceback" not in err
    assert (build / "clauses" / "clauses.jsonl").read_bytes() == before


def test_store_cut_at_a_line_boundary_is_refused(tmp_path):
    write_store(tmp_path, tiny_clauses(), [])
    path = tmp_path / "clauses" / "clauses.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3]), encoding="utf-8")
    with pytest.raises(StoreError, match="holds 3 clause records, 8 were written"):
        load_clauses(tmp_path)


def test_search_refuses_unknown_doc_and_kind(fake_embedder_settings, monkeypatch, tmp_path, capsys):
    s = fake_embedder_settings
    write_store(s.build_dir, tiny_clauses(), [])
    for key, value in (("SETTINGS", tmp_path / "none.toml"), ("BUILD_DIR", s.build_dir),
                       ("CORPUS_DIR", s.corpus_dir), ("EMBEDDER", "fake")):
        monkeypatch.setenv("HQ_" + key, str(value))
    assert cli.main(["search", "金融", "--doc", "doc-zz"]) == 2
    assert "unknown document id 'doc-zz'" in capsys.readouterr().err
    assert cli.main(["search", "金融", "--kind", "paragraf"]) == 2
    assert "kind 'paragraf'" in capsys.readouterr().err
    assert cli.main(["search", "金融", "--doc", "doc-a", "--kind", "paragraph", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"]


def test_cite_refuses_unknown_doc():
    with pytest.raises(LookupError_, match="unknown document id 'doc-zz'"):
        lookup("6.3", tiny_clauses(), doc="doc-zz")


def test_traditional_display_uses_macau_forms():
    assert to_script("为产业发展提供政策环境", "zh-Hant") == "為產業發展提供政策環境"


def test_loader_reports_missing_file_before_type(tmp_path):
    from ingest.loaders import IngestError

    with pytest.raises(IngestError, match="file not found"):
        load(tmp_path / "README")


@pytest.mark.parametrize("key, value, words", [("HQ_CLAUSE_CAP", "abc", "clause_cap"),
                                               ("HQ_EMBEDDER", "/no/such/model", "HQ_EMBEDDER")])
def test_app_shows_a_bad_setting_as_one_message(tmp_path, monkeypatch, key, value, words):
    from streamlit.testing.v1 import AppTest

    from tests.qa_fixtures import ROOT

    monkeypatch.setenv("HQ_SETTINGS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("HQ_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and words.replace("_", "\\_") in at.error[0].value
