"""Plans with parts 一、, sections （一） and paragraphs: cited 六（三）第2段, 表2-1第2行 (the default labels)."""
from __future__ import annotations

from .base import Family


class PlanFamily(Family):
    """Labels are the splitter's defaults; nothing to regroup."""

    name = "plan"
