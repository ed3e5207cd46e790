"""LangChain adapters: a BaseRetriever over the index and an Embeddings over its embedder."""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from core.filters import Filter


def hit_document(hit) -> Document:
    """A hit as a Document: page_content is the clause text as stored; metadata carries id and citation."""
    c = hit.clause
    return Document(
        page_content=c.text,
        metadata={
            "clause_id": c.id,
            "citation": c.citation,
            "doc_id": c.doc_id,
            "doc_title": c.doc_title,
            "path": list(c.path),
            "kind": c.kind,
            "page": c.page,
            "rank": hit.rank,
            "score": float(hit.score),
            "retrievers": list(hit.retrievers),
        },
    )


class ClauseRetriever(BaseRetriever):
    """`ClauseRetriever(index=open_index(settings), k=5)` — use in any LangChain chain.

    `index` is an index.search.Index or a KnowledgeBase (anything with `search(query, k=, filters=)`). Filters:
    doc, path_prefix, kinds (clause kinds) on either; doc_kind, issuer, level and year select documents by their
    metadata, which a KnowledgeBase resolves (`ClauseRetriever(index=kb, doc_kind="条例", year=2023)`)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any
    k: int = 5
    doc: str | None = None
    path_prefix: str | None = None
    kinds: list[str] | None = None
    doc_kind: str | None = None
    issuer: str | None = None
    level: str | None = None
    year: int | None = None

    def _filter(self) -> Filter:
        return Filter(doc=self.doc, kind=self.doc_kind, issuer=self.issuer, level=self.level, year=self.year,
                      path_prefix=self.path_prefix, clause_kinds=tuple(self.kinds or ()))

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        f = self._filter()
        if (f.kind or f.issuer or f.level or f.year) and not hasattr(self.index, "documents"):
            raise ValueError("ClauseRetriever: doc_kind, issuer, level and year filter documents by their metadata; "
                             "pass the KnowledgeBase as index (an Index holds clauses only)")
        hits = self.index.search(query, k=self.k, filters=f)
        return [hit_document(h) for h in hits]


class ClauseEmbeddings(Embeddings):
    """The index's embedder (query/passage modes kept) as LangChain Embeddings."""

    def __init__(self, embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.query(text).tolist()
