"""Decode text bytes: UTF-8 (with/without BOM), GB18030/GBK or Big5, told apart by common characters."""
from __future__ import annotations

import codecs
from functools import lru_cache

from charset_normalizer import from_bytes

from .base import IngestError
from .sniff import looks_binary, magic_kind

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Tried in this order; on a tie the earlier wins (mainland documents are more often GB).
_CJK_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs")
_MIN_SCORE = 0.6  # below this share of common characters, a CJK decode is judged to be garbage


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """GB2312 level-1 hanzi, Big5 common hanzi and the punctuation of both: the characters real text uses."""
    chars: set[str] = set()
    spans = (("gb2312", range(0xA1, 0xA4), range(0xA1, 0xFF)),  # GB symbols, full-width forms
             ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),  # GB2312 level 1
             ("big5", range(0xA1, 0xA4), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))),  # punctuation
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


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of text-file bytes; IngestError for binary data or an unknown encoding."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise IngestError(f"invalid {enc} text at byte {exc.start} after a {enc} byte-order mark") from None
    kind = magic_kind(data)
    if kind or looks_binary(data):
        raise IngestError(f"binary data, not text (it looks like {kind or 'a binary file'})")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    scored = []
    for enc in _CJK_CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append((common_share(text), -_CJK_CANDIDATES.index(enc), text, enc))
    if scored:
        score, _, text, enc = max(scored)
        if score >= _MIN_SCORE:
            return text, ("big5" if enc in ("cp950", "big5hkscs") else enc)
    guess = from_bytes(data).best()
    if guess is not None and guess.encoding not in _CJK_CANDIDATES + ("gbk", "gb2312", "big5"):
        return str(guess), guess.encoding
    raise IngestError(
        f"cannot decode the text: not UTF-8 (bad byte at offset {utf8_error.start}), GB18030 or Big5"
        " — save it as UTF-8")
