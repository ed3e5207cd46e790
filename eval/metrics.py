"""Evaluation metrics as pure functions: retrieval (hit, recall, MRR, nDCG), answers, latency."""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Collection, Iterable, Sequence, Union

from .normalize import fold, strip_markers, trim

KS = (1, 3, 5, 10)

# ---------------------------------------------------------------- retrieval
# `ranked` lists what a system returned, best first: each entry is an id, or a collection of the ids it
# covers (a naive chunk spanning two gold clauses). `gold` is the set of relevant ids. An id already
# credited earns nothing when it comes back (trec_eval assumes unique documents per run).

Entry = Union[str, Collection[str]]


def _ids(entry: Entry) -> set[str]:
    return {entry} if isinstance(entry, str) else set(entry)


def hit_at_k(ranked: Sequence[Entry], gold: Iterable[str], k: int) -> float:
    """1.0 when any gold id is among the first k, else 0.0."""
    gold = set(gold)
    return 1.0 if any(_ids(r) & gold for r in ranked[:k]) else 0.0


def recall_at_k(ranked: Sequence[Entry], gold: Iterable[str], k: int) -> float:
    """Share of the gold ids found among the first k."""
    gold = set(gold)
    if not gold:
        return 0.0
    found = set().union(*(_ids(r) for r in ranked[:k])) if ranked[:k] else set()
    return len(gold & found) / len(gold)


def reciprocal_rank(ranked: Sequence[Entry], gold: Iterable[str], k: int = 10) -> float:
    """1/rank of the first entry holding a gold id within the first k, else 0 (its mean is MRR@k)."""
    gold = set(gold)
    for rank, r in enumerate(ranked[:k], 1):
        if _ids(r) & gold:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[Entry], gold: Iterable[str], k: int = 10) -> float:
    """Binary-gain nDCG@k: an entry gains 1/log2(rank+1) per gold id it newly covers; IDCG puts every
    gold id first, one per rank. Capped at 1 (one chunk covering two gold clauses can beat that ideal)."""
    gold = set(gold)
    if not gold:
        return 0.0
    seen: set[str] = set()
    dcg = 0.0
    for rank, r in enumerate(ranked[:k], 1):
        new = (_ids(r) & gold) - seen
        seen |= new
        dcg += len(new) / math.log2(rank + 1)
    idcg = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return min(1.0, dcg / idcg)


def retrieval_scores(ranked: Sequence[Entry], gold: Iterable[str], ks: Sequence[int] = KS) -> dict[str, float]:
    """Every retrieval figure for one question."""
    gold = set(gold)
    out: dict[str, float] = {}
    for k in ks:
        out[f"hit@{k}"] = hit_at_k(ranked, gold, k)
    for k in ks:
        out[f"recall@{k}"] = recall_at_k(ranked, gold, k)
    out["mrr@10"] = reciprocal_rank(ranked, gold, 10)
    out["ndcg@10"] = ndcg_at_k(ranked, gold, 10)
    return out


# ---------------------------------------------------------------- answers


def key_point_coverage(answer_text: str, key_points: Sequence[str]) -> float | None:
    """Share of key points present in the answer (width, script, spaces and case folded); None if none."""
    if not key_points:
        return None
    text = fold(answer_text)
    return sum(1 for kp in key_points if fold(kp) in text) / len(key_points)


def citation_precision(cited: Iterable[str], relevant: Iterable[str]) -> float | None:
    """Share of cited clauses that are gold (support the answer); None when nothing is cited."""
    cited = set(cited)
    if not cited:
        return None
    return len(cited & set(relevant)) / len(cited)


def citation_recall(cited: Iterable[str], gold: Iterable[str]) -> float | None:
    """Share of gold clauses that the answer cites; None when there is no gold."""
    gold = set(gold)
    if not gold:
        return None
    return len(set(cited) & gold) / len(gold)


# A sentence runs to its end punctuation (or a line break) and keeps the markers that follow it:
# "…90亿元。[1]" and "…90亿元[1]。" both attach [1] to that sentence.
_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+|$)(?:\s*\[\d+\])*|[。！？!?]+(?:\s*\[\d+\])+")
_MARK = re.compile(r"\[(\d+)\]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def split_sentences(text: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, marker numbers) for each sentence of an answer."""
    out = []
    for m in _SENTENCE.finditer(text or ""):
        s = m.group()
        marks = [int(n) for n in _MARK.findall(s)]
        body = strip_markers(s).strip()
        if body or marks:
            out.append((body, marks))
    return out


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def sentence_supported(sentence: str, sources: Sequence[str], min_overlap: float | None = None) -> bool:
    """Contained in one of its cited clause texts (folded); with min_overlap, or that share of its
    character bigrams found in one clause (for generated answers, which paraphrase)."""
    s = trim(fold(sentence))
    if not s:
        return True
    for src in sources:
        f = fold(src)
        if s in f:
            return True
        if min_overlap is not None:
            grams = _bigrams(s)
            if grams and len(grams & _bigrams(f)) / len(grams) >= min_overlap:
                return True
    return False


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def row_supported(sentence: str, indicator: str, row_text: str) -> bool:
    """A sentence rendered from a table row ("表2-1中，X2024年为A，2029年为B"): it names the row's indicator
    and every number in it appears in the row, its headers or its caption (passed together as row_text)."""
    if not indicator or fold(indicator) not in fold(sentence):
        return False
    return _numbers(sentence) <= _numbers(row_text)


def _numbers(text: str) -> set[str]:
    # read before spaces are folded away: "30.04 90" is two cells, not 30.0490
    return set(_NUMBER.findall(unicodedata.normalize("NFKC", text)))


def support_rate(answer_text: str, cited_texts: dict[int, str], min_overlap: float | None = None,
                 rows: dict[int, tuple[str, str]] | None = None) -> float | None:
    """Share of the answer's Chinese sentences supported by the clauses their markers point to.

    Only sentences with Chinese characters are checked: the short English or Portuguese framing of a
    foreign-language answer is not a claim quoted from a clause. A sentence without a marker is unsupported.
    rows maps a marker to (indicator, row text) when it cites a table row; see row_supported.
    None when the answer has no Chinese sentence.
    """
    rows = rows or {}
    checked = supported = 0
    for body, marks in split_sentences(answer_text):
        if not _CJK.search(body):
            continue
        checked += 1
        sources = [cited_texts[n] for n in marks if n in cited_texts]
        ok = bool(sources) and sentence_supported(body, sources, min_overlap)
        ok = ok or any(row_supported(body, *rows[n]) for n in marks if n in rows)
        supported += ok
    return supported / checked if checked else None


def refusal_accuracy(answerable_flags: Sequence[bool]) -> float | None:
    """Over unanswerable questions: share the system refused (answerable == False)."""
    if not answerable_flags:
        return None
    return sum(1 for a in answerable_flags if not a) / len(answerable_flags)


def false_refusal_rate(answerable_flags: Sequence[bool]) -> float | None:
    """Over answerable questions: share the system wrongly refused."""
    if not answerable_flags:
        return None
    return sum(1 for a in answerable_flags if not a) / len(answerable_flags)


# ---------------------------------------------------------------- aggregation


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear-interpolated percentile (numpy's default): rank = p/100 * (n-1)."""
    if not values:
        return None
    xs = sorted(values)
    pos = p / 100 * (len(xs) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    xs = [v for v in values if v is not None]
    return sum(xs) / len(xs) if xs else None
