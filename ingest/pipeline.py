"""Ingest files into clause records: load, clean, split, deduplicate; one bad file never stops the rest."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from errors import UserError
from storage import sha256_file

from .chars import display_name
from .freshness import record_source
from .ids import check_unique_ids
from .loaders.base import IngestError
from .manifest import MANIFEST_NAME, infer_meta, meta_from_entry, read_manifest
from .parse_cache import ParseCache, parse_file
from .records import Clause
from .split import split_document
from .store import write_store

SKIP_NAMES = {MANIFEST_NAME, "README.md", "readme.md"}
MIN_CAP = 50  # characters: a smaller cap would split clauses into fragments of a sentence or less

# A post-ingest stage owned by a higher layer (match/ tags clauses): called with one document's clauses, it may
# change them in place and returns warnings. Its `name` is recorded with the store so a changed stage is noticed.
Stage = Callable[[list], list]


@dataclass
class DocReport:
    """What happened to one file: its metadata and counts, or why it was skipped."""

    file: str
    ok: bool
    doc_id: str = ""
    title: str = ""
    meta: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    clauses: int = 0
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    error: str = ""

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class IngestResult:
    reports: list[DocReport]
    clauses: list[Clause]
    documents: list[dict]  # what the store keeps per document: meta, outline, cleaned text, counts

    @property
    def ok(self) -> bool:
        return any(r.ok for r in self.reports)


def discover(paths: list[Path]) -> list[Path]:
    """Files under the given paths, in a stable order; the manifest and README are not documents."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            # not only regular files: dangling links, link loops and FIFOs are passed on so that their report
            # names them (load refuses them with a reason) instead of their being skipped without a word
            out.extend(sorted(f for f in p.rglob("*") if (f.is_file() or f.is_symlink() or not f.is_dir())
                              and not f.name.startswith(".") and f.name not in SKIP_NAMES))
        else:
            out.append(p)
    return out


class SettingError(UserError):
    """A clause-size setting that cannot work."""


def check_sizes(cap: int, floor: int) -> None:
    """Refuse clause sizes that would fail or shred every paragraph, naming the setting."""
    if floor < 0:
        raise SettingError(f"setting clause_floor (HQ_CLAUSE_FLOOR): must be 0 or more, not {floor}")
    if cap < max(MIN_CAP, floor + 1):
        raise SettingError(f"setting clause_cap (HQ_CLAUSE_CAP): must be at least {max(MIN_CAP, floor + 1)} "
                           f"characters (and above clause_floor {floor}), not {cap}")


def ingest_files(files: list[Path], corpus_dir: Path, cap: int = 600, floor: int = 20, max_mb: int = 50,
                 progress: Callable[[Path], None] | None = None, stages: Sequence[Stage] = (),
                 cache: ParseCache | None = None, known: dict[str, str] | None = None) -> IngestResult:
    """Ingest files; `known` maps the sha256 of documents already kept in the store to their file name;
    `stages` run over each document's clauses (e.g. match's tagging); `cache` holds earlier parses."""
    check_sizes(cap, floor)
    manifest = {e.get("file"): e for e in read_manifest(corpus_dir) if e.get("file")}
    reports: list[DocReport] = []
    clauses: list[Clause] = []
    documents: list[dict] = []
    # Identical content: the listed (manifest) copy, else the one already in the store, else the oldest file
    # keeps its id; the others are reported as copies of it (a copy sorting first once displaced the plan).
    seen_hashes: dict[str, str] = duplicate_keepers(files, manifest, known or {})
    used_ids: set[str] = set()
    reserved = {str(e["id"]) for e in manifest.values() if e.get("id")}  # a listed id is never an inferred one's
    for path in files:
        if progress:
            progress(path)
        try:
            report, doc_clauses, document = _ingest_one(path, manifest, cap, floor, max_mb, seen_hashes, used_ids,
                                                    reserved, cache)
            for stage in stages:
                report.warnings.extend(stage(doc_clauses))
        except UserError as exc:
            reports.append(DocReport(file=str(path), ok=False, error=str(exc)))
            continue
        except Exception as exc:  # a loader bug must not lose the other files
            reports.append(DocReport(file=str(path), ok=False, error=f"{path}: could not be read ({type(exc).__name__}: {exc})"))
            continue
        reports.append(report)
        clauses.extend(doc_clauses)
        documents.append(document)
    check_unique_ids(clauses)  # across documents too (document ids are made unique above)
    for r in reports:  # a file name that is not UTF-8 must still print and store
        r.file, r.error = display_name(r.file), display_name(r.error)
    return IngestResult(reports, clauses, documents)


def _ingest_one(path: Path, manifest: dict, cap: int, floor: int, max_mb: int,
                seen_hashes: dict[str, str], used_ids: set[str], reserved: frozenset | set = frozenset(),
                cache: ParseCache | None = None):
    try:
        raw, paras, sha, cache_notes = parse_file(path, max_mb, cache)  # load + clean, or the cached parse
    except IngestError as exc:
        raise IngestError(f"{path}: {exc}") from None
    keeper = seen_hashes.get(sha)
    if keeper is not None and keeper != str(path):
        raise IngestError(f"{path}: same content as {keeper} — skipped as a duplicate (that document keeps its id)")
    if not any(p.text for p in paras):
        raise IngestError(f"{path}: no text found")
    entry = manifest.get(path.name)
    inferred: list[str] = []
    warnings = list(raw.warnings) + cache_notes
    if entry is not None:
        if entry.get("sha256") and entry["sha256"] != sha:  # an edited or different edition of a listed document
            warnings.append(f"content differs from the sha256 in {MANIFEST_NAME} — check this is the official text")
        meta = meta_from_entry(entry, sha)
        if entry.get("status") == "expected":
            meta.status = "added"
    else:
        meta, inferred = infer_meta(path, paras, sha)
        inferred = [display_name(note) for note in inferred]
    if meta.doc_id in used_ids or (entry is None and meta.doc_id in reserved):
        meta.doc_id = f"{meta.doc_id}-{sha[:6]}"
    seen_hashes.setdefault(sha, str(path))
    used_ids.add(meta.doc_id)
    meta.file, meta.title = display_name(path.name), display_name(meta.title)
    labels = fill_page_labels(raw.page_labels, raw.pages)
    result = split_document(paras, meta, cap=cap, floor=floor, page_labels=labels)
    meta.family = result.family
    if not result.clauses:
        raise IngestError(f"{path}: no clauses could be formed from its text")
    check_unique_ids(result.clauses, str(path))
    kinds = Counter(c.kind for c in result.clauses)
    report = DocReport(file=str(path), ok=True, doc_id=meta.doc_id, title=meta.title, meta=meta.to_dict(),
                       kinds=dict(kinds), clauses=len(result.clauses), pages=raw.pages,
                       warnings=warnings + result.warnings, inferred=inferred)
    document = {"meta": meta.to_dict(), "outline": result.outline, "text": result.text,
                "removed": raw.removed + result.removed, "pages": raw.pages, "page_labels": labels,
                "clauses": len(result.clauses), "kinds": dict(kinds), "warnings": report.warnings, "inferred": inferred}
    return report, result.clauses, document


def duplicate_keepers(files: list[Path], manifest: dict, known: dict[str, str]) -> dict[str, str]:
    """sha256 -> the file that keeps the id among files of identical content (only where there are copies)."""
    groups: dict[str, list[Path]] = {}
    for f in files:
        try:
            if not Path(f).is_file() or Path(f).is_symlink() and not Path(f).exists():
                continue  # not a regular file (opening a FIFO would block): its own report says why
            groups.setdefault(sha256_file(f), []).append(Path(f))
        except OSError:
            continue  # unreadable: its own report says why
    keepers: dict[str, str] = {}
    for sha, group in groups.items():
        stored = known.get(sha)
        if len(group) == 1 and (stored is None or stored == group[0].name or group[0].name in manifest):
            continue

        def rank(f: Path):
            try:
                mtime = f.stat().st_mtime
            except OSError:
                mtime = float("inf")
            return (f.name not in manifest, f.name != stored, mtime, str(f))

        best = min(group, key=rank)
        if stored is not None and stored not in {f.name for f in group} and best.name not in manifest:
            keepers[sha] = stored  # the document already in the store stays; every new copy is reported
        else:
            keepers[sha] = str(best)
    return keepers


def fill_page_labels(labels: dict[int, str], pages: int | None) -> dict[int, str]:
    """Printed page numbers for every page from the first printed one on, when all agree on one offset."""
    numeric = {p: int(v) for p, v in labels.items() if str(v).isdigit()}
    offsets = {v - p for p, v in numeric.items()}
    if len(offsets) != 1 or not pages:
        return dict(labels)
    offset = offsets.pop()
    filled = {p: str(p + offset) for p in range(min(numeric), pages + 1)}
    return {**filled, **labels}


def stage_names(stages: Sequence[Stage]) -> list[str]:
    return [str(getattr(s, "name", getattr(s, "__name__", type(s).__name__))) for s in stages]


def ingest(paths: list[Path], corpus_dir: Path, build_dir: Path, stages: Sequence[Stage] = (),
           replace: bool | None = None, **kw) -> IngestResult:
    """Ingest and, if at least one document succeeded, swap the new clause store in.

    The corpus folder (the default) rebuilds the store; other files add or update their documents and keep
    the rest of the store (`replace=True`: the store holds only these files)."""
    whole = [Path(p).resolve() for p in paths] == [Path(corpus_dir).resolve()]
    replace = whole if replace is None else replace
    kept_clauses, kept_docs = ([], []) if replace else _stored(build_dir)
    known = {d["meta"].get("sha256", ""): d["meta"].get("file", "") for d in kept_docs}
    kw.setdefault("cache", ParseCache(build_dir))  # re-ingest parses only files whose content changed
    result = ingest_files(discover(paths), corpus_dir, stages=stages, known=known, **kw)
    if kw["cache"] is not None:
        kw["cache"].prune()  # entries of an older parser can never be hit again
    if result.ok:
        clauses, documents = result.clauses, result.documents
        if not replace:
            clauses, documents = merge_store(kept_clauses, kept_docs, result)
        write_store(build_dir, clauses, documents)
        if whole:
            # lets the app notice when the corpus folder (or a stage, e.g. the taxonomy) changes
            record_source(build_dir, corpus_dir, stage_names(stages))
    return result


def _stored(build_dir: Path) -> tuple[list[Clause], list[dict]]:
    """The current store's clauses and documents; none when there is no store yet."""
    from .store import StoreError, load_clauses, load_documents

    try:
        return load_clauses(build_dir), load_documents(build_dir)
    except StoreError:
        return [], []


def merge_store(old_clauses: list[Clause], old_docs: list[dict], result: IngestResult) -> tuple[list[Clause], list[dict]]:
    """The store after adding or updating: new documents replace those of the same id, file or content."""
    new_ids = {d["meta"]["doc_id"] for d in result.documents}
    new_files = {d["meta"].get("file") for d in result.documents}
    new_shas = {d["meta"].get("sha256") for d in result.documents}
    gone = {d["meta"]["doc_id"] for d in old_docs
            if d["meta"]["doc_id"] in new_ids or d["meta"].get("file") in new_files or d["meta"].get("sha256") in new_shas}
    clauses = [c for c in old_clauses if c.doc_id not in gone] + result.clauses
    documents = [d for d in old_docs if d["meta"]["doc_id"] not in gone] + result.documents
    check_unique_ids(clauses)
    return clauses, documents
