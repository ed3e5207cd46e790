"""The hybrid index in memory: dense + BM25 runs, reciprocal-rank fusion, filters, routed section references."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from core.filters import Filter
from core.sections import section_prefix, under_section
from ingest.records import Clause

from . import docprior, home, passages
from . import refs as refmod
from .bm25 import BM25
from .docscope import DocumentNames
from .fusion import rrf
from .gate import FifoGate
from .glossary import Glossary
from .normalize import fold
from .query_limit import is_long, limit_query
from .restatement import codified, restatements
from .retrievers import DEFAULT as DEFAULT_RETRIEVERS
from .retrievers import build as build_retrievers
from .retrievers.base import NoRerank, QueryContext, Run
from .retrievers.phrase import PUNCT as _PUNCT
from .stores.base import Selection
from .tokenize import Tokenizer

NAMED_BONUS = 0.5  # a clause of a document the question names: above any fused RRF score, below routed hits
# A regulation's article that restates a described document's provision (条例第三十七条 ← 总体方案（十）) is
# shown right after it, and the provision right after the article, when either ranks among the first
# RESTATED_TOP: a question about the measure is answered by both, so the one that ranks lower must not fall out
# of the top 5. Dev (225 questions): hit@5 0.985 -> 0.990, 总体方案 0.974 -> 0.987, MRR 0.904 -> 0.908, the plan's
# MRR 0.898 -> 0.896. Pairs of two non-regulations (the plan restating the 总体方案's aims) are left out: with them
# the plan lost 0.014 hit@5 (its preface beside the 总体方案's preface pushed its own answers down).
TITLES_AFTER = 10  # title clauses rank after this many other hits (_titles_later)
RESTATED_TOP = 2
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


class _Compact:
    """The folded, punctuation-free text of each clause, computed when a position is first asked for: the phrase
    stage reads only its candidates, and folding 150,000 clauses up front (OpenCC) was most of an index load."""

    def __init__(self, clauses: list[Clause]):
        self._clauses = clauses
        self._done: list[str | None] = [None] * len(clauses)

    def __len__(self) -> int:
        return len(self._done)

    def __getitem__(self, pos: int) -> str:
        text = self._done[pos]
        if text is None:  # two threads may both compute it: the same string, a harmless race
            text = self._done[pos] = _PUNCT.sub("", fold(self._clauses[pos].text))
        return text

    def __iter__(self):
        return (self[i] for i in range(len(self)))


def _positions(values) -> dict:
    """value -> sorted int64 positions holding it."""
    out: dict = {}
    for i, v in enumerate(values):
        out.setdefault(v, []).append(i)
    return {v: np.array(p, dtype=np.int64) for v, p in out.items()}


def as_filter(doc=None, path_prefix=None, kinds=None, filters: Filter | None = None) -> Filter:
    """One Filter from either spelling (the keyword arguments are kept for older callers)."""
    if filters is not None:
        return filters
    return Filter(doc=doc or None, path_prefix=path_prefix or None, clause_kinds=tuple(kinds or ()))


class Index:
    """Search over one built index. Thread-safe for concurrent `search` calls."""

    def __init__(self, manifest: dict, vectors, clauses: list[Clause], bm25: BM25, terms: list[str],
                 embedder, weights: tuple[float, float] = (1.0, 1.0), rrf_k: int = 60, glossary: Glossary | None = None):
        self.manifest = manifest
        self.vectors = vectors
        self.clauses = clauses
        self.bm25 = bm25
        self.embedder = embedder
        self.weights = weights
        self.rrf_k = rrf_k
        self.terms = list(terms)  # the corpus terms as built (terms.json): an incremental add extends them
        self.tokenizer = Tokenizer(terms)
        self.glossary = glossary if glossary is not None else Glossary.load()
        self.rebuilt_reason = ""  # set by open_index when it had to (re)build
        # Query-time knobs (measured on the dev questions; see index/bench.py and the report in README).
        self.gloss_mode = "concat"  # "run": glossary terms embedded as a third dense run; "concat": appended to the query; "none"
        self.gloss_weight = 1.0
        self.gloss_sparse_weight = 1.0  # factor (<= 1) on a BM25 run built from glossary terms only
        self.gloss_phrase = "phrases"  # glossary terms in the exact-phrase run: "all", "phrases" (multi-word only), "none"
        self._pos = {c.id: i for i, c in enumerate(clauses)}
        # document -> its positions (and kind -> positions), precomputed: a filter to one of 3,500 documents
        # is a few thousand array writes, never a comparison over every clause per query
        self._doc_rows = _positions(c.doc_id for c in clauses)
        self._kind_rows = _positions(c.kind for c in clauses)
        self._section_memo: dict[str, np.ndarray] = {}  # heading-path filter across all documents -> positions
        self._codes = [refmod.section_code(c) for c in clauses]
        self._routes = refmod.RouteTable(clauses, self._codes)
        self._names = DocumentNames(clauses)
        self._home = home.HomeScope(clauses)  # the described documents, first for questions that fit them
        self._restated = codified(clauses, restatements(clauses, self._home.doc_ids))  # ~0.1 s, three documents
        self.home_votes = home.HOME_VOTES  # votes of the home lift (0: off)
        self.prior = docprior.DocumentPrior(clauses, bm25, lambda c: self.tokenizer.tokens(passages.keyword_text(c)))
        self.prior_weight = docprior.WEIGHT  # votes of the document prior (0: off)
        self.build_dir = None  # set by open_index: the maxp stage reads its cached window vectors from there
        self._folded_paths: list[str] | None = None  # see _paths: folded on the first path filter, not at load
        self.compact = _Compact(clauses)  # for the phrase stage: folded on first use, per position
        self.retrievers = build_retrievers(DEFAULT_RETRIEVERS)  # stages in order; open.py applies the setting
        self.reranker = NoRerank()
        # Admission gate: at most one search per engine handle runs at once. Without it, 8 concurrent callers
        # convoy on the GIL around the native call (measured: throughput 33 q/s, p95 580 ms; gated: 72 q/s, 64 ms).
        # FIFO (index/gate.py): a caller that just left cannot barge ahead of those waiting. Long queries
        # queue at their own gate with one slot fewer, so one engine handle is always left for short ones.
        workers = max(1, int(getattr(embedder, "workers", 2)))
        self._gate = FifoGate(workers)
        self._long_gate = FifoGate(max(1, workers - 1))

    @property
    def _paths(self) -> list[str]:
        """Each clause's folded heading path, for path filters: 0.9 s over 271k clauses, so built when first used."""
        if self._folded_paths is None:
            self._folded_paths = [fold(" ".join(c.path)) for c in self.clauses]
        return self._folded_paths

    def named_documents(self, query: str) -> set[str]:
        """The ids of the documents a question names (《总体方案》, "the regulation"); empty when it names none."""
        return self._names.named(query)

    def without_document_names(self, query: str) -> str:
        """The query with the documents it names blanked (index.docscope.DocumentNames.without_names)."""
        return self._names.without_names(query)

    def following(self, clause_id: str) -> list[Clause]:
        """The clauses after this one in store order whose ids extend its id (a 款's items: ch2.art6.p2 → .i1 …)."""
        pos = self._pos.get(clause_id)
        if pos is None:
            return []
        prefix = clause_id + "."
        out = []
        for c in self.clauses[pos + 1:]:
            if not c.id.startswith(prefix):
                break
            out.append(c)
        return out

    def get(self, clause_id: str) -> Clause:
        """The clause with this id (KeyError naming it when unknown)."""
        try:
            return self.clauses[self._pos[clause_id]]
        except KeyError:
            raise KeyError(f"unknown clause id {clause_id!r}") from None

    def __len__(self) -> int:
        return len(self.clauses)

    # -- filters ------------------------------------------------------------------------------
    def allowed(self, doc: str | None = None, path_prefix: str | None = None, kinds: list[str] | None = None,
                filters: Filter | None = None) -> np.ndarray | None:
        """Mask of clauses passing the filters; None when there is no filter."""
        f = as_filter(doc, path_prefix, kinds, filters)
        if f.empty:
            return None
        n = len(self.clauses)
        rows = None  # positions allowed so far (None = all)
        if f.doc_ids is not None or f.doc:
            docs = list(f.doc_ids) if f.doc_ids is not None else [f.doc]
            found = [self._doc_rows[d] for d in docs if d in self._doc_rows]
            rows = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        if f.clause_kinds:
            found = [self._kind_rows[k] for k in f.clause_kinds if k in self._kind_rows]
            kind_rows = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
            rows = kind_rows if rows is None else np.intersect1d(rows, kind_rows, assume_unique=True)
        if f.path_prefix:
            prefix = section_prefix(f.path_prefix)
            if rows is not None:  # only the rows the other filters left (one document's: a few hundred)
                rows = np.array([i for i in rows if under_section(self._codes[i], self._paths[i], prefix)], dtype=np.int64)
            else:  # across every document: one pass per distinct prefix, remembered
                rows = self._section_rows(prefix)
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        return mask

    def _section_rows(self, prefix) -> np.ndarray:
        key = str(prefix)
        rows = self._section_memo.get(key)
        if rows is None:
            rows = np.array([i for i, (code, path) in enumerate(zip(self._codes, self._paths))
                             if under_section(code, path, prefix)], dtype=np.int64)
            if len(self._section_memo) >= 256:  # bounded; clear() is one atomic step for concurrent readers
                self._section_memo.clear()
            self._section_memo[key] = rows
        return rows

    # -- search -------------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, doc: str | None = None, path_prefix: str | None = None,
               kinds: list[str] | None = None, filters: Filter | None = None) -> list[Hit]:
        """Best k clauses for a query. Section references in the query are routed: those clauses come first.

        filters: one Filter (its document fields resolved to doc_ids); doc/path_prefix/kinds are the older spelling."""
        query = limit_query(query).text  # cut to what the model reads; refused (QueryTooLong) when absurd
        if not query or k <= 0 or not self.clauses:
            return []
        with self._long_gate if is_long(query) else self._gate:
            return self._search(query, k, as_filter(doc, path_prefix, kinds, filters))

    def _search(self, query: str, k: int, f: Filter) -> list[Hit]:
        allowed = self.allowed(filters=f)
        selection = Selection(f, allowed)
        refs = refmod.detect(query)
        routed = [i for i in self._routes.route(refs) if allowed is None or allowed[i]] if refs else []
        # A bare reference several documents have (第二条): documents in a fixed order, each in its own order, so
        # the result does not depend on where a document sits in the store (an appended one sits last)
        # the described documents first: a bare 四（二） means the zone's plan before a background law's
        routed.sort(key=lambda i: (not self._home.is_home(self.clauses[i].doc_id), self.clauses[i].doc_id))
        text = query
        if refs:
            rest = refmod.residual(query, refs)
            text = rest if self.tokenizer.tokens(rest) else ""
        fused = self._fused(text or query, max(50, 5 * k), selection)
        order = {pos: n for n, (pos, _, _) in enumerate(fused)}
        if routed and text:  # a topic besides the reference: rank inside the section by it
            routed.sort(key=lambda i: order.get(i, len(order) + i))
            # …after the very paragraph, item or row it names (表2-1第4行是什么指标: row 4, then its table)
            exact = {i for i in routed for ref in refs if (ref.paragraph or ref.item) and refmod.wanted(ref, self.clauses[i])}
            routed.sort(key=lambda i: i not in exact)
        results: list[tuple[int, float, list[str]]] = []
        found = {pos: (score, names) for pos, score, names in fused}
        for j, i in enumerate(routed, 1):  # RRF-style score of the routed order, so scores fall with rank
            results.append((i, REF_BONUS + 1.0 / (self.rrf_k + j), ["ref"] + found.get(i, (0.0, []))[1]))
        taken = set(routed)
        rest = [(pos, score, names) for pos, score, names in fused if pos not in taken]
        named = self._names.named(query) if not (f.doc_ids or f.doc) else set()
        if named:  # the question names its document(s): their clauses first
            rest = self._named_first(text or query, max(50, 5 * k), f, named, rest, taken)
        elif self._home.active and self.home_votes and not (f.doc_ids or f.doc):
            rest = self._home_first(text or query, max(50, 5 * k), f, selection, rest, taken)
        results += rest
        if not named and not (f.doc_ids or f.doc):
            results = self._beside_restated(results, allowed)
        results = self._titles_later(results)
        return [Hit(rank, self.clauses[pos], score, names) for rank, (pos, score, names) in enumerate(results[:k], 1)]

    def _titles_later(self, results: list) -> list:
        """Title clauses after the first TITLES_AFTER other hits: a title matches a question by the document's name
        (横琴…合作区) and provides nothing, yet it took a top-5 place from the provision asked for (横琴是哪年中央
        拍板开发的: the plan's title ranked 2nd, the 总体方案's 2009 sentence 10th). Routed hits keep their place."""
        if not any(self.clauses[pos].kind == "title" and "ref" not in names for pos, _, names in results[:TITLES_AFTER]):
            return results
        titles = [r for r in results if self.clauses[r[0]].kind == "title" and "ref" not in r[2]]
        others = [r for r in results if not (self.clauses[r[0]].kind == "title" and "ref" not in r[2])]
        order = others[:TITLES_AFTER] + titles + others[TITLES_AFTER:]
        # the scores stay the sequence they were, handed out in the new order (callers read them as ranked)
        return [(pos, score, names) for (pos, _, names), (_, score, _) in zip(order, results)]

    def _beside_restated(self, results: list, allowed) -> list:
        """The ranking with the best restatement of each of the first RESTATED_TOP hits right after it (same
        score, named "restated"), moved up from wherever it ranked. Routed hits are the reference asked for."""
        out, placed = [], set()
        names_of = {pos: names for pos, _, names in results}
        for n, (pos, score, names) in enumerate(results):
            if pos in placed:
                continue
            out.append((pos, score, names))
            placed.add(pos)
            if n < RESTATED_TOP and "ref" not in names:
                for _, twin in self._restated.get(pos, ())[:1]:
                    if twin not in placed and (allowed is None or allowed[twin]):
                        out.append((twin, score, names_of.get(twin, []) + ["restated"]))
                        placed.add(twin)
        return out

    def _named_first(self, text: str, depth: int, f: Filter, named: set[str], rest: list, taken: set[int]) -> list:
        """The named documents' clauses, ranked by a search within them, above the rest of the ranking.

        Searched apart rather than picked out of the fused top `depth`: among thousands of other clauses the named
        document's answer may rank below the depth, and within it RRF ranks its clauses by their own ranks. Its title
        clause gets no bonus: it matches the question by the very name that scoped the search, and says nothing more."""
        scoped = replace(f, doc_ids=tuple(sorted(named)))
        inner = self._fused(text, depth, Selection(scoped, self.allowed(filters=scoped)))
        first = [(pos, score + NAMED_BONUS, names) for pos, score, names in inner
                 if pos not in taken and self.clauses[pos].kind != "title"]
        if len(named) > 1:
            first = self._by_document(first)
        held = {pos for pos, _, _ in first}
        return first + [hit for hit in rest if hit[0] not in held and (self.clauses[hit[0]].doc_id not in named
                                                                       or self.clauses[hit[0]].kind == "title")]

    def _by_document(self, rows: list) -> list:
        """Rows of several named documents taken in turn, each document's best first ("how do the Overall Plan and
        the regulation describe X" asks for both: one document's near-duplicates must not fill the top). The scores
        stay the sorted sequence they were, handed out in the new order, so the top score is what it was."""
        seen: dict[str, int] = {}
        turn = []
        for n, (pos, _, _) in enumerate(rows):
            doc = self.clauses[pos].doc_id
            seen[doc] = seen.get(doc, 0) + 1
            turn.append((seen[doc], n))
        order = [rows[n] for _, n in sorted(turn)]
        return [(pos, score, names) for (pos, _, names), (_, score, _) in zip(order, rows)]

    def _home_first(self, text: str, depth: int, f: Filter, selection: Selection, rest: list, taken: set[int]) -> list:
        """The ranking with the described documents' own ranking lifted by how well they fit the question."""
        scoped = replace(f, doc_ids=self._home.doc_ids)
        inside = Selection(scoped, self.allowed(filters=scoped))
        weight = self._home.weight(self.vectors, self.embedder.query(home.dense_text(self, text)), selection, inside)
        if weight < home.MIN_WEIGHT:
            return rest
        inner = [row for row in self._fused(text, depth, inside) if row[0] not in taken]
        return home.lift(rest, inner, weight, self.home_votes / (self.rrf_k + 1))

    def _fused(self, text: str, depth: int, selection: Selection, credit: int = 10) -> list[tuple[int, float, list[str]]]:
        """Fused ranking of the retriever stages' runs; a retriever is named on a hit when it ranked it within
        its top `credit`. Then the rerank stage (a no-op by default)."""
        matches = self.glossary.matches(text) if self.gloss_mode != "none" else []
        expansion = [term for term, _ in matches]
        tokens = self.tokenizer.tokens(text)
        ctx = QueryContext(
            index=self, text=text, depth=depth, selection=selection, expansion=expansion, tokens=tokens,
            # Each glossary term is one concept: its sub-words share one term's weight (mean), not one each.
            groups=[self.tokenizer.tokens(term) for term in expansion],
            # Chinese words of the question's own in the corpus vocabulary (numbers and acronyms like 2029, QFLP do
            # not make an en/pt question Chinese): without them, the sparse evidence is the glossary's.
            own=any(t in self.bm25.term_id and not t.isascii() for t in tokens),
            matched=[variant for _, variant in matches if variant.isascii()],
        )
        runs: list[Run] = []
        for stage in self.retrievers:
            run = stage.search(ctx, depth, selection)
            if run is not None:
                ctx.runs.setdefault(stage.name, run)
                runs.append(run)
        fused = rrf([[str(p) for p in run.positions] for run in runs], [run.weight for run in runs], self.rrf_k,
                    [f"{run.name}:{i}" for i, run in enumerate(runs)])
        top = [set(run.positions[:credit]) for run in runs]
        in_dense = set(next((run.positions for run in runs if run.name == "dense"), []))
        out = []
        for key, score, _ in fused:
            pos = int(key)
            credited = list(dict.fromkeys(runs[i].name for i in range(len(runs)) if pos in top[i]))
            out.append((pos, score, credited or ["dense" if pos in in_dense else "bm25"]))
        if self.prior_weight and docprior.routes(selection):  # the question's documents, scored whole, as a prior
            share = self.prior.relevance(tokens, ctx.groups)
            out = docprior.apply(out, share, self.prior_weight / (self.rrf_k + 1))
        return self.reranker.rerank(ctx, out)
