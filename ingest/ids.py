"""Clause-id uniqueness: two clauses sharing an id is a build error naming both, never a silent overwrite."""
from __future__ import annotations

from .loaders.base import IngestError


class DuplicateIdError(IngestError):
    """Two clauses were given the same id (a parser defect: ids are meant to be unique by construction)."""


def check_unique_ids(clauses: list, where: str = "") -> None:
    """Raise DuplicateIdError naming the id and both clauses when any id repeats."""
    seen: dict[str, object] = {}
    for clause in clauses:
        other = seen.setdefault(clause.id, clause)
        if other is not clause:
            prefix = f"{where}: " if where else ""
            raise DuplicateIdError(
                f"{prefix}two clauses share the id {clause.id!r} — {_show(other)} and {_show(clause)}; "
                "nothing was overwritten, the build stops here (please report this document)")


def _show(clause) -> str:
    text = " ".join(str(getattr(clause, "text", "")).split())
    return f"«{text[:40]}{'…' if len(text) > 40 else ''}» ({getattr(clause, 'citation', '') or 'no citation'})"
