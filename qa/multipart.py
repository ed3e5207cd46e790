"""Answers to questions of several parts: each part searched and answered alone, its best sentence merged in.

The whole question is answered as before (qa.compose.extract) and keeps every signal the refusal model reads,
computed over the whole question, since the model was fitted on whole questions. When it is answered and it
splits into parts (qa.subquestions), each part is searched with the same filters and its best sentence, chosen
by the same scoring, joins the answer when the part alone would be answered too and the sentence is not there
yet: the second clause of a two-part question often ranks outside the whole question's pool, or inside it below
the first part's sentences. A question refused as a whole stays refused: answering the parts a part alone seems to
answer was right for 1 of 10 such questions of the honest sets (qa/CALIBRATION.md, session 16).
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from .compose import Draft, Pick, extract, order
from .refusal import refuse
from .select import LIST_CAP
from .subquestions import document_parts, parts_of
from .support import coverage
from .text import fold

PART_K = 30  # hits searched per part, as for the whole question (qa.answer.SEARCH_K)
# A part's sentence joins only when it is about as close in meaning (e5 cosine) to the whole question as the
# answer's best sentence: a part read alone ("现在多少", "條例有冇講", "how do the three documents put it") finds
# sentences near its few words that are far from the question (0.02-0.11 below the best); the clause a second
# part needs sits within 0.015. Tuned on dev and fresh c/e: 0.01 loses a gold clause 0.014 below (fresh c05),
# 0.02 adds two wrong ones (c29, c31).
PART_SLACK = 0.015
# …and a document the question names among several ("what do the Overall Plan and the regulation say") is asked for
# its own provision, which may sit further from the question than the other document's: within 0.03 (fresh
# 2026-12-02c/d: the 总体方案's provisions 0.017-0.018 below, an unrelated article 0.033)
DOCUMENT_SLACK = 0.03


def extract_parts(question: str, hits: list, stats, restrict, topic, store, qvec, index, filters=None) -> Draft:
    """extract() for the whole question, plus each part's best sentence when the question has several parts."""
    draft = extract(question, hits, stats, restrict, topic, store=store, qvec=qvec, clauses=index.clauses)
    parts, listed = parts_of(question, getattr(index, "without_document_names", None))
    if len(parts) < 2 or restrict or not draft.picks or refuse(draft):
        # one part, a named part to answer from, or refused as a whole ("…是什么？补贴多少钱？" with no amount cited):
        # a part read alone out of its context answered 1 of 10 unseen such questions right (session 16)
        return draft
    # the documents a question names, though it names all of them ("how do the master plan, the regulation and
    # the industry plan put it": named_documents reads naming every document as naming none)
    named = _named(index, question) | {d for part in parts for piece in document_parts(part) if piece != part
                                       for d in _named(index, piece)}
    added: list[Pick] = []
    jobs = [(part, filters, listed, PART_SLACK) for part in parts] + \
        [(q, f, False, DOCUMENT_SLACK) for q, f in per_document(question, named, filters)]
    for text, scope, fresh, slack in jobs:
        p = best_of_part(text, draft, qvec, stats, store, index, scope, fresh=fresh, slack=slack)
        if p is None or _said(p, draft.picks + added):
            continue
        if named and p.clause.doc_id not in named:
            continue  # a question naming its documents wants their answer ("……？總體方案點講"), whichever part
        added.append(p)
    if not added:
        return draft
    return merged(draft, added)


def _named(index, text: str) -> set[str]:
    named = getattr(index, "named_documents", None)  # absent on a stand-in index (tests' fakes)
    return set(named(text)) if named is not None else set()


def per_document(question: str, named: set[str], filters) -> list[tuple[str, object]]:
    """The whole question searched within each document it names, when it names several ("总体方案跟条例各怎么写的",
    "how do the master plan, the regulation and the industry plan put it"): each document's own provision."""
    if len(named) < 2:
        return []
    from core.filters import Filter

    base = filters if filters is not None else Filter()
    allowed = set(base.doc_ids) if base.doc_ids is not None else None
    return [(question, replace(base, doc_ids=(d,))) for d in sorted(named) if allowed is None or d in allowed]


def best_of_part(part: str, whole: Draft, whole_qvec, stats, store, index, filters, fresh: bool = False,
                 slack: float = PART_SLACK) -> Pick | None:
    """The part's best sentence, when the part alone would be answered and the sentence is about the question.

    fresh: the best sentence not in the answer yet: one thing of a list asked about each ("管委会、执委会同广东省
    派出机构各自负责咩") has its own provision, though the sentence on another thing may rank first for it too."""
    draft = part_draft(part, stats, store, index, filters)
    if draft is None or not draft.picks or refuse(draft):
        return None  # a part that finds nothing adds nothing ("总体方案点讲" alone names no topic)
    ranked = sorted(draft.picks, key=lambda p: -p.score)
    best = next((p for p in ranked if not (fresh and _said(p, whole.picks))), None)
    return best if best is not None and about_question(best, whole, whole_qvec, store, slack) else None


def about_question(pick: Pick, whole: Draft, whole_qvec, store, slack: float = PART_SLACK) -> bool:
    """Whether a part's sentence is about the question as asked: it shares a concept with it, and it is about as
    close in meaning (within `slack`: PART_SLACK, or DOCUMENT_SLACK for a named document) as the whole
    question's best sentence."""
    if whole.query is not None and coverage(whole.query, fold(pick.shown)) <= 0:
        return False  # shares no concept with the question as asked: a part read out of its context
    if store is not None and whole_qvec is not None:
        cos = float(store.vectors([pick.shown])[0] @ np.asarray(whole_qvec, dtype=np.float32))
        if cos < whole.dense - slack:
            return False
    return True


def part_draft(part: str, stats, store, index, filters) -> Draft | None:
    """A part answered as a question of its own (None when the search or the embedder refuses it)."""
    try:
        hits = index.search(part, k=PART_K, filters=filters)
    except Exception:  # a part the search refuses (too long, empty once cut): no answer for it
        return None
    qvec = None
    if store is not None:
        try:
            qvec = index.embedder.query(part)
        except Exception:  # the embedder failing only costs the meaning score
            qvec = None
    return extract(part, hits, stats, store=store if qvec is not None else None, qvec=qvec, clauses=index.clauses)


def _said(pick: Pick, picks: list[Pick]) -> bool:
    """The same sentence is already in the answer (in this clause, or the same words in another)."""
    key = fold(pick.shown).rstrip("。")
    for q in picks:
        other = fold(q.shown).rstrip("。")
        if (q.clause.id == pick.clause.id and q.position == pick.position) or key in other or other in key:
            return True
    return False


def merged(draft: Draft, added: list[Pick]) -> Draft:
    """The draft with the parts' sentences added (clause order as extract gives it), up to the list cap. Its
    `basis` is the draft as it was: the refusal rules and the model read the question the draft was judged on
    (fitted on whole questions), not the sentences other parts added."""
    basis = replace(draft, picks=list(draft.picks), related=list(draft.related))
    draft.picks = order(list(draft.picks) + added)[:LIST_CAP]
    cited = {p.clause.id for p in draft.picks}
    draft.related = [c for c in draft.related if c.id not in cited]
    draft.basis = basis
    return draft
