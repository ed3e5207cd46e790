"""Extractive answers: pick the sentences of the retrieved clauses that answer the question (a named part: qa/sections.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .asks import unknown_names
from .support import (DATE_IN_TEXT, Query, Stats, analyse, clause_sentences, coverage, evidence_scale, matched, unknown,
                      unknown_share)
from .select import LIST_CAP, abbreviations, PLAIN_CAP, dense_scale, heading_like, is_list_question, mmr, run_in_heading
from .text import fold, has_count, has_quantity, is_year, numbers

TOP_CLAUSES = 8  # hits whose sentences are considered
FIRST_FIGURE_RANK = 3  # a figure question's first figure may come from a clause this high in the ranking
MAX_PER_CLAUSE = 2
LIST_PER_CLAUSE = 4
KEEP_RATIO = 0.88  # a sentence is kept when it scores at least this share of the best sentence
LIST_KEEP_RATIO = 0.8  # …a looser share for list questions, which want every qualifying item
LEXICAL_WEIGHT = 0.6  # share of the lexical score in a sentence's score when sentence vectors are there
# …for a question in Latin script. On dev 0.3 cites more gold clauses (0.909 -> 0.912) with more key points
# (0.925 -> 0.935), fresh unchanged, fresh-b 0.714 -> 0.857; 0.2 adds a false refusal on fresh, 0.4 gains less
LATIN_LEXICAL_WEIGHT = 0.3
ABBREVIATION_BONUS = 0.15  # as much as holding the figure a figure question asks for
DENSE_SLACK = 0.02  # a sentence this close (cosine) to the best one qualifies though it shares few words
OWN_RATIO = 0.6  # …and at least this share of the best coverage by a sentence alone (not just its clause's)
# The retriever's first clause: its best sentence is cited when it answers as well (second_sources), scoring at
# least SECOND_RATIO of the best sentence, within SECOND_SLACK cosine of the answer's first sentence. Tuned on dev
# (2 first clauses or slack 0.02 cite more gold clauses but more others: citation precision fell under 0.81).
TOP_HITS_CITED = 1
SECOND_RATIO = 0.75
SECOND_SLACK = 0.01
_MATTER = ("front_matter", "back_matter")  # a document's 文号, issuer and date lines around its text
ROW_DENSE_LEAD = 0.02  # cosine lead of a table row over its table's other rows that decides the row (_rows_by_meaning)
_TWO_PART = re.compile(r"[和与同及、，,;；跟]|以及|还有|分别|各自|\band\b|\be\b")  # clauses listed for a part question
@dataclass
class Pick:
    """A sentence chosen for the answer, with the clause it comes from."""

    clause: object
    shown: str  # the document's sentence ending with 。 (or a table row rendered as a sentence)
    source: str  # the document's wording, for verification
    position: int
    score: float = 0.0
    own: float = 0.0  # coverage of the question by the sentence alone
    dense: float = 0.0  # cosine of the sentence's vector with the question's (0 without an embedder)


@dataclass
class Draft:
    picks: list[Pick]
    support: float  # best lexical coverage among the top clauses: what the refusal threshold applies to
    mode: str  # extractive | summary
    query: Query | None = None
    heading: str = ""
    related: list = field(default_factory=list)  # clauses near the question that were not cited
    has_figure: bool = False
    has_date: bool = False
    unknown: float = 0.0  # share of the question that no clause of the collection mentions
    question: str = ""  # as asked (the refusal rules read what it asks for)
    listing: bool = False  # a "which … / 哪些 / quais" question: every qualifying sentence, with a count
    dense: float = 0.0  # best sentence cosine with the question
    dense_margin: float = 0.0  # best cosine minus the mean over candidate sentences
    restricted: bool = False  # answered within a part the question names
    dense_z: float = 0.0  # best sentence cosine in sd above the question's cosines with unrelated sentences
    cited_cover: float = 0.0  # share of the question's concepts found in the cited clauses together
    unknown_focus: float = 0.0  # share of the question naming things (nouns) the collection never mentions
    unknown_names: list = field(default_factory=list)  # quoted names or editions no clause mentions (qa.asks)
    answer_fit: float = 0.0  # coverage of the question by the best chosen sentence holding what it asks for
    reader_logit: float | None = None  # the reader's log-odds that the shown sentences answer it (qa.refusal_model)
    # the whole question's draft when the parts' sentences were merged in (qa/multipart.py): the refusal rules read
    # it, as the refusal model was fitted on whole questions (a part's sentence bringing a figure about something
    # else must not lift the whole question's "asks for a figure, none cited")
    basis: object = None


def extract(question: str, hits: list, stats: Stats, restrict: list | None = None, topic: str | None = None,
            store=None, qvec=None, clauses: list | None = None) -> Draft:
    """The best sentences of the top clauses; `restrict` limits them to the clauses of a named part, and `topic`
    is then the question without the reference (第八部分第（二）节 is where to look, not what to look for).

    Each sentence scores by meaning (cosine of its cached vector with the question's, when an embedder is
    there) and by lexical evidence (idf-weighted coverage by the sentence and its clause); MMR keeps the
    chosen sentences diverse. A list question keeps every qualifying sentence up to LIST_CAP."""
    query = analyse(topic or question, stats)
    pool = [h.clause for h in hits[:TOP_CLAUSES]]
    if restrict:
        ids = {c.id for c in restrict}
        pool = [c for c in pool if c.id in ids] or list(restrict)
    if query.wants_figure and clauses and any(c.kind == "table_row" for c in pool):
        pool += table_siblings(pool, clauses)  # the row naming the indicator may rank below another row
    rank = {c.id: i for i, c in enumerate(pool)}
    clause_cov = {c.id: coverage(query, stats.folded.get(c.id) or fold(c.text)) for c in pool}
    support = max(clause_cov.values(), default=0.0)
    scored: list[Pick] = []
    for c in pool:
        context = clause_cov[c.id]
        sents = clause_sentences(c)
        texts = [shown for _, shown, _ in sents]
        for pos, shown, source in sents:
            if heading_like(shown, c) or run_in_heading(texts, pos):
                continue
            own = coverage(query, fold(shown))
            if own == 0 and c.kind in _MATTER:
                continue  # an issue line (行政事务局2025年6月30日印发) answers only what it shares words with
            score = 0.6 * own + 0.4 * context + 0.04 / (1 + rank[c.id])
            if (query.wants_figure and numbers(shown)) or (query.wants_date and DATE_IN_TEXT.search(shown)):
                score += 0.15
            if own == 0 and not query.latin:
                score *= 0.5  # a sentence sharing no word with the question is only context
            scored.append(Pick(c, shown, source, pos, score, own))
    vecs = None
    if scored and store is not None and qvec is not None:
        vecs = store.vectors([p.shown for p in scored])
        cos = vecs @ np.asarray(qvec, dtype=np.float32)
        dense = dense_scale(cos)
        # an English/Portuguese question reaches the clauses' words only through the glossary and lexicon, which
        # miss most of its wording (empregadas domésticas, notarial): its meaning decides more of the choice
        lexical = LATIN_LEXICAL_WEIGHT if query.latin else LEXICAL_WEIGHT
        for p, d, raw in zip(scored, dense, cos):
            p.dense = float(raw)
            p.score = lexical * p.score + (1 - lexical) * float(d)
    short = abbreviations(topic or question) if any(p.clause.kind == "table_row" for p in scored) else set()
    for p in scored:  # a row whose indicator uses the short form of the question's words (澳资 for 澳门资本)
        indicator = fold((p.clause.table or {}).get("indicator", "")) if p.clause.kind == "table_row" else ""
        if indicator and any(a in indicator for a in short):
            p.score += ABBREVIATION_BONUS
    if vecs is not None:
        _rows_by_meaning(scored)
    listing = is_list_question(question) and not query.wants_figure  # "分别是多少" asks for figures, not a list
    cap, keep_ratio, per_clause_cap = (LIST_CAP, LIST_KEEP_RATIO, LIST_PER_CLAUSE) if listing else \
        (PLAIN_CAP, KEEP_RATIO, MAX_PER_CLAUSE)
    scores = np.array([p.score for p in scored], dtype=np.float32)
    best = float(scores.max()) if len(scores) else 0.0
    best_own = max((p.own for p in scored), default=0.0)
    best_dense = max((p.dense for p in scored), default=0.0)
    keep = np.array([p.score >= keep_ratio * best and (p.own >= OWN_RATIO * best_own or
                     (vecs is not None and p.dense >= best_dense - DENSE_SLACK)) for p in scored], dtype=bool)
    picks: list[Pick] = []
    per_clause: dict[str, int] = {}
    covered: set[str] = set()
    for i in mmr(scores, vecs, keep, len(scored)):
        p = scored[i]
        if len(picks) >= cap:
            break
        if per_clause.get(p.clause.id, 0) >= per_clause_cap:
            continue
        found = set(matched(query, fold(p.shown)))
        # the first figure of one of the retriever's top clauses is taken though it adds no new word (a pt question
        # on 出入境人次: the row ranked 2nd, only text without a figure was picked); lower down, a figure about
        # something else would only hide that the asked one is missing
        first_figure = query.wants_figure and rank[p.clause.id] < FIRST_FIGURE_RANK and has_quantity(p.shown) \
            and not any(has_quantity(q.shown) for q in picks)
        if picks and (query.wants_figure or p.clause.kind == "table_row") and not found - covered and not listing \
                and not first_figure:
            continue  # another figure adds nothing the question asked for (other rows of the same table)
        covered |= found
        key = fold(p.shown).rstrip("。")
        if any(key in fold(q.shown) or fold(q.shown).rstrip("。") in key for q in picks
               if q.clause.doc_id == p.clause.doc_id):
            continue  # the same sentence in two clauses (5.1 and 7.1 share a lead): cite it once; in another
            # document it is a restatement (条例第四十二条 of 总体方案（十三）), shown in both as layout.py groups them
        picks.append(p)
        per_clause[p.clause.id] = per_clause.get(p.clause.id, 0) + 1
    picks += second_sources(scored, picks, pool, best, cap, vecs is not None, query, listing)
    if query.latin and vecs is not None:
        picks += _best_worded(scored, picks)
    picks = order(picks)
    cited = {p.clause.id for p in picks}
    if len(cited) > 1 and _TWO_PART.search(question):  # "A和B…" may be answered by two clauses together
        union = " ".join(stats.folded.get(i, "") for i in cited)
        support = max(support, coverage(query, union))
    related = [c for c in pool if c.id not in cited][:3]
    absent = unknown(query, stats)
    support = min(1.0, support * evidence_scale(query, stats, absent))
    dense_sorted = sorted((p.dense for p in scored), reverse=True)
    z = 0.0
    if vecs is not None and clauses and dense_sorted:
        from .sentences import background, zscore

        z = zscore(dense_sorted[0], qvec, background(store, clauses))
    cited_text = " ".join(stats.folded.get(i, "") for i in cited)
    cited_cover = min(1.0, coverage(query, cited_text) * evidence_scale(query, stats, absent)) if cited else 0.0
    unknown_focus = sum(c.weight for c in absent if c.focus) / query.total
    fit = answer_fit(query, picks)
    names = unknown_names(question, lambda s: any(s in t for t in stats.folded.values()), stats.present)
    return Draft(picks, support, "extractive", query=query, related=related,
                 has_figure=any(has_count(p.shown) for p in picks),
                 has_date=any(DATE_IN_TEXT.search(p.shown) for p in picks),
                 unknown=unknown_share(query, stats, absent), question=question, listing=listing,
                 dense=dense_sorted[0] if dense_sorted else 0.0,
                 dense_margin=(dense_sorted[0] - float(np.mean(dense_sorted))) if dense_sorted else 0.0,
                 restricted=bool(restrict), dense_z=z, cited_cover=cited_cover, unknown_focus=unknown_focus,
                 unknown_names=names, answer_fit=fit)


def _rows_by_meaning(scored: list[Pick]) -> None:
    """The row of a table clearly closest to the question in meaning ranks first among its table's rows.

    A table's rows are one sentence template (表2-1中，X2024年为…，2029年为…) around their indicator, so their
    cosines with the question differ by the indicator alone: ROW_DENSE_LEAD ahead of every other row, the
    embedding has matched the indicator's name in other words (中医药这类澳门品牌工业的企业户数 is the row
    中医药等澳门品牌工业经营主体数, not 高新技术企业数, which shares 企业数 and 期末 with the question)."""
    tables: dict[tuple, list[Pick]] = {}
    for p in scored:
        if p.clause.kind == "table_row" and p.clause.table:
            tables.setdefault((p.clause.doc_id, p.clause.table.get("title", "")), []).append(p)
    for rows in tables.values():
        if len(rows) < 2:
            continue
        rows.sort(key=lambda p: p.dense, reverse=True)
        top, runner = rows[0], rows[1]
        if top.dense - runner.dense >= ROW_DENSE_LEAD:
            top.score = max(top.score, max(p.score for p in rows) + 0.001)


def _best_worded(scored: list[Pick], picks: list[Pick]) -> list[Pick]:
    """For an English/Portuguese question, the sentence of a cited clause holding most of its mapped words when no
    chosen one holds as many: its meaning score decides most of the choice (LATIN_LEXICAL_WEIGHT), and e5 across
    languages may prefer a short lead ("科技研发及高端制造产业片区。") to the sentence naming the question's term through the
    glossary (e-sports → 游戏电竞)."""
    cited = {p.clause.id for p in picks}
    within = [p for p in scored if p.clause.id in cited]  # another clause would cost precision for one sentence
    if not within:
        return []
    top = max(within, key=lambda p: (p.own, p.score))
    chosen = {(p.clause.id, p.position) for p in picks}
    if top.own <= 0 or (top.clause.id, top.position) in chosen or top.own <= max(p.own for p in picks):
        return []
    return [top]


def second_sources(scored: list[Pick], picks: list[Pick], pool: list, best: float, cap: int, dense: bool,
                   query: Query, listing: bool) -> list[Pick]:
    """Sentences of other clauses that answer the question as well as the chosen ones, by meaning:

    - the best sentence of one of the retriever's first TOP_HITS_CITED clauses, when it is as close in meaning to
      the question as the answer's first sentence (cosine within SECOND_SLACK), scores at least SECOND_RATIO of
      the best sentence and covers a part of the question the chosen sentences do not (or is closer still): a
      question on two things is often answered by two clauses (the tourism measures and the Macau link);
    - for a figure question, a sentence of another clause stating the same figure about the same thing (the
      table row and the text of part 一, 总体方案（十） and 条例第三十七条): both are where the figure is stated."""
    if not picks:
        return []
    out: list[Pick] = []
    cited = {p.clause.id for p in picks}
    top = picks[0]

    def room() -> bool:
        return len(picks) + len(out) < cap

    covered = {label for q in picks for label in matched(query, fold(q.shown))}
    by_clause: dict[str, Pick] = {}
    for p in scored:
        if p.clause.id not in cited and (p.clause.id not in by_clause or p.score > by_clause[p.clause.id].score):
            by_clause[p.clause.id] = p
    for c in pool[:TOP_HITS_CITED]:
        p = by_clause.get(c.id)
        if p is None or not room() or p.own <= 0 or p.score < SECOND_RATIO * best:
            continue
        if dense and p.dense < top.dense - SECOND_SLACK:
            continue
        if not (set(matched(query, fold(p.shown))) - covered) and not (dense and p.dense >= top.dense):
            continue  # it says again what the answer says, no closer to the question
        out.append(p)
        cited.add(c.id)
    if query.wants_figure and not listing:
        figures = {n for q in picks for n in numbers(q.shown) if not is_year(n)}
        # what the figure is about: a table row's indicator (the row sentence adds its years and headers, which
        # the text stating the same figure words otherwise: "2029年为65%" is "到2029年……比重约65%")
        wanted = {label for q in picks for label in matched(query, fold(_about(q)))}
        for p in sorted(scored, key=lambda p: -p.score):
            if not room() or p.clause.id in cited:
                continue
            same = figures & {n for n in numbers(p.shown) if not is_year(n)}
            if same and wanted <= set(matched(query, fold(p.shown))):
                out.append(p)
                cited.add(p.clause.id)
    return out


def _about(p: Pick) -> str:
    """What a picked sentence's figures are about: a table row's indicator, else the sentence itself."""
    indicator = (p.clause.table or {}).get("indicator", "") if p.clause.kind == "table_row" else ""
    return indicator or p.shown


def answer_fit(query: Query, picks: list[Pick]) -> float:
    """The question's coverage by the best chosen sentence that holds the kind of information it asks for: a
    quantity (not a bare year) for a figure question, a date for a date question, anything otherwise. A figure
    question answered only by sentences whose figures are about something else scores low."""
    def holds(p: Pick) -> bool:
        if query.wants_figure and not any(not is_year(n) for n in numbers(p.shown)):
            return False
        return not query.wants_date or bool(DATE_IN_TEXT.search(p.shown))

    return max((p.own for p in picks if holds(p)), default=0.0)


def table_siblings(pool: list, clauses: list) -> list:
    """The other rows of the tables a pool's table rows belong to (same document and table number)."""
    tables = {(c.doc_id, (c.table or {}).get("number", "")) for c in pool if c.kind == "table_row"}
    have = {c.id for c in pool}
    return [c for c in clauses if c.kind == "table_row" and c.id not in have
            and (c.doc_id, (c.table or {}).get("number", "")) in tables]


def order(picks: list[Pick]) -> list[Pick]:
    """Clauses in order of their best sentence; sentences of one clause in document order."""
    first: dict[str, int] = {}
    for i, p in enumerate(picks):
        first.setdefault(p.clause.id, i)
    return sorted(picks, key=lambda p: (first[p.clause.id], p.position))
