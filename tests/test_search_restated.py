"""A regulation's article and the provision of another document it restates are shown side by side in search."""
from __future__ import annotations

from pathlib import Path

from index.restatement import RESTATED, restatements, restates
from ingest.store import load_clauses
from tests.qa_fixtures import built_index

REG = "hq-promotion-regulation"
PLAN = "hq-master-plan-2021"


def test_the_regulation_s_tax_article_restates_the_overall_plan_s_item_and_a_shared_phrase_does_not():
    idx = built_index()
    pairs = restatements(idx.clauses, {PLAN, REG, "hq-industry-2025"})
    pos = {c.id: i for i, c in enumerate(idx.clauses)}
    twins = {idx.clauses[j].id for _, j in pairs[pos[f"{REG}/ch4.art37.p1"]]}
    assert f"{PLAN}/2.10.p1" in twins  # 减按15%的税率征收企业所得税: 条例第三十七条第一款 ← 总体方案（十）
    assert all(idx.clauses[j].doc_id != REG for _, j in pairs[pos[f"{REG}/ch4.art37.p1"]])  # never its own document
    # 13 bigrams in common ("建设高品质进口消费品交易中心") is a shared phrase, not a restated provision
    assert restates("支持合作区建设高品质进口消费品交易中心。", "建设高品质进口消费品交易中心，扩大消费。") < RESTATED
    assert restates("建设高品质进口消费品交易中心。", "建设高品质进口消费品交易中心。") == 0.0  # under MIN_PIECE


def test_a_question_the_regulation_wins_shows_the_restated_item_right_after_it():
    hits = built_index().search("合作区企业所得税税率是多少", 5)
    ids = [h.clause.id for h in hits]
    assert ids[0] == f"{REG}/ch4.art37.p1"
    assert ids[1] == f"{PLAN}/2.10.p1" and "restated" in hits[1].retrievers
    assert hits[1].score == hits[0].score  # beside it, not above it


def test_no_restatement_is_added_when_the_question_names_a_document_or_a_filter_holds_one():
    idx = built_index()
    named = idx.search("条例对合作区企业所得税税率怎么规定", 5)
    assert {h.clause.doc_id for h in named[:4]} == {REG} and not any("restated" in h.retrievers for h in named)
    only = idx.search("合作区企业所得税税率是多少", 5, doc=REG)
    assert {h.clause.doc_id for h in only} == {REG}


def test_the_plan_s_restatements_of_the_overall_plan_are_not_shown_beside_it():
    """Only a regulation's pairs: the plan's preface restating the 总体方案's preface pushed the plan's answers down."""
    idx = built_index()
    assert all(idx.clauses[i].family == "regulation" or any(idx.clauses[j].family == "regulation" for _, j in v)
               for i, v in idx._restated.items())
    clauses = load_clauses(Path(idx.build_dir)) if idx.build_dir else idx.clauses
    assert len(restatements(clauses, {PLAN, "hq-industry-2025"})) > 0  # they exist, they are just not used here
