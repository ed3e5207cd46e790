"""The naive baseline: chunking, BM25, fusion, and when a chunk counts as supporting a question."""
import numpy as np
import pytest

from eval.gold import GoldItem
from eval.naive import BM25, NaiveIndex, chunk_text, make_chunks, rrf
from eval.systems import Judge, Retrieved
from ingest.records import Clause


class FakeEmbedder:
    """Deterministic character-bigram hashing into 64 dims, L2-normalised; counts calls."""

    def __init__(self):
        self.passages_embedded = 0

    def _vec(self, text):
        v = np.zeros(64, dtype="float32")
        for i in range(len(text) - 1):
            v[hash(text[i:i + 2]) % 64] += 1
        return v / (np.linalg.norm(v) or 1)

    def query(self, text):
        return self._vec(text)

    def passage(self, texts):
        self.passages_embedded += len(texts)
        return np.stack([self._vec(t) for t in texts])


def test_chunk_spans_250_with_50_overlap():
    # step = 250 - 50 = 200: starts 0, 200, 400; the third window (400, 650) is cut at the end (600)
    assert chunk_text("x" * 600) == [(0, 250), (200, 450), (400, 600)]
    # 450 chars: (0,250), (200,450) reaches the end -> stop
    assert chunk_text("x" * 450) == [(0, 250), (200, 450)]
    assert chunk_text("short") == [(0, 5)]
    with pytest.raises(ValueError):
        chunk_text("x", size=50, overlap=50)


def test_rrf_hand_computed():
    # run A: [1, 2]; run B: [2, 3]; k = 60
    # d1 = 1/61 = 0.016393; d2 = 1/62 + 1/61 = 0.032522; d3 = 1/62 = 0.016129
    fused = rrf([[1, 2], [2, 3]], k=60)
    assert [d for d, _ in fused] == [2, 1, 3]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_bm25_prefers_the_document_with_the_rare_term():
    bm = BM25([["金融", "机构"], ["金融", "跨境", "理财通"], ["旅游"]])
    s = bm.scores(["理财通"])
    assert s[1] > 0 and s[0] == 0 and s[2] == 0


def test_naive_index_modes_and_vector_cache(tmp_path):
    text = "加快引育各类金融机构，吸引证券公司落户。" * 10 + "持续深化跨境理财通业务，便利澳门居民。" * 10
    chunks = make_chunks([("d", text)])
    emb = FakeEmbedder()
    idx = NaiveIndex(chunks, emb, cache_dir=tmp_path, model_id="fake")
    for mode in ("dense", "bm25", "fused"):
        hits = idx.search("跨境理财通", k=2, mode=mode)
        assert hits and "理财通" in hits[0].text, mode
    assert emb.passages_embedded == len(chunks)
    NaiveIndex(chunks, emb, cache_dir=tmp_path, model_id="fake")  # second build reads the .npy cache
    assert emb.passages_embedded == len(chunks)


def _clause(cid, text, start):
    return Clause(id=cid, doc_id="d", doc_title="", doc_number="", issuer="", date="", kind="paragraph", path=[],
                  path_code="", ordinal=1, lead="", text=text, citation="", start=start, end=start + len(text))


def test_judge_evidence_and_span_rules():
    g1 = _clause("d/1.p1", "甲" * 40 + "澳资产业增加值90亿元" + "乙" * 50, 0)  # span 0..100
    g2 = _clause("d/2.p1", "丙" * 300, 100)  # span 100..400
    item = GoldItem("q", "?", "zh-Hans", "multi", ["d/1.p1", "d/2.p1"], ["澳资产业增加值90亿元", "丙丙丙"], ["90亿元"], True)
    judge = Judge([g1, g2])
    # contains g1's evidence (with a layout space inside) -> covers g1; overlaps g2 by 10 of min(60, 300) -> not g2
    a = Retrieved("c1", "澳资产业增加值 90亿元" + "乙" * 50, "d", 30, 90, is_clause=False)
    assert judge.covers(a, item) == {"d/1.p1"}
    # span 90..340 overlaps g2 by 240 >= 0.5 * min(250, 300) = 125 -> covers g2 (its text also holds 丙丙丙)
    b = Retrieved("c2", "乙" * 10 + "丙" * 240, "d", 90, 340, is_clause=False)
    assert judge.covers(b, item) == {"d/2.p1"}
    # span 70..120 (50 chars): g1 overlap 30 >= 0.5 * min(50, 100) = 25 -> g1;
    # g2 overlap 20 < 0.5 * min(50, 300) = 25 -> not g2
    c = Retrieved("c3", "乙" * 30 + "丁" * 20, "d", 70, 120, is_clause=False)
    assert judge.covers(c, item) == {"d/1.p1"}
    # span 80..330: g1 overlap 20 < 0.5 * min(250, 100) = 50 -> not g1; g2 overlap 230 >= 125 -> g2
    d = Retrieved("c4", "乙" * 20 + "丁" * 230, "d", 80, 330, is_clause=False)
    assert judge.covers(d, item) == {"d/2.p1"}
    # the same span in another document counts for nothing
    assert judge.covers(Retrieved("c5", "丁" * 250, "e", 80, 330, is_clause=False), item) == set()
    # a clause result counts only by id
    assert judge.covers(Retrieved("d/2.p1", "", "d"), item) == {"d/2.p1"}
    assert judge.covers(Retrieved("d/3.p1", "澳资产业增加值90亿元", "d"), item) == set()
