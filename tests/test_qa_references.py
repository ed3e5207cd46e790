"""Asking about a numbered part of a named document (the 条例's articles and chapters, the 总体方案's items); restated provisions."""
from __future__ import annotations

import pytest

from index.refs import detect
from qa.restate import restates
from tests.qa_fixtures import ask, built_index

REG, MASTER = "hq-promotion-regulation/", "hq-master-plan-2021/"


@pytest.fixture(scope="module")
def idx():
    return built_index()


@pytest.mark.parametrize("question, expected", [
    ("条例第十二条规定了什么？", {REG + "ch2.art12.p1", REG + "ch2.art12.p2"}),
    ("《发展促进条例》第四十九条第二款是怎么规定的？", {REG + "ch6.art49.p2"}),
    ("条例第三十七条第三款规定了什么", {REG + "ch4.art37.p3"}),
    ("《总体方案》第（十六）条讲了什么？", {MASTER + "4.16.p1"}),
    ("横琴粤澳深度合作区发展促进条例第十条规定了什么？", {REG + "ch2.art10.p1", REG + "ch2.art10.p2"}),
])
def test_a_named_article_or_item_is_answered_from_it(idx, question, expected):
    a = ask(question, idx)
    assert a.answerable, a.notes
    assert {c.clause.id for c in a.citations} == expected


def test_a_chapter_question_is_answered_from_that_chapters_articles(idx):
    a = ask("条例第五章主要规定了什么", idx)
    assert a.answerable and a.mode == "summary"
    assert a.citations and {c.clause.path[0] for c in a.citations} == {"第五章便利澳门居民生活就业"}


@pytest.mark.parametrize("question, text", [
    ("条例第八十条规定了什么？", "《横琴粤澳深度合作区发展促进条例》共六十六条，没有第八十条。"),
    ("總體方案第（三十）條講了什麼？", "《橫琴粵澳深度合作區建設總體方案》共二十九項（（一）至（二十九）），沒有（三十）。"),
])
def test_a_reference_that_does_not_exist_gets_a_plain_answer(idx, question, text):
    a = ask(question, idx)
    assert not a.answerable and a.text == text
    assert a.citations == [] and a.related == []  # never another document's article, never unrelated clauses


# --- a provision restated by another document is shown with it, grouped by document, the relation named ---

@pytest.mark.parametrize("question, pair", [
    ("合作区企业所得税税率是多少？", {REG + "ch4.art37.p1", MASTER + "2.10.p1"}),
    ("在合作区工作的澳门居民个人所得税怎么算？", {REG + "ch4.art37.p4", MASTER + "3.12.p1"}),
    ("What enterprise income tax rate applies to eligible enterprises in the zone?", {REG + "ch4.art37.p1", MASTER + "2.10.p1"}),
])
def test_a_restated_provision_is_cited_in_both_documents(idx, question, pair):
    a = ask(question, idx)
    assert a.answerable, a.notes
    assert pair <= {c.clause.id for c in a.citations}
    # one group per document; the 条例's heading says what it rests on
    assert any("依据《总体方案》" in f for f in a.framing), a.framing
    assert len(a.framing) == 2


def test_a_question_about_one_named_article_stays_in_it(idx):
    a = ask("条例第三十七条第一款是怎么规定的", idx)
    assert {c.clause.id for c in a.citations} == {REG + "ch4.art37.p1"}


def test_restatement_needs_a_substantial_shared_piece_not_a_phrase():
    reg = "对合作区内符合国家规定条件的产业企业，减按15%的税率征收企业所得税。"
    plan = "对合作区符合条件的产业企业减按15%的税率征收企业所得税，将有利于澳门经济适度多元发展的产业全部纳入政策范围。"
    assert restates(reg, plan) >= 0.8
    # a short shared phrase inside a longer item is a topic in common, not a restatement
    assert restates("建设高品质进口消费品交易中心。", "支持粤澳合作建设高品质进口消费品交易中心，构建高品质消费品交易产业生态。") < 0.8
    assert restates(reg, "支持合作区发展休闲度假、会议展览、舞台演艺、体育赛事观光、游艇旅游等文旅产业。") < 0.5


def test_an_articles_paragraph_in_english_and_portuguese(idx):
    for q in ("What does article 59(3) of the regulation require of law enforcement officers in the zone?",
              "O que diz o artigo 59.º, n.º 3 do regulamento?", "O que diz o n.º 3 do artigo 59.º do regulamento?"):
        refs = detect(q)
        assert [(r.code, r.paragraph) for r in refs] == [("art59", 3)], q
    a = ask("What does article 59(3) of the regulation require of law enforcement officers in the zone?", idx)
    assert a.answerable and [c.clause.id for c in a.citations] == ["hq-promotion-regulation/ch7.art59.p3"]


def test_a_table_row_that_does_not_exist_is_named_as_such(idx):
    a = ask("規劃表2-1第12行係咩指標？", idx)
    assert not a.answerable and "表2-1共11行" in a.text and "第12行" in a.text
    assert ask("What is row 12 of table 2-1?", idx).text.startswith("Table 2-1 of the Industrial Development Plan")
    # Portuguese "para 2029" is "for 2029": answered from the row the question names by its indicator
    a = ask("Segundo a Tabela 2-1, qual é a meta do valor acrescentado das indústrias de capital de Macau para 2029?", idx)
    assert a.answerable and [c.clause.id for c in a.citations] == ["hq-industry-2025/table2-1.r2"]
    hits = idx.search("表2-1第4行是什么指标", k=5)  # the row named first, though the topic ranks others above it
    assert hits[0].clause.id == "hq-industry-2025/table2-1.r4"


@pytest.mark.parametrize("question", ["What does article 12 of the Civil Code say about the zone?",
                                      "O que diz o artigo 12.º do Código Civil?"])
def test_an_article_of_a_law_not_indexed_is_refused_not_read_as_the_regulations(question, idx):
    # as 民法典第十二条: the article belongs to the Civil Code, which no indexed document is
    assert detect(question)[0].docs in (("civil code",), ("codigo civil",))
    a = ask(question, idx)
    assert a.mode == "refusal" and not a.citations
    assert ask("What does article 12 of the regulation say?", idx).citations[0].clause.id.startswith(
        "hq-promotion-regulation/ch2.art12")
