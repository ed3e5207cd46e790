"""Document families (regulation, programme, plan): recognised from the text, each with its own citation rules."""
from __future__ import annotations

from .base import Family
from .plan import PlanFamily
from .programme import ProgrammeFamily, items_run_on
from .regulation import RegulationFamily, count_articles

FAMILIES: dict[str, Family] = {f.name: f for f in (RegulationFamily(), ProgrammeFamily(), PlanFamily())}


def detect_family(headings: list) -> Family:
    """The family of a document from its headings (ingest.structure.Heading, in document order), never its
    file name: 第X条 articles make a regulation; items （一）… numbered on across parts 一、二、… make a
    programme (方案/意见); anything else is cited as a plan (parts, sections, paragraphs)."""
    if count_articles(headings) >= 3:
        return FAMILIES["regulation"]
    if items_run_on(headings):
        return FAMILIES["programme"]
    return FAMILIES["plan"]


def get_family(name: str) -> Family:
    return FAMILIES.get(name or "plan", FAMILIES["plan"])


__all__ = ["Family", "FAMILIES", "detect_family", "get_family"]
