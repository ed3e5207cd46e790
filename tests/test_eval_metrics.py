"""Each evaluation metric against small hand-computed cases (arithmetic in the comments)."""
import math

import pytest

from eval import metrics as m

RANKED = ["a", "x", "b", "y", "z", "c", "w", "v", "u", "t"]
GOLD = {"b", "c", "q"}  # q is never retrieved


def test_hit_at_k():
    # first gold id (b) is at rank 3
    assert m.hit_at_k(RANKED, GOLD, 1) == 0.0
    assert m.hit_at_k(RANKED, GOLD, 2) == 0.0
    assert m.hit_at_k(RANKED, GOLD, 3) == 1.0
    assert m.hit_at_k(RANKED, GOLD, 10) == 1.0
    assert m.hit_at_k([], GOLD, 5) == 0.0


def test_recall_at_k():
    # top-3 holds b -> 1/3; top-5 still b -> 1/3; top-10 holds b and c -> 2/3 (q never found)
    assert m.recall_at_k(RANKED, GOLD, 3) == pytest.approx(1 / 3)
    assert m.recall_at_k(RANKED, GOLD, 5) == pytest.approx(1 / 3)
    assert m.recall_at_k(RANKED, GOLD, 10) == pytest.approx(2 / 3)
    assert m.recall_at_k(RANKED, set(), 10) == 0.0


def test_reciprocal_rank():
    # first gold at rank 3 -> 1/3
    assert m.reciprocal_rank(RANKED, GOLD) == pytest.approx(1 / 3)
    # gold only at rank 11: outside @10 -> 0
    assert m.reciprocal_rank(["n"] * 10 + ["b"], GOLD, 10) == 0.0
    assert m.reciprocal_rank(["c"], GOLD) == 1.0


def test_ndcg_at_k():
    # gains at ranks 3 (b) and 6 (c): DCG = 1/log2(4) + 1/log2(7) = 0.5 + 0.356207 = 0.856207
    # |gold| = 3 -> IDCG = 1/log2(2) + 1/log2(3) + 1/log2(4) = 1 + 0.630930 + 0.5 = 2.130930
    # nDCG = 0.856207 / 2.130930 = 0.401799
    assert m.ndcg_at_k(RANKED, GOLD) == pytest.approx(0.401799, abs=1e-6)
    # perfect ranking -> 1.0
    assert m.ndcg_at_k(["b", "c", "q"], GOLD) == pytest.approx(1.0)


def test_ndcg_counts_a_repeated_id_once():
    # naive chunks mapped to the same gold clause twice: second 'b' earns nothing.
    # DCG = 1/log2(2) = 1; IDCG (|gold|=1) = 1 -> 1.0, not 1 + 1/log2(3)
    assert m.ndcg_at_k(["b", "b"], {"b"}) == pytest.approx(1.0)
    # recall also uses the set: 1/1
    assert m.recall_at_k(["b", "b"], {"b"}, 2) == 1.0


def test_retrieval_scores_keys():
    s = m.retrieval_scores(RANKED, GOLD)
    assert set(s) == {"hit@1", "hit@3", "hit@5", "hit@10", "recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "ndcg@10"}
    assert s["hit@5"] == 1.0 and s["recall@10"] == pytest.approx(2 / 3)


def test_key_point_coverage_folds_script_width_and_space():
    # "90亿元" found; "65%" written full-width "６５％" is folded; "澳門" (Traditional) matches "澳门"
    # 3 of 4 points present ("QFLP" missing) -> 0.75
    answer = "澳資產業增加值90 亿元，比重约６５％，澳門"
    assert m.key_point_coverage(answer, ["90亿元", "65%", "澳门", "QFLP"]) == pytest.approx(0.75)
    assert m.key_point_coverage("anything", []) is None


def test_citation_precision_and_recall():
    # cited {A, B, C}, gold {A, D}: precision = |{A}|/3 = 1/3; recall = |{A}|/2 = 1/2
    assert m.citation_precision(["A", "B", "C"], {"A", "D"}) == pytest.approx(1 / 3)
    assert m.citation_recall(["A", "B", "C"], {"A", "D"}) == pytest.approx(0.5)
    assert m.citation_precision([], {"A"}) is None
    assert m.citation_recall(["A"], set()) is None


def test_split_sentences_attaches_markers_either_side_of_the_stop():
    parts = m.split_sentences("澳资产业增加值90亿元。[1] 比重约65%[2]。English framing.")
    assert parts == [("澳资产业增加值90亿元。", [1]), ("比重约65%。", [2]), ("English framing.", [])]


def test_support_rate():
    clauses = {1: "到2029年，澳资产业增加值90亿元；琴澳创新产业园落地建成。", 2: "支持发展离岸贸易。"}
    # s1 contained in clause 1 (trailing 。 trimmed) -> supported
    # s2 cites [2] but is not in clause 2 -> unsupported
    # s3 has no marker -> unsupported; s4 is English framing -> not checked
    # 1 supported of 3 checked = 1/3
    answer = "澳资产业增加值90亿元。[1]合作区将免征关税。[2]琴澳创新产业园落地建成。Here is what the plan says."
    assert m.support_rate(answer, clauses) == pytest.approx(1 / 3)
    # a Traditional-script copy is still contained after folding
    assert m.support_rate("澳資產業增加值90億元。[1]", clauses) == 1.0
    assert m.support_rate("Only English here.", clauses) is None


def test_support_rate_overlap_mode_for_generated_answers():
    clauses = {1: "支持澳门药企充分利用合作区的土地、科研力量以及人力资源优势"}
    # paraphrase "澳门药企可利用合作区的土地优势": bigrams 澳门 门药 药企 企可 可利 利用 用合 合作 作区 区的 的土 土地 地优 优势 = 14
    # in the clause: all except 企可, 可利, 地优 -> 11/14 = 0.786 >= 0.6 -> supported; not contained literally
    s = "澳门药企可利用合作区的土地优势。[1]"
    assert m.support_rate(s, clauses) == 0.0
    assert m.support_rate(s, clauses, min_overlap=0.6) == 1.0
    assert m.support_rate(s, clauses, min_overlap=0.8) == 0.0


def test_refusal_metrics():
    # unanswerable: refused, refused, answered -> 2/3 accuracy
    assert m.refusal_accuracy([False, False, True]) == pytest.approx(2 / 3)
    # answerable: one of four refused -> 1/4 false refusals
    assert m.false_refusal_rate([True, True, False, True]) == pytest.approx(0.25)
    assert m.refusal_accuracy([]) is None


def test_percentile_and_mean():
    xs = [10, 20, 30, 40, 50]
    # p50: pos = 0.5*4 = 2 -> 30; p95: pos = 0.95*4 = 3.8 -> 40 + 0.8*(50-40) = 48
    assert m.percentile(xs, 50) == 30
    assert m.percentile(xs, 95) == pytest.approx(48)
    assert m.percentile([7], 95) == 7
    assert m.percentile([], 50) is None
    # None values are skipped: (1 + 3) / 2 = 2
    assert m.mean([1, None, 3]) == 2
    assert m.mean([None]) is None
    assert math.isclose(m.mean([0.5, 1.0]), 0.75)


def test_entries_covering_several_gold_ids():
    # a naive chunk at rank 2 covers gold clauses b and c; gold = {b, c, q}
    ranked = ["x", {"b", "c"}, "b"]
    # hit@1 = 0; hit@2 = 1; recall@2 = |{b,c}|/3 = 2/3; RR = 1/2
    assert m.hit_at_k(ranked, GOLD, 1) == 0.0 and m.hit_at_k(ranked, GOLD, 2) == 1.0
    assert m.recall_at_k(ranked, GOLD, 2) == pytest.approx(2 / 3)
    assert m.reciprocal_rank(ranked, GOLD) == 0.5
    # DCG = 2/log2(3) = 1.261860 (the repeated b at rank 3 adds 0); IDCG = 2.130930 -> 0.592164
    assert m.ndcg_at_k(ranked, GOLD) == pytest.approx(0.592164, abs=1e-6)
    # one chunk covering both of two gold ids at rank 1: DCG = 2 > IDCG = 1.630930 -> capped at 1.0
    assert m.ndcg_at_k([{"b", "c"}], {"b", "c"}) == 1.0


def test_table_row_sentences():
    row = ("澳资产业增加值", "表2-1 合作区产业发展主要指标 序号 指标 单位 2024年 2029年 属性 2 澳资产业增加值 亿元 30.04 90 预期性")
    # numbers in the sentence {2, 1, 2024, 30.04, 2029, 90} are all in the row text; indicator named -> supported
    assert m.row_supported("表2-1中，澳资产业增加值2024年为30.04亿元，2029年为90亿元（预期性）。", *row)
    # 95 is not in the row -> unsupported; another indicator -> unsupported
    assert not m.row_supported("表2-1中，澳资产业增加值2029年为95亿元。", *row)
    assert not m.row_supported("表2-1中，现代金融产业增加值2029年为90亿元。", *row)
    # through support_rate: sentence [1] (row) supported, sentence [2] not contained in clause 2 -> 1/2
    answer = "表2-1中，澳資產業增加值2029年爲90億元。[1]澳资产业增加值将翻番。[2]"
    assert m.support_rate(answer, {1: "2 澳资产业增加值 亿元 30.04 90 预期性", 2: "澳资产业增加值90亿元"}, rows={1: row}) == 0.5
