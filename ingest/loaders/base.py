"""Loader output types: raw lines with page numbers and style hints, before cleaning."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from errors import UserError


@dataclass
class Line:
    """One line (or, for unwrapped sources, one paragraph) of source text."""

    text: str
    page: int | None = None
    style: str = ""  # "" | "heading" (Word heading style, HTML h1-h6) | "table_row"
    level: int = 0  # heading level when style == "heading" (1 = top; 0 = the document title)
    cells: list[str] | None = None  # cell texts when style == "table_row"


@dataclass
class RawDoc:
    """A loaded source file: its lines in reading order plus what the loader learned."""

    path: Path
    lines: list[Line]
    wrapped: bool  # True when line breaks are layout (PDF text layer), False when a line is a paragraph
    pages: int | None = None
    page_labels: dict[int, str] = field(default_factory=dict)  # page -> printed number ("10")
    warnings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # layout artefacts dropped (footers), for accounting
    encoding: str = ""  # text encoding detected for TXT/MD/HTML ("utf-8", "gb18030", "big5")


class IngestError(UserError):
    """A file that cannot be ingested; the message names the problem (the caller adds the file)."""
