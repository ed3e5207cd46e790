"""Character- and line-level cleaning of extracted text: widths, stray spaces, footers, hard wraps."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .chars import FOOTER, clean_text, display_width, fix_spaces, normalize_chars  # noqa: F401  (re-exported)
from .loaders.base import Line, RawDoc
from .structure import heading_at_line_start

SENTENCE_END = "。！？；…"
_CLOSERS = "”’）」』】》"


def ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip(_CLOSERS)
    return bool(t) and (t[-1] in SENTENCE_END or t[-1] in "：:")


def first_sentence(text: str) -> str:
    m = re.match(r"[^。！？]*[。！？]", text)
    return m.group() if m else ""


def looks_like_lead(text: str, max_len: int = 22) -> bool:
    """A short title sentence that opens a paragraph, e.g. 布局建设科技创新平台载体。"""
    s = first_sentence(text)
    # a comma is allowed in very short leads such as 实体为本，创新发展。
    return bool(s) and len(s) <= max_len and len(s) < len(text) and not re.search(r"[；：;]", s) and (len(s) <= 12 or "，" not in s)


@dataclass
class Para:
    """A logical paragraph (or heading line) after undoing hard wraps."""

    text: str  # cleaned
    page: int | None
    style: str = ""
    level: int = 0
    cells: list[str] | None = None
    raw: str = ""  # the joined raw text before space fixing (tables need the original token gaps)


def is_footer(line: str) -> bool:
    return bool(FOOTER.match(line))


def _unbalanced(text: str) -> bool:
    return text.count("《") > text.count("》") or text.count("（") > text.count("）") or text.count("“") > text.count("”")


def paragraphs(raw: RawDoc) -> list[Para]:
    """Turn loader lines into paragraphs; for wrapped (PDF) text, undo the hard line breaks."""
    lines: list[Line] = []
    for line in raw.lines:
        if not line.text.strip() and line.style != "table_row":
            continue
        if line.style != "table_row" and is_footer(line.text):
            raw.removed.append(line.text.strip())
            continue
        lines.append(line)
    if not raw.wrapped:
        return [_para(l.text, l) for l in lines]
    return _unwrap(lines)


def _para(text: str, line: Line) -> Para:
    cells = [clean_text(c) for c in line.cells] if line.cells is not None else None
    return Para(clean_text(text), line.page, line.style, line.level, cells, raw=normalize_chars(text).strip())


def _unwrap(lines: list[Line]) -> list[Para]:
    widths = sorted(round(display_width(l.text)) for l in lines if display_width(l.text) >= 10)
    # the width of a full line: the commonest width, or higher in a short text that has no clear mode
    full = max(Counter(widths).most_common(1)[0][0], widths[int(len(widths) * 0.75)]) if widths else 30
    out: list[Para] = []
    cur: list[Line] = []

    def flush():
        if cur:
            tabular = re.fullmatch(r"\d{1,3}", cur[0].text.strip())
            joined = (" " if tabular else "").join(l.text.strip() for l in cur)
            out.append(_para(joined, cur[0]))
            cur.clear()

    in_table = False
    for line in lines:
        text = normalize_chars(line.text).strip()
        if _is_caption(text):
            in_table = True  # table rows keep their own lines until the next heading
        elif in_table and heading_at_line_start(normalize_chars(text)):
            in_table = False
        if not cur:
            cur.append(line)
            continue
        if line.style == "table_row" or cur[-1].style == "table_row":
            # a row of cells (Markdown "| … |") is a paragraph of its own: joined to the text around it, the
            # row's cells would stand for the whole paragraph and the joined text would be lost
            flush()
            cur.append(line)
            continue
        prev = normalize_chars(cur[-1].text).strip()
        if in_table:
            joins = bool(re.fullmatch(r"\d{1,3}", prev)) and not _is_caption(text)  # a lone row number
        else:
            joins = _continues(prev, text, cur, full)
        if not joins:
            flush()
        cur.append(line)
    flush()
    return out


def _is_caption(text: str) -> bool:
    return bool(re.match(r"^\s*表\s*\d+(\s*[-－—–]\s*\d+)?\s*\S", text)) and display_width(text) <= 40


def _continues(prev: str, text: str, cur: list[Line], full: int) -> bool:
    """Does `text` continue the paragraph whose last line is `prev`?"""
    first = normalize_chars(cur[0].text).strip()
    joined = "".join(normalize_chars(l.text).strip() for l in cur)
    if re.fullmatch(r"（\d{4}[^）]*年?）", clean_text(text)) and not ends_sentence(prev):
        return True  # a title's year range on its own line: 横琴…规划 / （2025-2029年）
    if heading_at_line_start(normalize_chars(text)) and not heading_at_line_start(normalize_chars(first)) and (
            ends_sentence(prev) or display_width(prev) < full - 1):
        return False  # a heading after a finished or short line
    if heading_at_line_start(normalize_chars(first)) and not _unbalanced(joined):
        # a heading line is a paragraph of its own unless it was broken mid-title
        return display_width(prev) >= full - 1 and not ends_sentence(prev) and not heading_at_line_start(normalize_chars(text))
    if _unbalanced(joined) and not ends_sentence(prev):
        return True
    if not ends_sentence(prev):
        # a line cut mid-sentence continues; only a clearly short line (a signature, a date) stands alone
        return display_width(prev) >= full * 0.75
    if display_width(prev) < full - 2:
        return False  # a short line that ends a sentence ends its paragraph
    # a full line that happens to end a sentence: a new paragraph only if a heading or lead sentence follows
    return not (heading_at_line_start(normalize_chars(text)) or looks_like_lead(clean_text(text)))
