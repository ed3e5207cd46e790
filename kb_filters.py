"""Checking a search or answer filter against what is indexed: unknown values are errors naming the known ones."""
from __future__ import annotations

from core.filters import Filter
from errors import BadInput

LISTED = 8  # documents named in a "matches nothing" message; a 3,500-document index says how many more


def checked(f: Filter, meta: dict, clause_kinds: set[str]) -> Filter:
    """The filter with its document fields resolved; BadInput when a value names nothing indexed."""
    if f.doc and f.doc not in meta:
        known = sorted(meta)
        raise BadInput(f"filter: unknown document id {f.doc!r} (indexed: {_listing(known)})")
    kinds = sorted(clause_kinds)
    for kind in f.clause_kinds:
        if kind not in kinds:
            raise BadInput(f"filter: no clauses of kind {kind!r} in the index (kinds: {', '.join(kinds)})")
    doc_kinds = sorted({str(m.get("kind")) for m in meta.values() if m.get("kind")})
    if f.kind and f.kind not in doc_kinds:
        raise BadInput(f"filter: no document of kind {f.kind!r} (kinds: {', '.join(doc_kinds)})")
    resolved = f.resolve(list(meta.values()))
    if f.document_fields and resolved.doc_ids == ():  # an empty result would read as "the documents are silent"
        asked = ", ".join(f"{k}={v!r}" for k, v in f.to_dict().items() if k in ("doc", "kind", "issuer", "level", "year"))
        known = [f"{m.get('doc_id')}: " + " ".join(str(x) for x in (m.get("kind", ""), m.get("level", ""),
                 m.get("issuer", ""), str(m.get("date", ""))[:4]) if x) for m in meta.values()]
        raise BadInput(f"filter: no indexed document matches {asked} (documents: {_listing(known, '; ')})")
    return resolved


def _listing(items: list[str], sep: str = ", ") -> str:
    shown = sep.join(items[:LISTED])
    return shown + (f"{sep}… and {len(items) - LISTED} more" if len(items) > LISTED else "")
