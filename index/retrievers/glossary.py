"""Glossary retriever: in "run" mode, the document's own terms for an en/pt question embedded as a dense run."""
from __future__ import annotations

from .base import QueryContext, Run


class GlossaryRetriever:
    name = "glossary"

    def search(self, query: QueryContext, k: int, selection) -> Run | None:
        idx = query.index
        if not query.expansion or idx.gloss_mode != "run":  # "concat" mode: the terms ride on the dense query
            return None
        vec = idx.embedder.query(" ".join(query.expansion))
        return Run("dense", [p for p, _ in idx.vectors.search(vec, k, selection)], idx.weights[0] * idx.gloss_weight)
