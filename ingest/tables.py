"""Tables: a caption, a header row and data rows, from PDF text lines or DOCX/HTML cells."""
from __future__ import annotations

import re

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

    def feed(self, p: Para, stack) -> dict | None:
        text = p.text
        m = CAPTION.match(text)
        if m and len(text) <= 60 and p.style != "table_row":
            number = re.sub(r"\s+", "", m.group(1)).replace("－", "-").replace("—", "-").replace("–", "-")
            self.pending_caption = (number, f"表{number} {fix_spaces(m.group(2))}".strip())
            self.active = None
            return {"caption": self.pending_caption[1], "id": f"table{number}"}
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
        self.active = {"number": number, "title": caption, "headers": headers, "id": f"table{number}", "rows": 0}
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
        row_no = int(cells[0]) if lead_cols and cells[0].isdigit() else t["rows"]
        indicator = cells[lead_cols] if len(cells) > lead_cols else cells[0]
        table = {"number": t["number"], "title": t["title"], "headers": headers, "cells": cells, "row": row_no,
                 "indicator": indicator, "values": dict(zip(headers, cells))}
        return {"id": t["id"], "table": table}
