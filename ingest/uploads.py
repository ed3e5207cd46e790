"""Adding a document to the corpus folder: a safe file name, validation like any ingest, an atomic copy."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from errors import BadInput

from .loaders import SUFFIXES
from .pipeline import ingest_files

MAX_NAME_BYTES = 255  # a longer name cannot be created on common file systems

ALLOWED = tuple(s.lstrip(".") for s in SUFFIXES)  # the loaders' list: one place decides what can be read


@dataclass
class AddResult:
    ok: bool
    messages: list[str] = field(default_factory=list)
    path: Path | None = None
    doc_id: str = ""

    def to_dict(self) -> dict:
        return {"ok": self.ok, "messages": list(self.messages), "file": self.path.name if self.path else "",
                "doc_id": self.doc_id}


def safe_name(name: str) -> str:
    """The bare file name of an upload: no folders, no hidden files, no NUL, a known type, at most 255 bytes."""
    if not isinstance(name, str) or "\0" in name:
        raise BadInput(f"{name!r}: a file name cannot contain a NUL character")
    base = Path(name.replace("\\", "/")).name.strip()
    if len(base.encode("utf-8")) > MAX_NAME_BYTES:
        raise BadInput(f"{base[:40]}…: file name is longer than {MAX_NAME_BYTES} bytes")
    kinds = ", ".join(s.upper() for s in ALLOWED)
    if not base or base.startswith(".") or base in (".", ".."):
        raise BadInput(f"{name!r}: not a usable file name (use a {kinds} file)")
    if Path(base).suffix.lower().lstrip(".") not in ALLOWED:
        raise BadInput(f"{name!r}: unsupported file type — use a {kinds} file")
    return base


def place_document(name: str, data: bytes, corpus_dir: Path, cap: int, floor: int, max_mb: int) -> AddResult:
    """Validate the file alone in a temporary folder; only then copy it into the corpus (never half a file)."""
    try:
        base = safe_name(name)
    except BadInput as exc:
        return AddResult(False, [str(exc)])
    if len(data) > max_mb * 1024 * 1024:
        return AddResult(False, [f"{base}: file is over the {max_mb} MB limit"])
    corpus = Path(corpus_dir).resolve()
    target = corpus / base
    if target.parent != corpus:  # belt and braces: the bare name cannot leave the corpus folder
        return AddResult(False, [f"{name!r}: not a usable file name"])
    if target.exists():
        return AddResult(False, [f"{base}: a file of that name is already in the corpus"])
    with tempfile.TemporaryDirectory(prefix="hq-upload-") as tmp:
        staged = Path(tmp) / base
        staged.write_bytes(data)
        check = ingest_files([staged], corpus, cap=cap, floor=floor, max_mb=max_mb)
        report = check.reports[0]
        if not report.ok:
            return AddResult(False, [report.error.replace(str(staged), base)])
        partial = corpus / f".{base}.part"
        shutil.copyfile(staged, partial)
        os.replace(partial, target)
    return AddResult(True, [], target, report.doc_id)
