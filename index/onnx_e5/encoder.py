"""Run the exported encoder on onnxruntime: e5.c's windows for long texts, length-sorted batches, lazy sessions."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Callable

import numpy as np

from .tokenizer import E5Tokenizer
from .weights import Vocab

PAD = 1  # <pad>: masked out, its value never matters
# padded tokens per batch (and at most BATCH_ROWS rows): small batches keep a layer's activations in cache —
# on real corpus passages in a build's order 512 tokens needed 0.79x the CPU per passage of main's 16 rows /
# 2048 tokens (0.86-0.89x with the 4-bit layout; bench_variants.py). A full 512-token window goes alone.
TOKEN_BUDGET = 512
BATCH_ROWS = 64


def session_options(threads: int, spinning: bool = False):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = max(1, int(threads))
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # passive waiting by default: spinning worker threads steal a shared machine's cores from the other processes
    spin = "1" if spinning else "0"
    so.add_session_config_entry("session.intra_op.allow_spinning", spin)
    so.add_session_config_entry("session.inter_op.allow_spinning", spin)
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return so


class OnnxEncoder:
    """Embeddings from an export directory. `threads` for batches; queries run on a 1-thread session so
    concurrent callers run side by side instead of contending for one intra-op pool."""

    def __init__(self, export: Path, vocab: Vocab, threads: int, batch_size: int = BATCH_ROWS, token_budget: int = TOKEN_BUDGET,
                 spinning: bool = False):
        self.export = Path(export)
        meta = json.loads((self.export / "manifest.json").read_text(encoding="utf-8"))
        self.dim = int(meta["hidden"])
        self.window = int(meta["max_positions"]) - 2  # content tokens per window, as e5.c's WMAX
        self.tokenizer = E5Tokenizer(vocab, saved=str(self.export / "tokenizer.json"))
        self.threads, self.batch_size = max(1, int(threads)), max(1, int(batch_size))
        self.token_budget, self.spinning = max(1, int(token_budget)), bool(spinning)
        self._sessions: dict[int, object] = {}
        self._lock = threading.Lock()

    def _session(self, threads: int):
        with self._lock:
            if threads not in self._sessions:
                import onnxruntime as ort

                self._sessions[threads] = ort.InferenceSession(
                    str(self.export / "encoder.onnx"), session_options(threads, self.spinning and threads > 1),
                    providers=["CPUExecutionProvider"])
            return self._sessions[threads]

    def encode(self, texts: list[str], is_query: bool, progress: Callable[[int], None] | None = None,
               threads: int | None = None) -> np.ndarray:
        """L2-normalised vectors [n, dim]; progress(k) after each batch with the number of texts finished."""
        n = len(texts)
        out = np.zeros((n, self.dim), dtype=np.float32)
        if not n:
            return out
        session = self._session(threads or self.threads)
        content = self.tokenizer.content_ids_batch(texts, is_query)
        windows = []  # (text index, ids): a text longer than one window is averaged over its windows
        for i, ids in enumerate(content):
            for a in range(0, max(len(ids), 1), self.window):
                windows.append((i, ids[a : a + self.window]))
        pending = np.array([max(1, -(-len(ids) // self.window)) for ids in content])
        weight = np.zeros(n, dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))  # little padding per batch
        for batch in self._batches([windows[w] for w in order]):
            width = max(len(ids) for _, ids in batch) + 2
            input_ids = np.full((len(batch), width), PAD, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for r, (_, ids) in enumerate(batch):
                row = [self.tokenizer.bos, *ids, self.tokenizer.eos]
                input_ids[r, : len(row)] = row
                mask[r, : len(row)] = 1
            pooled = session.run(["pooled"], {"input_ids": input_ids, "attention_mask": mask})[0]
            finished = 0
            for (i, ids), vec in zip(batch, pooled):
                w = max(len(ids), 1)  # e5.c weights each window's mean by its content length
                out[i] += w * vec
                weight[i] += w
                pending[i] -= 1
                finished += pending[i] == 0
            if progress and finished:
                progress(int(finished))
        out /= np.maximum(weight, 1e-12)[:, None].astype(np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def _batches(self, windows: list) -> list:
        """Consecutive (length-sorted) windows, at most batch_size rows and token_budget padded tokens each."""
        out, cur = [], []
        for w in windows:
            width = len(w[1]) + 2  # sorted ascending: this window sets the batch's width
            if cur and (len(cur) >= self.batch_size or (len(cur) + 1) * width > self.token_budget):
                out.append(cur)
                cur = []
            cur.append(w)
        if cur:
            out.append(cur)
        return out
