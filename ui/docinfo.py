"""What the manifest says about each document (kind, level, dates, aliases, relations), for display."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st


@st.cache_data(show_spinner=False)
def _entries(corpus_dir: str, stamp: float) -> dict[str, dict]:
    from ingest.manifest import read_manifest

    try:
        return {e["id"]: e for e in read_manifest(Path(corpus_dir)) if e.get("id")}
    except Exception:  # a broken manifest is reported by the library page; cards fall back to the title
        return {}


def manifest_entries(cfg) -> dict[str, dict]:
    """Manifest entries by document id ({} without a manifest), reloaded when the file changes."""
    from ingest.manifest import MANIFEST_NAME

    path = Path(cfg.corpus_dir) / MANIFEST_NAME
    stamp = os.path.getmtime(path) if path.exists() else 0.0
    return _entries(str(Path(cfg.corpus_dir).resolve()), stamp)


def short_name(doc_id: str, title: str, entries: dict[str, dict]) -> str:
    """The short name people write for a document (the manifest's first alias), else its title without 《》."""
    aliases = (entries.get(doc_id) or {}).get("aliases") or []
    return str(aliases[0]) if aliases else (title or doc_id).strip("《》")


def year_of(clause_or_date) -> str:
    date = clause_or_date if isinstance(clause_or_date, str) else getattr(clause_or_date, "date", "")
    return str(date or "")[:4] if str(date or "")[:4].isdigit() else ""
