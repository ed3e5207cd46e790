"""Tables: a caption, a header row and data rows, from PDF text lines or DOCX/HTML cells."""
from __future__ import annotations

import re
import string
import unicodedata

from .clean import Para, clean_text, fix_spaces
from .structure import parse_heading

CAPTION = re.compile(r"^表\s*(\d+(?:\s*[-－—–]\s*\d+)?)\s*(.*)$")
_NUMBER_COLUMNS = ("序号", "编号", "No.", "No")


class TableParser:
    """Feeds on paragraphs in order; claims those that belong to a table."""

    def __init__(self):
        self.active: dict | None = None
        self.pending_caption: tuple[str, str] | None = None
        self.count = 0
        self.warnings: list[str] = []
        self.removed: list[str] = []
        self.used_ids: set[str] = set()  # table ids given so far: a repeated caption number gets a suffix

    def feed(self, p: Para, stack) -> dict | None:
        text = p.text
        m = CAPTION.match(text)
        if m and len(text) <= 60 and p.style != "table_row":
            number = re.sub(r"\s+", "", m.group(1)).replace("－", "-").replace("—", "-").replace("–", "-")
            self.pending_caption = (number, f"表{number} {fix_spaces(m.group(2))}".strip())
            self.active = None
            return {"caption": self.pending_caption[1], "id": _unique(f"table{number}", self.used_ids)}
        if p.style == "table_row" and p.cells is not None:
            return self._cells_row(p.cells)
        if p.style == "table_row":
            return None
        if self.pending_caption and self.active is None and not parse_heading(text):
            return self._start(self._header_tokens(p))
        if self.active is not None:
            if self._header_tokens(p) == self.active["headers"]:
                self.removed.append(text)  # the header repeated after a page break is layout, not a row
                return {"header": True, "repeated": True}
            if parse_heading(text) or not re.match(r"^\d", text):
                self.active = None
                return None
            return self._text_row(p)
        return None

    def _start(self, headers: list[str]) -> dict:
        self.count += 1
        number, caption = self.pending_caption or (str(self.count), f"表{self.count}")
        self.pending_caption = None
        # ids unique by construction: an uncaptioned table counted as table1 and a later "表1" caption, or a
        # caption repeated, each get their own id (table1, table1b) instead of sharing one
        table_id = _unique(f"table{number}", self.used_ids)
        self.used_ids.add(table_id)
        self.active = {"number": number, "title": caption, "headers": headers, "id": table_id, "rows": 0,
                       "keys": set()}
        return {"header": True, "id": self.active["id"]}

    @staticmethod
    def _header_tokens(p: Para) -> list[str]:
        """Header cells split on layout spaces; "2024 年" is one cell, not two."""
        out: list[str] = []
        for tok in (p.raw or p.text).split():
            if out and out[-1].isdigit() and tok[0] in "年月日":
                out[-1] += tok
            else:
                out.append(tok)
        return [clean_text(t) for t in out]

    def _cells_row(self, cells: list[str]) -> dict:
        if self.active is None:
            return self._start([c for c in cells])
        if cells == self.active["headers"]:
            self.removed.append(" ".join(cells))
            return {"header": True, "repeated": True}
        return self._row(cells)

    def _text_row(self, p: Para) -> dict:
        headers = self.active["headers"]
        tokens = (p.raw or p.text).split()
        lead_cols = 1 if headers and headers[0] in _NUMBER_COLUMNS else 0
        trail = len(headers) - lead_cols - 1
        if len(tokens) < lead_cols + trail + 1:
            self.warnings.append(f"table {self.active['number']}: row with too few cells kept as text: {p.text}")
            cells = [p.text]
        else:
            middle = tokens[lead_cols:len(tokens) - trail]
            cells = tokens[:lead_cols] + [fix_spaces(" ".join(middle))] + tokens[len(tokens) - trail:]
        return self._row(cells)

    def _row(self, cells: list[str]) -> dict:
        t = self.active
        t["rows"] += 1
        headers = t["headers"]
        lead_cols = 1 if headers and headers[0] in _NUMBER_COLUMNS else 0
        # the printed number (1, ①, 一, a) when the row has one, else its position; any numbering is accepted
        row_no = (row_number(cells[0]) if lead_cols and cells else None) or t["rows"]
        key = _unique(str(row_no), t["keys"])  # a repeated row number gets its own id (r3, r3b)
        t["keys"].add(key)
        indicator = cells[lead_cols] if len(cells) > lead_cols else cells[0]
        table = {"number": t["number"], "title": t["title"], "headers": headers, "cells": cells, "row": row_no,
                 "indicator": indicator, "values": dict(zip(headers, cells))}
        if key != str(row_no):
            table["key"] = key  # the id's row part (split.py uses it), kept apart from the printed number
        return {"id": t["id"], "table": table}


_ALPHA = {ch: n for n, ch in enumerate(string.ascii_lowercase, 1)}


def row_number(cell: str) -> int | None:
    """The number a 序号 cell prints: 12, １２, ①, ⑫, 一 … 十, a/b (Latin letters in order), else None.

    (`int('①')` raises although `'①'.isdigit()` is True: the cell is read character by character.)"""
    text = cell.strip().strip(".、．)）(（")
    if not text:
        return None
    if text.isdecimal():
        return int(text)
    if len(text) == 1:
        if text.lower() in _ALPHA:
            return _ALPHA[text.lower()]
        value = unicodedata.numeric(text, -1)  # ① 1, ⑫ 12, 一 1, 十 10, Ⅳ 4
        return int(value) if value >= 1 and value == int(value) else None
    if len(text) == 2 and text[0] == "十":  # 十一 … 十九
        rest = unicodedata.numeric(text[1], -1)
        return 10 + int(rest) if 1 <= rest <= 9 else None
    return None


def _unique(name: str, used: set[str]) -> str:
    """`name`, or name + b, c, … when it is taken (letters, so that 'table1b' never reads as 表1-2)."""
    if name not in used:
        return name
    for letter in string.ascii_lowercase[1:]:
        if name + letter not in used:
            return name + letter
    n = 27
    while f"{name}_{n}" in used:
        n += 1
    return f"{name}_{n}"
