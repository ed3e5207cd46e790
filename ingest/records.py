"""Kept for older imports: the records live in core/records.py (the ground floor)."""
from core.records import KINDS, Clause, DocMeta, TableRow, text_hash  # noqa: F401
