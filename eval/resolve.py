"""Fill or check gold_ids from the evidence strings: `python -m eval.resolve [--check]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from errors import UserError

from .gold import SPLITS, GoldItem, load_split, write_split
from .normalize import compact


def matches(evidence: str, clauses) -> list[str]:
    """Ids of the clauses whose text contains the evidence string (whitespace ignored), in store order."""
    needle = compact(evidence)
    return [c.id for c in clauses if needle in compact(c.text)]


def resolve_item(item: GoldItem, clauses) -> tuple[list[str], list[str]]:
    """Gold ids implied by the evidence, and notes (broken or ambiguous evidence).

    An evidence string found in several clauses keeps only those already listed in gold_ids when some
    are (a deliberate choice made earlier); otherwise all of them become gold and a note says so.
    """
    if not item.answerable:
        return [], []
    order = {c.id: n for n, c in enumerate(clauses)}
    chosen: set[str] = set()
    notes: list[str] = []
    current = set(item.gold_ids)
    for ev in item.evidence:
        found = matches(ev, clauses)
        if not found:
            notes.append(f"{item.id}: evidence {ev!r} is in no clause — fix the string")
            continue
        kept = [f for f in found if f in current] or found
        if len(kept) > 1 and not current & set(found):
            notes.append(f"{item.id}: evidence {ev!r} is in {len(found)} clauses {found}; all taken as gold")
        chosen.update(kept)
    return sorted(chosen, key=order.get), notes


def resolve(items: list[GoldItem], clauses) -> tuple[list[GoldItem], list[str], int]:
    """Items with gold_ids filled, the notes, and how many items changed."""
    notes: list[str] = []
    changed = 0
    for item in items:
        ids, item_notes = resolve_item(item, clauses)
        notes.extend(item_notes)
        if ids != item.gold_ids and (ids or not item.answerable):
            item.gold_ids = ids
            changed += 1
    return items, notes, changed


def main(argv: list[str] | None = None, clauses_of: Callable[[object], list] | None = None) -> int:
    """clauses_of: settings -> the current clauses (the entry point passes the CLI's knowledge base, refreshed
    when stale); None reads the clause store as it is (reading never ingests)."""
    from ingest.store import load_clauses
    from settings import Settings

    parser = argparse.ArgumentParser(prog="python -m eval.resolve", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report only; exit 1 if gold_ids would change")
    args = parser.parse_args(argv)
    try:
        settings = Settings.load()
        clauses = clauses_of(settings) if clauses_of else load_clauses(Path(settings.build_dir))
        total_changed = 0
        broken = False
        for split in SPLITS:
            items, notes, changed = resolve(load_split(split), clauses)
            for n in notes:
                print(f"{split}: {n}")
                broken |= "in no clause" in n
            total_changed += changed
            if changed and not args.check:
                print(f"{split}: {changed} items updated -> {write_split(split, items)}")
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check and total_changed:
        print(f"{total_changed} items would change: run `python -m eval.resolve`")
        return 1
    return 1 if broken else 0


if __name__ == "__main__":
    from eval.commands import fresh_clauses  # the entry point is an edge: it may refresh a stale corpus

    sys.exit(main(clauses_of=fresh_clauses))
