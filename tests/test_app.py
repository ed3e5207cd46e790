"""The Streamlit app through streamlit.testing.v1.AppTest: ask, citation cards, reader, lookup, switch, pages."""
from __future__ import annotations


import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.qa_fixtures import ROOT, built_index, built_settings
from ui.common import md_escape

APP = str(ROOT / "app.py")
QUESTION = "澳资企业在合作区发展金融业有哪些支持？"


@pytest.fixture
def app(monkeypatch):
    s = built_settings()
    built_index()  # build before the app so each AppTest run stays within its timeout
    monkeypatch.setenv("HQ_BUILD_DIR", str(s.build_dir))
    monkeypatch.setenv("HQ_CORPUS_DIR", str(s.corpus_dir))
    monkeypatch.setenv("HQ_LLM_BASE_URL", "")
    monkeypatch.setenv("HQ_ADMIN_TOKEN", "")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def page(at, name):
    at.sidebar.radio(key="page").set_value(name).run()
    assert not at.exception, at.exception
    return at


def texts(at, kind="markdown"):
    return [e.value for e in getattr(at, kind)]


def test_ask_shows_cited_answer_and_cards(app):
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception
    md = texts(app)
    answer = next(m for m in md if "(#cite-0-1)" in m)
    assert "澳资金融机构" in answer
    codes = texts(app, "code")  # one copyable citation label per citation
    assert codes and all(c.startswith("《横琴粤澳深度合作区") for c in codes)
    assert any(c.endswith("七（三）第3段") for c in codes)
    assert any(":orange-background[" in m for m in md)  # the quoted sentence is highlighted in its clause
    assert [b.label for b in app.button].count("在原文中查看") == len(codes)
    assert not app.subheader  # no heavy card headings: one line per citation
    assert len([e for e in app.expander if re.match(r"\\\[\d+\\\] ", e.label)]) == len(codes)


def test_the_scope_in_the_sidebar_limits_the_answer_to_the_chosen_documents(app):
    app.sidebar.selectbox(key="scope_kind").set_value("条例").run()
    app.chat_input[0].set_value("合作区企业所得税税率是多少？").run()
    assert not app.exception
    codes = texts(app, "code")
    assert codes and all(c.startswith("《横琴粤澳深度合作区发展促进条例》") for c in codes)
    app.sidebar.selectbox(key="scope_kind").set_value("").run()
    app.sidebar.selectbox(key="scope_year").set_value("2021").run()
    app.chat_input[0].set_value("合作区企业所得税税率是多少？").run()
    newest = [c for c in texts(app, "code") if c not in codes]
    assert newest and all(c.startswith("《横琴粤澳深度合作区建设总体方案》") for c in newest)


def test_citation_opens_reader_with_clause_highlighted(app):
    app.chat_input[0].set_value(QUESTION).run()
    opens = [b for b in app.button if b.label == "在原文中查看"]
    first = texts(app, "code")[0]
    opens[0].click().run()
    assert not app.exception
    assert app.session_state["page"] == "原文"
    clause = built_index().get(app.session_state["reader_clause"])
    assert clause.citation == first
    md = texts(app)
    assert any(m.startswith(":orange-background[") for m in md)
    assert texts(app, "code") == [first]
    assert any(md_escape(" / ".join(clause.path)) == s for s in texts(app, "subheader"))


def test_refusal_shows_related_not_answer(app):
    app.chat_input[0].set_value("横琴的社保缴费比例是多少").run()
    assert not app.exception
    assert any("已收录文件未对此作出规定" in m for m in texts(app))
    assert not any("(#cite-" in m for m in texts(app))  # nothing is presented as a cited answer
    assert not app.subheader  # no citation cards: the related clauses sit in collapsed expanders
    # related clauses only on the question's topic: 社保 is named nowhere, so 持股比例 is not offered
    assert not app.expander and not any("并未回答" in c for c in texts(app, "caption"))
    clauses = built_index().clauses
    from qa.display import on_topic

    assert not on_topic("横琴的社保缴费比例是多少", built_index().get("hq-promotion-regulation/ch6.art53.p1"), clauses)
    assert on_topic("澳门青年在合作区创业有什么支持", built_index().get("hq-promotion-regulation/ch5.art40.p2"), clauses)


def test_lookup_page(app):
    page(app, "查条款")
    app.text_input(key="lookup_query").set_value("六（三）").run()
    assert not app.exception
    codes = texts(app, "code")
    assert [c.split("》")[-1] for c in codes] == [f"六（三）第{i}段" for i in range(1, 5)]
    app.text_input(key="lookup_query").set_value("六（十）").run()
    assert not app.exception and app.warning and "六（十）" in app.warning[0].value


def test_traditional_switch(app):
    app.sidebar.radio(key="script").set_value("繁體").run()
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception
    md = " ".join(texts(app))
    assert "澳資金融機構" in md and "澳资金融机构" not in md
    assert "問答" in [h.value for h in app.header]
    codes = texts(app, "code")
    assert codes and all("橫琴粵澳" in c for c in codes)  # the label to copy is shown in the reader's script
    assert all(c.citation.startswith("《横琴粤澳") for c in built_index().clauses)  # the stored one is unchanged


def test_other_pages_render(app):
    page(app, "原文")
    assert app.subheader
    page(app, "指标")
    assert app.dataframe and len(app.dataframe[0].value) == 11  # every row of 表2-1
    assert list(app.dataframe[0].value["出处"])[1] == "表2-1第2行"  # short enough to show whole
    assert "澳资产业增加值" in list(app.dataframe[0].value["指标"])
    page(app, "文件库")
    md = " ".join(texts(app))
    assert "横琴粤澳深度合作区总体发展规划" in md  # an expected document that is not bundled yet
    assert "python cli.py ingest" in md
    page(app, "管理")
    assert app.info and "HQ_ADMIN_TOKEN" in app.info[0].value
    if "适用政策" in app.sidebar.radio(key="page").options:  # present once ui/match_page.py is installed
        page(app, "适用政策")


def test_admin_needs_the_token(app, monkeypatch):
    monkeypatch.setenv("HQ_ADMIN_TOKEN", "s3cret")
    page(app, "管理")
    assert not app.info and not app.get("file_uploader")
    app.text_input(key="admin_token_input").set_value("wrong").run()
    assert app.error and not app.get("file_uploader")
    app.text_input(key="admin_token_input").set_value("s3cret").run()
    assert not app.exception and app.success and app.get("file_uploader")


def test_add_document_validates_and_swaps_in(tmp_path):
    from dataclasses import replace

    from ingest.store import load_clauses
    from ui.admin import add_document

    corpus, build = tmp_path / "corpus", tmp_path / "build"
    corpus.mkdir()
    s = replace(built_settings(), corpus_dir=corpus, build_dir=build)
    bad = add_document(b"\x00\x01", "scan.pdf", s)
    assert not bad.ok and "scan.pdf" in bad.messages[0] and not list(corpus.iterdir())
    assert not add_document(b"text", "../evil.exe", s).ok
    doc = "关于印发测试办法的通知\n一、总则\n（一）目的\n为规范测试工作，制定本办法。本办法自印发之日起施行。\n".encode()
    good = add_document(doc, "test-rules.txt", s)
    assert good.ok, good.messages
    assert (corpus / "test-rules.txt").exists()
    assert any("制定本办法" in c.text for c in load_clauses(build))
    assert not add_document(doc, "test-rules.txt", s).ok  # same name again


def test_first_visit_on_a_fresh_clone_builds_the_index(tmp_path, monkeypatch):
    build = tmp_path / "build"
    monkeypatch.setenv("HQ_BUILD_DIR", str(build))
    monkeypatch.setenv("HQ_CORPUS_DIR", str(built_settings().corpus_dir))
    monkeypatch.setenv("HQ_LLM_BASE_URL", "")
    at = AppTest.from_file(APP, default_timeout=600)
    at.run()
    assert not at.exception
    assert (build / "clauses" / "clauses.jsonl").exists() and (build / "index" / "manifest.json").exists()
    at.chat_input[0].set_value("2029年澳资产业增加值目标是多少").run()
    assert any("90亿元" in m for m in texts(at))


def test_question_and_document_text_are_shown_as_text(app):
    app.chat_input[0].set_value("<img src=x onerror=alert(1)> **澳资**金融 [link](http://x)").run()
    assert not app.exception
    shown = next(m for m in texts(app) if "onerror" in m)
    assert "\\<img" in shown and "\\*\\*" in shown and "\\[link\\]\\(http" in shown
