"""The kinds "where it is" and "who carries it out": asked, and answered only by a text that places or names it."""
from __future__ import annotations

import pytest

from qa.asks import has_kind, kinds_asked
from qa.kinds import KINDS
from qa.refusal import MISSING, rule
from tests.qa_fixtures import built_index, built_settings

PLACE = next(k for k in KINDS if k.name == "place")
ORGANISATION = next(k for k in KINDS if k.name == "organisation")


@pytest.mark.parametrize("question, kind", [
    ("總體方案話要搞世界級毛坯鑽石交易中心，個中心喺邊度？", "place"),
    ("总体方案提到的毛坯钻石交易中心，实际设在横琴哪里？", "place"),
    ("Where will the diamond exchange be located?", "place"),
    ("Onde fica o centro de intercâmbio?", "place"),
    ("合作区产业投资基金由哪家公司管理？", "organisation"),
    ("跨境車險由哪些保險機構承保？", "organisation"),
    ("Which insurers underwrite cross-border motor insurance?", "organisation"),
    ("Que empresa gere o fundo de investimento industrial?", "organisation"),
])
def test_where_and_who_runs_it_are_kinds_asked(question, kind):
    assert kind in [k.name for k in kinds_asked(question)]


@pytest.mark.parametrize("question", [
    "在合作区哪里可以申请租金补贴？",  # where to apply: the office and address kinds, not a site
    "我在横琴哪里办营业执照？",
    "哪些机构可以申请QFLP试点？",  # which institutions qualify: conditions, not who runs something
    "合作区重点发展哪些产业？",
])
def test_applying_somewhere_or_which_ones_qualify_asks_neither(question):
    names = [k.name for k in kinds_asked(question)]
    assert "place" not in names and "organisation" not in names


def test_the_evidence_places_or_names_what_is_asked():
    assert has_kind(PLACE, ["在二井湾和大小横琴山局部地区安排用于“四新”产业发展的战略留白区。"])
    assert not has_kind(PLACE, ["支持发展毛坯钻石加工，打造世界级毛坯钻石、宝石交易中心。"])
    assert has_kind(ORGANISATION, ["基金由合作区执行委员会委托的管理机构负责运营。"])
    assert not has_kind(ORGANISATION, ["支持建设中医药横琴大模型，打造重大创新平台。"])


@pytest.fixture(scope="module")
def idx():
    return built_index()


def draft(question, idx):
    from qa.answer import draft_answer

    s = built_settings()
    return draft_answer(question, idx, s.build_dir, corpus_dir=s.corpus_dir)


def test_a_site_the_plan_gives_is_found_and_one_it_does_not_give_is_flagged(idx):
    d = draft("战略留白区设在哪里？", idx)
    assert rule(d)[0] != MISSING and "hq-industry-2025/9.3.p1" in {p.clause.id for p in d.picks}
    assert rule(draft("总体方案提到的毛坯钻石交易中心，实际设在横琴哪里？", idx))[0] == MISSING
