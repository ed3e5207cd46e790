"""BM25 retriever over jieba tokens; glossary terms count once each (their sub-words share one term's weight).

An English/Portuguese question has few tokens of its own in the documents' vocabulary: its glossary terms and its
everyday words mapped through the lexicon (index/lexicon.py: "approve" → 审批/批准/批复, one term each) are its
sparse evidence. Measured over the 215 en/pt questions of dev and the fitted fresh sets (2026-12-02, e5-onnx;
hit@5 / MRR@10): without the lexicon 0.921 / 0.803 (dev 1.000 / 0.914, fresh sets 0.894 / 0.766); with it, the run
weighted LEXICON_BOOST more when the glossary gave terms, 0.967 / 0.837 (dev 0.981 / 0.894, fresh sets 0.963 /
0.818) — the dev questions, written with the glossary in view, lose a little; questions written elsewhere gain."""
from __future__ import annotations

from ..lexicon import wordings
from ..normalize import fold, strip_accents
from .base import QueryContext, Run

LEXICON_BOOST = 0.3  # 0.3, 0.6 and 1.0 measured alike (0.967 / 0.836-0.838); the smallest


class Bm25Retriever:
    name = "bm25"

    def search(self, query: QueryContext, k: int, selection) -> Run:
        idx = query.index
        weight = idx.weights[1]
        groups = list(query.groups)
        if not query.own:
            found, _ = wordings(strip_accents(fold(query.text)))
            mapped = [[t for w in zh for t in idx.tokenizer.tokens(w)] for _, zh in found]
            mapped = [g for g in mapped if g]
            if query.expansion:
                # Sparse evidence from glossary terms alone: it may weigh at most what the dense run weighs.
                weight = min(idx.weights[1], idx.weights[0]) * idx.gloss_sparse_weight * (1 + LEXICON_BOOST * bool(mapped))
            groups += mapped
        return Run("bm25", [p for p, _ in idx.bm25.top(query.tokens, k, selection.mask, groups)], weight)
