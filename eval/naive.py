"""Naive RAG baseline: fixed 250-character chunks (50 overlap), e5 + FAISS flat IP, jieba BM25, RRF."""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CHUNK_SIZE = 250
CHUNK_OVERLAP = 50
RRF_K = 60
POOL = 50  # candidates taken from each run before fusion


@dataclass
class Chunk:
    """A fixed window of one document's text; start/end are offsets into that text."""

    id: str  # doc_id#n
    doc_id: str
    start: int
    end: int
    text: str


def chunk_text(text: str, size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP) -> list[tuple[int, int]]:
    """Spans of a sliding window: starts 0, size-overlap, …; the last window reaches the end of the text."""
    if size <= overlap:
        raise ValueError("chunk size must exceed the overlap")
    step = size - overlap
    spans = []
    start = 0
    while True:
        end = min(start + size, len(text))
        spans.append((start, end))
        if end >= len(text):
            return spans
        start += step


def make_chunks(documents: list[tuple[str, str]], size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP) -> list[Chunk]:
    out = []
    for doc_id, text in documents:
        for n, (s, e) in enumerate(chunk_text(text, size, overlap), 1):
            out.append(Chunk(f"{doc_id}#{n}", doc_id, s, e, text[s:e]))
    return out


_WORD = re.compile(r"\w", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """jieba words, lower-cased, punctuation and spaces dropped — no dictionary, no script folding (naive)."""
    import jieba

    return [t.lower() for t in jieba.lcut(text) if _WORD.search(t)]


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over pre-tokenised documents."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.tf = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = (sum(self.len) / len(docs)) if docs else 0.0
        df = Counter(t for d in docs for t in set(d))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: list[str]) -> list[float]:
        out = []
        for tf, dl in zip(self.tf, self.len):
            s = 0.0
            for t in query:
                f = tf.get(t)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * dl / (self.avg or 1)))
            out.append(s)
        return out


def rrf(runs: list[list[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal-rank fusion: score(d) = sum over runs of 1/(k + rank); ties keep first-seen order."""
    scores: dict[int, float] = {}
    for run in runs:
        for rank, doc in enumerate(run, 1):
            scores[doc] = scores.get(doc, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


class NaiveIndex:
    """The baseline over chunks; search modes 'dense', 'bm25', 'fused' return Chunks, best first."""

    def __init__(self, chunks: list[Chunk], embedder, cache_dir: Path | None = None, model_id: str = ""):
        import faiss

        self.chunks = chunks
        self.embedder = embedder
        self.bm25 = BM25([tokenize(c.text) for c in chunks])
        vectors = self._vectors(cache_dir, model_id)
        self.faiss = faiss.IndexFlatIP(vectors.shape[1])
        self.faiss.add(vectors)

    def _vectors(self, cache_dir: Path | None, model_id: str) -> np.ndarray:
        """Passage vectors, cached as .npy keyed by model and chunk texts (no pickle)."""
        key = hashlib.sha1((model_id + "\x00" + "\x00".join(c.text for c in self.chunks)).encode()).hexdigest()[:16]
        path = Path(cache_dir) / f"naive-{key}.npy" if cache_dir and model_id else None
        if path is not None and path.exists():
            try:
                vec = np.load(path, allow_pickle=False)
                if vec.shape[0] == len(self.chunks):
                    return np.ascontiguousarray(vec, dtype="float32")
            except (OSError, ValueError):
                pass  # a damaged cache is simply rebuilt
        vec = np.ascontiguousarray(np.asarray(self.embedder.passage([c.text for c in self.chunks]), dtype="float32"))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, vec, allow_pickle=False)
            tmp.replace(path)
        return vec

    def dense(self, query: str, k: int) -> list[int]:
        q = np.ascontiguousarray(np.asarray(self.embedder.query(query), dtype="float32").reshape(1, -1))
        _, idx = self.faiss.search(q, min(k, len(self.chunks)))
        return [int(i) for i in idx[0] if i >= 0]

    def sparse(self, query: str, k: int) -> list[int]:
        scores = self.bm25.scores(tokenize(query))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        return [i for i in order[:k] if scores[i] > 0]

    def search(self, query: str, k: int = 10, mode: str = "fused") -> list[Chunk]:
        if mode == "dense":
            idx = self.dense(query, k)
        elif mode == "bm25":
            idx = self.sparse(query, k)
        elif mode == "fused":
            idx = [i for i, _ in rrf([self.dense(query, POOL), self.sparse(query, POOL)])[:k]]
        else:
            raise ValueError(f"unknown naive mode {mode!r}")
        return [self.chunks[i] for i in idx]
