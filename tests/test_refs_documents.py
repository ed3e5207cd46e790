"""References resolved within the document they name; bare references per document; references that do not exist."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.refs import RouteTable, detect, route
from ingest.pipeline import discover, ingest, ingest_files
from qa.lookup import LookupError_, lookup, reference_note

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REG, MASTER, PLAN = "hq-promotion-regulation/", "hq-master-plan-2021/", "hq-industry-2025/"
REG_TITLE = "《横琴粤澳深度合作区发展促进条例》"


@pytest.fixture(scope="module")
def clauses():
    return ingest_files(discover([CORPUS]), CORPUS).clauses


def ids(result) -> list[str]:
    return [c.id for c in result.clauses]


@pytest.mark.parametrize("query, expected", [
    ("条例第十二条", [REG + "ch2.art12.p1", REG + "ch2.art12.p2"]),
    ("促进条例第十二条", [REG + "ch2.art12.p1", REG + "ch2.art12.p2"]),
    ("《发展促进条例》第四十九条第二款", [REG + "ch6.art49.p2"]),
    ("《横琴粤澳深度合作区发展促进条例》第三十七条第三款", [REG + "ch4.art37.p3"]),
    ("条例第六条第二款第（四）项", [REG + "ch2.art6.p2.i4"]),
    ("条例第六条第二款第三项", [REG + "ch2.art6.p2.i3"]),  # the item as often written, without brackets
    ("总体方案第（十六）条", [MASTER + "4.16.p1"]),
    ("方案（十六）", [MASTER + "4.16.p1"]),
    ("总体方案第十条", [MASTER + "2.10.p1"]),  # an item of the 总体方案 is also written 第十条
    ("item 10 of the overall plan", [MASTER + "2.10.p1"]),
    ("规划六（三）第2段", [PLAN + "6.3.p2"]),
    ("article 49 of the regulation", [REG + f"ch6.art49.p{k}" for k in range(1, 5)]),
    ("artigo 49.º do regulamento", [REG + f"ch6.art49.p{k}" for k in range(1, 5)]),
])
def test_references_resolve_in_the_named_document(clauses, query, expected):
    result = lookup(query, clauses)
    assert result.kind == "section" and ids(result) == expected


def test_a_bare_reference_is_answered_per_document(clauses):
    result = lookup("第二条", clauses)
    assert [d["doc_id"] for d in result.documents] == ["hq-promotion-regulation", "hq-master-plan-2021"]
    assert ids(result) == [REG + "ch1.art2.p1", REG + "ch1.art2.p2", MASTER + "1.2.p1"]
    assert result.heading.startswith(REG_TITLE) and "《横琴粤澳深度合作区建设总体方案》" in result.heading
    # …but a reference that names its document stays in it
    assert {c.doc_id for c in lookup("条例第二条", clauses).clauses} == {"hq-promotion-regulation"}
    assert {c.doc_id for c in lookup("方案第二条", clauses).clauses} == {"hq-master-plan-2021"}


def test_the_chapter_of_a_regulation(clauses):
    result = lookup("条例第五章", clauses)
    assert {c.doc_id for c in result.clauses} == {"hq-promotion-regulation"}
    assert {c.path[0] for c in result.clauses} == {"第五章便利澳门居民生活就业"}
    assert result.clauses[0].citation == REG_TITLE + "第三十八条"


@pytest.mark.parametrize("query, note", [
    ("条例第八十条", "《横琴粤澳深度合作区发展促进条例》共六十六条，没有第八十条。"),
    ("条例第九章", "《横琴粤澳深度合作区发展促进条例》共八章，没有第九章。"),
    ("条例第十二条第五款", "《横琴粤澳深度合作区发展促进条例》第十二条共二款，没有第五款。"),
    ("条例第六条第二款第（九）项", "《横琴粤澳深度合作区发展促进条例》第六条第二款共四项，没有第（九）项。"),
    ("总体方案（三十）", "《横琴粤澳深度合作区建设总体方案》共二十九项（（一）至（二十九）），没有（三十）。"),
])
def test_a_reference_that_does_not_exist_says_what_exists(clauses, query, note):
    with pytest.raises(LookupError_) as err:
        lookup(query, clauses)
    assert err.value.note == note
    assert reference_note(query + "规定了什么？", clauses) == (note, True)


def test_a_missing_article_is_never_answered_from_another_document(clauses):
    # the 总体方案 has no 第八十条 either; each document says what it has, neither offers a clause
    note, known = reference_note("第八十条是怎么规定的", clauses)
    assert known and "共六十六条，没有第八十条" in note and "共二十九项" in note
    note, known = reference_note("民法典第三条规定了什么", clauses)
    assert not known and note.startswith("没有找到“民法典”")
    assert reference_note("条例第十二条规定了什么", clauses) == ("", True)
    assert reference_note("合作区的企业所得税优惠", clauses) == ("", True)


@pytest.mark.parametrize("question, language, note", [
    ("What does the regulation say in article 80?", "en",  # the document is named anywhere, not only after the article
     "The Development Promotion Regulation (条例, 2023) has 66 articles; there is no article 80."),
    ("O que diz o artigo 70.º do regulamento?", "pt",
     "O Regulamento de Promoção do Desenvolvimento (条例, 2023) tem 66 artigos; não existe artigo 70.º."),
    ("What is item 35 of the Overall Plan?", "en", "The Overall Plan (总体方案, 2021) has 29 items; there is no item (35)."),
    ("Is there a chapter 9 in the regulation?", "en",
     "The Development Promotion Regulation (条例, 2023) has 8 chapters; there is no chapter 9."),
])
def test_a_missing_reference_is_told_in_the_question_s_language(clauses, question, language, note):
    assert reference_note(question, clauses, language, CORPUS) == (note, True)


def test_a_missing_paragraph_keeps_the_chinese_note_in_english(clauses):
    note, known = reference_note("What does paragraph 5 of article 12 of the regulation say?", clauses, "en")
    assert known and note == "《横琴粤澳深度合作区发展促进条例》第十二条共二款，没有第五款。"


@pytest.mark.parametrize("query", ["条例第十二条", "第二条", "方案（十六）", "规划六（三）", "第六部分", "表2-1",
                                   "article 49 of the regulation", "条例第五章", "前言", "第六章"])
def test_route_table_routes_like_a_scan(clauses, query):
    refs = detect(query)
    assert refs and RouteTable(clauses).route(refs) == route(refs, clauses)


def test_reference_spans_cover_the_document_name():
    (ref,) = detect("条例第十二条规定了什么？")
    assert ref.docs == ("条例",) and ref.span == (0, 6)
    (ref,) = detect("《发展促进条例》第四十九条第二款是怎么规定的？")
    assert (ref.code, ref.paragraph, ref.docs) == ("art49", 2, ("发展促进条例",))
    assert detect("请问第十二条")[0].docs == ()  # 请问 is no document's name
    first, second = detect("条例第十二条和第十三条")
    assert first.docs == second.docs == ("条例",)  # one name in the question applies to all its references


def test_cite_through_the_cli(tmp_path):
    ingest([CORPUS], CORPUS, tmp_path)
    env = {**os.environ, "HQ_BUILD_DIR": str(tmp_path), "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), "cite", "《发展促进条例》第四十九条第二款", "--json"],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert [c["citation"] for c in data["clauses"]] == [REG_TITLE + "第四十九条第二款"]
    missing = subprocess.run([sys.executable, str(ROOT / "cli.py"), "cite", "条例第八十条"],
                             capture_output=True, text=True, env=env, cwd=ROOT)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert "共六十六条，没有第八十条" in missing.stderr + missing.stdout
