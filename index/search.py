"""The hybrid index in memory: dense + BM25 runs, reciprocal-rank fusion, filters, routed section references."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ingest.records import Clause

from . import refs as refmod
from .bm25 import BM25
from .fusion import rrf
from .gate import FifoGate
from .glossary import Glossary
from .normalize import fold
from .query_limit import is_long, limit_query
from .store import VectorStore, Where
from .tokenize import Tokenizer

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
MIN_PHRASE = 5  # characters: shorter query segments are left to BM25
REF_BONUS = 1.0  # routed hits score 1 + 1/(rrf_k + their rank among routed hits): above any fused RRF score


@dataclass
class Hit:
    """One search result: 1-based rank, the clause, the fused score and the retrievers that found it."""

    rank: int
    clause: Clause
    score: float
    retrievers: list[str]

    def to_dict(self) -> dict:
        """The JSON shape of a hit (`text` exactly as stored)."""
        c = self.clause
        return {
            "rank": self.rank,
            "clause_id": c.id,
            "score": round(float(self.score), 6),
            "retrievers": list(self.retrievers),
            "doc_id": c.doc_id,
            "doc_title": c.doc_title,
            "citation": c.citation,
            "path": list(c.path),
            "text": c.text,
        }


class Index:
    """Search over one built index. Thread-safe for concurrent `search` calls."""

    def __init__(self, manifest: dict, vectors: VectorStore, clauses: list[Clause], bm25: BM25, terms: list[str],
                 embedder, weights: tuple[float, float] = (1.0, 1.0), rrf_k: int = 60, glossary: Glossary | None = None):
        self.manifest = manifest
        self.vectors = vectors
        self.clauses = clauses
        self.bm25 = bm25
        self.embedder = embedder
        self.weights = weights
        self.rrf_k = rrf_k
        self.tokenizer = Tokenizer(terms)
        self.glossary = glossary if glossary is not None else Glossary.load()
        self.rebuilt_reason = ""  # set by open_index when it had to (re)build
        # Query-time knobs (measured on the dev questions; see index/bench.py and the report in README).
        self.gloss_mode = "concat"  # "run": glossary terms embedded as a third dense run; "concat": appended to the query; "none"
        self.gloss_weight = 1.0
        self.gloss_sparse_weight = 1.0  # factor (<= 1) on a BM25 run built from glossary terms only
        self.gloss_phrase = "phrases"  # glossary terms in the exact-phrase run: "all", "phrases" (multi-word only), "none"
        self._pos = {c.id: i for i, c in enumerate(clauses)}
        self._doc = np.array([c.doc_id for c in clauses], dtype=object)
        self._kind = np.array([c.kind for c in clauses], dtype=object)
        self._codes = [refmod.section_code(c) for c in clauses]
        self._routes = refmod.RouteTable(clauses)
        self._paths = [fold(" ".join(c.path)) for c in clauses]
        self._compact = [_PUNCT.sub("", fold(c.text)) for c in clauses]
        # Admission gate: at most one search per engine handle runs at once. Without it, 8 concurrent callers
        # convoy on the GIL around the native call (measured: throughput 33 q/s, p95 580 ms; gated: 72 q/s, 64 ms).
        # FIFO (index/gate.py): a caller that just left cannot barge ahead of those waiting. Long queries
        # queue at their own gate with one slot fewer, so one engine handle is always left for short ones.
        workers = max(1, int(getattr(embedder, "workers", 2)))
        self._gate = FifoGate(workers)
        self._long_gate = FifoGate(max(1, workers - 1))

    def get(self, clause_id: str) -> Clause:
        """The clause with this id (KeyError naming it when unknown)."""
        try:
            return self.clauses[self._pos[clause_id]]
        except KeyError:
            raise KeyError(f"unknown clause id {clause_id!r}") from None

    def __len__(self) -> int:
        return len(self.clauses)

    # -- filters ------------------------------------------------------------------------------
    def allowed(self, doc: str | None = None, path_prefix: str | None = None, kinds: list[str] | None = None) -> np.ndarray | None:
        """Mask of clauses passing the filters; None when there is no filter."""
        if not doc and not path_prefix and not kinds:
            return None
        mask = np.ones(len(self.clauses), dtype=bool)
        if doc:
            mask &= self._doc == doc  # ~1 ms per 100k clauses
        if kinds:
            mask &= np.isin(self._kind, list(kinds))
        if path_prefix:
            prefix = fold(path_prefix).strip().rstrip(".")
            mask &= np.array([
                code == prefix or code.startswith(prefix + ".") or (not prefix[:1].isdigit() and path.startswith(prefix))
                for code, path in zip(self._codes, self._paths)
            ], dtype=bool)
        return mask

    # -- search -------------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, doc: str | None = None, path_prefix: str | None = None,
               kinds: list[str] | None = None) -> list[Hit]:
        """Best k clauses for a query. Section references in the query are routed: those clauses come first."""
        query = limit_query(query).text  # cut to what the model reads; refused (QueryTooLong) when absurd
        if not query or k <= 0 or not self.clauses:
            return []
        with self._long_gate if is_long(query) else self._gate:
            return self._search(query, k, doc, path_prefix, kinds)

    def _search(self, query: str, k: int, doc: str | None, path_prefix: str | None, kinds: list[str] | None) -> list[Hit]:
        allowed = self.allowed(doc, path_prefix, kinds)
        where = Where(doc, path_prefix, tuple(kinds) if kinds else None) if allowed is not None else None
        refs = refmod.detect(query)
        routed = [i for i in self._routes.route(refs) if allowed is None or allowed[i]] if refs else []
        text = query
        if refs:
            rest = refmod.residual(query, refs)
            text = rest if self.tokenizer.tokens(rest) else ""
        fused = self._fused(text or query, max(50, 5 * k), allowed, where=where)
        order = {pos: n for n, (pos, _, _) in enumerate(fused)}
        if routed and text:  # a topic besides the reference: rank inside the section by it
            routed.sort(key=lambda i: order.get(i, len(order) + i))
        results: list[tuple[int, float, list[str]]] = []
        found = {pos: (score, names) for pos, score, names in fused}
        for j, i in enumerate(routed, 1):  # RRF-style score of the routed order, so scores fall with rank
            results.append((i, REF_BONUS + 1.0 / (self.rrf_k + j), ["ref"] + found.get(i, (0.0, []))[1]))
        taken = set(routed)
        results += [(pos, score, names) for pos, score, names in fused if pos not in taken]
        return [Hit(rank, self.clauses[pos], score, names) for rank, (pos, score, names) in enumerate(results[:k], 1)]

    def _phrase_run(self, text: str, candidates: list[int], terms: list[str] = ()) -> list[int]:
        """Candidates containing the query's longer segments (or glossary terms of 4+ characters) verbatim,
        punctuation ignored, most matched first."""
        segments = [seg for seg in _PUNCT.split(fold(text)) if len(seg) >= MIN_PHRASE]
        segments += [t for t in (_PUNCT.sub("", fold(term)) for term in terms) if len(t) >= 4 and t not in segments]
        if not segments:
            return []
        scored = []
        for n, pos in enumerate(dict.fromkeys(candidates)):
            matched = sum(len(seg) for seg in segments if seg in self._compact[pos])
            if matched:
                scored.append((-matched, n, pos))
        return [pos for _, _, pos in sorted(scored)]

    def _fused(self, text: str, depth: int, allowed: np.ndarray | None, credit: int = 10,
               where: Where | None = None) -> list[tuple[int, float, list[str]]]:
        """Fused ranking of all runs; a retriever is named on a hit when it ranked it within its top `credit`."""
        expansion = self.glossary.expand(text) if self.gloss_mode != "none" else []
        dense_text = text + " " + " ".join(expansion) if expansion and self.gloss_mode == "concat" else text
        tokens = self.tokenizer.tokens(text)
        # Each glossary term is one concept: its sub-words share one term's weight (mean), not one each.
        groups = [self.tokenizer.tokens(term) for term in expansion]
        # Chinese words of the question's own in the corpus vocabulary (numbers and acronyms like 2029, QFLP do
        # not make an en/pt question Chinese): without them, the sparse evidence is the glossary's.
        own = any(t in self.bm25.term_id and not t.isascii() for t in tokens)
        runs = [[p for p, _ in self.vectors.search(self.embedder.query(dense_text), depth, allowed, where)],
                [p for p, _ in self.bm25.top(tokens, depth, allowed, groups)]]
        names = ["dense", "bm25"]
        weights = list(self.weights)
        # A glossary term that is one word (澳资企业) is already whole in BM25; as an exact phrase too it counted
        # twice (its clauses outranked the dense + BM25 hit for "Macau enterprises in finance"). Only multi-word
        # terms (国际健康岛、活力岛、数字岛、财富岛) carry phrase evidence BM25 lacks.
        # For an en/pt question (no Chinese tokens of its own) the BM25 run is the glossary's
        # only sparse run; a phrase run over the same terms would double their weight.
        phrases = [t for t, g in zip(expansion, groups) if own and (self.gloss_phrase == "all" or
                   (self.gloss_phrase == "phrases" and _PUNCT.sub("", fold(t)) not in g))]
        exact = self._phrase_run(text, runs[1] + runs[0], phrases)
        if expansion and not own:
            # Sparse evidence from glossary terms alone: it may weigh at most what the dense run weighs.
            weights[1] = min(self.weights[1], self.weights[0]) * self.gloss_sparse_weight
        if exact:  # a sentence pasted from the document: the clauses that contain it verbatim
            runs.append(exact)
            names.append("bm25")
            weights.append(self.weights[1])
        if expansion and self.gloss_mode == "run":  # the document's own terms, embedded: bridges en/pt questions
            runs.append([p for p, _ in self.vectors.search(self.embedder.query(" ".join(expansion)), depth, allowed, where)])
            names.append("dense")
            weights.append(self.weights[0] * self.gloss_weight)
        fused = rrf([[str(p) for p in run] for run in runs], weights, self.rrf_k, [f"{n}:{i}" for i, n in enumerate(names)])
        top = [set(run[:credit]) for run in runs]
        in_dense = set(runs[0])
        out = []
        for key, score, _ in fused:
            pos = int(key)
            credited = list(dict.fromkeys(names[i] for i in range(len(runs)) if pos in top[i]))
            out.append((pos, score, credited or ["dense" if pos in in_dense else "bm25"]))
        return out
