"""Items of a programme written without brackets (方案第十二项), and "plan" as a common noun in English questions."""
from pathlib import Path
from types import SimpleNamespace

import pytest

from index.docscope import DocumentNames
from index.refs import detect
from ingest.pipeline import discover, ingest_files
from qa.lookup import lookup

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MASTER = "hq-master-plan-2021/"


@pytest.fixture(scope="module")
def clauses():
    return ingest_files(discover([CORPUS]), CORPUS).clauses


@pytest.mark.parametrize("query, expected", [
    ("方案第十二项写了哪些内容？", MASTER + "3.12.p1"),
    ("总体方案第二十一项", MASTER + "5.21.p1"),
    ("《总体方案》第二十一项讲什么", MASTER + "5.21.p1"),
    ("總體方案第十四項講咩", MASTER + "3.14.p1"),  # Traditional, folded first
    ("總體方案第廿四項講咩？", MASTER + "5.24.p1"),  # 廿 = 二十, as item numbers are often written
])
def test_an_item_without_brackets_after_a_programme_name_is_that_item(clauses, query, expected):
    result = lookup(query, clauses)
    assert result.kind == "section" and [c.id for c in result.clauses] == [expected]


@pytest.mark.parametrize("query", [
    "第三项是什么",  # no document named: any list's third entry
    "规划第三项重点任务",  # a plan's items are not numbered on across its parts
    "合作区第二项措施",
])
def test_an_item_without_brackets_needs_a_programme_name(query):
    assert not [r for r in detect(query) if r.code.startswith("item")]


def test_an_article_item_is_still_the_articles():
    (ref,) = detect("条例第六条第二款第（四）项")
    assert (ref.code, ref.paragraph, ref.item) == ("art6", 2, 4)


def _clause(doc_id, title, aliases, family):
    return SimpleNamespace(doc_id=doc_id, doc_title=title, doc_aliases=aliases, family=family)


NAMES = DocumentNames([
    _clause("plan", "《横琴粤澳深度合作区产业发展规划（2025-2029年）》", ["产业规划", "规划"], "plan"),
    _clause("master", "《横琴粤澳深度合作区建设总体方案》", ["总体方案", "方案"], "programme"),
    _clause("reg", "《横琴粤澳深度合作区发展促进条例》", ["条例", "促进条例"], "regulation"),
])


@pytest.mark.parametrize("query, expected", [
    # "existing plan" is a common noun: the question names the Overall Plan only
    ("Which existing plan does the Overall Plan say must be revised?", {"master"}),
    ("Does the Overall Plan require a new plan for land use?", {"master"}),
    ("Under which document number was the industrial development plan issued?", {"plan"}),
    ("Show me part 6 section 3 of the industrial plan", {"plan"}),
    ("What does the plan say about AI?", {"plan"}),
    ("What does Hengqin's industrial plan say about AI?", {"plan"}),  # a possessive is a determiner
    ("O que diz o plano sobre turismo?", {"plan"}),
    ("O Plano Geral apoia a liquidação em renminbi?", {"master"}),
    ("Which plan sets targets for 2029?", set()),
    ("What does the regulation say about arbitration?", {"reg"}),
])
def test_plan_names_a_document_only_as_a_definite_name(query, expected):
    assert NAMES.named(query) == expected


@pytest.mark.parametrize("query, code", [
    ("条例50条讲啥", "art50"),  # 第 left out after the regulation's name
    ("促进条例66条", "art66"),
    ("《条例》三十七条第三款", "art37"),
])
def test_an_article_without_di_after_a_laws_name_is_that_article(query, code):
    refs = detect(query)
    assert [r.code for r in refs] == [code]


@pytest.mark.parametrize("query", ["出台了3条措施", "规划提出十条举措"])
def test_a_count_of_measures_is_no_article(query):
    assert not [r for r in detect(query) if r.code.startswith("art")]
