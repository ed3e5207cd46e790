"""Pure text pieces of the index: folding, tokens with the corpus dictionary, section references, glossary."""
from __future__ import annotations

import pytest

from index.glossary import Glossary
from index.normalize import fold, half_width, simplify
from index.refs import SectionRef, detect, heading_code, residual, to_int
from index.terms import derive, load_userdict
from index.tokenize import Tokenizer


@pytest.fixture(scope="module")
def tok():
    return Tokenizer()


def test_fold_traditional_fullwidth_and_case():
    assert fold("澳門跨境理財通") == "澳门跨境理财通"
    assert fold("ＱＦＬＰ試點（三）") == "qflp试点(三)"
    assert half_width("Ｅ　Ｆ") == "E F"
    assert simplify("EF賬戶") == "EF账户"  # case kept for the dense model
    assert fold("EF賬戶") == "ef账户"


@pytest.mark.parametrize("term", ["四新", "分线管理", "澳门监造", "ef账户", "qflp", "琴澳", "跨境理财通"])
def test_corpus_terms_stay_whole(tok, term):
    sentences = {
        "四新": "“四新”产业蓬勃发展",
        "分线管理": "合作区实施“分线管理”模式",
        "澳门监造": "用足用好“澳门监造”标志",
        "ef账户": "深化多功能自由贸易账户（EF账户）建设",
        "qflp": "持续优化合格境外有限合伙人（QFLP）试点",
        "琴澳": "琴澳产业合作日趋紧密",
        "跨境理财通": "持續深化「跨境理財通」業務",  # Traditional and corner quotes too
    }
    assert term in tok.tokens(sentences[term])


def test_tokens_drop_stopwords_and_fold_latin(tok):
    tokens = tok.tokens("请问合作区有哪些 Lojas características?")
    assert "请问" not in tokens and "哪些" not in tokens
    assert "loja" in tokens and "caracteristica" in tokens  # accents stripped, plural dropped


def test_derive_finds_quoted_terms_and_acronyms():
    text = "合作区实施“分线管理”模式，“四新”产业；优化合格境外有限合伙人（QFLP）试点，深化（EF账户）建设，“一线放开、二线管住”。"
    found = derive([text])
    for term in ("分线管理", "四新", "qflp", "ef账户", "一线放开", "二线管住"):
        assert term in found


def test_userdict_data_file_has_the_key_terms():
    terms = set(load_userdict())
    assert {"四新", "分线管理", "澳门监造", "ef账户", "qflp", "琴澳", "跨境理财通"} <= terms


@pytest.mark.parametrize("query,code,paragraph", [
    ("六（三）讲的是什么", "6.3", None),
    ("第六部分第（三）节", "6.3", None),
    ("第六部分第三节", "6.3", None),
    ("第六部分第（三）節講甚麼", "6.3", None),
    ("6.3", "6.3", None),
    ("What does part 6 section 3 say?", "6.3", None),
    ("Part VI, section (3)", "6.3", None),
    ("section 3 of part 6", "6.3", None),
    ("O que diz a parte 6, secção 3?", "6.3", None),
    ("parte 6 seção 3", "6.3", None),
    ("表2-1", "table2-1", None),
    ("Table 2-1 targets", "table2-1", None),
    ("Segundo a Tabela 2-1, qual é a meta para 2029?", "table2-1", None),  # "para 2029" is "for 2029", no row 20
    ("Qual é o valor de 2024 do indicador 4 da Tabela 2-1?", "table2-1", 4),
    ("article 37 para 3", "art37", 3),
    ("第十部分第（五）节", "10.5", None),
    ("六（三）第2段", "6.3", 2),
    ("第八部分", "8", None),
    ("前言", "preface", None),
])
def test_detect_section_references(query, code, paragraph):
    refs = detect(query)
    assert refs and refs[0].code == code and refs[0].paragraph == paragraph


@pytest.mark.parametrize("query", ["增加值6.3亿元", "2024年底有多少家企业", "QFLP试点", "占比65%", "（三）", "1+4经济适度多元"])
def test_no_reference_in_ordinary_questions(query):
    assert detect(query) == []


def test_residual_removes_the_reference():
    refs = detect("六（三）关于QFLP怎么说")
    assert refs == [SectionRef("6.3", None, refs[0].span)]
    assert "qflp" in residual("六（三）关于QFLP怎么说", refs) and "六" not in residual("六（三）关于QFLP怎么说", refs)


def test_numbers_and_heading_codes():
    assert [to_int(x) for x in ("6", "六", "十", "十一", "二十三", "vi", "x", "abc")] == [6, 6, 10, 11, 23, 6, 10, None]
    assert heading_code(["二、总体要求", "（三）发展目标"]) == "2.3"
    assert heading_code(["前言"]) == ""


def test_glossary_maps_english_and_portuguese_to_document_terms():
    g = Glossary.load()
    assert "合格境外有限合伙人" in g.expand("What does the plan say about the QFLP pilot?")
    assert "多功能自由贸易账户" in g.expand("Podemos participar no projeto-piloto das contas EF?")  # plural, accents
    assert "跨境理财通" in g.expand("Cross-border Wealth Management Connect")
    assert "跨境电商" in g.expand("comércio eletrónico transfronteiriço")
    assert "移动支付" in g.expand("澳門人用手機支付方便嗎")  # other Chinese wordings too
    assert g.expand("hello world") == []
    assert g.expand("caiman") == []  # whole words only: 'ai' inside a word is not AI


def test_glossary_rejects_a_malformed_line(tmp_path):
    from index.glossary import GlossaryError

    bad = tmp_path / "g.tsv"
    bad.write_text("# ok\nonly-one-column\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g.tsv:2"):
        Glossary.load(bad)


def test_route_table_agrees_with_route():
    from index.refs import RouteTable, route

    from .test_index_store import tiny_clauses

    clauses = tiny_clauses()
    table = RouteTable(clauses)
    for query in ("六（三）", "第六部分", "表2-1", "第二部分第（三）节", "六（三）第2段", "part 7 section 3", "前言", "第九部分"):
        refs = detect(query)
        assert table.route(refs) == route(refs, clauses), query


def test_bm25_glossary_concept_counts_once_so_two_concepts_beat_one():
    from index.bm25 import BM25
    docs = [["澳资", "企业", "澳资企业"], ["澳资", "金融", "机构"], ["其他", "内容"], ["发展", "产业"]]
    bm = BM25.build(docs)
    groups = [["澳资", "企业", "澳资企业"], ["金融"]]
    flat = bm.scores([t for g in groups for t in g])
    assert flat[0] > flat[1]  # one concept split into three tokens used to win
    grouped = bm.scores([], groups)
    assert grouped[1] > grouped[0] > 0 and grouped[2] == 0
