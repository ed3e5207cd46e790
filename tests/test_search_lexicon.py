"""English/Portuguese questions reach the documents' wording through the lexicon in the BM25 stage (index/lexicon.py)."""
from __future__ import annotations

import pytest

from index.lexicon import LexiconError, parse, wordings
from tests.qa_fixtures import built_index


@pytest.fixture(scope="module")
def idx():
    return built_index()


@pytest.mark.parametrize("question, clause", [
    # passed / session / legislature -> 通过 / 会议 / 人民代表大会: the adoption line
    ("When was the Hengqin promotion regulation passed, and at which session of the provincial legislature?",
     "hq-promotion-regulation/front.p1"),
    # located / separates -> 地处 / 之隔: 横琴地处珠海南端，与澳门一水一桥之隔
    ("Where is Hengqin located, and what separates it from Macau, according to the Overall Plan?",
     "hq-master-plan-2021/1.1.p1"),
    # excluded -> 不包括: the regulation's scope leaves out the UM campus and the port's Macau area
    ("Which parts of Hengqin island are excluded from the area the regulation applies to?",
     "hq-promotion-regulation/ch1.art2.p2"),
])
def test_an_english_question_finds_the_clause_in_the_documents_words(idx, question, clause):
    assert clause in [h.clause.id for h in idx.search(question, k=5)]


def test_the_lexicon_maps_longest_variants_first_and_blanks_them():
    found, rest = wordings("when was the regulation passed at which session")
    assert ("passed", ("通过",)) in found and ("session", ("会议",)) in found
    assert "passed" not in rest and "session" not in rest


def test_a_malformed_lexicon_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "lexicon.tsv"
    bad.write_text("# header\nphone|telephone\t电话\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lexicon.tsv:2: .*reason"):
        parse(bad)


def test_a_glossary_term_and_a_named_document_leave_no_everyday_words_behind(idx):
    from index.retrievers.base import QueryContext
    from index.retrievers.bm25 import lexicon_groups

    q = "Somos um estúdio de e-sports de Macau. O plano industrial tem algo para o nosso setor em Hengqin?"
    assert "plano industrial" not in idx.without_document_names(q)  # the plan's Portuguese name
    matches = idx.glossary.matches(q)
    ctx = QueryContext(index=idx, text=q, depth=10, selection=None, expansion=[t for t, _ in matches],
                       tokens=idx.tokenizer.tokens(q), groups=[], own=False,
                       matched=[v for _, v in matches if v.isascii()])
    groups = lexicon_groups(ctx, idx)
    assert not any("体育" in g for g in groups)  # "e-sports" is the glossary's 游戏电竞, not sports
    assert len(groups) == len({tuple(g) for g in groups})  # "industrial" and "setor" map to one entry: once
