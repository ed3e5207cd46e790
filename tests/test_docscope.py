"""A question that names a document by title or manifest alias ranks that document's clauses first."""
from types import SimpleNamespace

from index.docscope import DocumentNames


def _clause(doc_id, title, aliases):
    return SimpleNamespace(doc_id=doc_id, doc_title=title, doc_aliases=aliases)


CLAUSES = [_clause("plan", "《横琴粤澳深度合作区产业发展规划（2025-2029年）》", ["产业规划", "规划"]),
           _clause("master", "《横琴粤澳深度合作区建设总体方案》", ["总体方案", "方案"]),
           _clause("reg", "《横琴粤澳深度合作区发展促进条例》", ["条例", "促进条例"])]


def test_alias_title_and_traditional_names_are_read():
    names = DocumentNames(CLAUSES)
    assert names.named("总体方案对澳资金融机构进入合作区的门槛怎么说？") == {"master"}
    assert names.named("總體方案話到2029年合作區要達到咩目標？") == {"master"}  # folded to Simplified first
    assert names.named("《横琴粤澳深度合作区发展促进条例》第三十七条") == {"reg"}
    assert names.named("总体方案和条例对企业所得税分别怎么规定") == {"master", "reg"}


def test_no_name_or_every_name_scopes_nothing():
    names = DocumentNames(CLAUSES)
    assert names.named("澳资企业在合作区发展金融业有哪些支持？") == set()
    assert names.named("规划、方案和条例都提到了什么") == set()  # all documents: no preference


def test_an_alias_after_an_interrogative_determiner_names_no_document():
    names = DocumentNames(CLAUSES)
    assert names.named("法治保障方面提到要落实哪部条例") == set()  # which regulation: the common noun
    assert names.named("合作区要编制什么规划？") == set()
    assert names.named("条例第三十七条和哪个规划有关？") == {"reg"}  # the one named still is
