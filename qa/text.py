"""Text helpers for answers: folding for matching, sentence spans of a clause, bigrams, figures, table rows."""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import bigrams  # noqa: F401  (answers import it from here)
from core.text import fold as core_fold

# A clause splits into sentences at 。！？； and line breaks; a ；-piece is shown ending with 。.
_END = re.compile(r"[。！？!?；;]|\n")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_MARKER = re.compile(r"\s*\[(\d+)\]")


def fold(text: str) -> str:
    """Matching form: Traditional -> Simplified, half-width, lower case, no whitespace. Never displayed."""
    return core_fold(text, "compact")


@dataclass(frozen=True)
class Span:
    """A sentence of a clause: offsets into clause.text and the text without its end punctuation."""

    start: int
    end: int
    text: str

    @property
    def shown(self) -> str:
        """The sentence as an answer shows it: the document's words, ending with 。."""
        return self.text if self.text.endswith(("。", "！", "？")) else self.text.rstrip("，、：,:") + "。"


def sentences(text: str) -> list[Span]:
    """Sentence spans of a clause text, in order; empty pieces dropped."""
    out, start = [], 0
    for m in _END.finditer(text + "\n"):
        piece = text[start:m.start()]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            out.append(Span(start + lead, start + lead + len(piece), piece))
        start = m.end()
    return out


def numbers(text: str) -> list[str]:
    return _NUMBER.findall(text or "")


# A count or share written in Chinese numerals ("四大片区", "两个市场", "百分之十五"): a figure as much as 4 or 15%.
# A lone 一 is "a" ("一批", "一个平台"), not a count.
_COUNTED = re.compile(r"(?:[二两三四五六七八九十百千]|一[十百千])[一二两三四五六七八九十百千]*"
                      r"(?:个|项|类|种|家|条|所|座|倍|成|大|张|支|位|名|次)|"
                      r"百分之[一二三四五六七八九十百点]+")


_YEAR = re.compile(r"^(?:19|20)\d\d$")


def is_year(number: str) -> bool:
    """A number of numbers() that reads as a year (2024), not a quantity."""
    return bool(_YEAR.match(number))


def has_quantity(text: str) -> bool:
    """A figure that is not only a year ("2024年前" states when, not how much)."""
    return any(not is_year(n) for n in numbers(text or "")) or bool(_COUNTED.search(text or ""))


def has_count(text: str) -> bool:
    """Whether a sentence states a figure, in digits or in Chinese numerals with a counting word."""
    return bool(_NUMBER.search(text or "") or _COUNTED.search(text or ""))


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text)


def markers(text: str) -> list[int]:
    return [int(n) for n in _MARKER.findall(text)]


def row_sentence(clause) -> str:
    """A table row as a readable sentence with each figure and its unit exactly as the table gives them:
    '表2-1中，澳资产业增加值2024年为30.04亿元，2029年为90亿元（预期性）。'"""
    table = clause.table or {}
    values = dict(table.get("values") or zip(table.get("headers") or [], table.get("cells") or []))
    indicator = table.get("indicator") or values.get("指标", "")
    unit = values.get("单位", "")
    unit = "" if unit in ("—", "-") else unit
    years = [(h, v) for h, v in values.items() if re.fullmatch(r"\d{4}年?", h.strip()) and v]
    if not indicator or not years:
        return clause.text.strip() + "。"
    figures = "，".join(f"{h if h.endswith('年') else h + '年'}为{v}{unit}" for h, v in years)
    kind = values.get("属性", "")
    number = table.get("number", "")
    where = f"表{number}中，" if number else ""
    return f"{where}{indicator}{figures}" + (f"（{kind}）" if kind else "") + "。"


def row_supports(sentence: str, clause) -> bool:
    """A row sentence is the row's own: its indicator, and only figures that are cells of the row."""
    table = clause.table or {}
    cells = [str(c) for c in table.get("cells") or []] + [str(table.get("number", ""))]
    s = fold(sentence)
    indicator = fold(table.get("indicator", ""))
    cell_numbers = {n for c in cells for n in numbers(c)} | set(numbers(table.get("number", "")))
    header_numbers = {n for h in table.get("headers") or [] for n in numbers(h)}
    found = numbers(s)
    return bool(indicator) and indicator in s and all(n in cell_numbers | header_numbers for n in found)


# "请咗几个境外人才，…容唔容许？" / "招了几个人，…": 几 after a completed action, in a clause that asks nothing, is
# "a few", not "how many" (a question clause ends with ？ or ends the question); so is 几 after what one wants to do
# ("想多招几个澳门年青人，…有啥说法？")
_INDEFINITE_JI = re.compile(r"(?:[咗了过]|想|要|打算|准备|计划|希望)[^，,。；;？?！!]{0,4}几[^，,。；;？?！!]*[，,。；;]")


def indefinite_ji(text: str, pos: int) -> bool:
    """Whether the 几 at `pos` of a folded question means "a few" (see _INDEFINITE_JI)."""
    return any(m.start() <= pos < m.end() for m in _INDEFINITE_JI.finditer(text))
