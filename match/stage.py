"""The post-ingest tagging stage: rule tags for profile matching, run by KnowledgeBase.refresh after ingest."""
from __future__ import annotations

from .taxonomy import TaxonomyError, load_taxonomy
from .tagging import tag_clauses


class TaggingStage:
    """Callable stage(clauses) -> warnings; its name carries the taxonomy digest so an edited taxonomy re-tags."""

    def __init__(self, taxonomy_path=None):
        self.taxonomy_path = taxonomy_path
        try:
            self.taxonomy = load_taxonomy(taxonomy_path)
            self.name = f"match.tagging:{self.taxonomy.digest}"
        except TaxonomyError as exc:  # a broken taxonomy never stops ingest: clauses stay untagged, with a warning
            self.taxonomy, self.error = None, str(exc)
            self.name = "match.tagging:unavailable"

    def __call__(self, clauses: list) -> list[str]:
        if self.taxonomy is None:
            return [f"clauses not tagged: {self.error}"]
        return tag_clauses(clauses, self.taxonomy)


def tagging_stage(taxonomy_path=None) -> TaggingStage:
    return TaggingStage(taxonomy_path)
