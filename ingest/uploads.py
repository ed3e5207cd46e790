"""Adding a document to the corpus folder: a safe file name, validation like any ingest, an atomic copy."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from errors import BadInput

from storage import sha256_file

from .loaders import SUFFIXES
from .pipeline import discover, ingest_files
from .upload_names import UploadNameError, safe_upload_name

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
    """The bare file name of an upload (ingest.upload_names decides), as a BadInput for the edges' 400."""
    try:
        return safe_upload_name(name)
    except UploadNameError as exc:
        raise BadInput(str(exc)) from None


def duplicate_of(data: bytes, corpus_dir: Path) -> str:
    """The corpus file with exactly this content ("" when none): a copy must not displace the listed document."""
    sha = hashlib.sha256(data).hexdigest()
    for f in discover([corpus_dir]):
        try:
            if f.is_file() and sha256_file(f) == sha:
                return f.name
        except OSError:
            continue  # an unreadable corpus file is reported by ingest, not here
    return ""


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
    original = duplicate_of(data, corpus)
    if original:
        return AddResult(False, [f"{base}: same content as {original} — not added as a duplicate "
                                 f"(that document keeps its id)"])
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
