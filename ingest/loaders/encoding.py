"""Decode text bytes: UTF-8 (with/without BOM), GB18030/GBK or Big5, told apart by common characters."""
from __future__ import annotations

import codecs
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from charset_normalizer import from_bytes

from ..chars import converter
from .base import IngestError
from .sniff import looks_binary, magic_kind

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Tried in this order; on a tie the earlier wins (mainland documents are more often GB).
_CJK_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs")
_WESTERN_PUNCT = set("–—‘’‚“”„…€·«»ºª°•\xa0")
_ACCENTED = set("áàâãäçéèêëíìîïñóòôõöúùûüÁÀÂÃÄÇÉÈÊËÍÌÎÏÑÓÒÔÕÖÚÙÛÜ")
_MIN_SCORE = 0.6  # below this share of common characters, a CJK decode is judged to be garbage


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """GB2312 level-1 hanzi, Big5 common hanzi and the punctuation of both: the characters real text uses."""
    chars: set[str] = set()
    spans = (("gb2312", range(0xA1, 0xA4), range(0xA1, 0xFF)),  # GB symbols, full-width forms
             ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),  # GB2312 level 1
             ("big5", range(0xA1, 0xA3), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))),  # punctuation
             ("big5", range(0xA4, 0xC6), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))),  # 常用字
             ("big5", range(0xC6, 0xC7), range(0x40, 0x7F)))  # 常用字 end at C67E; C6A1+ are kana
    for enc, leads, trails in spans:
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(enc))
                except UnicodeDecodeError:
                    pass
    return frozenset(chars)


def common_share(text: str) -> float:
    """Share of the non-ASCII, non-space characters that are common Chinese characters or punctuation."""
    common = _common_chars()
    other = [ch for ch in text if ord(ch) > 127 and not ch.isspace()]
    if not other:
        return 1.0
    return sum(ch in common for ch in other) / len(other)


class Decoded(NamedTuple):
    text: str
    encoding: str
    warning: str  # "" unless the decoding was a guess or replaced bad bytes


def decode_bytes(data: bytes) -> Decoded:
    """Text of text-file bytes with the encoding found; IngestError for binary data or an unknown encoding."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc, "")
            except UnicodeDecodeError as exc:
                raise IngestError(f"invalid {enc} text at byte {exc.start} after a {enc} byte-order mark") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    kind = magic_kind(data)
    if kind or looks_binary(data):
        raise IngestError(f"binary data, not text: it is {kind}" if kind else "binary data, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    return (_chinese(data) or _mostly_utf8(data) or _western(data) or _normalizer(data)
            or _refuse(utf8_error))


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 (LE or BE) saved without a byte-order mark (once refused as "binary data"): accepted when it
    decodes strictly to text that is almost all readable — printable ASCII, whitespace or common Chinese."""
    if len(data) < 8 or len(data) % 2 or data.startswith((b"%PDF", b"PK")):
        return None
    sample = data[:65536]
    if b"\x00" not in sample:  # UTF-16 of Latin text is full of NULs; of pure Chinese it is not valid UTF-8
        try:
            data.decode("utf-8")
            return None
        except UnicodeDecodeError:
            pass
    common = _common_chars()
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        head = text[:20000]
        readable = sum(1 for ch in head if (" " <= ch <= "~") or ch in "\t\r\n" or ch in common)
        if head and readable / len(head) >= 0.9:
            return Decoded(text, enc, f"read as {enc.upper()} without a byte-order mark")
    return None


def _chinese(data: bytes) -> Decoded | None:
    """GB18030 or Big5: strict decodes that read as common Chinese, the most fluent one when several do."""
    passing: dict[str, tuple[float, int, str]] = {}
    for rank, enc in enumerate(_CJK_CANDIDATES):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = common_share(text)
        if score >= _MIN_SCORE and text not in passing:
            passing[text] = (score, -rank, enc)
    if not passing:
        return None
    if len(passing) == 1:
        text = next(iter(passing))
    else:  # both read as common characters (short texts): the one real text uses more often wins
        text = max(passing, key=lambda t: (_fluency(t), passing[t]))
    enc = passing[text][2]
    return Decoded(text, "big5" if enc in ("cp950", "big5hkscs") else enc, "")


def _fluency(text: str) -> float:
    """Mean log frequency of the Chinese characters (Traditional folded to Simplified) in jieba's dictionary."""
    freq = _char_frequency()
    text = converter("t2s").convert(text)
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    return sum(math.log1p(freq.get(ch, 0)) for ch in han) / max(1, len(han))


@lru_cache(maxsize=1)
def _char_frequency() -> dict[str, int]:
    """Character frequencies summed from jieba's word dictionary (Simplified), read once when needed."""
    try:
        import jieba
    except ImportError:
        return {}
    counts: dict[str, int] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].isdigit():
                for ch in parts[0]:
                    counts[ch] = counts.get(ch, 0) + int(parts[1])
    return counts


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few damaged bytes (a cut download): decoded, the damage replaced and reported."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(3, len(data) // 2000):
        return None
    return Decoded(text, "utf-8", f"{bad} undecodable byte(s) replaced by \ufffd")


def _western(data: bytes) -> Decoded | None:
    """cp1252 (Portuguese, English from Windows) when every non-ASCII character is an accented letter
    inside a word or Western punctuation."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for i, ch in enumerate(text):
        if ord(ch) < 128 or ch in _WESTERN_PUNCT:
            continue
        neighbours = text[max(0, i - 1):i] + text[i + 1:i + 2]
        if ch not in _ACCENTED or not any(n.isascii() and n.isalpha() or n in _ACCENTED for n in neighbours):
            return None
    return Decoded(text, "cp1252", "not UTF-8: read as Windows-1252 (Western) — check accents")


def _normalizer(data: bytes) -> Decoded | None:
    """charset-normalizer's guess, trusted only on long texts that it reads without chaos."""
    if len(data) < 1000:
        return None
    guess = from_bytes(data).best()
    if guess is None or guess.chaos > 0.05:
        return None
    return Decoded(str(guess), guess.encoding, f"encoding guessed as {guess.encoding}")


def _refuse(error: UnicodeDecodeError) -> Decoded:
    raise IngestError(f"cannot decode the text: not UTF-8 (bad byte at offset {error.start}), GB18030, Big5"
                      " or Windows-1252 — save it as UTF-8")
