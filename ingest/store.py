"""The clause store on disk: JSONL of clauses plus a JSON of documents, swapped in whole."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from errors import NotReady
from storage import swapped_dir, write_jsonl

from .records import Clause, text_hash

STORE_DIR = "clauses"
COUNTS_FILE = "counts.json"


class StoreError(NotReady):
    """The clause store is missing or unreadable (a refresh re-ingests it)."""


def store_path(build_dir: Path) -> Path:
    return Path(build_dir) / STORE_DIR


def write_store(build_dir: Path, clauses: list[Clause], documents: list[dict]) -> Path:
    """Write into a temporary directory, then swap it in, so a failure never damages the old store."""
    final = store_path(build_dir)
    with swapped_dir(final) as tmp:
        write_jsonl(tmp / "clauses.jsonl", clauses)
        _finish(tmp, len(clauses), documents)
    return final


def append_store(build_dir: Path, stored: list[Clause], new: list[Clause], documents: list[dict]) -> Path:
    """The store holding `stored` with `new` after them and `documents` in place of its documents — the same
    files write_store(stored + new) writes, but only the new clauses are serialised (a 271k-clause store takes
    ~9 s to write whole); swapped in whole. A store whose size or count is not what was written (an edit, an
    older layout) is written whole instead."""
    final = store_path(build_dir)
    old = final / "clauses.jsonl"
    try:
        intact = old.exists() and not changed_outside_ingest(build_dir) and _expected_count(final) == len(stored)
    except StoreError:
        intact = False
    if not intact:
        return write_store(build_dir, list(stored) + list(new), documents)
    with swapped_dir(final) as tmp:
        for f in final.iterdir():  # what else the store directory keeps (the corpus state record)
            if f.is_file() and f.name not in ("clauses.jsonl", "documents.json", COUNTS_FILE):
                shutil.copy2(f, tmp / f.name)
        shutil.copyfile(old, tmp / "clauses.jsonl")
        write_jsonl(tmp / "clauses.jsonl", new, mode="a")
        _finish(tmp, len(stored) + len(new), documents)
    return final


def _finish(tmp: Path, count: int, documents: list[dict]) -> None:
    with open(tmp / "documents.json", "w", encoding="utf-8") as fh:
        json.dump(documents, fh, ensure_ascii=False, indent=1)
    # the record count lets a reader notice a clauses.jsonl cut short at a line boundary
    # and the file's size lets freshness notice an edit without reading 100 MB on every status check
    size = (tmp / "clauses.jsonl").stat().st_size
    (tmp / COUNTS_FILE).write_text(json.dumps({"clauses": count, "bytes": size}), encoding="utf-8")


def load_clauses(build_dir: Path) -> list[Clause]:
    path = store_path(build_dir) / "clauses.jsonl"
    if not path.exists():
        raise StoreError(f"{path}: no clause store yet")
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                clause = Clause.from_dict(json.loads(line))
            except (ValueError, TypeError) as exc:
                raise StoreError(f"{path}:{n}: unreadable clause record ({exc})") from None
            if clause.hash and text_hash(clause.text) != clause.hash:  # edited in place: never serve it as the document
                raise StoreError(f"{path}:{n}: clause {clause.id} was changed after ingest (its text no longer "
                                 f"matches its hash); the store is rebuilt from the corpus", "stale")
            out.append(clause)
    expected = _expected_count(path.parent)
    if expected is not None and expected != len(out):
        raise StoreError(f"{path}: holds {len(out)} clause records, {expected} were written (a truncated or "
                         f"edited file)")
    return out


def _expected_count(store: Path) -> int | None:
    """The clause count recorded when the store was written (None for stores written before it was recorded)."""
    try:
        return int(json.loads((store / COUNTS_FILE).read_text(encoding="utf-8"))["clauses"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{store / COUNTS_FILE}: unreadable ({exc})") from None


def load_documents(build_dir: Path) -> list[dict]:
    path = store_path(build_dir) / "documents.json"
    if not path.exists():
        raise StoreError(f"{path}: no clause store yet")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise StoreError(f"{path}: unreadable ({exc})") from None


def changed_outside_ingest(build_dir: Path) -> bool:
    """Whether clauses.jsonl differs in size from what the last ingest wrote (an edit or a damaged file)."""
    store = store_path(build_dir)
    try:
        recorded = json.loads((store / COUNTS_FILE).read_text(encoding="utf-8")).get("bytes")
        return recorded is not None and (store / "clauses.jsonl").stat().st_size != int(recorded)
    except (OSError, ValueError, TypeError, AttributeError):
        return False  # no record (an older store) or no store: the other checks decide
