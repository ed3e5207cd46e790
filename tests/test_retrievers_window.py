"""The window stage: the dense run re-ranked by each clause's best sentence window (stubs, then the real 总体方案)."""
import shutil
from pathlib import Path

import numpy as np
import pytest

from core.filters import Filter
from core.records import Clause
from index.retrievers.base import QueryContext, Run
from index.retrievers.window import BETA, SHARE, WindowRetriever, clause_scores
from index.stores.base import Selection
from index.vector_cache import EmbeddingCache, cached_vectors
from index.window_vectors import WindowVectors, window_vectors
from index.windows import all_windows

REPO = Path(__file__).resolve().parents[1]
SHORT = "支持跨境金融。"
# three sentences, three topics: three windows (index/windows.py), the middle one on the query's topic
LONG = ("合作区大力发展集成电路、电子元器件、新材料、新能源、大数据、人工智能、物联网、生物医药产业，构建特色芯片设计测试检测产业链。"
        "支持发展毛坯钻石加工，打造世界级毛坯钻石、宝石交易中心，推动珠宝首饰设计与澳门品牌联动发展，形成完整链条并扩大出口规模。"
        "建设中葡国际贸易中心和数字贸易国际枢纽港，推动传统贸易数字化转型，支持跨境电商和新型国际贸易结算便利化，扩大对葡语国家开放。")


def _clause(text, n):
    return Clause(id=f"d/1.p{n}", doc_id="d", doc_title="《测试》", doc_number="", issuer="", date="", kind="paragraph",
                  path=["一、总则"], path_code="1", ordinal=n, lead="", text=text, citation=f"《测试》一第{n}段")


def _unit(*parts):
    v = np.zeros(4, np.float32)
    for i, w in parts:
        v[i] = w
    return v / np.linalg.norm(v)


class _Store:
    """A flat store over fixed clause vectors (the dense run's source)."""

    def __init__(self, mat, flat=True):
        self.mat = mat
        self._dense = mat if flat else None

    def search(self, q, k, selection=None):
        mask = selection.mask if isinstance(selection, Selection) else selection
        scores = self.mat @ q
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        order = [int(i) for i in np.lexsort((np.arange(len(scores)), -scores)) if np.isfinite(scores[i])]
        return [(i, float(scores[i])) for i in order[:k]]


def _index(tmp_path, window_vecs, flat=True, beta=0.4, share=0.0):
    """Clause 0 short (0.6 on the query topic), clause 1 long: its vector averages three topics (0.577 on the query
    topic) but its second sentence is the query topic itself."""
    clauses = [_clause(SHORT, 0), _clause(LONG, 1)]
    texts, owners = all_windows(clauses)
    assert owners == [1, 1, 1] and len(texts) == 3

    class Embedder:
        model_id = "stub-4"

        @staticmethod
        def query(text):
            return _unit((1, 1.0))

    if window_vecs is not None:
        cache = EmbeddingCache(tmp_path, Embedder.model_id)
        cache.put({cache.key(t): v for t, v in zip(texts, window_vecs)})
        cache.close()

    class Idx:
        pass

    idx = Idx()
    idx.clauses, idx.build_dir, idx.embedder, idx.window_beta = clauses, tmp_path, Embedder, beta
    idx.window_share = share
    idx.gloss_mode, idx.weights = "none", (1.0, 1.0)
    idx.vectors = _Store(np.stack([_unit((1, 0.6), (2, 0.8)), _unit((0, 1.0), (1, 1.0), (3, 1.0))]), flat=flat)
    return idx


def _run(idx, k=2, mask=None):
    ctx = QueryContext(index=idx, text="毛坯钻石加工", depth=k, selection=Selection(Filter(), mask), expansion=[],
                       tokens=[], groups=[], own=True)
    found = idx.vectors.search(idx.embedder.query(""), k, mask)
    ctx.runs["dense"] = dense = Run("dense", [p for p, _ in found], 1.0, [s for _, s in found])
    extra = WindowRetriever().search(ctx, k, ctx.selection)
    assert (extra is None) == (idx.window_share == 0)  # re-ranks in place; a run of its own only with a share
    return dense


TOPIC_WINDOWS = [_unit((0, 1.0)), _unit((1, 1.0)), _unit((3, 1.0))]  # window 1 is exactly the query topic


def test_a_long_clause_rises_by_its_best_window_but_only_part_of_the_way(tmp_path):
    idx = _index(tmp_path, TOPIC_WINDOWS)
    plain = idx.vectors.search(idx.embedder.query(""), 2)
    assert [p for p, _ in plain] == [0, 1]  # the averaged long clause loses to the short one on clause vectors
    dense = _run(idx)
    assert dense.positions == [1, 0]
    c = 1 / np.sqrt(3)
    assert dense.scores == pytest.approx([c + 0.4 * (1.0 - c), 0.6], abs=1e-6)  # the short clause keeps its score


def test_beta_zero_or_no_cached_windows_leave_the_dense_run_as_it_was(tmp_path):
    assert _run(_index(tmp_path / "a", None)).positions == [0, 1]
    assert _run(_index(tmp_path / "b", TOPIC_WINDOWS, beta=0.0)).positions == [0, 1]
    # a window worse than its clause never lowers the clause
    assert _run(_index(tmp_path / "c", [_unit((2, 1.0)), _unit((3, 1.0)), _unit((0, 1.0))])).positions == [0, 1]


def test_the_best_window_run_takes_its_share_of_the_dense_weight(tmp_path):
    idx = _index(tmp_path, TOPIC_WINDOWS, share=0.25)
    ctx = QueryContext(index=idx, text="毛坯钻石加工", depth=2, selection=Selection(Filter(), None), expansion=[],
                       tokens=[], groups=[], own=True)
    found = idx.vectors.search(idx.embedder.query(""), 2)
    ctx.runs["dense"] = dense = Run("dense", [p for p, _ in found], 1.0, [s for _, s in found])
    run = WindowRetriever().search(ctx, 2, ctx.selection)
    assert run.name == "window" and run.positions == [1, 0]
    assert run.scores == pytest.approx([1.0, 0.6], abs=1e-6)  # the long clause at its best window's score, in full
    assert (dense.weight, run.weight) == pytest.approx((0.75, 0.25))  # the dense evidence keeps its total weight
    assert 0 < SHARE < 1


def test_a_clause_the_dense_run_missed_joins_by_its_window(tmp_path):
    idx = _index(tmp_path, TOPIC_WINDOWS)
    dense = _run(idx, k=1)  # the dense run holds only the short clause
    assert dense.positions == [1]


def test_the_filter_keeps_windows_of_excluded_clauses_out(tmp_path):
    idx = _index(tmp_path, TOPIC_WINDOWS)
    dense = _run(idx, mask=np.array([True, False]))
    assert dense.positions == [0]


def test_a_store_without_a_matrix_gives_the_same_ranking(tmp_path):
    flat, other = _index(tmp_path / "f", TOPIC_WINDOWS), _index(tmp_path / "o", TOPIC_WINDOWS, flat=False)
    q = flat.embedder.query("")
    assert clause_scores(other, q, [1]) == pytest.approx(clause_scores(flat, q, [1]))
    assert _run(flat, k=1).positions == _run(other, k=1).positions == [1]


def test_best_window_per_clause_and_cache_reads_by_key(tmp_path):
    wv = WindowVectors.of([2, 2, 5, 7], np.array([[1, 0], [0, 1], [0.5, 0.5], [-1, 0]], np.float32))
    assert wv.owners.tolist() == [2, 5, 7]
    q = np.array([0.0, 1.0], np.float32)
    best = wv.best_of(q, np.array([7, 3, 2, 5]))
    assert best[[0, 2, 3]].tolist() == [0.0, 1.0, 0.5] and np.isnan(best[1])  # clause 3 has no windows
    assert wv.top(q, 2) == [2, 5] and wv.top(q, 3, np.array([True] * 5 + [False] * 3)) == [2]
    cache = EmbeddingCache(tmp_path, "m")
    cache.put({cache.key("x"): np.ones(3, np.float32), cache.key("y"): np.zeros(3, np.float32)})
    cache.close()
    assert cached_vectors(tmp_path, "m", ["y", "x", "y"]).tolist() == [[0, 0, 0], [1, 1, 1], [0, 0, 0]]
    assert cached_vectors(tmp_path, "m", ["x", "never embedded"]) is None  # all or nothing: reads never embed
    assert cached_vectors(tmp_path / "none", "m", ["x"]) is None


@pytest.fixture(scope="module")
def master_plan_kb(tmp_path_factory):
    """The 总体方案 alone, with the real default model (window vectors embedded by refresh)."""
    from kb import KnowledgeBase
    from settings import Settings

    root = tmp_path_factory.mktemp("mp")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / "manifest.toml", corpus / "manifest.toml")
    shutil.copy(REPO / "corpus" / "hengqin-master-plan-2021.txt", corpus / "hengqin-master-plan-2021.txt")
    kb = KnowledgeBase(Settings.load(build_dir=root / "build", corpus_dir=corpus))
    kb.refresh()
    return kb


def _dense_rank(kb, question, gold, beta):
    idx = kb.index
    idx.window_beta = beta
    try:
        ctx = QueryContext(index=idx, text=question, depth=20, selection=Selection(Filter(), None), expansion=[],
                           tokens=idx.tokenizer.tokens(question), groups=[], own=True)
        for stage in idx.retrievers[:2]:
            stage.search(ctx, 20, ctx.selection) if stage.name == "window" else ctx.runs.setdefault(
                stage.name, stage.search(ctx, 20, ctx.selection))
        positions = ctx.runs["dense"].positions
        return [idx.clauses[p].id for p in positions].index(gold) + 1
    finally:
        idx.window_beta = BETA


@pytest.mark.parametrize("question, gold", [
    # an 11-character sentence (支持引进世界知名大学) among eight of item （十一）
    ("Will the Overall Plan help bring world-renowned universities to Hengqin?", "hq-master-plan-2021/2.11.p1"),
    ("喺合作區創業嘅澳門後生仔，可唔可以同時攞粵澳兩邊嘅扶持政策？", "hq-master-plan-2021/3.12.p1"),  # （十二）'s 4th
    ("总体方案提出要打造哪些通信技术的应用示范项目？", "hq-master-plan-2021/2.6.p1"),  # the last sentence of （六）
])
def test_a_question_about_one_sentence_of_a_long_item_finds_the_item(master_plan_kb, question, gold):
    assert [s.name for s in master_plan_kb.index.retrievers[:2]] == ["dense", "window"]
    assert window_vectors(master_plan_kb.index) is not None  # refresh embedded them
    before, after = _dense_rank(master_plan_kb, question, gold, 0.0), _dense_rank(master_plan_kb, question, gold, BETA)
    assert after == 1 and before > 1, (before, after)  # the dense run alone (dev q305, q312, q314)


def test_an_hnsw_graph_over_many_windows_gives_the_flat_answers():
    from index.stores.faiss import FaissStore

    rng = np.random.default_rng(3)
    mat = rng.standard_normal((300, 8)).astype(np.float32)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    rows = np.sort(rng.choice(120, 300))
    flat, graph = WindowVectors.of(rows, mat), WindowVectors.of(rows, mat, FaissStore.build(mat, threshold=1))
    assert flat.store.kind == "flat" and graph.store.kind == "hnsw" and graph.matrix is None  # vectors held once
    q = mat[17]
    positions = np.arange(120)
    assert np.allclose(flat.best_of(q, positions), graph.best_of(q, positions), equal_nan=True)
    assert graph.top(q, 5) == flat.top(q, 5) and flat.top(q, 1) == [int(rows[17])]
