"""Asking about a numbered part of a named document: the 条例's articles and chapters, the 总体方案's items."""
from __future__ import annotations

import pytest

from qa import answer
from tests.qa_fixtures import built_index, built_settings

REG, MASTER = "hq-promotion-regulation/", "hq-master-plan-2021/"


@pytest.fixture(scope="module")
def idx():
    return built_index()


def ask(q, idx):
    return answer(q, index=idx, settings=built_settings(), use_llm=False)


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
