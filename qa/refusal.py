"""When to refuse: the documents must support the question lexically; thresholds come from the dev split.

Two thresholds, because a question naming something no clause mentions at all (电话, 税率, 上海) needs
stronger support from its best clause than a question whose every word occurs somewhere in the documents.
Calibrated with `python -m qa.calibrate` on eval/gold/dev.jsonl (figures in qa/CALIBRATION.md).
"""
from __future__ import annotations

# Minimum share (idf-weighted) of the question's concepts found in the best of the top clauses:
SUPPORT_THRESHOLD = 0.25  # when every word of the question occurs somewhere in the documents
SUPPORT_THRESHOLD_UNKNOWN = 0.522  # when some word of the question occurs nowhere in them


def threshold_for(draft, known: float = SUPPORT_THRESHOLD, unknown: float = SUPPORT_THRESHOLD_UNKNOWN) -> float:
    return unknown if draft.unknown > 0 else known


def refuse(draft, known: float | None = None, unknown: float | None = None) -> str:
    """Why the draft cannot be given as an answer ("" when it can)."""
    if draft.mode == "summary":
        return ""
    if not draft.picks:
        return "no sentence of the retrieved clauses answers it"
    threshold = threshold_for(draft, SUPPORT_THRESHOLD if known is None else known,
                              SUPPORT_THRESHOLD_UNKNOWN if unknown is None else unknown)
    if draft.support < threshold:
        return f"best clause covers {draft.support:.2f} of the question (threshold {threshold:.2f})"
    if draft.query is not None and draft.query.wants_figure and not draft.has_figure:
        return "the question asks for a figure and no cited sentence has one"
    if draft.query is not None and draft.query.wants_date and not draft.has_date:
        return "the question asks for a date and no cited sentence has one"
    return ""
