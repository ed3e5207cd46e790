"""Lists in answers: a part named by its heading for a count or list question, the items a lead-in sentence
introduces, the table row an indicator names in other words, the sentence naming an English/Portuguese question's
term; issue lines and titles as answers, and "point N" references."""
from __future__ import annotations

import pytest

from ingest.records import Clause
from qa.compose import Pick
from qa.listitems import with_items
from qa.sections import heading_section
from tests.qa_fixtures import ask, built_index


@pytest.fixture(scope="module")
def idx():
    return built_index()


@pytest.mark.parametrize("question, prefix, points", [
    ("总体方案给合作区定了几个定位？分别是啥", "hq-master-plan-2021/1.4.", ["新平台", "新空间", "新示范", "新高地"]),
    ("产业规划定了几条发展原则？各是啥", "hq-industry-2025/2.2.", ["实体为本", "琴澳一体", "生态优先", "规则衔接", "协同联动"]),
    ("總體方案裏合作區嘅戰略定位一共幾條？", "hq-master-plan-2021/1.4.", ["新平臺", "新空間", "新示範", "新高地"]),
])
def test_a_count_question_naming_a_part_by_its_heading_gets_the_whole_part(idx, question, prefix, points):
    a = ask(question, idx)
    assert a.answerable and a.mode == "summary"
    assert {c.clause.id.rsplit(".", 1)[0] + "." for c in a.citations} == {prefix}
    assert all(p in a.text for p in points)


def test_a_heading_two_documents_share_means_the_named_documents_part(idx):
    clauses = idx.clauses
    both, _ = heading_section("合作区的发展目标分几个阶段", clauses)  # the plan and the 总体方案 both have one
    assert {c.doc_id for c in both} == {"hq-industry-2025", "hq-master-plan-2021"}
    named = idx.named_documents("总体方案的发展目标分几个阶段")
    found, heading = heading_section("总体方案的发展目标分几个阶段", clauses, named)
    assert {c.id for c in found} == {f"hq-master-plan-2021/1.5.p{i}" for i in (1, 2, 3)}
    assert heading.endswith("（五）发展目标")
    assert heading_section("战略定位是什么意思", clauses) is None  # no count or list asked: answered as any question


def test_a_lead_in_sentence_brings_the_items_it_introduces(idx):
    a = ask("按条例，管委会统筹决定的重大事项分几类？哪几类", idx)
    cited = [c.clause.id for c in a.citations]
    assert "hq-promotion-regulation/ch2.art6.p2" in cited
    assert all(f"hq-promotion-regulation/ch2.art6.p2.i{i}" in cited for i in (1, 2, 3, 4))
    assert all(w in a.text for w in ("重大规划", "重大政策", "重大项目", "重要人事任免"))
    # the items follow their lead, in order
    pos = [cited.index(f"hq-promotion-regulation/ch2.art6.p2.i{i}") for i in (1, 2, 3, 4)]
    assert pos == sorted(pos) and cited.index("hq-promotion-regulation/ch2.art6.p2") < pos[0]


def _clause(cid: str, text: str) -> Clause:
    return Clause(id=cid, doc_id="d", doc_title="《测试条例》", doc_number="", issuer="", date="", kind="paragraph",
                  path=["第一章总则", "第二条"], path_code="ch1.art2", ordinal=1, lead="", text=text, citation=cid)


def test_with_items_only_follows_a_sentence_ending_its_clause_with_a_colon():
    lead = _clause("d/ch1.art2.p1", "管委会负责下列事项：")
    items = [_clause("d/ch1.art2.p1.i1", "（一）规划。"), _clause("d/ch1.art2.p1.i2", "（二）政策。")]
    other = _clause("d/ch1.art2.p2", "前款事项可以调整。")
    clauses = [lead, *items, other]
    from types import SimpleNamespace

    from index.search import Index

    store = SimpleNamespace(clauses=clauses, _pos={c.id: i for i, c in enumerate(clauses)})
    index = SimpleNamespace(following=lambda cid: Index.following(store, cid))  # the index's own method
    picks = with_items([Pick(lead, "管委会负责下列事项。", "管委会负责下列事项：", 0, 1.0)], index)
    assert [p.clause.id for p in picks] == ["d/ch1.art2.p1", "d/ch1.art2.p1.i1", "d/ch1.art2.p1.i2"]
    plain = with_items([Pick(other, "前款事项可以调整。", "前款事项可以调整", 0, 1.0)], index)
    assert [p.clause.id for p in plain] == ["d/ch1.art2.p2"]


def test_a_table_row_closest_in_meaning_wins_over_one_sharing_more_words(idx):
    # 高新技术企业数 shares 期末, 企业数 and 户 with the question; the row asked for is 澳门品牌工业经营主体数
    a = ask("中医药这类澳门品牌工业的企业户数，现在有多少，规划打算到期末做到多少户？", idx)
    rows = [c.clause for c in a.citations if c.clause.kind == "table_row"]
    assert rows and rows[0].id == "hq-industry-2025/table2-1.r8"
    assert "997" in a.text and "1100" in a.text


def test_an_issue_line_sharing_no_word_is_no_answer_sentence(idx):
    a = ask("Qual é o prazo para um arquiteto de Macau concluir o registo antes de prestar serviços na zona?", idx)
    assert "印发" not in a.text
    assert not a.answerable  # no cited sentence gives a deadline


def test_point_n_of_the_overall_plan_is_its_item(idx):
    a = ask("What's in point 24 of the Overall Plan?", idx)
    assert a.answerable and [c.clause.id for c in a.citations] == ["hq-master-plan-2021/5.24.p1"]


def test_a_plural_english_term_matches_its_glossary_entry_and_its_sentence_is_given(idx):
    from qa.support import analyse, stats_for

    q = "Somos um estúdio de e-sports de Macau. O plano industrial tem algo para o nosso setor em Hengqin?"
    assert "游戏电竞" in [c.label for c in analyse(q, stats_for(idx.clauses)).concepts]  # glossary: e-sport
    a = ask(q, idx)
    assert "游戏电竞" in a.text  # the sentence naming the term, from a clause the answer cites


def test_a_second_variant_of_a_found_term_leaves_its_word_to_the_lexicon(idx):
    from qa.support import analyse, stats_for

    concepts = analyse("Que medidas prevê o plano para o turismo entre Hengqin e Macau, incluindo turistas estrangeiros?",
                       stats_for(idx.clauses)).concepts
    tourism = [c for c in concepts if "旅游" in c.needles]
    assert len(tourism) == 2 and any("旅客" in c.needles for c in tourism)  # turistas: 旅游, 游客, 旅客


def test_titles_rank_after_the_provisions(idx):
    hits = idx.search("横琴是哪年中央拍板开发的", k=10)
    assert all(h.clause.kind != "title" for h in hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)  # handed out in the new order


def test_the_same_sentence_in_two_documents_is_cited_in_both():
    """Within one document a shared sentence (5.1 and 7.1 share a lead) is cited once; in another document it is a
    restatement, which the answer shows in both documents' groups."""
    from types import SimpleNamespace

    from qa.compose import extract
    from qa.support import stats_for

    def para(cid, doc, text):
        return Clause(id=cid, doc_id=doc, doc_title=f"《{doc}》", doc_number="", issuer="", date="", kind="paragraph",
                      path=["一、总则"], path_code="1", ordinal=1, lead="", text=text, citation=cid)

    same = "支持合作区建立与澳门社会服务合作机制。"
    clauses = [para("plan/1.p1", "plan", same), para("reg/ch1.art2.p1", "reg", same),
               para("plan/1.p2", "plan", same + "另有安排。"), para("plan/9.p1", "plan", "完善交通基础设施。")]
    hits = [SimpleNamespace(clause=c) for c in clauses[:3]]
    draft = extract("合作区与澳门社会服务合作机制", hits, stats_for(clauses))
    cited = [p.clause.id for p in draft.picks]
    assert "plan/1.p1" in cited and "reg/ch1.art2.p1" in cited
    assert "plan/1.p2" not in cited  # the same sentence again in the same document


@pytest.mark.parametrize("question, prefix", [
    ("产业规划的基本原则一共几条？每条叫什么", "hq-industry-2025/2.2."),  # 原则 right before the count: （二）发展原则
    ("总体方案讲“和澳门一体化高水平开放新体系”的那部分，一共有几项，分别讲什么", "hq-master-plan-2021/4."),  # quoted, reworded
])
def test_a_part_named_by_a_heading_word_or_a_reworded_quote(idx, question, prefix):
    a = ask(question, idx)
    assert a.mode == "summary" and all(c.clause.id.startswith(prefix) for c in a.citations)
    assert len(a.citations) >= 5


def test_a_heading_of_two_documents_is_answered_in_each_when_none_is_named(idx):
    a = ask("合作区的发展目标分几个阶段", idx)
    docs = {c.clause.doc_id for c in a.citations}
    assert a.answerable and docs == {"hq-industry-2025", "hq-master-plan-2021"}
    assert all(y in a.text for y in ("2024年", "2029年", "2035年"))


def test_an_article_named_by_its_topic_is_given_whole(idx):
    a = ask("條例入面講稅收優惠嗰條，總共有幾款？逐款講下", idx)  # 嗰 folds to 𠮶
    assert a.mode == "summary"
    assert [c.clause.id for c in a.citations] == [f"hq-promotion-regulation/ch4.art37.p{i}" for i in (1, 2, 3, 4)]


@pytest.mark.parametrize("question, wording", [
    ("Sou residente de Macau e quero entrar em Hengqin com o meu carro.", "机动车"),
    ("Can notarial documents issued in Macau be used inside the zone?", "公证"),
    ("If we settle a business dispute by mediation in the zone, can the other side appeal?", "调解"),
    ("Se o Plano Geral acaba com licenças prévias, como é que as empresas passam a ser fiscalizadas?", "监管"),
])
def test_everyday_english_and_portuguese_words_reach_the_documents_wording(idx, question, wording):
    from qa.support import analyse, stats_for

    assert any(wording in c.needles for c in analyse(question, stats_for(idx.clauses)).concepts)


def test_a_colloquial_name_of_a_documents_term_finds_its_provision(idx):
    hits = idx.search("我有澳门驾照 在横琴能不能直接开车", k=5)  # 驾照: the 条例's 机动车驾驶执照
    assert hits[0].clause.id == "hq-promotion-regulation/ch6.art51.p3"


def test_a_topic_the_named_document_never_mentions_is_refused_whatever_else_the_collection_holds(idx, monkeypatch):
    import qa.compose

    # as in a national corpus where some law names 赌博: the collection-wide check finds the topic
    monkeypatch.setattr(qa.compose, "unknown_names", lambda *a, **k: [])
    a = ask("Does the industry plan say anything about casinos or gaming in Hengqin?", idx)
    assert not a.answerable  # the plan it names never does
