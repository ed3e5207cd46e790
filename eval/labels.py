"""Citation labels: what label a clause shows, and whether the expected labels of a question are met exactly."""
from __future__ import annotations

import re
from typing import Iterable

from .normalize import compact

# a pinpoint within the unit a label names: 《总体方案》（四） pinpointed as （四）第2段, 第三十七条 as 第三十七条第三款
_PINPOINT = re.compile(r"(?:第[一二三四五六七八九十百零〇\d]+[款项段]|第（[一二三四五六七八九十\d]+）项)+")


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
    """Does the store label each question's gold clause as the question expects? Independent of any system: the
    labelling itself. An expected label counts when one of the question's own gold clauses carries it (a label
    carried by some other clause only is a convention slip: 《总体方案》（四） expected, its paragraph labelled
    otherwise); a question naming no gold clause is checked against the whole store."""
    by_id = {getattr(c, "id", None): c for c in clauses}
    everywhere: set[str] = set()
    for c in clauses:
        everywhere |= clause_labels(c)
    expected, missing, pinpointed = 0, [], 0
    for item in items:
        own: set[str] = set()
        for gid in getattr(item, "gold_ids", None) or []:
            own |= clause_labels(by_id.get(gid))
        have = own if own else everywhere
        for lab in item.citation_labels:
            expected += 1
            if compact(lab) not in have:
                missing.append(f"{item.id}: {lab}")
                pinpointed += within_unit(compact(lab), have)
    return {"expected": expected, "exact": expected - len(missing), "pinpointed": pinpointed,
            "share": (expected - len(missing)) / expected if expected else None,
            "missing_examples": missing[:8]}


def within_unit(expected: str, have: set[str]) -> bool:
    """Whether a label carried is the expected one with a pinpoint inside its unit (the paragraph of an item, the
    款 of an article): the unit is cited, more narrowly than expected."""
    return any(h.startswith(expected) and _PINPOINT.fullmatch(h[len(expected):]) for h in have)
