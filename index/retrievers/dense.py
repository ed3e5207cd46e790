"""Dense retriever: the e5 query vector (with glossary terms appended in "concat" mode) against the vector store."""
from __future__ import annotations

from .base import QueryContext, Run


class DenseRetriever:
    name = "dense"

    def search(self, query: QueryContext, k: int, selection) -> Run:
        idx = query.index
        text = query.text
        if query.expansion and idx.gloss_mode == "concat":
            text = query.text + " " + " ".join(query.expansion)
        return Run("dense", [p for p, _ in idx.vectors.search(idx.embedder.query(text), k, selection)], idx.weights[0])
