"""Run the gold questions through every system in one process, score them and summarise the figures."""
from __future__ import annotations

import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Callable

from errors import UserError

from . import metrics as M
from . import validate
from .gold import GOLD_DIR, LANGUAGES, TYPES, GoldItem, doc_order, load_split
from .labels import label_exact, labels_in_store
from .systems import (NAIVE_MODES, Judge, LLMSystem, OursSystem, SystemUnavailable, build_naive, default_embedder,
                      naive_documents)

K = 10
HEADLINE = ("hit@1", "hit@3", "hit@5", "hit@10", "recall@5", "recall@10", "mrr@10", "ndcg@10")
LABEL_K = 5  # "label exact@5": the expected citation labels shown by the top 5 results

# Extra scoring suites plug in here (issue 6: profile matching precision/recall). A suite is
# fn(settings, items, context) -> dict of figures; context holds "clauses" and "index" (ours, or None).
# Register from a module `eval/suites_*.py` or `eval/profiles.py` calling register_suite at import;
# the runner imports eval.profiles when it exists.
SUITES: dict[str, Callable] = {}


def register_suite(name: str, fn: Callable) -> None:
    SUITES[name] = fn


class EvalError(UserError):
    """The evaluation cannot run as asked."""


def expand_systems(spec: str | list[str]) -> list[str]:
    """'ours,naive' -> ['ours', 'naive-dense', 'naive-bm25', 'naive-fused']; single naive modes allowed."""
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    out: list[str] = []
    for n in (x.strip() for x in names if x.strip()):
        if n == "naive":
            out += [f"naive-{m}" for m in NAIVE_MODES]
        elif n in ("ours", "llm") or (n.startswith("naive-") and n[6:] in NAIVE_MODES):
            out.append(n)
        else:
            raise EvalError(f"--systems: unknown system {n!r} (use ours, llm, naive, naive-dense, naive-bm25, naive-fused)")
    return list(dict.fromkeys(out))


def run_eval(settings, split: str = "dev", systems="ours,naive", *, gold_dir: Path = GOLD_DIR,
             open_index: Callable | None = None, embedder=None, answer_fn: Callable | None = None,
             answers: bool = True, log: Callable[[str], None] = lambda s: None, clauses: list | None = None,
             limit: int | None = None, gold_file: Path | None = None) -> dict:
    """Everything the report shows, as one JSON-ready dict.

    clauses: the clauses to judge against (the CLI passes the knowledge base's); None reads the clause store as
    it is — reading never ingests: the edge refreshes a stale corpus first (eval/commands.py).
    limit: a sample of that many questions spread evenly over the split (every k-th), for a quick run.
    gold_file: one gold JSONL file instead of a split (e.g. eval/gold/fresh-2026-12-01.jsonl)."""
    from ingest.store import load_clauses

    names = expand_systems(systems)
    if "llm" in names and "ours" not in names:  # the LLM writes answers from our retrieval
        names.insert(0, "ours")
    items = load_gold_file(gold_file) if gold_file else load_split(split, gold_dir)
    if gold_file:
        split = Path(gold_file).stem
    if not items:  # an empty file scores nothing; said before the index is opened
        raise EvalError(f"{gold_file or split}: no gold questions to score")
    if limit and 0 < limit < len(items):
        step = len(items) / limit
        items = [items[int(i * step)] for i in range(limit)]
    llm = None
    if "llm" in names:
        try:
            llm = LLMSystem(settings)  # before the long run: a server that is down is said at once
        except SystemUnavailable as exc:
            raise EvalError(str(exc)) from None
        if answer_fn is None:  # ours stays extractive beside it, whatever HQ_LLM_* says
            from functools import partial

            from qa import answer as qa_answer

            answer_fn = partial(qa_answer, use_llm=False)
    clauses = load_clauses(Path(settings.build_dir)) if clauses is None else clauses
    validate.check(items, clauses)  # broken gold stops the run before any figure is produced
    judge = Judge(clauses)
    notes: list[str] = []
    runners = []
    ours = None
    if "ours" in names:
        try:
            ours = OursSystem(settings, open_index)
            runners.append(ours)
        except SystemUnavailable as exc:
            notes.append(str(exc))
    naive_modes = [n[6:] for n in names if n.startswith("naive-")]
    if naive_modes:
        emb = embedder or default_embedder(settings)
        docs = naive_documents(settings.build_dir, clauses)
        runners += build_naive(docs, emb, naive_modes, cache_dir=Path(settings.build_dir) / "eval-cache",
                               model_id=f"raw/{settings.embedder}" if embedder is None else "")
    if not runners:
        raise EvalError("no system could run: " + "; ".join(notes))
    rows = []
    for system in runners:
        log(f"retrieval: {system.name} on {len(items)} questions")
        system.search(items[0].question, K)  # warm-up, untimed: latency figures are for a warm process
        rows += [_retrieve(system, item, judge) for item in items]
    result = {
        "meta": _meta(settings, split, items, [s.name for s in runners]),
        "notes": notes,
        "headline": {s.name: _summary([r for r in rows if r["system"] == s.name]) for s in runners},
        "by_language": _grouped(rows, "language", LANGUAGES),
        "by_type": _grouped(rows, "type", TYPES),
        "by_doc": _grouped(rows, "doc", doc_order(items)),
        "labels": labels_in_store(items, clauses),
        "questions": rows,
    }
    result["answers"] = _answers(items, ours, clauses, answer_fn, answers, notes, log)
    if llm is not None and ours is not None:
        from .llm_answers import score_llm

        log(f"answers: llm ({llm.model} at {llm.endpoint}) on {len(items)} questions")
        result["llm"] = score_llm(items, llm, ours.index, {c.id: c for c in clauses}, result["answers"])
        result["meta"]["systems"].append("llm")
    primary = "ours" if ours is not None else runners[0].name
    result["worst"] = worst(rows, primary)
    for r in rows:  # the JSON keeps, per question, the ranked keys and which ranks held gold; texts only for the worst
        r["relevant_ranks"] = [n for n, x in enumerate(r["retrieved"], 1) if x["covers"]]
        r["retrieved"] = [x["key"] for x in r["retrieved"]]
        for key in ("question", "gold_ids", "split"):  # in the gold files already
            r.pop(key)
        if r["metrics"]:
            r["metrics"] = {k: round(v, 4) if v is not None else None for k, v in r["metrics"].items()}
    if gold_file:  # the suites score their own dev/held-out sets, not a single gold file
        result["suites"] = {}
        notes.append(f"suites skipped: they score the dev/held-out splits, not {Path(gold_file).name}")
    else:
        result["suites"] = _suites(settings, items, {"clauses": clauses, "index": ours.index if ours else None}, notes)
    return result


def load_gold_file(path: Path) -> list[GoldItem]:
    """The items of one gold JSONL file outside the splits (a fresh set), checked like a split's."""
    from .gold import load_file

    return load_file(path)


def _retrieve(system, item: GoldItem, judge: Judge) -> dict:
    t0 = time.perf_counter()
    hits = system.search(item.question, K)
    ms = (time.perf_counter() - t0) * 1000
    ranked = []
    for r in hits:
        r.covers = judge.covers(r, item)
        ranked.append(r.key if r.is_clause else (r.covers or {r.key}))
    metrics = M.retrieval_scores(ranked, item.gold_ids) if item.answerable else None
    if metrics is not None and any(r.is_clause for r in hits):  # naive chunks carry no label
        metrics[f"label_exact@{LABEL_K}"] = label_exact(item.citation_labels, [r.labels for r in hits[:LABEL_K]])
    return {
        "id": item.id, "split": item.split, "system": system.name, "language": item.language, "type": item.type,
        "doc": item.doc_group, "question": item.question, "answerable": item.answerable, "gold_ids": item.gold_ids,
        "latency_ms": round(ms, 2),
        "metrics": metrics,
        "retrieved": [{"key": r.key, "covers": sorted(r.covers), "text": r.text[:120]} for r in hits],
    }


def _summary(rows: list[dict]) -> dict:
    scored = [r["metrics"] for r in rows if r["metrics"] is not None]
    out = {"n": len(scored)}
    for key in HEADLINE:
        out[key] = M.mean(m[key] for m in scored)
    labelled = [m[f"label_exact@{LABEL_K}"] for m in scored if m.get(f"label_exact@{LABEL_K}") is not None]
    out[f"label_exact@{LABEL_K}"] = M.mean(labelled)
    out["n_labelled"] = len(labelled)
    lat = [r["latency_ms"] for r in rows]
    out["latency_ms_p50"] = M.percentile(lat, 50)
    out["latency_ms_p95"] = M.percentile(lat, 95)
    return out


def _grouped(rows: list[dict], field: str, order) -> dict:
    """{system: {group: summary}} over answerable questions, groups in the given order; plus en+pt together."""
    out: dict = {}
    for system in dict.fromkeys(r["system"] for r in rows):
        mine = [r for r in rows if r["system"] == system and r["answerable"]]
        groups = {g: _summary([r for r in mine if r[field] == g]) for g in order if any(r[field] == g for r in mine)}
        if field == "language":
            foreign = [r for r in mine if r["language"] in ("en", "pt")]
            if foreign:
                groups["en+pt"] = _summary(foreign)
        out[system] = groups
    return out


def worst(rows: list[dict], system: str, n: int = 10) -> list[dict]:
    """The n answerable questions the system did worst on: lowest MRR@10, then nDCG@10, then recall@10."""
    mine = [r for r in rows if r["system"] == system and r["metrics"] is not None]
    mine.sort(key=lambda r: (r["metrics"]["mrr@10"], r["metrics"]["ndcg@10"], r["metrics"]["recall@10"], r["id"]))
    return [{k: r[k] for k in ("id", "language", "type", "question", "gold_ids", "metrics", "retrieved")} for r in mine[:n]]


def _answers(items, ours, clauses, answer_fn, wanted: bool, notes: list[str], log) -> dict | None:
    """Answer metrics; skipped (None) when the qa package is not importable or ours cannot run."""
    if not wanted:
        return None
    if answer_fn is None:
        try:
            from qa import answer as answer_fn
        except ImportError as exc:
            notes.append(f"answers skipped: qa.answer is not importable ({exc})")
            return None
        if isinstance(answer_fn, ModuleType):  # qa/answer.py not re-exported by qa/__init__
            answer_fn = getattr(answer_fn, "answer", None)
        if not callable(answer_fn):
            notes.append("answers skipped: qa.answer is not a function")
            return None
    if ours is None:
        notes.append("answers skipped: they need our index")
        return None
    from .answers import score_answers

    log(f"answers: {len(items)} questions")
    return score_answers(items, answer_fn, ours.index, {c.id: c for c in clauses})


def _suites(settings, items, context: dict, notes: list[str]) -> dict:
    try:
        import eval.profiles  # noqa: F401  (registers its suite when issue 6 lands)
    except ModuleNotFoundError as exc:
        if exc.name != "eval.profiles":
            raise
    out = {}
    for name, fn in SUITES.items():
        try:
            out[name] = fn(settings, items, context)
        except UserError as exc:
            notes.append(f"suite {name} skipped: {exc}")
    return out


def _meta(settings, split: str, items: list[GoldItem], systems: list[str]) -> dict:
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "split": split, "systems": systems, "k": K, "embedder": str(settings.embedder),
        "questions": len(items), "answerable": sum(i.answerable for i in items),
        "by_language": dict(Counter(i.language for i in items)), "by_type": dict(Counter(i.type for i in items)),
        "commit": _commit(),
    }


def _commit() -> str:
    import subprocess

    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).resolve().parent)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
