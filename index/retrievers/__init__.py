"""Retrievers as stages (base.Retriever), one file each, chosen by name: a new retriever is a new file + one line.

The `retrievers` setting lists the stages in order; the phrase stage re-ranks the union of the runs before it."""
from __future__ import annotations

import importlib

from errors import UserError

REGISTRY: dict[str, tuple[str, str]] = {
    "dense": ("index.retrievers.dense", "DenseRetriever"),
    "bm25": ("index.retrievers.bm25", "Bm25Retriever"),
    "phrase": ("index.retrievers.phrase", "PhraseRetriever"),
    "glossary": ("index.retrievers.glossary", "GlossaryRetriever"),
    "maxp": ("index.retrievers.maxp", "MaxPassageRetriever"),
    "window": ("index.retrievers.window", "WindowRetriever"),
}
# "window" (default, after "dense") re-ranks the dense run by each clause's best sentence window, half-way: dev
# MRR@10 0.858 -> 0.894, 总体方案 0.764 -> 0.847 (index/retrievers/window.py).
# "maxp" (optional, in place of "dense") scores each clause by its best sentence window too. Measured 2026-12-01
# on the three-document corpus: dev MRR@10 0.853 -> 0.878 (总体方案 hit@5 0.875 -> 1.000), but held-out MRR@10
# 0.847 -> 0.829 (条例 0.939 -> 0.871; hit@5 0.892 -> 0.900): the dev gain did not hold, so it is not the default.
DEFAULT = ("dense", "window", "bm25", "phrase", "glossary")


class RetrieverSettingError(UserError):
    """The retrievers setting names an unknown stage."""


def parse(value) -> tuple[str, ...]:
    """Stage names from the setting (a comma list or a TOML array); empty means the default."""
    items = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    names = tuple(s.strip().lower() for s in items if str(s).strip())
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise RetrieverSettingError(f"setting retrievers (HQ_RETRIEVERS): unknown retriever {unknown[0]!r} "
                                    f"(known: {', '.join(REGISTRY)})")
    return names or DEFAULT


def build(names=DEFAULT) -> list:
    """Retriever instances for the stage names, in order."""
    out = []
    for name in parse(names):
        module, cls = REGISTRY[name]
        out.append(getattr(importlib.import_module(module), cls)())
    return out
