"""One search filter type: document fields (resolved against document metadata) and clause fields."""
from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Filter:
    """What a search may return. Empty fields do not filter.

    doc/kind/issuer/level/year select documents (kind: 规划/方案/条例…, level: 中央/省/合作区, year: of its date);
    path_prefix a section ("6", "6.3", or the start of the heading path); clause_kinds clause kinds
    (ingest.records.KINDS). doc_ids is the resolved set of documents (None: all), filled by `resolve`."""

    doc: str | None = None
    kind: str | None = None
    issuer: str | None = None
    level: str | None = None
    year: int | None = None
    path_prefix: str | None = None
    clause_kinds: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] | None = field(default=None, compare=False)

    @property
    def document_fields(self) -> bool:
        return bool(self.doc or self.kind or self.issuer or self.level or self.year)

    @property
    def empty(self) -> bool:
        return not self.document_fields and not self.path_prefix and not self.clause_kinds and self.doc_ids is None

    def resolve(self, documents: list[dict]) -> "Filter":
        """The same filter with doc_ids set from document metadata dicts (doc_id, kind, issuer, level, date)."""
        if not self.document_fields:
            return self
        ids = tuple(d["doc_id"] for d in documents if self.admits(d))
        return replace(self, doc_ids=ids)

    def admits(self, doc: dict) -> bool:
        """Does one document's metadata pass the document fields?"""
        if self.doc and doc.get("doc_id") != self.doc:
            return False
        if self.kind and doc.get("kind") != self.kind:
            return False
        if self.issuer and self.issuer not in str(doc.get("issuer", "")):
            return False
        if self.level and doc.get("level") != self.level:
            return False
        if self.year and not str(doc.get("date", "")).startswith(str(self.year)):
            return False
        return True

    def to_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if v not in (None, (), "") and k != "doc_ids"}
        if "clause_kinds" in out:
            out["clause_kinds"] = list(out["clause_kinds"])
        return out
