"""KnowledgeBase: the one service the CLI, the Streamlit app and the HTTP API call (refresh is the only build)."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import kb_documents
import kb_filters
import kb_match
from kb_vectors import prebuild_vectors
from core.filters import Filter
from errors import BadInput, NotFound, NotReady, UserError

Progress = Callable[[str, int, int], None]  # (stage, done, total)

MAX_K = 100  # hits per search: more is a bulk export, not a search


@dataclass(frozen=True)
class _State:
    """What reads use, loaded whole and swapped by reference: requests in flight keep the state they started with."""

    index: object  # index.search.Index
    documents: list[dict]  # documents.json entries (meta, outline, text, counts)
    meta: dict  # doc_id -> metadata dict (documents.json meta + manifest kind/level/aliases/…)
    by_id: dict = field(default_factory=dict)  # doc_id -> documents.json entry


class KnowledgeBase:
    """The knowledge base for one Settings. Thread-safe: reads share one immutable state, refresh swaps it."""

    def __init__(self, settings=None):
        if settings is None:
            from settings import Settings

            settings = Settings.load()
        self.settings = settings
        self._state: _State | None = None
        self._refresh_lock = threading.Lock()  # one refresh at a time
        self._load_lock = threading.Lock()
        self._building = False

    @classmethod
    def over(cls, index, settings, documents: list[dict] | None = None) -> "KnowledgeBase":
        """A knowledge base over an index already in memory (tests, tools with their own index): reads only."""
        kb = cls(settings)
        docs = list(documents or [])
        by_id, meta = kb_documents.document_meta(index.clauses, docs, {})
        kb._state = _State(index, docs, meta, by_id)
        return kb

    # -- state -------------------------------------------------------------------------------
    def _stages(self) -> list:
        from match.stage import tagging_stage

        return [tagging_stage()]

    def status(self) -> dict:
        """{state: fresh | stale | missing | building, reason, counts}; reads the disk, builds nothing."""
        from index.open import index_state
        from ingest.freshness import stale_reason
        from ingest.pipeline import stage_names

        counts = self._counts()
        if self._building:
            return {"state": "building", "reason": "a refresh is running", "counts": counts}
        build_dir, corpus_dir = Path(self.settings.build_dir), Path(self.settings.corpus_dir)
        reason = stale_reason(build_dir, corpus_dir, stage_names(self._stages()))
        if reason:
            return {"state": "missing" if reason == "no clause store yet" else "stale", "reason": reason, "counts": counts}
        state, reason = index_state(self.settings)
        if state != "fresh":
            return {"state": state, "reason": reason, "counts": counts}
        current = self._state
        if current is not None and not _same_files(current.index.manifest, build_dir):
            return {"state": "stale", "reason": "the index on disk was rebuilt since it was loaded", "counts": counts}
        return {"state": "fresh", "reason": "", "counts": counts}

    def _counts(self) -> dict:
        current = self._state
        if current is None:
            return {}
        m = current.index.manifest.get("counts", {})
        return {"documents": m.get("documents", 0), "clauses": m.get("clauses", 0)}

    def refresh(self, progress: Progress | None = None, force: bool = False) -> dict:
        """Ingest the corpus (when it changed), tag, build the index (when stale), then swap the new state in.

        The only method that ingests or builds. Returns {"ingested": bool, "built": reason, "status": …}."""
        from index.open import build_current
        from ingest.freshness import stale_reason
        from ingest.pipeline import stage_names
        from ingest.store import StoreError

        s = self.settings
        with self._refresh_lock:
            self._building = True
            try:
                stages = self._stages()
                build_dir, corpus_dir = Path(s.build_dir), Path(s.corpus_dir)
                appended = None if force else self._append_new(stages, progress)
                if appended is not None:  # only new files: appended in seconds, no re-ingest, no rebuild
                    state = self._load()
                    prebuild_vectors(state.index, Path(s.build_dir), progress)  # only new sentences embed
                    self._state = state
                    return {"ingested": True, "built": f"appended {len(appended['reports'])} new file(s)",
                            "status": self.status(), "appended": appended["seconds"]}
                ingested = False
                # force rebuilds the index; the corpus is re-ingested when it (or a stage) changed
                if stale_reason(build_dir, corpus_dir, stage_names(stages)):
                    ingested = self._ingest_corpus(stages, progress)
                try:
                    built = build_current(s, progress, force)
                    state = self._load()
                except StoreError:
                    if ingested:
                        raise
                    # a store changed in place (a clause whose text no longer matches its hash): from the corpus again
                    ingested = self._ingest_corpus(stages, progress)
                    built = build_current(s, progress, True)
                    state = self._load()
                prebuild_vectors(state.index, Path(s.build_dir), progress)
                self._state = state  # the swap: one reference assignment
            finally:
                self._building = False
        return {"ingested": ingested, "built": built, "status": self.status()}

    def _ingest_corpus(self, stages, progress: Progress | None) -> bool:
        """Ingest the corpus folder into the clause store (swapped in whole); False when nothing was usable."""
        from ingest.pipeline import discover, ingest
        from ingest.store import StoreError, store_path

        s = self.settings
        build_dir, corpus_dir = Path(s.build_dir), Path(s.corpus_dir)
        total = len(discover([corpus_dir]))
        done = [0]

        def step(_path) -> None:
            done[0] += 1
            if progress:
                progress("ingest", done[0], total)

        result = ingest([corpus_dir], corpus_dir, build_dir, stages=stages, cap=s.clause_cap,
                        floor=s.clause_floor, max_mb=s.max_file_mb, progress=step)
        if not result.ok and not (store_path(build_dir) / "clauses.jsonl").exists():
            errors = "; ".join(r.error for r in result.reports if r.error)[:500]
            raise StoreError(f"{corpus_dir}: nothing could be ingested" + (f" ({errors})" if errors else ""))
        return result.ok

    def _append_new(self, stages, progress: Progress | None = None) -> dict | None:
        """Add the corpus files the built index lacks when nothing else changed (index/incremental.py); None when a
        full ingest and build is needed instead (a removed or edited file, another setting, no index yet)."""
        from index.incremental import CannotAppend, append_documents, new_files
        from index.open import index_state, vector_backend
        from ingest.pipeline import stage_names

        build_dir, corpus_dir = Path(self.settings.build_dir), Path(self.settings.corpus_dir)
        try:
            if index_state(self.settings)[0] != "fresh":
                return None
            state = self._current()
            if not _same_files(state.index.manifest, build_dir):
                return None
            files = new_files(build_dir, corpus_dir, state.documents, stage_names(stages))
            if not files:
                return None
            _, options = vector_backend(self.settings)
            return append_documents(self.settings, state.index, state.documents, files, stages,
                                    state.index.embedder, options, progress)
        except (CannotAppend, NotReady):
            return None

    def ensure_fresh(self, progress: Progress | None = None) -> str:
        """Refresh when the status is not fresh; returns why it refreshed ("" when nothing was needed).

        For edges that decide to rebuild on staleness (the app, the CLI); reads never call this."""
        status = self.status()
        if status["state"] == "fresh":
            if self._state is None:
                self._current()
            return ""
        self.refresh(progress)
        return status["reason"] or status["state"]

    def _load(self) -> _State:
        from index.open import load_index
        from ingest.manifest import read_manifest
        from ingest.store import load_documents

        idx = load_index(self.settings)
        documents = load_documents(Path(self.settings.build_dir))
        try:
            entries = {e.get("id"): e for e in read_manifest(Path(self.settings.corpus_dir))}
        except UserError:
            entries = {}
        by_id, meta = kb_documents.document_meta(idx.clauses, documents, entries)
        return _State(idx, documents, meta, by_id)

    def _current(self) -> _State:
        """The loaded state; loaded from disk on first use (reading, never building): NotReady when there is none."""
        current = self._state
        if current is not None:
            return current
        with self._load_lock:
            if self._state is None:
                self._state = self._load()
            return self._state

    # -- reads -------------------------------------------------------------------------------
    @property
    def index(self):
        """The loaded Index (for code that still takes one, e.g. the Streamlit pages)."""
        return self._current().index

    def clauses(self, doc: str | None = None) -> list:
        """Every indexed clause in document order, or one document's."""
        clauses = self._current().index.clauses
        return list(clauses) if doc is None else [c for c in clauses if c.doc_id == doc]

    def index_manifest(self) -> dict:
        """The built index's manifest (built_at, model_id, counts…), for an "about" line."""
        return dict(self._current().index.manifest or {})

    def search(self, query: str, k: int = 10, filters: Filter | None = None) -> list:
        """Best k clauses (index.search.Hit) for a query within the filter."""
        query = (query or "").strip()
        if not query:
            raise BadInput("search: the query is empty")
        if not 1 <= int(k) <= MAX_K:
            raise BadInput(f"search: k must be between 1 and {MAX_K}, not {k}")
        state = self._current()
        f = self._check(filters or Filter(), state)
        return state.index.search(query, k=int(k), filters=f)

    def _check(self, f: Filter, state: _State) -> Filter:
        """A mistyped document id or kind is an error naming the known values, not an empty result."""
        return kb_filters.checked(f, state.meta, {c.kind for c in state.index.clauses})

    def ask(self, question: str, use_llm: bool | None = None, filters: Filter | None = None):
        """A cited answer (qa.records.Answer), or a refusal; `filters` limits it to some documents or sections."""
        from qa.answer import answer

        if not (question or "").strip():
            raise BadInput("ask: the question is empty")
        state = self._current()
        f = self._check(filters, state) if filters is not None and not filters.empty else None
        return answer(question, index=state.index, settings=self.settings, use_llm=use_llm, filters=f)

    def lookup(self, reference: str, doc: str | None = None):
        """The clauses of a numbered part (or containing a keyword): qa.lookup.LookupResult; NotFound when none."""
        from qa.lookup import LookupError_, lookup

        if not (reference or "").strip():
            raise BadInput("lookup: the reference is empty")
        state = self._current()
        if doc is not None and doc not in state.meta:
            raise BadInput(f"lookup: unknown document id {doc!r} (indexed: {', '.join(sorted(state.meta))})")
        try:
            return lookup(reference, state.index.clauses, doc=doc)
        except LookupError_ as exc:
            raise NotFound(str(exc)) from None

    def matcher(self, semantic: bool = True):
        from match.loader import open_matcher

        return open_matcher(self.settings, self._current().index, semantic=semantic)

    def match(self, profile=None, description: str | None = None, semantic: bool = True,
              profile_path: Path | None = None, notes: list[str] | None = None):
        """Applicable clauses (match.matcher.MatchResult) for a profile (a Profile, a dict or a TOML file) or a
        free-text description (kb_match.py)."""
        return kb_match.match(self.matcher(semantic), profile, description, profile_path, notes)

    def read_description(self, text: str, semantic: bool = True):
        """(profile, notes) read from a free-text description, markets included, for a form to show and correct."""
        return kb_match.read_description(self.matcher(semantic), text)

    @staticmethod
    def profile_from_form(values: dict):
        """A profile from form values (name, description, industries, origin, size, types, activities, interests)."""
        return kb_match.profile_from_form(values)

    @staticmethod
    def export_match(result, fmt: str) -> str:
        """A match result as "md" (Markdown) or "csv" text."""
        return kb_match.export_match(result, fmt)

    def documents(self) -> list[dict]:
        """Metadata of every indexed document (title, 文号, issuer, date, kind, level, aliases, clause count)."""
        return [dict(m) for m in self._current().meta.values()]

    def entries(self) -> list[dict]:
        """The documents.json entries (meta, outline, cleaned text, counts), for the reader."""
        return list(self._current().documents)

    def document(self, doc_id: str) -> dict:
        """The documents.json entry of one document (meta, outline, cleaned text); NotFound when unknown."""
        state = self._current()
        if doc_id not in state.by_id:
            raise NotFound(f"unknown document id {doc_id!r} (indexed: {', '.join(sorted(state.by_id))})")
        return state.by_id[doc_id]

    def toc(self, doc_id: str) -> dict:
        """{doc_id, title, outline}: the document's headings as the store keeps them."""
        d = self.document(doc_id)
        return {"doc_id": doc_id, "title": d["meta"].get("title", ""), "outline": d.get("outline", [])}

    def clause(self, clause_id: str):
        """The clause with this id; NotFound naming it when unknown."""
        try:
            return self._current().index.get(clause_id)
        except KeyError:
            raise NotFound(f"unknown clause id {clause_id!r}") from None

    def manifest_entries(self) -> dict[str, dict]:
        """The corpus manifest's entries by document id ({} without or with a broken manifest)."""
        return kb_documents.manifest_entries(self.settings.corpus_dir)

    def expected_documents(self) -> list[dict] | None:
        """Manifest entries marked "expected" (not yet collected); None without a manifest; UserError when broken."""
        return kb_documents.expected_documents(self.settings.corpus_dir)

    @property
    def manifest_path(self) -> Path:
        return kb_documents.manifest_path(self.settings.corpus_dir)

    @property
    def allowed_types(self) -> tuple[str, ...]:
        """File suffixes an upload may have (the loaders' list)."""
        return kb_documents.allowed_types()

    @staticmethod
    def reference_label(clause) -> str:
        return kb_documents.reference_label(clause)

    @staticmethod
    def is_reference(query: str) -> bool:
        """Does a lookup query read as a numbered reference rather than a keyword?"""
        return kb_documents.is_reference(query)

    # -- writes ------------------------------------------------------------------------------
    def add_document(self, name: str, data: bytes, progress: Progress | None = None):
        """Validate an upload like any ingest, copy it into the corpus folder, then refresh (ingest.uploads.AddResult)."""
        from ingest.uploads import place_document

        s = self.settings
        result = place_document(name, data, Path(s.corpus_dir), s.clause_cap, s.clause_floor, s.max_file_mb)
        if not result.ok:
            return result
        try:
            self.refresh(progress)
        except UserError as exc:
            result.path.unlink(missing_ok=True)
            return type(result)(False, [str(exc)])
        mine = next((m for m in self._current().documents if m["meta"].get("file") == result.path.name), None)
        if mine is None:  # refused at re-ingest (e.g. the same content as a corpus file): take it out again
            result.path.unlink(missing_ok=True)
            self.refresh(progress)
            return type(result)(False, [f"{result.path.name}: not ingested (the same content as a corpus file?)"])
        meta = mine["meta"]
        msgs = [f"{meta.get('title', '')}: {mine.get('clauses', 0)} clauses"] + \
            [f"inferred: {x}" for x in mine.get("inferred", [])] + [f"warning: {w}" for w in mine.get("warnings", [])]
        return type(result)(True, msgs, result.path, meta.get("doc_id", ""))


def _same_files(manifest: dict, build_dir: Path) -> bool:
    from index.store import IndexStoreError, index_path, read_manifest

    try:
        on_disk = read_manifest(index_path(build_dir))
    except IndexStoreError:
        return False
    return all(on_disk.get(k) == manifest.get(k) for k in ("built_at", "build_id", "vector_backend", "files"))


_instances: dict[tuple, KnowledgeBase] = {}
_instances_lock = threading.Lock()


def shared(settings) -> KnowledgeBase:
    """One KnowledgeBase per distinct settings in this process (the app's and the API's cache)."""
    key = tuple(sorted((k, str(v)) for k, v in vars(settings).items()))
    with _instances_lock:
        if key not in _instances:
            _instances[key] = KnowledgeBase(settings)
        return _instances[key]


__all__ = ["KnowledgeBase", "Filter", "NotReady", "NotFound", "BadInput", "shared"]
