"""Laying out an extractive answer: an overview line of the cited clauses' leads, then sentences grouped by document."""
from __future__ import annotations

import re

from .docinfo import doc_info
from .text import fold

OVERVIEW_PIECE_MAX = 40  # characters: a lead longer than this is a sentence, not a heading-like summary
_CN_DIGITS = "零一二三四五六七八九十"


def cn_count(n: int) -> str:
    """4 -> 四, 12 -> 12 (small counts read as words, as the documents write them)."""
    return "两" if n == 2 else _CN_DIGITS[n] if 0 < n <= 10 else str(n)


def lead_piece(clause) -> str:
    """The clause's own lead sentence when it is short enough to stand in an overview, else ""."""
    lead = (clause.lead or "").strip().rstrip("。；;").lstrip("—－-•· ")  # "——便利…的新空间": the dash is layout
    return lead if lead and len(lead) <= OVERVIEW_PIECE_MAX and fold(lead) in fold(clause.text) else ""


def overview(picks_by_clause: list[tuple[int, object, str]], listing: bool) -> tuple[str, list[tuple[str, int]]]:
    """'主要有四方面：A[1]；B[2]；…。' from (marker, clause, first cited sentence) in order; ("", []) when fewer
    than two cited clauses have a lead to show. Every piece is the document's words, cited."""
    pieces = []
    for n, clause, first in picks_by_clause:
        piece = lead_piece(clause)
        if piece and fold(piece) not in (fold(p) for p, _ in pieces):
            pieces.append((piece, n))
    if len(pieces) < 2 or len(pieces) < len(picks_by_clause) / 2:
        return "", []
    head = f"共提到{cn_count(len(pieces))}项：" if listing else f"主要有{cn_count(len(pieces))}方面："
    return head + "；".join(f"{p}[{n}]" for p, n in pieces) + "。", pieces


def group_headings(citations: list, corpus_dir=None) -> dict[str, str]:
    """doc id -> group heading, when the cited clauses come from more than one document; a document based on
    another cited one says so ('依据《总体方案》'), so that a restatement is read with what it restates."""
    infos = {}
    for c in citations:
        infos.setdefault(c.clause.doc_id, doc_info(c.clause, corpus_dir))
    if len(infos) < 2:
        return {}
    out = {}
    for doc_id, info in infos.items():
        heading = info.heading()
        bases = [infos[b].short for b in info.based_on if b in infos]
        if bases:
            heading += "，依据" + "、".join(f"《{b}》" for b in bases)
        out[doc_id] = heading + "："
    return out
