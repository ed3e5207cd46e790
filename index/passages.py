"""What each clause looks like to the retrievers: text with its context, for the embedder and for BM25."""
from __future__ import annotations

from ingest.records import Clause

# Bump when the text below changes: the manifest records it, so old indexes are rebuilt.
FORMAT = "passages-v1"


def _title(clause: Clause) -> str:
    return clause.doc_title.strip("《》") if clause.doc_title else ""


def table_text(clause: Clause) -> str:
    """A table row as a sentence (core.records.TableRow.sentence); the clause text when the row has no title."""
    return clause.table.sentence(clause.text) if clause.table else clause.text


def passage(clause: Clause) -> str:
    """Embedding input: document title, heading path, then the clause (or its table row sentence).

    The context lets a bare paragraph match a question about its section's topic."""
    body = table_text(clause) if clause.kind == "table_row" and clause.table else clause.text
    context = " ".join(p for p in [_title(clause), " ".join(clause.path)] if p)
    return f"{context}\n{body}" if context else body


def keyword_text(clause: Clause) -> str:
    """BM25 input: the innermost heading plus the clause; the document title is left out (it is in every clause)."""
    body = table_text(clause) if clause.kind == "table_row" and clause.table else clause.text
    head = clause.path[-1] if clause.path else ""
    return f"{head} {body}".strip()
