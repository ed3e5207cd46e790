"""Load a source document into raw lines: dispatch by file extension, refuse bad input with one clear line."""
from __future__ import annotations

import os
from pathlib import Path

from .base import IngestError, Line, RawDoc
from .sniff import one_line

__all__ = ["load", "IngestError", "Line", "RawDoc", "SUFFIXES"]

SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
_ZIP_BASED = {".docx": "DOCX"}  # every zip-based format passes the zip-bomb guard
_INSTEAD = {".doc": "save it as DOCX", ".wps": "save it as DOCX", ".ofd": "export it as PDF"}


def load(path: Path, max_mb: int = 50) -> RawDoc:
    """Read one file into a RawDoc; every failure is an IngestError whose message names the problem."""
    path = Path(path)
    suffix = path.suffix.lower()
    _special(path)  # links that lead nowhere, pipes, devices: named, never read (a FIFO would block)
    if not path.exists():  # a mistyped path is "not found", whatever its extension
        raise IngestError("file not found")
    if suffix not in SUFFIXES:
        shown = suffix or "(no extension)"
        advice = _INSTEAD.get(suffix, "use PDF, DOCX, HTML, TXT or MD")
        raise IngestError(f"unsupported file type {shown} — {advice}")
    try:
        size = os.stat(path).st_size  # checked before reading: a huge file is refused, never loaded
        if path.is_dir():
            raise IngestError("is a directory, not a file")
        if size > max_mb * 1024 * 1024:
            raise IngestError(f"file is {_mb(size, max_mb)} MB, over the {max_mb} MB limit")
        if size == 0:
            raise IngestError("empty file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError("file not found") from None
    except OSError as exc:
        raise IngestError(f"cannot read the file ({exc.strerror or one_line(exc)})") from None
    if not data.strip():
        raise IngestError("empty file (only whitespace)")
    try:
        if suffix in _ZIP_BASED:  # judged by the zip directory before any member is expanded
            _guard_zip(data, max_mb, _ZIP_BASED[suffix])
        return _reader(suffix)(path, data)
    except IngestError:
        raise
    except MemoryError:
        raise IngestError("out of memory while reading — split the file") from None
    except Exception as exc:  # a parser bug or an unforeseen corruption must still be one clear line
        kind = "PDF" if suffix == ".pdf" else suffix.lstrip(".").upper()
        raise IngestError(f"cannot read this {kind} file ({type(exc).__name__}: {one_line(exc, 100)})") from None


def _special(path: Path) -> None:
    """IngestError for a symbolic-link loop, a dangling link, a link to a folder, a FIFO, socket or device."""
    import stat

    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            raise IngestError(f"broken symbolic link: its target {os.readlink(path)} does not exist") from None
        except (RuntimeError, OSError):  # ELOOP: a link that leads back to itself
            raise IngestError("symbolic link loop: the link leads back to itself") from None
        if target.is_dir():
            raise IngestError(f"a link to the folder {target} — not followed; copy the documents in instead")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing or unreadable: the checks below say which
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            raise IngestError(f"{what}, not a regular file — skipped")


def _guard_zip(data: bytes, max_mb: int, kind: str) -> None:
    """Refuse a zip bomb from its directory; a file that is not a zip at all is left to its loader's message."""
    import io
    import zipfile

    from .zipguard import check_zip

    if zipfile.is_zipfile(io.BytesIO(data)):
        check_zip(data, max_mb, kind)


def _reader(suffix: str):
    """The loader function for an extension, imported late so one broken parser spoils only its format."""
    if suffix == ".pdf":
        from .pdf import load_pdf
        return load_pdf
    if suffix == ".docx":
        from .docx import load_docx
        return load_docx
    if suffix in (".html", ".htm"):
        from .html import load_html
        return load_html
    from .text import load_text
    return load_text


def _mb(size: int, limit: int) -> str:
    """Size in MB, with a decimal only when rounding would hide that it is over the limit."""
    mb = size / (1024 * 1024)
    return f"{mb:.0f}" if round(mb) > limit else f"{mb:.1f}"
