"""Run-in headings are no answer sentences, and a hyphenated English compound finds its glossary term."""
from __future__ import annotations

import pytest

from core.text import unhyphen
from index.glossary import Glossary
from qa.select import run_in_heading
from qa.support import clause_sentences
from tests.qa_fixtures import ask, built_index


@pytest.fixture(scope="module")
def idx():
    return built_index()


def _first_sentences(idx, clause_id):
    clause = next(c for c in idx.clauses if c.id == clause_id)
    return [s[1] for s in clause_sentences(clause)]


@pytest.mark.parametrize("clause_id, heading", [
    ("hq-industry-2025/9.2.p2", True),   # 科技研发及高端制造产业片区。 then the clusters it holds
    ("hq-industry-2025/9.2.p5", True),   # 现代金融产业片区。
    ("hq-industry-2025/9.4.p1", False),  # 加强与珠海产业联动发展。: a measure, opening with a verb
    ("hq-industry-2025/9.1.p1", False),  # one long sentence listing the four areas
])
def test_a_paragraphs_short_noun_phrase_lead_is_a_run_in_heading(idx, clause_id, heading):
    sents = _first_sentences(idx, clause_id)
    assert run_in_heading(sents, 0) is heading
    assert not any(run_in_heading(sents, i) for i in range(1, len(sents)))  # only a paragraph's first sentence


def test_a_lone_sentence_is_no_run_in_heading():
    assert not run_in_heading(["现代金融产业片区。"], 0)  # nothing follows it: it is the paragraph's whole text


@pytest.mark.parametrize("question", [
    "How many functional clusters does Part IX of the industry plan contain?",
    "What are the major industrial zones (片区) laid out in Part IX of the industry plan, and how many functional "
    "clusters do they contain?",
])
def test_a_count_asked_within_part_nine_is_answered_by_the_clause_that_counts(idx, question):
    a = ask(question, idx)
    assert a.answerable
    assert "hq-industry-2025/9.1.p1" in {c.clause.id for c in a.citations}
    assert "四大片区十一个产业功能组团" in a.text
    assert "科技研发及高端制造产业片区。[" not in a.text  # the run-in heading is not an answer sentence


def test_a_hyphenated_compound_matches_the_glossarys_unhyphenated_variant():
    g = Glossary.load()
    assert "中央财政" in g.expand("What is the central-government subsidy to the zone capped at?")
    assert "琴澳" in g.expand("projects of Hengqin Macau")  # the variant is written Hengqin-Macau
    assert unhyphen("e-commerce in high-tech, 2021-2025") == "e commerce in high tech, 2021-2025"  # not digits


def test_a_glossary_term_credits_the_lexicons_wordings_of_its_whole_word(idx):
    from qa.support import analyse, stats_for

    stats = stats_for(idx.clauses)
    subsidy = next(c for c in analyse("How much is the subsidy capped at?", stats).concepts
                   if c.label == "补贴")
    assert "补助" in subsidy.needles  # 中央财政对合作区给予补助: the lexicon's other wording of "subsidy"
    esports = next(c for c in analyse("We are an e-sports studio", stats).concepts if c.label == "游戏电竞")
    assert "体育" not in esports.needles  # "sport" alone is 体育; the glossary's variant is the whole "e-sport"
