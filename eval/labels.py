"""Citation labels: what label a clause shows, and whether the expected labels of a question are met exactly."""
from __future__ import annotations

from typing import Iterable

from .normalize import compact


def clause_labels(clause) -> set[str]:
    """The label a clause is cited by, whitespace removed; with its document title in front when the label
    lacks it (a store may keep the title and the in-document label apart)."""
    if clause is None:
        return set()
    out = set()
    for name in ("citation", "label"):
        lab = compact(str(getattr(clause, name, "") or ""))
        if lab:
            out.add(lab)
            title = compact(str(getattr(clause, "doc_title", "") or ""))
            if title and not lab.startswith("《"):
                out.add(title + lab)
    return out


def label_exact(expected: Iterable[str], shown: Iterable[set[str] | str]) -> float | None:
    """Share of the expected labels shown exactly (after whitespace removal); None when none is expected."""
    want = [compact(e) for e in expected]
    if not want:
        return None
    have: set[str] = set()
    for s in shown:
        have |= {compact(s)} if isinstance(s, str) else set(s)
    return sum(1 for w in want if w in have) / len(want)


def labels_in_store(items, clauses) -> dict:
    """Does the store carry each expected label at all? Independent of any system: the labelling itself."""
    have: set[str] = set()
    for c in clauses:
        have |= clause_labels(c)
    expected = [(i.id, lab) for i in items for lab in i.citation_labels]
    missing = [f"{qid}: {lab}" for qid, lab in expected if compact(lab) not in have]
    return {"expected": len(expected), "exact": len(expected) - len(missing),
            "share": (len(expected) - len(missing)) / len(expected) if expected else None,
            "missing_examples": missing[:8]}
