"""Distractor run: the same questions over the corpus plus unrelated documents, in a separate build directory."""
from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Callable

from errors import UserError

TARGET = 0.03  # issue 9: adding the 89 Guangdong regulations may cost at most this much hit@5
SUBDIR = "distractors"  # under the build directory: the product's own store and index stay untouched
SUFFIXES = (".md", ".txt", ".pdf", ".docx", ".html", ".htm")
# questions only a background law answers (eval/gold/background/README.md): scored when the build holds their laws
BACKGROUND = Path(__file__).resolve().parent / "gold" / "background" / "lawrefbook.jsonl"


class DistractorError(UserError):
    """The distractor folder cannot be used."""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _title_key(text: str) -> str:
    """A document's title as a comparison key: brackets, Markdown marks and spaces removed."""
    return re.sub(r"[\s#《》〈〉]", "", text)


def _first_line(path: Path) -> str:
    if path.suffix.lower() not in (".md", ".txt"):
        return ""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return next((line for line in fh if line.strip()), "")
    except OSError:
        return ""


def pick(source: Path, corpus_files: list[Path], titles: set[str]) -> tuple[list[Path], list[Path]]:
    """(files to add, files skipped): a file already in the corpus — same bytes, or same title line as a
    corpus document — is skipped so that a question's gold clause is not duplicated; LawRefBook's
    `_index.md` listings (names starting with "_") are folder indexes, not documents."""
    source = Path(source)
    if not source.is_dir():
        raise DistractorError(f"--distractors {source}: not a folder")
    known = {_sha(p) for p in corpus_files}
    keys = {_title_key(t) for t in titles if t}
    add, skipped = [], []
    for f in sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
        if f.name.startswith(("_", ".")):
            continue
        if _sha(f) in known or _title_key(_first_line(f)) in keys:
            skipped.append(f)
        else:
            add.append(f)
    if not add:
        raise DistractorError(f"--distractors {source}: no document to add (looked for {', '.join(SUFFIXES)})")
    return add, skipped


def run(settings, source: Path, base: dict, *, split: str, gold_dir: Path, open_index: Callable | None = None,
        log: Callable[[str], None] = lambda s: None) -> dict:
    """Ingest corpus + distractors into build_dir/distractors, run ours on the same questions, compare with base."""
    from ingest.pipeline import discover, ingest
    from ingest.store import load_clauses

    from .run import run_eval

    corpus = Path(settings.corpus_dir)
    corpus_files = [p for p in discover([corpus]) if p.suffix.lower() in SUFFIXES]
    titles = {c.doc_title for c in load_clauses(Path(settings.build_dir))}
    add, skipped = pick(source, corpus_files, titles)
    build = Path(settings.build_dir) / SUBDIR
    log(f"distractors: ingesting the corpus and {len(add)} documents into {build}")
    result = ingest([corpus] + add, corpus, build, cap=settings.clause_cap, floor=settings.clause_floor,
                    max_mb=settings.max_file_mb)
    if not result.ok:
        raise DistractorError(f"--distractors {source}: nothing could be ingested")
    dsettings = dataclasses.replace(settings, build_dir=build)
    clauses = load_clauses(build)
    log(f"distractors: {len(clauses)} clauses; searching (the first run embeds every new clause)")
    _prepare_windows(dsettings, open_index)
    res = run_eval(dsettings, split=split, systems="ours", gold_dir=gold_dir, open_index=open_index, answers=False,
                   log=log, clauses=clauses)
    if "ours" not in res["headline"] or "ours" not in base["headline"]:
        raise DistractorError("the distractor run compares our system: run it with --systems including ours")
    out = summarise(base, res, source, add, skipped, len(clauses), build)
    out["background"] = background(dsettings, clauses, open_index=open_index, log=log)
    return out


def _prepare_windows(settings, open_index: Callable | None) -> None:
    """Embed the window stage's sentence vectors into the distractor build's cache, as a refresh does for the
    product's index: without them the stage is a no-op here and the run would compare unlike configurations."""
    if open_index is None:
        from index import open_index
    from index.window_vectors import prepare_if_needed

    prepare_if_needed(open_index(settings), Path(settings.build_dir))


def background(settings, clauses: list, *, open_index: Callable | None = None, path: Path = BACKGROUND,
               log: Callable[[str], None] = lambda s: None) -> dict | None:
    """hit@5 and MRR@10 of the background-law questions whose gold clauses are in this build (None: none are)."""
    from .gold import load_file

    if not path.exists():
        return None
    ids = {c.id for c in clauses}
    items = [it for it in load_file(path) if it.answerable and it.gold_ids and set(it.gold_ids) <= ids]
    if not items:
        return None
    if open_index is None:
        from index import open_index
    index = open_index(settings)  # the distractor run's index (opened once, cached)
    log(f"distractors: {len(items)} background-law questions")
    rows = []
    for it in items:
        found = [h.clause.id for h in index.search(it.question, k=10)]
        rank = next((n for n, cid in enumerate(found, 1) if cid in set(it.gold_ids)), None)
        rows.append({"id": it.id, "rank": rank})
    n = len(rows)
    return {"file": path.name, "n": n, "hit@5": sum(1 for r in rows if r["rank"] and r["rank"] <= 5) / n,
            "mrr@10": sum(1 / r["rank"] for r in rows if r["rank"]) / n, "questions": rows}


def summarise(base: dict, res: dict, source: Path, add: list[Path], skipped: list[Path], clauses: int, build: Path) -> dict:
    keys = ("n", "hit@1", "hit@5", "hit@10", "mrr@10")
    pick_keys = lambda h: {k: h.get(k) for k in keys}  # noqa: E731
    return {
        "source": str(source), "added": len(add), "skipped": len(skipped), "skipped_names": [p.name for p in skipped],
        "clauses": clauses, "build_dir": str(build), "target": TARGET,
        "base": pick_keys(base["headline"]["ours"]), "headline": pick_keys(res["headline"]["ours"]),
        "base_by_doc": {g: pick_keys(v) for g, v in base.get("by_doc", {}).get("ours", {}).items()},
        "by_doc": {g: pick_keys(v) for g, v in res["by_doc"].get("ours", {}).items()},
        "hit@5_lost": base["headline"]["ours"]["hit@5"] - res["headline"]["ours"]["hit@5"],
        "questions": [{"id": r["id"], "relevant_ranks": r["relevant_ranks"], "top": r["retrieved"][:3]}
                      for r in res["questions"] if r["answerable"]],
    }
