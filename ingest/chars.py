"""Character-level text tools: width forms, layout spaces, page footers, shared OpenCC converters."""
from __future__ import annotations

import re
import threading
import unicodedata

# A printed page number on its own line: "— 10 —", "- 10 -", "－10－", "第 10 页", "第10页 共28页", "10 / 28".
# The first group that matched holds the printed number.
FOOTER = re.compile(
    r"^\s*(?:[—–－\-‐‑―─]{1,3}\s*(\d{1,4})\s*[—–－\-‐‑―─]{1,3}"
    r"|第\s*(\d{1,4})\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|(\d{1,4})\s*/\s*\d{1,4})\s*$"
)

from core.text import converter  # noqa: F401,E402 — the one shared OpenCC converter lives in core

# CJK ideographs, CJK punctuation and full-width forms: spaces next to these are layout, not text.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u300a\u300b"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK}])")
_MULTI_SPACE = re.compile(r"[ \t\u00a0\u3000]{2,}")

# Full-width punctuation that Chinese text uses as-is; every other full-width ASCII form is folded.
_KEEP_FULLWIDTH = set("，。：；！？（）【】、《》〔〕“”‘’—…·")
# Half-width punctuation right after a CJK character is a typing slip for the full-width form.
_HALF_TO_FULL = {":": "：", ";": "；", ",": "，", "?": "？", "!": "！"}
_HALF_AFTER_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[:;,?!](?!\d)")


# Characters that are never text: C0/C1 controls (ESC starts terminal escape sequences, NUL), DEL, bidi
# overrides and isolates (RLO reverses what a reader sees), invisible spaces and BOMs (ZWSP splits a search
# term invisibly). Tab and line breaks are layout and handled elsewhere; ZWJ/ZWNJ are kept (they shape scripts).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")


_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")  # terminal CSI / OSC sequences


def strip_controls(text: str) -> str:
    """Text without control, bidi-override and zero-width characters (a form feed or vertical tab is a space);
    a terminal escape sequence goes whole, not just its ESC."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    return _INVISIBLE.sub("", text.replace("\x0c", " ").replace("\x0b", " "))


def undecodable(text: str) -> int | None:
    """Position of the first byte that was not valid UTF-8 (a lone surrogate from surrogateescape), or None."""
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            return i
    return None


def display_name(name: str) -> str:
    """A file name fit to store and print: a name that is not valid UTF-8 (surrogate-escaped bytes) is read as
    GB18030 when that works (Chinese Windows archives), else its bad bytes become U+FFFD."""
    if undecodable(name) is None:
        return name
    raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def normalize_chars(text: str) -> str:
    """Fold full-width letters/digits/symbols to half-width; keep Chinese punctuation full-width; drop controls."""
    text = strip_controls(text)
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    text = "".join(out)
    text = _HALF_AFTER_CJK.sub(lambda m: _HALF_TO_FULL[m.group()], text)
    return unicodedata.normalize("NFC", text)


def fix_spaces(text: str) -> str:
    """Drop spaces that touch a Chinese character (PDF layout), keep those between Latin words."""
    text = _SPACE_NEAR_CJK.sub("", text)
    return _MULTI_SPACE.sub(" ", text).strip()


def clean_text(text: str) -> str:
    return fix_spaces(normalize_chars(text))


def display_width(text: str) -> float:
    """Width in CJK character cells: a Latin character or digit counts half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text.strip())
