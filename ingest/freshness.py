"""Is the clause store current with the corpus folder? A fingerprint of the source files decides."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from storage import update_hash

from .store import StoreError, changed_outside_ingest, store_path

SOURCE_FILE = "source.json"


_memo: dict[tuple, str] = {}


def corpus_fingerprint(corpus_dir: Path) -> str:
    """Hash of every file's name and content (the manifest included): changes when a document is added,
    removed or edited, not when a checkout merely touches modification times. Memoised on the files'
    (name, size, mtime) because the app asks on every rerun."""
    from .pipeline import discover  # late: pipeline imports this module's neighbours

    corpus_dir = Path(corpus_dir)
    # regular files only: discover also passes on dangling links and FIFOs (to be reported), which cannot be hashed
    files = sorted(set([f for f in discover([corpus_dir]) if f.is_file()]
                       + [p for p in [corpus_dir / "manifest.toml"] if p.exists()]))
    stamp = tuple((str(f), st.st_size, st.st_mtime_ns) for f in files for st in [f.stat()])
    if stamp not in _memo:
        _memo[stamp] = _hash_files(corpus_dir, files)
    return _memo[stamp]


def _hash_files(corpus_dir: Path, files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(os.fsencode(f.relative_to(corpus_dir)) + b"\0")  # fsencode: a name need not be UTF-8
        update_hash(h, f)
    return h.hexdigest()


def record_source(build_dir: Path, corpus_dir: Path, stages: list[str] | None = None) -> None:
    """Note which corpus state (and which post-ingest stages) the store was built from."""
    data = {"corpus_dir": str(Path(corpus_dir).resolve()), "fingerprint": corpus_fingerprint(corpus_dir),
            "stages": list(stages or [])}
    (store_path(build_dir) / SOURCE_FILE).write_text(json.dumps(data), encoding="utf-8")


def stale_reason(build_dir: Path, corpus_dir: Path, stages: list[str] | None = None) -> str:
    """Why the clause store must be rebuilt from the corpus folder ("" when it is current).

    stages: the post-ingest stage names the caller needs (None: do not compare them)."""
    store = store_path(build_dir)
    if not (store / "clauses.jsonl").exists():
        return "no clause store yet"
    try:
        recorded = json.loads((store / SOURCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""  # built from explicit paths (cli ingest FILE…): leave it to the user
    if recorded.get("corpus_dir") != str(Path(corpus_dir).resolve()):
        return ""
    if recorded.get("fingerprint") != corpus_fingerprint(corpus_dir):
        return "the corpus folder changed since the last ingest"
    if changed_outside_ingest(build_dir):
        return "the clause store was changed outside an ingest (an edited or damaged file)"
    if stages is not None and list(recorded.get("stages", [])) != list(stages):
        return "the post-ingest stages changed (e.g. the taxonomy) since the last ingest"
    return ""


_failed: set[tuple[str, str]] = set()  # corpus states whose ingest found nothing usable, in this process


def ensure_clause_store(settings, stages=()) -> None:
    """Ingest the corpus folder when there is no clause store yet (a fresh clone) or its files changed.

    A corpus state whose ingest failed is not retried on every call; the last good store stays in use."""
    from .pipeline import stage_names

    build_dir, corpus_dir = Path(settings.build_dir), Path(settings.corpus_dir)
    if not stale_reason(build_dir, corpus_dir, stage_names(stages) if stages else None):
        return
    state = (str(build_dir.resolve()), corpus_fingerprint(corpus_dir), tuple(stage_names(stages)))
    if state in _failed:
        return
    from .pipeline import ingest  # late: the pipeline imports this module

    result = ingest([corpus_dir], corpus_dir, build_dir, stages=stages,
                    cap=settings.clause_cap, floor=settings.clause_floor, max_mb=settings.max_file_mb)
    if result.ok:
        return
    _failed.add(state)
    if not (store_path(build_dir) / "clauses.jsonl").exists():
        raise StoreError(f"{settings.corpus_dir}: nothing could be ingested (each file was refused or empty)")

