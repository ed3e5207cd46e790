"""The home documents (those the manifest describes) among background laws: the calibrated lift, bare references
routed to the described documents first, and questions only a background document answers still finding it.
Real ingestion of the bundled corpus plus small Guangdong-style regulations and one plan, with the fake embedder."""
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from core.filters import Filter
from index import docprior, home
from index.docprior import MIN_DOCUMENTS
from index.stores.base import Selection
from tests.fixtures_build import guangdong_regulation

ROOT = Path(__file__).resolve().parent.parent
INDUSTRY, REG, MASTER = "hq-industry-2025", "hq-promotion-regulation", "hq-master-plan-2021"
TOPICS = ["粮食安全", "道路运输", "土地管理", "统计", "乡村振兴", "知识产权", "营商环境", "青年创业", "气象", "水资源"]


PLAN = """广东省气象事业发展规划

一、发展基础
（一）发展成效
全省气象观测站网不断完善，气象灾害预警能力明显提升。
（二）面临形势
极端天气气候事件多发，对气象服务提出更高要求。
二、总体要求
（一）指导思想
坚持以人民为中心，推进气象事业高质量发展。
（二）发展目标
到2030年，建成现代气象业务体系，气象预报准确率稳步提高。
三、主要任务
（一）提升观测能力
建设地面、高空和海洋气象观测网，提升气象雷达覆盖率。
（二）强化预报服务
发展数值天气预报，提高台风、暴雨预报的精细化水平。
四、保障措施
（一）加强组织领导
各地级以上市人民政府要把气象事业纳入经济社会发展规划。
（二）强化资金保障
各级财政部门要加大对气象基础设施建设的投入，保障气象观测站网运行维护经费。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The bundled corpus (with its manifest) plus ten regulations and a plan, ingested and indexed (fake embedder)."""
    from tests.fixtures_build import corpus_with

    regulations = {f"gd{n:02d}.md": guangdong_regulation(topic) for n, topic in enumerate(TOPICS)}
    return corpus_with(tmp_path_factory.mktemp("home"), {**regulations, "plan.txt": PLAN})


def _docs(hits) -> list[str]:
    return [h.clause.doc_id for h in hits]


def test_fit_is_one_when_a_home_document_holds_the_best_match_and_falls_past_the_gap():
    assert home.fit(0.0) > 0.99 and home.fit(home.GAP_MID) == pytest.approx(0.5)
    assert home.fit(0.08) < 0.001 and home.fit(5.0) == 0.0  # no overflow for an absurd gap
    gaps = np.linspace(0, 0.1, 21)
    assert all(a > b for a, b in zip(map(home.fit, gaps), map(home.fit, gaps[1:])))


def test_lift_merges_the_home_ranking_by_its_weight():
    rows = [(10, 0.05, ["bm25"]), (1, 0.03, ["dense"]), (11, 0.02, ["dense"])]  # 10, 11: background clauses
    inner = [(1, 0.033, ["dense", "bm25"]), (2, 0.03, ["dense"])]  # the ranking within the home documents
    votes = 3 / 61
    assert home.lift(rows, inner, 0.0, votes) == rows  # no fit: the collection's ranking stands
    assert [p for p, _, _ in home.lift(rows, inner, 1.0, votes)] == [1, 2, 10, 11]
    half = home.lift(rows, inner, 0.5, votes)  # 0.5 * (0.033 + 0.049) = 0.041: below 10's 0.05, above 11
    assert [p for p, _, _ in half] == [10, 1, 2, 11]
    assert dict((p, n) for p, _, n in half)[1] == ["dense", "bm25"]  # credits from the ranking that placed it
    assert home.lift(rows, [], 1.0, votes) == rows


def test_home_scope_is_on_only_among_enough_documents_some_of_them_undescribed():
    def clauses(n_described, n_other):
        return ([SimpleNamespace(doc_id=f"h{i}", doc_aliases=["规划"]) for i in range(n_described)]
                + [SimpleNamespace(doc_id=f"o{i}", doc_aliases=[]) for i in range(n_other)])

    assert not home.HomeScope(clauses(3, MIN_DOCUMENTS - 4)).active  # a handful of documents
    assert not home.HomeScope(clauses(MIN_DOCUMENTS, 0)).active  # every document described
    assert not home.HomeScope(clauses(0, MIN_DOCUMENTS)).active  # none described: nothing to prefer
    scope = home.HomeScope(clauses(3, MIN_DOCUMENTS))
    assert scope.active and scope.doc_ids == ("h0", "h1", "h2") and scope.mask.tolist() == [True] * 3 + [False] * 10


def test_the_document_prior_is_off_within_a_few_documents():
    assert docprior.routes(Selection(Filter(), None))
    assert not docprior.routes(Selection(Filter(doc_ids=(INDUSTRY, MASTER, REG)), None))
    assert not docprior.routes(Selection(Filter(doc=REG), None))
    assert docprior.routes(Selection(Filter(doc_ids=tuple(f"d{i}" for i in range(MIN_DOCUMENTS))), None))


def test_the_library_has_home_documents_and_background_ones(library):
    scope = library._home
    assert scope.active and set(scope.doc_ids) == {INDUSTRY, MASTER, REG}
    plan = [c for c in library.clauses if c.doc_title == "《广东省气象事业发展规划》"]
    assert plan and not plan[0].doc_aliases and any(c.path_code == "4.2" for c in plan)


def test_a_bare_reference_answers_from_the_described_documents_first(library):
    hits = library.search("四（二）", k=20)
    routed = [h.clause for h in hits if "ref" in h.retrievers]
    assert routed[0].doc_id == INDUSTRY and routed[0].path_code == "4.2"
    docs = list(dict.fromkeys(c.doc_id for c in routed))
    assert docs[0] == INDUSTRY and len(docs) >= 2  # the background plan's 四（二） is still answered, after
    assert all(c.path_code == "4.2" for c in routed)


def test_a_question_only_a_background_document_answers_still_finds_it(library):
    hits = library.search("粮食安全工作由县级以上人民政府哪个主管部门组织实施", k=5)
    assert hits[0].clause.doc_title == "《广东省粮食安全条例》"
    hits = library.search("气象观测站网运行维护经费由谁保障", k=5)
    assert hits[0].clause.doc_title == "《广东省气象事业发展规划》"
    assert hits[0].clause.path_code == "4.2"


def test_the_home_lift_puts_the_zone_answer_before_background_copies(library):
    query = "在合作区工作的高端人才和紧缺人才，个人所得税负超过15%的部分可以免征吗"  # a home clause matches best
    prior, votes = library.prior_weight, library.home_votes
    try:
        library.prior_weight = 0.0  # the lift alone
        lifted = library.search(query, k=3)
        library.home_votes = 0.0
        without = library.search(query, k=3)
    finally:
        library.prior_weight, library.home_votes = prior, votes
    assert set(_docs(lifted)) <= {REG, MASTER}
    assert set(_docs(without)) - {REG, MASTER}  # without it the regulations' copies of the sentence reach the top 3


def test_the_background_gold_is_scored_where_its_laws_are_built(tmp_path):
    from eval import distractors
    from eval.gold import load_file

    items = load_file(distractors.BACKGROUND)
    assert len(items) >= 8 and all(it.answerable and it.gold_ids and it.evidence for it in items)
    assert all(not it.gold_ids[0].startswith("hq-") for it in items)  # answered by background laws only
    first = items[0]
    clauses = [SimpleNamespace(id=first.gold_ids[0]), SimpleNamespace(id="x/1")]  # the build holds one gold clause
    held = [it.id for it in items if set(it.gold_ids) <= {first.gold_ids[0]}]
    assert 1 <= len(held) < len(items)

    class Index:
        def search(self, question, k):
            ids = [first.gold_ids[0]] if question == first.question else ["x/1"]
            return [SimpleNamespace(clause=SimpleNamespace(id=i)) for i in ids]

    out = distractors.background(None, clauses, open_index=lambda s: Index())
    assert [q["id"] for q in out["questions"]] == held and out["n"] == len(held)
    assert out["questions"][0] == {"id": first.id, "rank": 1}  # the others asked in other words: not found here
    assert out["hit@5"] == out["mrr@10"] == 1 / len(held)
    assert distractors.background(None, [SimpleNamespace(id="x/1")], open_index=lambda s: Index()) is None
