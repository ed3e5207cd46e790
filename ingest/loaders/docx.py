"""DOCX loader (python-docx): body paragraphs and tables in document order, Word heading styles kept."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .base import IngestError, Line, RawDoc
from .sniff import join_broken, magic_kind

_HEADING = re.compile(r"^(?:heading|标题|標題)\s*(\d)$", re.I)
_TITLE = re.compile(r"^(?:title|标题|標題)$", re.I)
_P, _TBL, _SDT, _T = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:t")
_RENDERED, _BR = qn("w:lastRenderedPageBreak"), qn("w:br")


def load_docx(path: Path, data: bytes) -> RawDoc:
    """Load a .docx file from its bytes."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        kind = magic_kind(data)
        raise IngestError(f"not a DOCX file: it is {kind}" if kind else "not a DOCX file (not a zip archive)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            raise IngestError("not a DOCX file (zip archive without word/document.xml)")
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    # Word records where it last broke pages; without that, explicit page breaks are all we know.
    rendered = body.find(f".//{_RENDERED}") is not None
    pager = _Pager(_RENDERED if rendered else _BR)
    lines: list[Line] = []
    for block in _blocks(body, document):
        if isinstance(block, Paragraph):
            line = _paragraph_line(block, pager)
            if line:
                lines.append(line)
        else:
            lines.extend(_table_lines(block, pager))
    if not lines:
        raise IngestError("no text in the document")
    if not pager.seen:  # no page information at all: every page would read 1, so give none
        for line in lines:
            line.page = None
    return RawDoc(path=path, lines=lines, wrapped=False, pages=pager.page if pager.seen else None)


class _Pager:
    """Tracks the page number through the body from rendered (or explicit) page breaks."""

    def __init__(self, tag: str) -> None:
        self.tag, self.page, self.seen = tag, 1, False

    def advance(self, element) -> int:
        """Move past an element; return the page its text starts on."""
        start, text_seen = self.page, False
        for el in element.iter(_T, self.tag):
            if el.tag == _T:
                text_seen = text_seen or bool(el.text and el.text.strip())
            elif el.tag == _RENDERED or el.get(qn("w:type")) == "page":
                self.page += 1
                self.seen = True
                if not text_seen:
                    start = self.page
        return start


def _blocks(parent, document):
    """Paragraphs and tables of the body in order, looking inside content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, document)
        elif child.tag == _TBL:
            yield Table(child, document)
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, document)


def _paragraph_line(paragraph: Paragraph, pager: _Pager) -> Line | None:
    """A Line for a paragraph, a heading when its style or outline level says so; None when empty."""
    page = pager.advance(paragraph._p)
    text = join_broken(paragraph.text.split("\n"))
    if not text:
        return None
    level = _heading_level(paragraph)
    if level is None:
        return Line(text=text, page=page)
    return Line(text=text, page=page, style="heading", level=level)


def _heading_level(paragraph: Paragraph) -> int | None:
    """1.. for "Heading N"/"标题 N" or an outline level, 0 for "Title", None for body text."""
    own = _outline(paragraph._p)  # direct formatting overrides the style
    if own is not None:
        return own
    style = paragraph.style
    while style is not None:
        name = (style.name or "").strip()
        if _TITLE.match(name):
            return 0
        m = _HEADING.match(name)
        if m:
            return int(m.group(1))
        level = _outline(style.element)
        if level is not None:
            return level
        style = style.base_style
    return None


def _outline(element) -> int | None:
    """Heading level from a w:outlineLvl (0-based; 9 means body text)."""
    node = element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    value = node.get(qn("w:val"), "") if node is not None else ""
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def _table_lines(table: Table, pager: _Pager) -> list[Line]:
    """One table_row Line per row; a cell merged across columns is given once."""
    lines = []
    for row in table.rows:
        page = pager.advance(row._tr)
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(join_broken(cell.text.split("\n")))
        if any(cells):
            lines.append(Line(text=" ".join(c for c in cells if c), page=page, style="table_row", cells=cells))
    return lines
