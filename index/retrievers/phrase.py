"""Exact-phrase retriever: among the earlier runs' candidates, clauses holding the query's longer segments verbatim."""
from __future__ import annotations

import re

from ..normalize import fold
from .base import QueryContext, Run

PUNCT = re.compile(r"[\W_]+", re.UNICODE)
MIN_PHRASE = 5  # characters: shorter query segments are left to BM25


class PhraseRetriever:
    name = "phrase"

    def search(self, query: QueryContext, k: int, selection) -> Run | None:
        idx = query.index
        # A glossary term that is one word (澳资企业) is already whole in BM25; as an exact phrase too it counted
        # twice (its clauses outranked the dense + BM25 hit for "Macau enterprises in finance"). Only multi-word
        # terms (国际健康岛、活力岛、数字岛、财富岛) carry phrase evidence BM25 lacks.
        # For an en/pt question (no Chinese tokens of its own) the BM25 run is the glossary's
        # only sparse run; a phrase run over the same terms would double their weight.
        phrases = [t for t, g in zip(query.expansion, query.groups) if query.own and (idx.gloss_phrase == "all" or
                   (idx.gloss_phrase == "phrases" and PUNCT.sub("", fold(t)) not in g))]
        bm25, dense = query.runs.get("bm25"), query.runs.get("dense")
        candidates = (bm25.positions if bm25 else []) + (dense.positions if dense else [])
        exact = phrase_run(idx.compact, query.text, candidates, phrases)
        # a sentence pasted from the document: the clauses that contain it verbatim (credited as keyword evidence)
        return Run("bm25", exact, idx.weights[1]) if exact else None


def phrase_run(compact: list[str], text: str, candidates: list[int], terms: list[str] = ()) -> list[int]:
    """Candidates containing the query's longer segments (or glossary terms of 4+ characters) verbatim,
    punctuation ignored, most matched first."""
    segments = [seg for seg in PUNCT.split(fold(text)) if len(seg) >= MIN_PHRASE]
    segments += [t for t in (PUNCT.sub("", fold(term)) for term in terms) if len(t) >= 4 and t not in segments]
    if not segments:
        return []
    scored = []
    for n, pos in enumerate(dict.fromkeys(candidates)):
        matched = sum(len(seg) for seg in segments if seg in compact[pos])
        if matched:
            scored.append((-matched, n, pos))
    return [pos for _, _, pos in sorted(scored)]
