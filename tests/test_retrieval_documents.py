"""Search over many documents: names and references mean the document that answers to them most precisely, a
named document is searched within, and a document-level prior keeps unrelated regulations from displacing the
documents a question is about. Real ingestion of the bundled corpus plus small Guangdong-style regulations
written here (the distractor run's shape), with the fake embedder."""
from pathlib import Path
from types import SimpleNamespace

import pytest

from index import docrefs
from index.bm25 import BM25
from index.docprior import MIN_DOCUMENTS, DocumentPrior
from index.docscope import DocumentNames
from tests.fixtures_build import guangdong_regulation

ROOT = Path(__file__).resolve().parent.parent
REG, MASTER = "hq-promotion-regulation", "hq-master-plan-2021"
TOPICS = ["粮食安全", "道路运输", "土地管理", "数据", "人工智能产业", "外商投资", "统计", "科技创新", "青年创业",
          "乡村振兴", "知识产权", "营商环境"]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The bundled corpus (with its manifest) plus twelve regulations, ingested and indexed (fake embedder)."""
    from tests.fixtures_build import corpus_with

    return corpus_with(tmp_path_factory.mktemp("library"), {f"gd{n:02d}.md": guangdong_regulation(topic) for n, topic in enumerate(TOPICS)})


def _docs(hits) -> list[str]:
    return [h.clause.doc_id for h in hits]


def test_the_library_holds_the_regulations_without_aliases(library):
    added = {c.doc_id for c in library.clauses if c.doc_title.startswith("《广东省")}
    assert len(added) == len(TOPICS)
    assert all(not c.doc_aliases and c.family == "regulation" for c in library.clauses if c.doc_id in added)


def test_an_alias_means_its_document_not_every_regulation(library):
    hits = library.search("条例第十二条", k=5)
    assert [h.clause.id for h in hits if "ref" in h.retrievers] == [f"{REG}/ch2.art12.p1", f"{REG}/ch2.art12.p2"]
    assert set(_docs(hits)) == {REG}  # and the rest from the document it names, not twelve regulations' 第十二条
    # a regulation added without a manifest entry is reached by its own title
    hits = library.search("广东省土地管理条例第十二条", k=5)
    assert [h.clause.doc_title for h in hits[:1]] == ["《广东省土地管理条例》"]
    # a family word several documents share means the one the manifest describes
    hits = library.search("article 12 of the regulation", k=3)
    assert set(_docs(hits)) == {REG}


def test_meant_ranks_title_alias_and_kind_word():
    def doc(doc_id, title, aliases, kind="条例", family="regulation"):
        return SimpleNamespace(doc_id=doc_id, doc_title=title, doc_aliases=aliases, doc_kind=kind, family=family)

    docs = {"reg": doc("reg", "《横琴粤澳深度合作区发展促进条例》", ["条例", "促进条例"]),
            "land": doc("land", "《广东省土地管理条例》", []), "food": doc("food", "《广东省粮食安全保障条例》", [])}
    assert docrefs.meant(("条例",), docs) == {"reg"}  # alias before the kind word of the undescribed ones
    assert docrefs.meant(("广东省土地管理条例",), docs) == {"land"}  # a title before an alias it ends with
    assert docrefs.meant(("@regulation",), docs) == {"reg"}  # a family: the documents the manifest describes
    undescribed = {k: v for k, v in docs.items() if k != "reg"}
    assert docrefs.meant(("条例",), undescribed) == {"land", "food"}  # no alias anywhere: the kind word
    assert docrefs.meant(("@regulation",), undescribed) == {"land", "food"}


def test_english_and_portuguese_names_scope_the_question():
    clauses = [SimpleNamespace(doc_id="plan", doc_title="《产业发展规划》", doc_aliases=["规划"], family="plan"),
               SimpleNamespace(doc_id="master", doc_title="《建设总体方案》", doc_aliases=["总体方案"], family="programme"),
               SimpleNamespace(doc_id="reg", doc_title="《发展促进条例》", doc_aliases=["条例"], family="regulation"),
               SimpleNamespace(doc_id="gd", doc_title="《广东省统计条例》", doc_aliases=[], family="regulation")]
    names = DocumentNames(clauses)
    assert names.named("Who appoints the head of the executive committee under the Overall Plan?") == {"master"}
    assert names.named("O que diz o Plano Geral sobre as tarifas de roaming?") == {"master"}
    assert names.named("What do the Regulations say about land?") == {"reg"}  # the described regulation
    assert names.named("What does the plan say about AI?") == {"plan"}  # "plan" is 规划; "Overall Plan" matched first
    assert names.named("What does Macau law say about AI?") == set()  # "law" is too common to name a document
    assert names.named("Overall Plan and the regulation on taxes") == {"master", "reg"}


def test_a_named_document_is_searched_within(library):
    hits = library.search("总体方案对高端人才个人所得税怎么规定？", k=5)
    assert _docs(hits)[0] == MASTER
    assert hits[0].clause.id == f"{MASTER}/2.11.p1"  # its answer, though twelve regulations word it closer
    # its title clause matches by the very name that scoped the search: no bonus for it
    hits = library.search("《横琴粤澳深度合作区建设总体方案》关于人才", k=5)
    assert set(_docs(hits)) == {MASTER} and all(h.clause.kind != "title" for h in hits)


def test_the_document_prior_keeps_a_zone_question_in_the_zone_documents(library):
    query = "合作区高端人才和紧缺人才的个人所得税负超过15%的部分免征吗"
    with_prior = library.search(query, k=3)
    assert set(_docs(with_prior)) <= {REG, MASTER}
    weight = library.prior_weight
    try:
        library.prior_weight = 0.0  # without it the twelve regulations' copies of the sentence come first
        without = library.search(query, k=3)
    finally:
        library.prior_weight = weight
    assert not set(_docs(without)) & {REG, MASTER}


def test_no_prior_over_a_handful_of_documents():
    clauses = [SimpleNamespace(doc_id=f"d{i}", doc_title=f"d{i}") for i in range(MIN_DOCUMENTS - 1)]
    bm25 = BM25.build([["合作区", f"词{i}"] for i in range(len(clauses))])
    assert DocumentPrior(clauses, bm25).relevance(["合作区"]) is None
    many = clauses + [SimpleNamespace(doc_id="other", doc_title="other")]
    bm25 = BM25.build([["合作区", f"词{i}"] for i in range(len(clauses))] + [["税"]])
    share = DocumentPrior(many, bm25).relevance(["合作区"])
    assert share is not None and share[0] == 1.0 and share[-1] == 0.0


def test_the_names_of_the_documents_a_question_names_are_blanked_for_its_topic(library):
    search_index = library  # the opened Index
    assert search_index.without_document_names("总体方案里合作区的战略定位一共几条？").strip().startswith("里合作区的战略定位")
    text = search_index.without_document_names("Under the Overall Plan, do businesses still need approval?")
    assert "overall" not in text and "plan" not in text and "businesses" in text
    assert search_index.without_document_names("落实哪部条例") == "落实哪部条例"  # 哪部条例 names no document
