"""File helpers shared by the stores: content hashes, clause JSONL, and whole-directory swaps."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator


def update_hash(h, path: Path) -> None:
    """Feed a file's bytes to a hashlib object in blocks (large files never sit in memory whole)."""
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    update_hash(h, path)
    return h.hexdigest()


def write_jsonl(path: Path, records: Iterable) -> None:
    """One JSON object per line, Chinese kept readable; records are dicts or have to_dict()."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r.to_dict() if hasattr(r, "to_dict") else r, ensure_ascii=False) + "\n")


@contextmanager
def swapped_dir(final: Path) -> Iterator[Path]:
    """Yield a temporary sibling of `final` to fill; on success it replaces `final` whole, on any failure
    it is removed and `final` is untouched — so a failed build never damages what is in use."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
    try:
        yield tmp
        old = final.parent / f".{final.name}-old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
