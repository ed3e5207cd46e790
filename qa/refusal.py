"""When to refuse: rules that need no threshold first, then one evidence threshold calibrated on the dev split.

1. Another place as the subject ("深圳前海的人才补贴政策") — the documents set the zone's policy, not other
   cities' local rules, even where they name that city as a partner.
2. A kind of information the cited clauses do not contain (a phone number, an address, a fee, a tax rate,
   a procedure, a day, a figure) — see qa/asks.py.
3. Too little of the question found in the best retrieved clause: the idf-weighted share of its concepts,
   where a word the documents never use counts as missing only when it names a thing (税率, 公寓, director);
   never-used verbs and adjectives (享受, 方便, monitored) are paraphrase and count neither way.

The threshold comes from `python -m eval.calibrate` on eval/gold/dev.jsonl (figures in qa/CALIBRATION.md).
"""
from __future__ import annotations

from .asks import has_kind, kinds_asked, missing_articles, other_place

# Minimum share (idf-weighted) of the question's concepts found in the best of the top clauses.
SUPPORT_THRESHOLD = 0.25


def rule_reason(draft) -> str:
    """Why the draft cannot be an answer whatever the threshold ("" when no rule applies)."""
    if draft.mode == "summary":
        return ""
    if not draft.picks:
        return "no sentence of the retrieved clauses answers it"
    question = draft.question or (draft.query.question if draft.query is not None else "")
    texts = [p.shown for p in draft.picks] + [p.clause.text for p in draft.picks]
    # a clause's own label names its article (第四十九条第二款): asking about it is not asking about another text
    cited = [p.clause.citation for p in draft.picks]
    place = other_place(question, texts)
    if place:
        return f"it asks about {place} itself; the indexed documents set the cooperation zone's policy"
    articles = missing_articles(question, texts + cited)
    if articles:
        return f"it asks about {articles[0]} of a text the cited clauses do not quote"
    for kind in kinds_asked(question):
        if not has_kind(kind, texts):
            return f"it asks for {kind.label} and no cited clause has one"
    if draft.query is not None and draft.query.wants_figure and not draft.has_figure:
        return "the question asks for a figure and no cited sentence has one"
    if draft.query is not None and draft.query.wants_date and not draft.has_date:
        return "the question asks for a date and no cited sentence has one"
    return ""


def refuse(draft, threshold: float | None = None) -> str:
    """Why the draft cannot be given as an answer ("" when it can)."""
    if draft.mode == "summary":
        return ""
    reason = rule_reason(draft)
    if reason:
        return reason
    threshold = SUPPORT_THRESHOLD if threshold is None else threshold
    if draft.support < threshold:
        return f"best clause covers {draft.support:.2f} of the question (threshold {threshold:.2f})"
    return ""
