"""Dense retriever: the e5 query vector (with glossary terms appended in "concat" mode) against the vector store."""
from __future__ import annotations

from .base import QueryContext, Run, query_vector


class DenseRetriever:
    name = "dense"

    def search(self, query: QueryContext, k: int, selection) -> Run:
        idx = query.index
        found = idx.vectors.search(query_vector(query), k, selection)
        return Run("dense", [p for p, _ in found], idx.weights[0], [s for _, s in found])
