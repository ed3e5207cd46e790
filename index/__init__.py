"""Hybrid semantic search over clauses: dense (e5) + BM25 (jieba), reciprocal-rank fusion, routed section refs.

Interface (what the rest of the product codes against)::

    from index import open_index, Hit
    idx = open_index(settings, progress=None)
        # loads build/index/, building it first when missing or stale: the clause store changed (corpus
        # hash), the embedding model changed (HQ_EMBEDDER), the vector backend changed (HQ_VECTOR_BACKEND /
        # HQ_MILVUS_URI), or the index format / user dictionary changed.
        # A corrupt index is rebuilt; idx.rebuilt_reason says why ("" when it was loaded as is).
        # progress: optional callable(stage: str, done: int, total: int) during a build.
    hits: list[Hit] = idx.search(query, k=10, doc=None, path_prefix=None, kinds=None)
        # doc: a document id; path_prefix: a section code ("6", "6.3") or the start of the heading path;
        # kinds: clause kinds (ingest.records.KINDS).
    Hit.rank (1-based), Hit.clause (ingest.records.Clause), Hit.score (fused RRF; routed hits 1 + 1/(rrf_k + j), so scores fall with rank),
    Hit.retrievers (e.g. ["dense", "bm25"]; routed section references start with "ref"), Hit.to_dict()
    idx.clauses -> list[Clause] in store order; idx.get(clause_id) -> Clause; idx.manifest -> dict
    idx.embedder.query(text) -> (dim,) / idx.embedder.passages(list[str]) -> (n, dim): float32, L2-normalised

Pure pieces: fusion.rrf, normalize.fold, tokenize.Tokenizer, refs.detect/route, glossary.Glossary.
"""
from __future__ import annotations

__all__ = ["open_index", "load_index", "index_state", "embed_clauses", "Hit", "Index"]


def __getattr__(name: str):
    # Lazy, so `python -m index.bench` / `import index.fusion` do not load FAISS, jieba and the model code first.
    if name in ("open_index", "load_index", "index_state"):
        from . import open as opened

        return getattr(opened, name)
    if name == "embed_clauses":
        from .build import embed_clauses

        return embed_clauses
    if name in ("Hit", "Index"):
        from . import search

        return getattr(search, name)
    raise AttributeError(f"module 'index' has no attribute {name!r}")
