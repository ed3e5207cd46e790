"""KnowledgeBase's document views: per-document metadata, manifest entries, expected documents, reference labels."""
from __future__ import annotations

import os
from pathlib import Path

from errors import UserError

_entries_memo: dict[tuple, dict] = {}  # (manifest path, mtime) -> entries: the app asks on every rerun


def document_meta(clauses, documents: list[dict], entries: dict[str, dict]) -> tuple[dict, dict]:
    """(by_id, meta): documents.json entries by id, and each document's metadata with the manifest's
    kind/level/effective/validity/aliases/based_on and its clause count."""
    counts: dict[str, int] = {}
    first: dict[str, object] = {}
    for c in clauses:
        counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
        first.setdefault(c.doc_id, c)
    by_id, meta = {}, {}
    for d in documents:
        m = dict(d.get("meta") or {k: v for k, v in d.items() if k not in ("outline", "text")})
        if m.get("doc_id"):
            by_id[m["doc_id"]] = d
            meta[m["doc_id"]] = m
    for doc_id, c in first.items():  # a store written without document entries: what the clauses say
        meta.setdefault(doc_id, {"doc_id": doc_id, "title": c.doc_title, "doc_number": c.doc_number,
                                 "issuer": c.issuer, "date": c.date})
    for doc_id, m in meta.items():
        entry = entries.get(doc_id, {})
        for key in ("kind", "level", "effective", "validity", "aliases", "based_on"):
            if key not in m and key in entry:
                m[key] = entry[key]
        m["clauses"] = counts.get(doc_id, 0)
    return by_id, meta


def manifest_path(corpus_dir) -> Path:
    from ingest.manifest import MANIFEST_NAME

    return Path(corpus_dir) / MANIFEST_NAME


def manifest_entries(corpus_dir) -> dict[str, dict]:
    """Manifest entries by document id ({} without a manifest, or with a broken one: the library page reports
    that through expected_documents); re-read when the file changes."""
    from ingest.manifest import read_manifest

    path = manifest_path(corpus_dir)
    key = (str(path.resolve()), os.path.getmtime(path) if path.exists() else 0.0)
    if key not in _entries_memo:
        try:
            _entries_memo[key] = {e["id"]: e for e in read_manifest(Path(corpus_dir)) if e.get("id")}
        except (UserError, OSError, ValueError, KeyError):
            _entries_memo[key] = {}
    return dict(_entries_memo[key])


def expected_documents(corpus_dir) -> list[dict] | None:
    """Manifest entries marked "expected" (related documents not yet collected); None without a manifest.

    A broken manifest raises the manifest's UserError (it names the file and the entry)."""
    from ingest.manifest import read_manifest

    if not manifest_path(corpus_dir).exists():
        return None
    return [e for e in read_manifest(Path(corpus_dir)) if e.get("status") == "expected"]


def allowed_types() -> tuple[str, ...]:
    """File suffixes (without the dot) the loaders can read: what an upload may be."""
    from ingest.uploads import ALLOWED

    return tuple(ALLOWED)


def reference_label(clause) -> str:
    """A clause's reference as people write it (六（三）第2段, 第三十五条, 表2-1第2行)."""
    from qa.lookup import reference_label as label

    return label(clause)


def is_reference(query: str) -> bool:
    """Does the query read as a numbered reference (六（三）, 第三十五条) rather than a keyword?"""
    from qa.lookup import parse

    return bool(parse(query))
