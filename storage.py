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


def write_jsonl(path: Path, records: Iterable, mode: str = "w") -> None:
    """One JSON object per line, Chinese kept readable; records are dicts or have to_dict(); mode "a" appends."""
    with open(path, mode, encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r.to_dict() if hasattr(r, "to_dict") else r, ensure_ascii=False) + "\n")


@contextmanager
def swapped_dir(final: Path) -> Iterator[Path]:
    """Yield a temporary sibling of `final` to fill; on success it replaces `final` whole, on any failure
    it is removed and `final` is untouched — so a failed build never damages what is in use."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(final)
    # the owner's pid in the name lets the next run tell a killed build's leftovers from a live one
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}-{os.getpid()}-", dir=final.parent))
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


STALE_AFTER = 3600  # seconds: a leftover without an owner pid (older layout) is stale after an hour


def remove_stale_temps(final: Path) -> list[Path]:
    """Remove temporary siblings of `final` left by a killed swap (their owner process is gone); return them."""
    import time

    final = Path(final)
    removed = []
    for tmp in final.parent.glob(f".{final.name}-*"):
        if not tmp.is_dir() or tmp.is_symlink():
            continue
        rest = tmp.name[len(final.name) + 2:]
        pid = rest.split("-", 1)[0]
        if rest == "old":
            stale = True  # only ever exists inside a swap; a swap in progress recreates it
        elif pid.isdigit():
            stale = not _alive(int(pid))
        else:
            try:
                stale = time.time() - tmp.stat().st_mtime > STALE_AFTER
            except OSError:
                continue
        if stale:
            shutil.rmtree(tmp, ignore_errors=True)
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True
