"""Count an honest set's misses by what kind of question they are, never printing a question: measure, don't read.

    python -m eval.blind eval/gold/fresh-2026-12-02ze.jsonl [more files]

A miss is an unanswerable question answered or an answerable one refused. Each is counted under its language, its
gold type and document group, the kinds of detail it asks for (qa/kinds.py: the cues only, no evidence) and whether
it asks for a figure or a date — enough to say which class of question the rules miss on sets nobody may read,
without turning those sets into tuning material. Session 9 used such a count once (qa/CALIBRATION.md).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from errors import UserError

from .gold import load_file


def path(draft) -> str:
    """Which way the answer was decided: a named part summarised whole, a question asked within a part, or the
    refusal model's."""
    if getattr(draft, "restricted", False):
        return "within a part"
    return "part summary" if getattr(draft, "mode", "") == "summary" else "model"


def category(item, draft) -> tuple[str, ...]:
    """(language, type, document group, kinds asked, figure?, date?, path) of one question: no words of it."""
    from qa.asks import kinds_asked

    kinds = "+".join(k.name for k in kinds_asked(item.question)) or "no kind"
    query = getattr(draft, "query", None)
    return (item.language, item.type, item.doc_group, kinds,
            "figure" if query is not None and query.wants_figure else "-",
            "date" if query is not None and query.wants_date else "-", path(draft))


def misses(items, answer_fn, draft_fn) -> dict[str, Counter]:
    """{'unanswerable answered': Counter(category), 'answerable refused': Counter(category)} over the items."""
    out = {"unanswerable answered": Counter(), "answerable refused": Counter()}
    for item in items:
        refused = not answer_fn(item.question).answerable
        if refused == item.answerable:  # answered an unanswerable one, or refused an answerable one
            key = "answerable refused" if item.answerable else "unanswerable answered"
            out[key][category(item, draft_fn(item.question))] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.blind", description=__doc__.splitlines()[0])
    ap.add_argument("gold_files", nargs="+", type=Path)
    args = ap.parse_args(argv)
    try:
        items = [i for path in args.gold_files for i in load_file(path)]
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from index import open_index
    from qa.answer import answer, draft_answer
    from settings import Settings

    settings = Settings.load(llm_base_url="", llm_model="")
    idx = open_index(settings)
    found = misses(items, lambda q: answer(q, index=idx, settings=settings, use_llm=False),
                   lambda q: draft_answer(q, idx, settings.build_dir, corpus_dir=settings.corpus_dir))
    print(f"{len(items)} questions")
    for name, counts in found.items():
        print(f"{name}: {sum(counts.values())}")
        for cat, n in counts.most_common():
            print(f"  {n}  " + " · ".join(cat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
