"""A line-by-line Python port of e5.c's tok_content, the oracle the tests hold the fast tokenizer to."""
from __future__ import annotations

import re

from .tokenizer import META, PREFIX
from .weights import Vocab


class ReferenceTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.index = {}
        for i, p in enumerate(vocab.pieces):
            b = p.encode("utf-8")
            if b and b not in self.index:  # e5.c's hash table returns the first piece inserted
                self.index[b] = i
        self.max_bytes = max(len(p.encode("utf-8")) for p in vocab.pieces)
        self.unk_score = float(vocab.scores.min()) - 10.0

    def content_ids(self, text: str, is_query: bool) -> list[int]:
        v = self.vocab
        cps = "".join(v.norm.get(ord(ch), ch) for ch in PREFIX[is_query] + text)
        cps = re.sub(" {2,}", " ", cps)
        chars = ([] if cps.startswith(" ") else [META]) + [META if c == " " else c for c in cps]
        enc = [c.encode("utf-8") for c in chars]
        n = len(chars)
        best = [-1e30] * (n + 1)
        bp, bf = [0] * (n + 1), [0] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            piece = b""
            for e in range(i + 1, n + 1):
                piece += enc[e - 1]
                if len(piece) > self.max_bytes:
                    break
                idx = self.index.get(piece, -1)
                if idx >= 0 and idx != v.unk:
                    sc = best[i] + float(v.scores[idx])
                    if sc > best[e]:
                        best[e], bp[e], bf[e] = sc, idx, i
            us = best[i] + self.unk_score
            if us > best[i + 1]:
                best[i + 1], bp[i + 1], bf[i + 1] = us, -1, i
        out, i = [], n
        while i > 0:
            out.append(v.unk if bp[i] < 0 else bp[i])
            i = bf[i]
        return out[::-1]
