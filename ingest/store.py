"""The clause store on disk: JSONL of clauses plus a JSON of documents, swapped in whole."""
from __future__ import annotations

import json
from pathlib import Path

from errors import UserError
from storage import swapped_dir, write_jsonl

from .records import Clause

STORE_DIR = "clauses"


class StoreError(UserError):
    """The clause store is missing or unreadable."""


def store_path(build_dir: Path) -> Path:
    return Path(build_dir) / STORE_DIR


def write_store(build_dir: Path, clauses: list[Clause], documents: list[dict]) -> Path:
    """Write into a temporary directory, then swap it in, so a failure never damages the old store."""
    final = store_path(build_dir)
    with swapped_dir(final) as tmp:
        write_jsonl(tmp / "clauses.jsonl", clauses)
        with open(tmp / "documents.json", "w", encoding="utf-8") as fh:
            json.dump(documents, fh, ensure_ascii=False, indent=1)
    return final


def load_clauses(build_dir: Path) -> list[Clause]:
    path = store_path(build_dir) / "clauses.jsonl"
    if not path.exists():
        raise StoreError(f"{path}: no clause store yet — run `python cli.py ingest` first")
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                out.append(Clause.from_dict(json.loads(line)))
            except (ValueError, TypeError) as exc:
                raise StoreError(f"{path}:{n}: unreadable clause record ({exc}); re-run `python cli.py ingest`") from None
    return out


def load_documents(build_dir: Path) -> list[dict]:
    path = store_path(build_dir) / "documents.json"
    if not path.exists():
        raise StoreError(f"{path}: no clause store yet — run `python cli.py ingest` first")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise StoreError(f"{path}: unreadable ({exc}); re-run `python cli.py ingest`") from None
