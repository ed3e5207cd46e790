"""What the manifest says about each document (kind, level, dates, aliases, relations), for display."""
from __future__ import annotations


def manifest_entries(kb) -> dict[str, dict]:
    """Manifest entries by document id ({} without a manifest or with a broken one, which the library page
    reports; cards then fall back to the title); the knowledge base re-reads the file when it changes."""
    return kb.manifest_entries()


def short_name(doc_id: str, title: str, entries: dict[str, dict]) -> str:
    """The short name people write for a document (the manifest's first alias), else its title without 《》."""
    aliases = (entries.get(doc_id) or {}).get("aliases") or []
    return str(aliases[0]) if aliases else (title or doc_id).strip("《》")


def year_of(clause_or_date) -> str:
    date = clause_or_date if isinstance(clause_or_date, str) else getattr(clause_or_date, "date", "")
    return str(date or "")[:4] if str(date or "")[:4].isdigit() else ""
