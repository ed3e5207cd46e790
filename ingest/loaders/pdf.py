"""PDF loader (pypdf): one Line per extracted text line with its 1-based page, plus printed page numbers."""
from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from .base import IngestError, Line, RawDoc
from .sniff import footer_label, magic_kind, one_line


def load_pdf(path: Path, data: bytes) -> RawDoc:
    """Load a PDF's text layer from its bytes."""
    _check_envelope(data)
    repairs = _Collect()
    log = logging.getLogger("pypdf")
    log.addHandler(repairs)
    propagate, log.propagate = log.propagate, False  # pypdf's repair chatter goes to warnings, not stderr
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = _read(path, data)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise IngestError(f"corrupt PDF ({one_line(exc, 100)})") from None
    finally:
        log.removeHandler(repairs)
        log.propagate = propagate
    if repairs.messages:
        doc.warnings.append(f"PDF needed {len(repairs.messages)} repairs while reading "
                            f"(first: {one_line(repairs.messages[0], 80)})")
    return doc


def _check_envelope(data: bytes) -> None:
    """Refuse what is not a PDF at all, or a PDF cut short, before pypdf guesses around it."""
    if b"%PDF-" not in data[:1024]:
        kind = magic_kind(data)
        raise IngestError(f"not a PDF: it is {kind}" if kind else "not a PDF (no %PDF header) — binary data or a renamed file")
    if b"%%EOF" not in data[-1024:]:
        raise IngestError("truncated or corrupt PDF (no end-of-file marker) — get a complete copy")


def _read(path: Path, data: bytes) -> RawDoc:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise IngestError(f"encrypted PDF — decrypt it first ({one_line(exc, 80)})") from None
        if not opened:
            raise IngestError("encrypted PDF — decrypt it first")
    try:
        pages = list(reader.pages)
    except FileNotDecryptedError:
        raise IngestError("encrypted PDF — decrypt it first") from None
    if not pages:
        raise IngestError("corrupt PDF (no pages)")
    doc = RawDoc(path=path, lines=[], wrapped=True, pages=len(pages))
    if "/PageLabels" in reader.trailer["/Root"]:
        doc.page_labels = {i + 1: label for i, label in enumerate(reader.page_labels)}
    blank = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # one bad page must not lose the others; it is reported
            doc.warnings.append(f"page {number}: text extraction failed ({one_line(exc, 80)})")
            text = ""
        lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
        if not lines:
            blank.append(number)
        doc.lines.extend(Line(text=ln, page=number) for ln in lines)
        label = _printed_number(lines)
        if label:
            doc.page_labels[number] = label
    if not doc.lines:
        raise IngestError("no text layer — OCR it first")
    if blank:
        doc.warnings.append(f"no text on page(s) {_ranges(blank)} — scanned pages need OCR")
    return doc


def _printed_number(lines: list[str]) -> str:
    """The page number printed as a footer (last lines) or header (first line) of a page."""
    for line in lines[-2:][::-1] + lines[:1]:
        label = footer_label(line)
        if label:
            return label
    return ""


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    out, start = [], numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [None]):
        if cur != prev + 1:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(out)


class _Collect(logging.Handler):
    """Collects pypdf log records instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
