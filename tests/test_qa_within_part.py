"""A question asked within one small named part (an item, an article's paragraph) is answered with the part whole."""
from __future__ import annotations

import pytest

from qa.text import fold
from tests.qa_fixtures import ask, built_index

ITEM_26 = "hq-master-plan-2021/6.26.p1"  # 总体方案（二十六）强化法治保障: one clause of five sentences


@pytest.fixture(scope="module")
def idx():
    return built_index()


@pytest.mark.parametrize("question", [
    "What does item (26) of the Master Plan say about the zone's legal framework and the Hengqin court?",
    "总体方案第（二十六）项对横琴新区法院怎么说？",
    "O que diz o ponto (26) do Plano Geral sobre o tribunal de Hengqin?",
])
def test_a_question_within_one_item_gets_the_whole_item(question, idx):
    a = ask(question, idx)
    assert a.answerable and [c.clause.id for c in a.citations] == [ITEM_26]
    clause = a.citations[0].clause
    shown = fold("".join(s.source for s in a.sentences))
    # every sentence of the item, the two the English question asks about among them
    assert len(a.sentences) == 5
    assert fold("研究制定合作区条例") in shown and fold("研究强化拓展横琴新区法院职能和作用") in shown
    assert all(fold(s.source).rstrip("。") in fold(clause.text) for s in a.sentences)


def test_a_paragraph_asked_within_is_shown_alone_not_its_article(idx):
    a = ask("条例第三十七条第三款关于人才个税怎么规定？", idx)
    assert [c.clause.id for c in a.citations] == ["hq-promotion-regulation/ch4.art37.p3"]
    assert "高端人才和紧缺人才" in a.text and a.mode == "summary"


def test_a_paragraph_asked_about_something_it_does_not_say_is_still_shown_not_refused(idx):
    # the question names where to look; what it asks for is not there: the user sees what the paragraph does say
    a = ask("条例第三十七条第三款关于跨境数据怎么规定？", idx)
    assert a.answerable and [c.clause.id for c in a.citations] == ["hq-promotion-regulation/ch4.art37.p3"]
    assert "15%" in a.text


def test_a_large_section_asked_within_still_gets_only_the_matching_sentences(idx):
    a = ask("六（三）里EF账户怎么说", idx)  # 六（三） has more clauses than are shown whole
    assert a.mode == "extractive" and {c.clause.id for c in a.citations} == {"hq-industry-2025/6.3.p4"}


@pytest.mark.parametrize("question, part", [
    ("表2-1里高新技术企业数2027年的中期目标是多少户？", "hq-industry-2025/table2-1."),  # the table gives 2024 and 2029
    ("条例第三十七条第三款规定的办理期限是多少天？", "hq-promotion-regulation/ch4.art37.p3"),  # no time limit there
    # in English and Portuguese: "article 37" is the cited 第三十七条, not another text's article
    ("What is the deadline for applying under article 37(3) of the regulation?", "hq-promotion-regulation/ch4.art37.p3"),
    ("O artigo 37.º, n.º 3 do regulamento diz qual é o prazo para pedir a isenção?", "hq-promotion-regulation/ch4.art37.p3"),
    ("Under article 37, paragraph 3 of the regulation, which office handles the tax exemption?",
     "hq-promotion-regulation/ch4.art37.p3"),
    ("六（三）里EF账户的开户费用是多少？", "hq-industry-2025/6.3."),  # no fee in the section
])
def test_a_detail_the_named_part_does_not_give_is_refused_with_the_part_as_related(question, part, idx):
    a = ask(question, idx)
    assert a.mode == "refusal" and not a.citations
    assert a.related and a.related[0].id.startswith(part)  # the user still sees the part the question named


def test_a_count_asked_of_a_listing_part_is_answered_by_its_list(idx):
    # "how many" of a paragraph listing its items: no sentence states the number, the answer counts the items
    a = ask("条例第六条第二款列的重大事项一共几项？分别是哪些", idx)
    assert a.answerable
    cited = {c.clause.id for c in a.citations}
    assert {f"hq-promotion-regulation/ch2.art6.p2.i{n}" for n in range(1, 5)} <= cited


def test_an_english_article_question_is_answered_from_the_article_it_names(idx):
    a = ask("What does article 37(3) of the regulation say about the income tax of high-end talents?", idx)
    assert a.answerable and [c.clause.id for c in a.citations] == ["hq-promotion-regulation/ch4.art37.p3"]


def test_an_indicator_named_by_its_validity_is_no_question_about_a_time_limit(idx):
    # 期末在有效期内的高新技术企业数: "within their validity period" is the row's name, not a deadline asked for
    a = ask("According to table 2-1, how many high-tech enterprises within their validity period should there be "
            "in 2029?", idx)
    assert a.answerable and "350" in a.text
    assert ask("How long is the validity of a high-tech enterprise certificate in the zone?", idx).mode == "refusal"
