"""Figures as values, so that a generated sentence's 六点二亿, 6.2亿, 620 million and 6.2e8 compare equal to the clause's."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .text import fold

# What a number may be followed by that scales it. Chinese 万/亿 are how the documents write amounts; the
# English and Portuguese words are how a model translating them writes the same amounts.
_SCALE = {
    "万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4, "千": Decimal(10) ** 3,
    "trillion": Decimal(10) ** 12, "billion": Decimal(10) ** 9, "million": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3, "mil milhoes": Decimal(10) ** 9, "mil milhões": Decimal(10) ** 9,
    "milhoes": Decimal(10) ** 6, "milhões": Decimal(10) ** 6, "milhao": Decimal(10) ** 6, "milhão": Decimal(10) ** 6,
    "bn": Decimal(10) ** 9, "mn": Decimal(10) ** 6,
}
_SCALES = {k.replace(" ", ""): v for k, v in _SCALE.items()}
_PERCENT = r"%|‰|percent|porcento|个百分点|百分点"  # matched in folded text, which has no spaces
_FIGURE = re.compile(
    r"(?<![a-z0-9.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*("
    + "|".join(sorted((re.escape(k.replace(" ", "")) for k in _SCALE), key=len, reverse=True))
    + r")?\s*(" + _PERCENT + r")?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    written: str  # the number as written (digits, no separators): 6.2
    value: Decimal  # scaled: 6.2亿 -> 620000000
    scaled: bool  # followed by 万/亿/million…
    percent: bool

    def __str__(self) -> str:
        return self.written + ("%" if self.percent else "")


def _digits(text: str) -> str:
    """Folded text with Chinese number words as digits (二〇二九年 -> 2029年, 百分之十五 -> 15%)."""
    from .verify import cn_figures

    return cn_figures(fold(text))


def figures(text: str) -> list[Figure]:
    """Every number in text with its scale and percent sign, after folding and converting number words."""
    out = []
    for m in _FIGURE.finditer(_digits(text)):
        whole, frac, scale, percent = m.group(1).replace(",", ""), m.group(2) or "", m.group(3), m.group(4)
        written = (whole + frac).lstrip("0") or "0"
        if written.startswith("."):
            written = "0" + written
        try:
            value = Decimal(whole + frac)
        except InvalidOperation:
            continue
        factor = _SCALES.get(scale.lower()) if scale else None
        out.append(Figure(written, (value * factor if factor else value).normalize(), bool(factor), bool(percent)))
    return out


def unsupported(sentence: str, sources: list[str]) -> list[Figure]:
    """The sentence's figures no source states: a scaled figure must equal a source's value (6.2亿 ≠ 62亿,
    620 million = 6.2亿); a bare one may also be a source's number as written (2029, 30.04); a percentage must
    be a source's percentage."""
    known = [f for s in sources for f in figures(s)]
    values = {(f.value, f.percent) for f in known}
    written = {(f.written, f.percent) for f in known} | {(f.written, False) for f in known}
    missing = []
    for f in figures(sentence):
        if (f.value, f.percent) in values:
            continue
        if not f.scaled and (f.written, f.percent) in written:
            continue
        missing.append(f)
    return missing


# A Latin name or code a Chinese sentence quotes (EF账户, QFLP, 5G): it must be the cited clause's own.
_LATIN_NAME = re.compile(r"(?<![A-Za-z])[A-Z][A-Z0-9&-]*[A-Z0-9](?![A-Za-z])")


def unsupported_codes(sentence: str, sources: list[str]) -> list[str]:
    joined = fold(" ".join(sources))
    return [m.group() for m in _LATIN_NAME.finditer(sentence) if fold(m.group()) not in joined]
