"""A provision restated by another document is shown with it, grouped by document, with the relation named."""
from __future__ import annotations

import pytest

from qa import answer
from qa.restate import restates
from tests.qa_fixtures import built_index, built_settings

REG, MASTER = "hq-promotion-regulation/", "hq-master-plan-2021/"


@pytest.fixture(scope="module")
def idx():
    return built_index()


def ask(q, idx):
    return answer(q, index=idx, settings=built_settings(), use_llm=False)


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
