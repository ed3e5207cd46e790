"""BM25 retriever over jieba tokens; glossary terms count once each (their sub-words share one term's weight)."""
from __future__ import annotations

from .base import QueryContext, Run


class Bm25Retriever:
    name = "bm25"

    def search(self, query: QueryContext, k: int, selection) -> Run:
        idx = query.index
        weight = idx.weights[1]
        if query.expansion and not query.own:
            # Sparse evidence from glossary terms alone: it may weigh at most what the dense run weighs.
            weight = min(idx.weights[1], idx.weights[0]) * idx.gloss_sparse_weight
        return Run("bm25", [p for p, _ in idx.bm25.top(query.tokens, k, selection.mask, query.groups)], weight)
