"""Upload file names: the bare, safe name of an uploaded document, or a clear refusal naming the problem."""
from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from errors import UserError

from .chars import strip_controls, undecodable
from .loaders import SUFFIXES

MAX_NAME_BYTES = 255  # what Linux, macOS and Windows file systems allow for one name (in UTF-8 bytes)


class UploadNameError(UserError):
    """An upload whose file name cannot become a corpus file name."""


def safe_upload_name(name: str) -> str:
    """The bare name to store an upload under (folders dropped, NFC); UploadNameError for NUL, control
    characters, names over 255 bytes, hidden files and types the ingest cannot read."""
    if not isinstance(name, str):
        raise UploadNameError("upload: the file name is missing")
    shown = repr(name[:80] + ("…" if len(name) > 80 else ""))
    if "\x00" in name:
        raise UploadNameError(f"upload {shown}: the file name contains a NUL character")
    if undecodable(name) is not None:
        raise UploadNameError(f"upload {shown}: the file name is not valid UTF-8 text")
    if strip_controls(name) != name:
        raise UploadNameError(f"upload {shown}: the file name contains control or invisible characters")
    base = PurePosixPath(unicodedata.normalize("NFC", name).replace("\\", "/")).name.strip()
    if not base or base in (".", ".."):
        raise UploadNameError(f"upload {shown}: no file name")
    if base.startswith("."):
        raise UploadNameError(f"upload {shown}: hidden file names (starting with '.') are not accepted")
    size = len(base.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise UploadNameError(f"upload {shown}: the file name is {size} bytes long, over the limit of "
                              f"{MAX_NAME_BYTES} bytes — shorten it")
    suffix = PurePosixPath(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadNameError(f"upload {shown}: unsupported file type — use a PDF, DOCX, HTML, TXT or MD file")
    return base
