"""The vector-store seam: what every backend implements, the selection it is searched with, its errors."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from core.filters import Filter
from errors import NotReady

HNSW_THRESHOLD = 20_000  # exact search below (a few ms even at 20k), an HNSW graph above


class IndexStoreError(NotReady):
    """The index on disk is missing, corrupt or was built for something else (a refresh rebuilds it)."""


@dataclass(frozen=True)
class Where:
    """A filter's clause fields as a push-down store compiles them (one document at most; else positions)."""

    doc: str | None = None
    path_prefix: str | None = None
    kinds: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Selection:
    """One Filter as a store receives it: the filter itself (stores that push it down compile `where`) and the
    positions it allows (computed once by the index over its clause table; None = all)."""

    filter: Filter
    mask: np.ndarray | None

    @property
    def where(self) -> Where | None:
        f = self.filter
        docs = f.doc_ids if f.doc_ids is not None else ((f.doc,) if f.doc else ())
        if self.mask is None:
            return None
        if len(docs) > 1 or (f.doc_ids is not None and not docs):
            return None  # several documents: no single-value expression, the positions are sent instead
        return Where(docs[0] if docs else None, f.path_prefix, tuple(f.clause_kinds) or None)


def as_selection(selection, where: Where | None = None) -> tuple[np.ndarray | None, Where | None]:
    """(mask, where) from a Selection, or from the older (mask, where) pair of arguments."""
    if isinstance(selection, Selection):
        return selection.mask, selection.where
    return selection, where


class VectorStore(Protocol):
    """Inner-product search over L2-normalised vectors, one row per clause position."""

    BACKEND: str  # the registry name
    FILE: str  # the file in the index directory that holds the vectors (or a descriptor of where they live)
    kind: str  # "flat" | "hnsw"

    @property
    def size(self) -> int: ...

    @classmethod
    def options(cls, settings) -> dict:
        """This backend's settings sub-table ([stores.NAME] in settings.toml), with environment overrides."""

    @classmethod
    def fingerprint(cls, options: dict) -> dict:
        """Manifest keys that change what is stored (a difference means rebuild); never credentials."""

    @classmethod
    def create(cls, vectors: np.ndarray, clauses: list, build_dir: Path, options: dict,
               threshold: int = HNSW_THRESHOLD, progress=None) -> "VectorStore": ...

    @classmethod
    def open(cls, path: Path, options: dict) -> "VectorStore": ...

    def search(self, qvec: np.ndarray, n: int, selection: Selection | None = None) -> list[tuple[int, float]]:
        """Best n (position, score) pairs, only among the selected positions."""

    def save(self, path: Path) -> None: ...

    def manifest_extra(self) -> dict:
        """Extra manifest entries (e.g. the Milvus collection name)."""

    def append(self, vectors: np.ndarray, clauses: list, build_dir: Path, options: dict,
               threshold: int = HNSW_THRESHOLD) -> "VectorStore":
        """A store with `vectors` (for `clauses`) after the existing rows, at positions size, size+1, …
        The store in use keeps answering as before until the new index is swapped in."""

    def discard(self) -> None:
        """Undo a build whose index was never written (drop a server-side collection)."""
