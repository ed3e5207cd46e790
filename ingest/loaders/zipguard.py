"""Zip-bomb guard: judge a zip-based file (DOCX) by its central directory before anything is expanded."""
from __future__ import annotations

import io
import zipfile

from .base import IngestError

# Why these numbers: a real DOCX is mostly XML that deflates 5-15x plus images that do not deflate at all;
# a bomb is a small file whose members claim hundreds of times their size (a 746 KB file claiming 200 MB of
# XML hung ingest at 1.9 GB of memory). The limits scale with the product's file limit (settings.max_file_mb).
MAX_RATIO = 100  # uncompressed / compressed, for a member past RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # bytes: small members (styles, rels) may deflate very well and still be harmless
MAX_MEMBERS = 10_000  # a Word document has tens of parts; thousands of tiny members is a directory bomb
TOTAL_FACTOR = 4  # all members together may expand to this many times the file limit
XML_FACTOR = 1  # one XML part (parsed whole into memory by python-docx) may be at most the file limit


def check_zip(data: bytes, max_mb: int, kind: str = "DOCX") -> None:
    """Refuse an archive whose directory promises too much; IngestError names the member and the limit.

    Reading only the directory costs nothing; python-docx later reads each member through zipfile, which
    stops at the size written in the directory and fails the CRC check when a member lies about it, so a
    directory that passes here also bounds what parsing can expand."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise IngestError(f"not a valid {kind} file (broken zip archive: {exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise IngestError(f"{kind} archive has {len(infos):,} members, over the limit of {MAX_MEMBERS:,} — refused")
    limit = max_mb * 1024 * 1024
    total_limit, xml_limit = TOTAL_FACTOR * limit, XML_FACTOR * limit
    total = 0
    for info in infos:
        size, packed = info.file_size, max(1, info.compress_size)
        total += size
        if size > RATIO_FLOOR and size / packed > MAX_RATIO:
            raise IngestError(f"{kind} member {info.filename} would expand {size / packed:,.0f}-fold "
                              f"({_size(packed)} → {_size(size)}), over the limit of {MAX_RATIO}-fold — "
                              "refused as a zip bomb")
        if info.filename.lower().endswith((".xml", ".rels")) and size > xml_limit:
            raise IngestError(f"{kind} member {info.filename} expands to {_mb(size)} MB of XML, over the "
                              f"{_mb(xml_limit)} MB limit (= the {max_mb} MB file limit) — refused")
        if total > total_limit:
            raise IngestError(f"{kind} archive expands to over {_mb(total_limit)} MB ({TOTAL_FACTOR}× the "
                              f"{max_mb} MB file limit) — refused")


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{_mb(size)} MB"


def _mb(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:,.0f}" if mb >= 10 else f"{mb:.1f}"
