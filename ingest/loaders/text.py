"""TXT/MD loader: decode, decide whether line breaks are layout (a PDF text layer) and recover its pages."""
from __future__ import annotations

import re
from pathlib import Path

from ..chars import display_width
from .base import IngestError, Line, RawDoc
from .encoding import decode_bytes
from .sniff import footer_label

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def load_text(path: Path, data: bytes) -> RawDoc:
    """Load a .txt or .md file from its bytes."""
    text, encoding, note = decode_bytes(data)
    text = text.lstrip("\ufeff")
    raw = _form_feeds(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if not any(ln.strip() for ln in raw):
        raise IngestError("empty file (only whitespace)")
    markdown = path.suffix.lower() == ".md"  # in Markdown a blank line is a paragraph break by definition
    alternating = not markdown and _blank_alternates(raw)
    wrapped = not markdown and (alternating or _even_widths([ln for ln in raw if ln.strip()]))
    # Blank lines alternating with every line are layout; otherwise a blank line is a paragraph break.
    texts = [ln for ln in raw if ln.strip()] if alternating else _squeeze_blanks(raw)
    lines = [Line(text=t) for t in texts]
    doc = RawDoc(path=path, lines=lines, wrapped=wrapped, encoding=encoding, warnings=[note] if note else [])
    if wrapped:
        _assign_pages(doc)
    if path.suffix.lower() == ".md":
        doc.lines = _markdown_styles(doc.lines)
    return doc


def _form_feeds(raw: list[str]) -> list[str]:
    """Lines without trailing spaces; pdftotext's form feed between pages becomes the one-space page mark."""
    out, pending = [], False
    for line in raw:
        if "\f" in line:
            line, pending = line.replace("\f", ""), True
        if pending and line.strip():
            line, pending = " " + line.lstrip(), False
        out.append(line.rstrip())
    return out


def _blank_alternates(raw: list[str]) -> bool:
    """True when a blank line follows almost every non-empty line (pdftotext-style double spacing)."""
    body = raw
    while body and not body[-1].strip():
        body = body[:-1]
    idx = [i for i, ln in enumerate(body[:-1]) if ln.strip()]
    if len(idx) < 4:
        return False
    followed = sum(1 for i in idx if not body[i + 1].strip())
    return followed / len(idx) >= 0.75


def _even_widths(nonempty: list[str]) -> bool:
    """True when most lines fill nearly the same width, as lines wrapped by a page layout do."""
    if len(nonempty) < 4:
        return False
    widths = sorted(2 * display_width(ln.strip()) for ln in nonempty)  # in columns: CJK counts 2
    full = widths[int(len(widths) * 0.75)]  # the width of a full line: most lines are full
    if full < 20:
        return False
    near = sum(1 for w in widths if abs(w - full) <= max(3, full // 12))
    return near / len(widths) >= 0.5


def _squeeze_blanks(raw: list[str]) -> list[str]:
    """Lines with runs of blank lines reduced to one empty line and none at the ends."""
    out: list[str] = []
    for ln in raw:
        if ln.strip():
            out.append(ln)
        elif out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return out


def _assign_pages(doc: RawDoc) -> None:
    """Number pages of a PDF text layer: a page starts at a line indented by one space or after a footer."""
    nonempty = [ln for ln in doc.lines if ln.text.strip()]
    starters = sum(1 for ln in nonempty if _page_start(ln.text))
    # When many lines are indented, indentation marks paragraphs, not page starts.
    use_indent = starters <= max(2, len(nonempty) // 5)
    page, seen_text, after_footer = 1, False, False
    for line in doc.lines:
        if not line.text.strip():
            line.page = page
            continue
        if seen_text and (after_footer or (use_indent and _page_start(line.text))):
            page += 1
        after_footer = False
        label = footer_label(line.text)
        if label:
            doc.page_labels[page] = label
            after_footer = True
        line.page = page
        seen_text = True
    if starters == 0 and not doc.page_labels:  # no page marks at all: pages are unknown, not "all page 1"
        for line in doc.lines:
            line.page = None
        return
    doc.pages = page


def _page_start(text: str) -> bool:
    return text.startswith(" ") and not text.startswith("  ") and bool(text.strip())


def _markdown_styles(lines: list[Line]) -> list[Line]:
    """Mark Markdown '#' headings and '|' table rows; drop the table rule line (|---|---|) and list bullets.

    A single '#' heading on the first line is the document's title (level 0, like Word's Title style)."""
    out = []
    levels = [len(m.group(1)) for m in (_MD_HEADING.match(ln.text) for ln in lines) if m]
    first = next((ln for ln in lines if ln.text.strip()), None)
    for line in lines:
        m = _MD_HEADING.match(line.text)
        if m:
            level = len(m.group(1))
            if level == 1 and levels.count(1) == 1 and line is first:
                level = 0
            line.text, line.style, line.level = m.group(2), "heading", level
        elif _MD_TABLE_RULE.match(line.text) and "|" in line.text:
            continue
        elif line.text.strip().startswith("|"):
            cells = [c.strip() for c in line.text.strip().strip("|").split("|")]
            line.style, line.cells, line.text = "table_row", cells, " ".join(c for c in cells if c)
        else:
            line.text = _MD_BULLET.sub("", line.text)  # "- item": the marker is layout, not text
        out.append(line)
    return out
