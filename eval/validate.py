"""Check the gold sets against the current clause store; list every broken item, fail loudly."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from errors import UserError

from .gold import GoldItem, load_split
from .normalize import compact, fold


class GoldValidationError(UserError):
    """The gold no longer matches the clause store (ingestion changed ids or text)."""


def problems(items: list[GoldItem], clauses) -> list[str]:
    """One message per problem: unknown id, evidence not in its gold clauses, unjustified id, lost key point."""
    by_id = {c.id: c for c in clauses}
    texts = {c.id: compact(c.text) for c in clauses}
    out: list[str] = []
    for item in items:
        where = f"{item.split or 'gold'}:{item.id}"
        if not item.answerable:
            continue
        if not item.gold_ids:
            out.append(f"{where}: no gold_ids — run `python -m eval.resolve`")
            continue
        unknown = [g for g in item.gold_ids if g not in by_id]
        for g in unknown:
            out.append(f"{where}: gold id {g} is not in the clause store")
        known = [g for g in item.gold_ids if g in by_id]
        for ev in item.evidence:
            if not any(compact(ev) in texts[g] for g in known):
                out.append(f"{where}: evidence {ev!r} is in none of its gold clauses {known}")
        for g in known:
            if not any(compact(ev) in texts[g] for ev in item.evidence):
                out.append(f"{where}: gold id {g} contains none of the evidence strings")
        folded = "".join(fold(by_id[g].text) for g in known)
        for kp in item.key_points:
            if fold(kp) not in folded:
                out.append(f"{where}: key point {kp!r} is in none of its gold clauses")
    return out


def check(items: list[GoldItem], clauses) -> None:
    """Raise with the full list when anything is broken."""
    found = problems(items, clauses)
    if found:
        shown = "\n  ".join(found[:50])
        more = f"\n  … and {len(found) - 50} more" if len(found) > 50 else ""
        raise GoldValidationError(f"gold set is out of date with the clause store ({len(found)} problems):\n  {shown}{more}")


def main(argv: list[str] | None = None, clauses: Callable[[object], list] | None = None) -> int:
    """clauses: settings -> the current clauses (the entry point passes the CLI's knowledge base, refreshed when
    stale); None reads the clause store as it is (reading never ingests)."""
    from ingest.store import load_clauses
    from settings import Settings

    settings = Settings.load()
    items = load_split("all")
    try:
        check(items, clauses(settings) if clauses else load_clauses(Path(settings.build_dir)))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"gold ok: {len(items)} items valid against {settings.build_dir}")
    return 0


if __name__ == "__main__":
    from eval.commands import fresh_clauses  # the entry point is an edge: it may refresh a stale corpus

    sys.exit(main(clauses=fresh_clauses))
