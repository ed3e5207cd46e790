"""Extractive answers: pick the sentences of the retrieved clauses that answer the question, or a part's leads."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.normalize import fold as spaced_fold

from .lookup import heading_of, parse, section_clauses
from .support import (DATE_IN_TEXT, Query, Stats, analyse, clause_sentences, coverage, evidence_scale, matched, unknown,
                      unknown_share)
from .text import fold, numbers

TOP_CLAUSES = 8  # hits whose sentences are considered
MAX_SENTENCES = 4
MAX_PER_CLAUSE = 2
KEEP_RATIO = 0.8  # a sentence is kept when it scores at least this share of the best sentence
OWN_RATIO = 0.6  # …and at least this share of the best coverage by a sentence alone (not just its clause's)
SUMMARY_LIMIT = 15
_TWO_PART = re.compile(r"[和与同及、，,;；跟]|以及|还有|分别|各自|\band\b|\be\b")  # clauses listed for a part question
_RESIDUAL_NOISE = re.compile(r"[\W\d_a-z]|第|部分|节|是|关于|什么|讲|说|原文|内容|下面|有|哪几条|哪些|条|请问|咗|乜嘢|的|呢|吗"
                             r"|主要|怎么|怎样|如何|规定|了|款|项|章")  # 条例第五章主要规定了什么: the chapter itself


@dataclass
class Pick:
    """A sentence chosen for the answer, with the clause it comes from."""

    clause: object
    shown: str  # the document's sentence ending with 。 (or a table row rendered as a sentence)
    source: str  # the document's wording, for verification
    position: int
    score: float = 0.0
    own: float = 0.0  # coverage of the question by the sentence alone


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


def section_question(question: str, clauses: list, stats: Stats) -> tuple[list, str] | None:
    """The clauses of a part the question names, when the question asks about that part as a whole."""
    for ref in parse(question):
        found = section_clauses(ref, clauses)
        if not found:
            continue
        folded = spaced_fold(question)  # the fold refs.detect measured its spans in
        rest = folded[: ref.span[0]] + folded[ref.span[1]:] if ref.span != (0, 0) else ""
        heading = heading_of(found)
        rest = _RESIDUAL_NOISE.sub("", fold(rest))
        for word in re.findall(r"[\u4e00-\u9fff]{2,}", fold(heading)):
            rest = rest.replace(word, "")
        # "六（三）里跨境人民币结算怎么说" asks within the part; "六（三）讲什么" asks for the part itself
        if len(rest) <= 3:
            return found, heading
    return None


def summarise(found: list, heading: str) -> Draft:
    """A part summarised by its clauses' lead sentences (the first sentence where a clause has no lead)."""
    picks = []
    for c in found[:SUMMARY_LIMIT]:
        sents = clause_sentences(c)
        if not sents:
            continue
        if c.lead:
            lead = c.lead if c.lead.endswith("。") else c.lead + "。"
            picks.append(Pick(c, lead, c.lead.rstrip("。"), 0, 1.0))
        else:
            pos, shown, source = sents[0]
            picks.append(Pick(c, shown, source, pos, 1.0))
    return Draft(picks, 1.0, "summary", heading=heading, has_figure=any(numbers(p.shown) for p in picks))


def extract(question: str, hits: list, stats: Stats, restrict: list | None = None, topic: str | None = None) -> Draft:
    """The best sentences of the top clauses; `restrict` limits them to the clauses of a named part, and `topic`
    is then the question without the reference (第八部分第（二）节 is where to look, not what to look for)."""
    query = analyse(topic or question, stats)
    pool = [h.clause for h in hits[:TOP_CLAUSES]]
    if restrict:
        ids = {c.id for c in restrict}
        pool = [c for c in pool if c.id in ids] or list(restrict)
    rank = {c.id: i for i, c in enumerate(pool)}
    clause_cov = {c.id: coverage(query, stats.folded.get(c.id) or fold(c.text)) for c in pool}
    support = max(clause_cov.values(), default=0.0)
    scored: list[Pick] = []
    for c in pool:
        context = clause_cov[c.id]
        for pos, shown, source in clause_sentences(c):
            own = coverage(query, fold(shown))
            score = 0.6 * own + 0.4 * context + 0.04 / (1 + rank[c.id])
            if (query.wants_figure and numbers(shown)) or (query.wants_date and DATE_IN_TEXT.search(shown)):
                score += 0.15
            if own == 0 and not query.latin:
                score *= 0.5  # a sentence sharing no word with the question is only context
            scored.append(Pick(c, shown, source, pos, score, own))
    scored.sort(key=lambda p: -p.score)
    picks: list[Pick] = []
    per_clause: dict[str, int] = {}
    best = scored[0].score if scored else 0.0
    best_own = max((p.own for p in scored), default=0.0)
    covered: set[str] = set()
    for p in scored:
        if len(picks) >= MAX_SENTENCES or p.score < KEEP_RATIO * best:
            break
        if per_clause.get(p.clause.id, 0) >= MAX_PER_CLAUSE or p.own < OWN_RATIO * best_own:
            continue
        found = set(matched(query, fold(p.shown)))
        if picks and (query.wants_figure or p.clause.kind == "table_row") and not found - covered:
            continue  # another figure adds nothing the question asked for (other rows of the same table)
        covered |= found
        key = fold(p.shown).rstrip("。")
        if any(key in fold(q.shown) or fold(q.shown).rstrip("。") in key for q in picks):
            continue  # the same sentence in two clauses (5.1 and 7.1 share a lead): cite it once
        picks.append(p)
        per_clause[p.clause.id] = per_clause.get(p.clause.id, 0) + 1
    picks = order(picks)
    cited = {p.clause.id for p in picks}
    if len(cited) > 1 and _TWO_PART.search(question):  # "A和B…" may be answered by two clauses together
        union = " ".join(stats.folded.get(i, "") for i in cited)
        support = max(support, coverage(query, union))
    related = [c for c in pool if c.id not in cited][:3]
    absent = unknown(query, stats)
    support = min(1.0, support * evidence_scale(query, stats, absent))
    return Draft(picks, support, "extractive", query=query, related=related,
                 has_figure=any(numbers(p.shown) for p in picks),
                 has_date=any(DATE_IN_TEXT.search(p.shown) for p in picks),
                 unknown=unknown_share(query, stats, absent), question=question)


def order(picks: list[Pick]) -> list[Pick]:
    """Clauses in order of their best sentence; sentences of one clause in document order."""
    first: dict[str, int] = {}
    for i, p in enumerate(picks):
        first.setdefault(p.clause.id, i)
    return sorted(picks, key=lambda p: (first[p.clause.id], p.position))
