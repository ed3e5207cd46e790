"""Query length rule shared by app, CLI and API: queries are read up to 512 characters, refused past 2,000.

Why: the e5 model reads at most 512 tokens (≈ one token per Chinese character, fewer characters than that
for Latin text), and embedding cost grows with length (~1.2 ms per character): a 100,000-character search
took 40-202 s and held an engine slot all that time. So a query is cut to its first MAX_QUERY_CHARS
characters (at a sentence or clause boundary when one is near), which is all the model could read anyway,
and anything past REFUSE_CHARS is refused at once: that is a pasted document, not a question."""
from __future__ import annotations

import re
from dataclasses import dataclass

from errors import UserError
from ingest.chars import undecodable

MAX_QUERY_CHARS = 512  # what is searched: the model's window
REFUSE_CHARS = 2_000  # past this the query is refused, not cut
LONG_QUERY_CHARS = 128  # queries longer than this take the engine's separate slot for long queries
_BOUNDARY = re.compile(r"[。！？；!?;\n]|[，,、：:]\s*")


class QueryTooLong(UserError):
    """A query past REFUSE_CHARS characters."""


class QueryNotText(UserError):
    """A query holding bytes that are not valid UTF-8 (a terminal in another encoding, a binary paste)."""


@dataclass(frozen=True)
class LimitedQuery:
    """A query as it will be searched: `text`, and how long it was before any cut."""

    text: str
    original_length: int

    @property
    def cut(self) -> bool:
        return len(self.text) < self.original_length

    @property
    def note(self) -> str:
        """A line to show the user when the query was cut, else ""."""
        if not self.cut:
            return ""
        return (f"the question is {self.original_length:,} characters; only its first {len(self.text):,} "
                f"were searched (limit {MAX_QUERY_CHARS})")


def limit_query(query: str | None) -> LimitedQuery:
    """The query stripped and cut to MAX_QUERY_CHARS; QueryTooLong past REFUSE_CHARS characters."""
    text = (query or "").strip()
    bad = undecodable(text)
    if bad is not None:
        raise QueryNotText(f"query is not valid UTF-8 text (undecodable byte at character {bad + 1}) — "
                           "set the terminal to UTF-8 or retype it")
    if len(text) > REFUSE_CHARS:
        raise QueryTooLong(f"query too long: {len(text):,} characters, the limit is {REFUSE_CHARS:,} "
                           f"(only the first {MAX_QUERY_CHARS} are searched) — ask a shorter question")
    if len(text) <= MAX_QUERY_CHARS:
        return LimitedQuery(text, len(text))
    head = text[:MAX_QUERY_CHARS]
    ends = [m.end() for m in _BOUNDARY.finditer(head)]
    cut = ends[-1] if ends and ends[-1] >= MAX_QUERY_CHARS * 3 // 4 else MAX_QUERY_CHARS  # a boundary near the end
    return LimitedQuery(head[:cut].strip(), len(text))


def is_long(query: str) -> bool:
    """Whether a (limited) query goes to the long-query slot, so that it never holds up short ones."""
    return len(query) > LONG_QUERY_CHARS


def invalid_argument(argv: list[str]) -> str:
    """An error line for the first command-line argument that is not valid UTF-8 (Python keeps such bytes as
    surrogates, which crashed search/ask/cite when printed or tokenised), or "" when all are fine."""
    for n, arg in enumerate(argv, 1):
        if isinstance(arg, str) and undecodable(arg) is not None:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return f"argument {n} ({shown!r}) is not valid UTF-8 text — set the terminal to UTF-8 or retype it"
    return ""
