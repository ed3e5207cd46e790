"""Score the LLM system's answers beside ours: the answer figures plus what verification kept, dropped and why."""
from __future__ import annotations

from collections import Counter

from . import metrics as M
from .answers import score_answers

# the figures shown side by side with ours (answer figures both systems have)
SIDE_BY_SIDE = ("key_point_coverage", "citation_precision", "citation_recall", "support_rate", "refusal_accuracy",
                "false_refusal_rate", "answer_length_mean", "latency_ms_p50", "latency_ms_p95")


def score_llm(items, system, index, clauses_by_id: dict, ours: dict | None) -> dict:
    """Answer every question through the LLM system; figures from each answer's .llm trace."""
    traces: dict[str, dict] = {}

    def answer_fn(question, index=None):
        ans = system.answer(question, index=index)
        traces[question] = dict(getattr(ans, "llm", None) or {}, mode=ans.mode)
        return ans

    scored = score_answers(items, answer_fn, index, clauses_by_id)
    by_id = {i.id: i for i in items}
    for row in scored["questions"]:
        row["llm"] = traces.get(by_id[row["id"]].question, {})
    scored["llm"] = summarise_llm(scored["questions"], ours)
    scored["endpoint"], scored["model"] = system.endpoint, system.model
    return scored


def summarise_llm(rows: list[dict], ours: dict | None) -> dict:
    called = [r for r in rows if r["llm"].get("called")]
    used = [r for r in called if r["llm"].get("mode") == "llm"]
    generated = sum(r["llm"].get("generated", 0) for r in called)
    kept = sum(r["llm"].get("kept", 0) for r in used)  # sentences shown: of answers that were not replaced
    out = {
        "questions": len(rows),
        "llm_called": len(called),
        "llm_answers": len(used),
        "fallback_rate": 1 - len(used) / len(called) if called else None,
        "fallbacks": dict(Counter(_reason(r["llm"]["fallback"]) for r in called if r["llm"].get("fallback"))),
        "sentences_generated": generated,
        "sentences_verified": sum(r["llm"].get("kept", 0) for r in called),
        "sentences_shown": kept,
        "verified_sentence_rate": sum(r["llm"].get("kept", 0) for r in called) / generated if generated else None,
        "figures_rejected": sum(r["llm"].get("figures_rejected", 0) for r in called),
        "markers_rejected": sum(r["llm"].get("markers_rejected", 0) for r in called),
        "names_rejected": sum(r["llm"].get("names_rejected", 0) for r in called),
        "wording_rejected": sum(r["llm"].get("wording_rejected", 0) for r in called),
        "no_answer_on_answerable": sum(1 for r in called if r["llm"].get("no_answer") and r["answerable"]),
        "no_answer_on_unanswerable": sum(1 for r in called if r["llm"].get("no_answer") and not r["answerable"]),
        "unanswerable_with_llm_answer": sum(1 for r in used if not r["answerable"]),
        "figures_rejected_on_unanswerable": sum(r["llm"].get("figures_rejected", 0) for r in called if not r["answerable"]),
        "model_ms_p50": M.percentile([r["llm"]["model_ms"] for r in called], 50),
        "model_ms_p95": M.percentile([r["llm"]["model_ms"] for r in called], 95),
    }
    # key points where the model's own words are shown, against ours on the same questions
    mine = [r for r in used if r.get("key_point_coverage") is not None]
    ours_rows = {r["id"]: r for r in (ours or {}).get("questions", [])}
    out["key_points_llm_written"] = M.mean(r["key_point_coverage"] for r in mine)
    out["key_points_ours_same_questions"] = M.mean(ours_rows.get(r["id"], {}).get("key_point_coverage") for r in mine)
    out["n_llm_written_answerable"] = len(mine)
    return out


def _reason(fallback: str) -> str:
    return "error" if fallback.startswith("error") else fallback
