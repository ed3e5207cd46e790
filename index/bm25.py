"""Okapi BM25 over token lists as a sparse matrix: build, score, save/load without pickle."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

TF_FILE = "bm25_tf.npz"  # raw term frequencies, kept so a new document is appended without re-tokenising the rest


class BM25:
    """Precomputed per-(row, term) BM25 weights; a query scores as a sum over its term columns."""

    def __init__(self, matrix: sparse.csc_matrix, vocab: list[str], k1: float = 1.2, b: float = 0.75):
        self.matrix = matrix
        self.vocab = vocab
        self.term_id = {t: i for i, t in enumerate(vocab)}
        self.k1, self.b = k1, b
        self.tf: sparse.csr_matrix | None = None  # raw term frequencies: what an incremental add extends

    @classmethod
    def build(cls, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> "BM25":
        tf, vocab = term_frequencies(docs)
        return cls.from_tf(tf, vocab, k1, b)

    @classmethod
    def from_tf(cls, tf: sparse.csr_matrix, vocab: list[str], k1: float = 1.2, b: float = 0.75) -> "BM25":
        """Weights from raw term frequencies (rows = clauses): idf and avgdl are global, so adding rows means
        recomputing them here — vectorised over the non-zeros, about a second at 150,000 rows."""
        tf = sparse.csr_matrix(tf, dtype=np.float64)
        n = tf.shape[0]
        lengths = np.maximum(np.asarray(tf.sum(axis=1)).ravel(), 1.0)  # a row's tokens (an empty one counts 1)
        coo = tf.tocoo()
        rows_a, cols_a, tf_a = coo.row, coo.col, coo.data
        df = np.bincount(cols_a, minlength=tf.shape[1]).astype(np.float64)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        avgdl = lengths.mean() if n else 1.0
        norm = k1 * (1 - b + b * lengths[rows_a] / avgdl) if n else np.zeros(0)
        weights = idf[cols_a] * tf_a * (k1 + 1) / (tf_a + norm)
        matrix = sparse.csc_matrix((weights.astype(np.float32), (rows_a, cols_a)), shape=tf.shape)
        out = cls(matrix, list(vocab))
        out.tf = sparse.csr_matrix(tf, dtype=np.int32)
        return out

    def extended(self, docs: list[list[str]], replace: dict[int, list[str]] | None = None) -> "BM25":
        """This matrix with rows appended for `docs` (and rows in `replace` re-tokenised), weights recomputed
        globally: the same matrix a build over all rows gives, without re-tokenising the others."""
        if self.tf is None:
            raise ValueError("this BM25 index has no stored term frequencies (built before they were kept)")
        vocab = dict(self.term_id)
        tf = self.tf
        if replace:
            keep = np.ones(tf.shape[0], dtype=np.float64)
            keep[list(replace)] = 0.0
            tf = sparse.csr_matrix(sparse.diags(keep) @ tf, dtype=np.int32)
            tf.eliminate_zeros()  # explicit zeros would count in df
        new_tf, vocab = term_frequencies(docs, vocab)
        fix, vocab = term_frequencies(list((replace or {}).values()), vocab)
        width = len(vocab)  # every new term known: now all parts can take the final shape
        base = sparse.csr_matrix((tf.data, tf.indices, tf.indptr), shape=(tf.shape[0], width))
        if replace:
            rows = np.array(list(replace), dtype=np.int64)
            fix = fix.tocoo()
            base = (base + sparse.csr_matrix((fix.data, (rows[fix.row], fix.col)), shape=base.shape)).tocsr()
        parts = [base, sparse.csr_matrix((new_tf.data, new_tf.indices, new_tf.indptr), shape=(len(docs), width))]
        words = [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])]
        return BM25.from_tf(sparse.vstack(parts, format="csr"), words, self.k1, self.b)

    def scores(self, tokens: list[str], groups: list[list[str]] = ()) -> np.ndarray:
        """BM25 score of every row for the query tokens (unknown tokens contribute nothing).

        Each group (the tokens of one concept, e.g. one glossary term: 澳资企业 -> 澳资, 企业, 澳资企业) adds
        the mean of its tokens' weights, so a concept counts once however many sub-words it splits into and a
        clause matching two concepts outscores one matching a single concept three times over."""
        s = np.zeros(self.matrix.shape[0], dtype=np.float32)
        counts = Counter(t for t in tokens if t in self.term_id)
        if counts:
            ids = [self.term_id[t] for t in counts]
            qtf = np.array([counts[t] for t in counts], dtype=np.float32)
            s += np.asarray(self.matrix[:, ids] @ qtf).ravel()
        for group in groups:
            ids = list(dict.fromkeys(self.term_id[t] for t in group if t in self.term_id))
            if ids:
                s += np.asarray(self.matrix[:, ids].sum(axis=1)).ravel() / len(ids)
        return s

    def top(self, tokens: list[str], n: int, allowed: np.ndarray | None = None,
            groups: list[list[str]] = ()) -> list[tuple[int, float]]:
        """Best n rows with a positive score, optionally only rows where `allowed` is True."""
        s = self.scores(tokens, groups)
        if allowed is not None:
            s = np.where(allowed, s, 0.0)
        positive = np.flatnonzero(s > 0)
        if positive.size == 0:
            return []
        if positive.size > n:  # partial sort: the full argsort of 100k scores costs ~8 ms
            positive = positive[np.argpartition(-s[positive], n - 1)[:n]]
        order = positive[np.lexsort((positive, -s[positive]))][:n]
        return [(int(i), float(s[i])) for i in order]

    def save(self, directory: Path) -> None:
        m = self.matrix
        np.savez(Path(directory) / "bm25.npz", data=m.data, indices=m.indices, indptr=m.indptr, shape=np.array(m.shape))
        if self.tf is not None:
            t = self.tf
            np.savez(Path(directory) / TF_FILE, data=t.data, indices=t.indices, indptr=t.indptr, shape=np.array(t.shape))
        (Path(directory) / "bm25_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "BM25":
        with np.load(Path(directory) / "bm25.npz", allow_pickle=False) as z:
            matrix = sparse.csc_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(int(x) for x in z["shape"]))
        vocab = json.loads((Path(directory) / "bm25_vocab.json").read_text(encoding="utf-8"))
        if len(vocab) != matrix.shape[1]:
            raise ValueError(f"bm25 vocabulary has {len(vocab)} terms but the matrix has {matrix.shape[1]} columns")
        out = cls(matrix, vocab)
        tf_path = Path(directory) / TF_FILE
        if tf_path.exists():  # indexes written before it was kept have none: an add then rebuilds
            with np.load(tf_path, allow_pickle=False) as z:
                out.tf = sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(int(x) for x in z["shape"]))
            if out.tf.shape != matrix.shape:
                raise ValueError(f"{tf_path}: {out.tf.shape} term frequencies for a {matrix.shape} matrix")
        return out


def term_frequencies(docs: list[list[str]], vocab: dict[str, int] | None = None) -> tuple[sparse.csr_matrix, dict]:
    """(rows x terms matrix of counts, vocabulary term -> column), new terms appended to `vocab` in first-seen order."""
    vocab = {} if vocab is None else vocab
    rows, cols, tfs = [], [], []
    for r, tokens in enumerate(docs):
        for term, tf in Counter(tokens).items():
            rows.append(r)
            cols.append(vocab.setdefault(term, len(vocab)))
            tfs.append(tf)
    tf = sparse.csr_matrix((np.array(tfs, dtype=np.int32), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
                           shape=(len(docs), len(vocab)))
    return tf, vocab
