"""LangChain adapters: the retriever returns Documents with clause ids and citations; embeddings keep modes."""
from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever

from index import open_index
from index.langchain import ClauseEmbeddings, ClauseRetriever
from ingest.store import write_store

from .test_index_store import tiny_clauses


def test_retriever_returns_documents_with_citations(fake_embedder_settings):
    write_store(fake_embedder_settings.build_dir, tiny_clauses(), [{"doc_id": "doc-a"}])
    idx = open_index(fake_embedder_settings)
    retriever = ClauseRetriever(index=idx, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("合格境外有限合伙人 QFLP")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert top.metadata["clause_id"] == "doc-a/6.3.p2"
    assert top.metadata["citation"] == idx.get("doc-a/6.3.p2").citation
    assert top.page_content == idx.get("doc-a/6.3.p2").text
    assert top.metadata["rank"] == 1 and top.metadata["retrievers"]
    only_b = ClauseRetriever(index=idx, k=5, doc="doc-b").invoke("金融")
    assert {d.metadata["doc_id"] for d in only_b} == {"doc-b"}


def test_embeddings_adapter(fake_embedder_settings):
    write_store(fake_embedder_settings.build_dir, tiny_clauses(), [{"doc_id": "doc-a"}])
    idx = open_index(fake_embedder_settings)
    emb = ClauseEmbeddings(idx.embedder)
    assert isinstance(emb, Embeddings)
    q = emb.embed_query("跨境理财通")
    docs = emb.embed_documents(["跨境理财通业务", "绿色金融"])
    assert isinstance(q, list) and isinstance(q[0], float) and len(q) == idx.embedder.dim
    assert len(docs) == 2 and len(docs[0]) == len(q)
    assert sum(a * b for a, b in zip(q, docs[0])) > sum(a * b for a, b in zip(q, docs[1]))
