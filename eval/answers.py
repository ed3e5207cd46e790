"""Score answers from qa.answer: key points, citations, support, refusals, length, latency."""
from __future__ import annotations

import time
from typing import Callable

from . import metrics as M
from .gold import LANGUAGES, TYPES, GoldItem, doc_order
from .labels import clause_labels, label_exact

# Generated (LLM) answers paraphrase; a sentence counts as supported when this share of its character
# bigrams is in a cited clause. Extractive answers are checked by containment and pass either way.
LLM_MIN_OVERLAP = 0.6
ANSWER_KEYS = ("key_point_coverage", "citation_precision", "citation_recall", "support_rate")
# share of a question's expected citation labels (gold `citation_labels`) its answer shows exactly
LABEL_KEY = "citation_label_exact"


def _get(obj, name: str, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def parse_answer(ans, clauses_by_id: dict) -> dict:
    """Normalise an Answer object or dict: text, answerable, cited ids, and {marker n: cited clause text}."""
    text = _get(ans, "text") or _get(ans, "answer") or ""
    cited: list[str] = []
    texts: dict[int, str] = {}
    rows: dict[int, tuple[str, str]] = {}
    labels: list[set[str]] = []
    for pos, c in enumerate(_get(ans, "citations") or [], 1):
        own = _get(c, "clause")  # qa.records.Citation carries the Clause itself
        cid = _get(c, "clause_id") or (own.id if own is not None else "") or _get(c, "id") or ""
        n = _get(c, "n") or pos
        cited.append(cid)
        clause = own if own is not None else clauses_by_id.get(cid)
        shown = _get(c, "label") or _get(c, "citation")  # a label the answer itself renders, if it has one
        labels.append(clause_labels(clause) | ({str(shown)} if isinstance(shown, str) and shown else set()))
        texts[int(n)] = _get(c, "text") or (clause.text if clause is not None else "")
        table = _get(clause, "table") if clause is not None else None
        if table:  # answers render table rows as sentences; check those against the row's cells
            row_text = " ".join([table.get("title", "")] + list(table.get("headers", [])) + list(table.get("cells", [])))
            rows[int(n)] = (table.get("indicator", ""), row_text)
    return {"text": text, "answerable": bool(_get(ans, "answerable", True)), "cited": cited, "texts": texts, "rows": rows,
            "mode": _get(ans, "mode", "") or "", "labels": labels, "claims": claims_text(ans, text)}


def claims_text(ans, text: str) -> str:
    """The answer text as claims: the intro and document headings (no claims) left out, and the overview
    line ('主要有四方面：A[1]；B[2]。') checked piece by piece, each piece against the clause it cites."""
    skip = {line for line in [_get(ans, "intro", "") or ""] + list(_get(ans, "framing", []) or []) if line}
    overview = _get(ans, "overview", "") or ""
    lines = []
    for line in text.splitlines():
        if line in skip:
            continue
        if overview and line == overview:
            lines += [f"{piece}。[{n}]" for piece, n in _get(ans, "overview_pieces", []) or []]
            continue
        lines.append(line)
    return "\n".join(lines)


def score_one(item: GoldItem, parsed: dict) -> dict:
    refused = not parsed["answerable"]
    row = {"refused": refused, "length": len(parsed["text"])}
    if item.answerable and not refused:
        overlap = LLM_MIN_OVERLAP if parsed["mode"] == "llm" else None
        row.update({
            "key_point_coverage": M.key_point_coverage(parsed["text"], item.key_points),
            "citation_precision": M.citation_precision(parsed["cited"], item.gold_ids),
            "citation_recall": M.citation_recall(parsed["cited"], item.gold_ids),
            "support_rate": M.support_rate(parsed.get("claims", parsed["text"]), parsed["texts"], overlap,
                                           parsed.get("rows")),
            LABEL_KEY: label_exact(item.citation_labels, parsed.get("labels") or []),
        })
    return row


def score_answers(items: list[GoldItem], answer_fn: Callable, index, clauses_by_id: dict) -> dict:
    rows: list[dict] = []
    errors: list[str] = []
    if items:
        try:
            answer_fn(items[0].question, index=index)  # warm-up, untimed (lazy loads in qa)
        except Exception:
            pass  # the timed call below reports it
    for item in items:
        t0 = time.perf_counter()
        try:
            ans = answer_fn(item.question, index=index)
        except Exception as exc:  # one failing question is reported, not allowed to sink the whole run
            errors.append(f"{item.id}: {type(exc).__name__}: {exc}")
            continue
        ms = (time.perf_counter() - t0) * 1000
        parsed = parse_answer(ans, clauses_by_id)
        row = {"id": item.id, "language": item.language, "type": item.type, "doc": item.doc_group, "answerable": item.answerable,
               "latency_ms": round(ms, 2), "answer": parsed["text"][:400], "cited": parsed["cited"]}
        row.update(score_one(item, parsed))
        rows.append(row)
    return {
        "summary": summarise(rows),
        "by_language": {g: summarise([r for r in rows if r["language"] == g]) for g in LANGUAGES if any(r["language"] == g for r in rows)},
        "by_type": {g: summarise([r for r in rows if r["type"] == g]) for g in TYPES if any(r["type"] == g for r in rows)},
        "by_doc": {g: summarise([r for r in rows if r["doc"] == g]) for g in doc_order(items)
                   if any(r["doc"] == g for r in rows)},
        "questions": rows,
        "errors": errors,
    }


def summarise(rows: list[dict]) -> dict:
    """Means over answered answerable questions; refusal figures over their own populations."""
    ans = [r for r in rows if r["answerable"]]
    out = {"n": len(rows)}
    for key in ANSWER_KEYS + (LABEL_KEY,):
        out[key] = M.mean(r.get(key) for r in ans)
    out["n_labelled"] = sum(1 for r in ans if r.get(LABEL_KEY) is not None)
    out["refusal_accuracy"] = M.refusal_accuracy([not r["refused"] for r in rows if not r["answerable"]])
    out["false_refusal_rate"] = M.false_refusal_rate([not r["refused"] for r in ans])
    lengths = [r["length"] for r in ans if not r["refused"]]
    out["answer_length_mean"] = M.mean(lengths)
    out["answer_length_p50"] = M.percentile(lengths, 50)
    lat = [r["latency_ms"] for r in rows]
    out["latency_ms_p50"] = M.percentile(lat, 50)
    out["latency_ms_p95"] = M.percentile(lat, 95)
    return out
