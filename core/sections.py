"""The one "clause lies under section X" rule: a section code, any code below it, or (for a non-numeric prefix)
the start of the folded heading path. Every store compiles this rule into its own filter."""
from __future__ import annotations

from .text import fold


def section_prefix(prefix: str | None) -> str:
    """The prefix as the rule compares it: folded, trimmed, without a trailing dot ("6.3." -> "6.3")."""
    return fold(prefix or "").strip().rstrip(".")


def by_heading(prefix: str) -> bool:
    """A prefix that is not a section code (七、琴澳…) also matches the start of the heading path."""
    return bool(prefix) and not prefix[:1].isdigit()


def under_section(code: str, folded_path: str, prefix: str) -> bool:
    """Does a clause (its section code and folded heading path) lie under `prefix` (already section_prefix'ed)?"""
    if not prefix:
        return True
    code = code or ""
    return code == prefix or code.startswith(prefix + ".") or (by_heading(prefix) and folded_path.startswith(prefix))
