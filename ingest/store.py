"""The clause store on disk: JSONL of clauses plus a JSON of documents, swapped in whole."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from errors import UserError

from .records import Clause

STORE_DIR = "clauses"


class StoreError(UserError):
    """The clause store is missing or unreadable."""


def store_path(build_dir: Path) -> Path:
    return Path(build_dir) / STORE_DIR


def write_store(build_dir: Path, clauses: list[Clause], documents: list[dict]) -> Path:
    """Write into a temporary directory, then swap it in, so a failure never damages the old store."""
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    final = store_path(build_dir)
    tmp = Path(tempfile.mkdtemp(prefix=".clauses-", dir=build_dir))
    try:
        with open(tmp / "clauses.jsonl", "w", encoding="utf-8") as fh:
            for c in clauses:
                fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        with open(tmp / "documents.json", "w", encoding="utf-8") as fh:
            json.dump(documents, fh, ensure_ascii=False, indent=1)
        old = build_dir / ".clauses-old"
        if old.exists():
            shutil.rmtree(old)
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
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
