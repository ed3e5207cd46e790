"""Small shared helpers for loaders: file-type sniffing, page-footer labels, joining broken lines."""
from __future__ import annotations

from ..chars import FOOTER

# Magic numbers of formats people rename by mistake, to say what a file really is.
_MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a zip archive (DOCX/XLSX/ZIP)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls) — save it as DOCX"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
)


def magic_kind(data: bytes) -> str:
    """What the leading bytes say the file is ("a PNG image"), or "" when unknown."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return ""


def looks_binary(data: bytes) -> bool:
    """True when a sample of bytes holds NULs or many control characters (not a text file)."""
    sample = data[:65536]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.01


def footer_label(line: str) -> str:
    """The printed page number when the line is a page footer such as "— 10 —", else ""."""
    m = FOOTER.match(line)
    return next((g for g in m.groups() if g), "") if m else ""


def is_cjk(ch: str) -> bool:
    """True for a Han character or CJK/full-width punctuation (text joined without spaces)."""
    o = ord(ch)
    return (0x3000 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x20000 <= o <= 0x3FFFF)


def join_broken(parts: list[str]) -> str:
    """Join soft-broken pieces of one paragraph: no space between CJK, one space otherwise."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(part[0])):
            out += " "
        out += part
    return out


def one_line(message: object, limit: int = 160) -> str:
    """An exception message squeezed onto one short line."""
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
