"""The retriever seam: one query's shared context, a ranked run, and the stage interface every retriever implements."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..stores.base import Selection


@dataclass
class Run:
    """A ranked list of clause positions from one retriever; `name` is what hits credit ("dense" | "bm25" | …)."""

    name: str
    positions: list[int]
    weight: float
    scores: list[float] | None = None  # the retriever's own scores, where a later stage reads them (dense)


@dataclass
class QueryContext:
    """What every stage of one search shares, computed once: the text, its glossary expansion and tokens, the
    filter as a Selection, the depth, and the runs of the stages before (the phrase stage re-ranks their union)."""

    index: object  # index.search.Index: clauses, stores, tokenizer, embedder, weights, glossary knobs
    text: str
    depth: int
    selection: Selection
    expansion: list[str]
    tokens: list[str]
    groups: list[list[str]]  # each glossary term's tokens
    own: bool  # the question has Chinese words of its own in the corpus vocabulary
    matched: list[str] = field(default_factory=list)  # the Latin glossary variants found (what the lexicon leaves out)
    runs: dict[str, Run] = field(default_factory=dict)  # by stage name, in stage order
    vectors: dict[str, object] = field(default_factory=dict)  # embedded query texts, so two dense stages embed once


def dense_text(query: QueryContext) -> str:
    """What the dense stages embed: the question, with glossary terms appended in "concat" mode."""
    if query.expansion and query.index.gloss_mode == "concat":
        return query.text + " " + " ".join(query.expansion)
    return query.text


def query_vector(query: QueryContext):
    """The query vector of the dense text, embedded once per search (float32)."""
    import numpy as np

    text = dense_text(query)
    vec = query.vectors.get(text)
    if vec is None:
        vec = query.vectors[text] = np.asarray(query.index.embedder.query(text), dtype=np.float32)
    return vec


class Retriever(Protocol):
    """A stage: a ranked run for the query within the selection (None when it has nothing to add)."""

    name: str

    def search(self, query: QueryContext, k: int, selection: Selection) -> Run | None: ...


class Reranker(Protocol):
    """An optional stage after fusion: reorders (position, score, retrievers) rows."""

    def rerank(self, query: QueryContext, rows: list[tuple[int, float, list[str]]]) -> list[tuple[int, float, list[str]]]: ...


class NoRerank:
    """The default: fusion's order stands (no model needed)."""

    def rerank(self, query: QueryContext, rows):
        return rows
