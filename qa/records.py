"""The answer record: text whose every sentence cites a clause, the cited clauses, and related clauses."""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.records import Clause

REFUSAL_TEXT = "已收录文件未对此作出规定。"


@dataclass
class Citation:
    """A clause cited by marker [n] in the answer."""

    n: int
    clause: Clause
    quotes: list[str] = field(default_factory=list)  # the sentences taken from it, as the document has them

    def to_dict(self) -> dict:
        c = self.clause
        return {"n": self.n, "clause_id": c.id, "citation": c.citation, "text": c.text,
                "doc_title": c.doc_title, "path": list(c.path)}


@dataclass
class Sentence:
    """One answer sentence: display text (maybe Traditional), the document's wording, its marker."""

    text: str
    source: str
    n: int


@dataclass
class Answer:
    question: str
    text: str  # what is shown: intro line (if any) then the cited sentences, each ending with [n]
    citations: list[Citation]
    answerable: bool
    language: str  # zh-Hans | zh-Hant | en | pt
    related: list[Clause] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    intro: str = ""  # a framing line without claims (English/Portuguese questions); not a cited sentence
    mode: str = "extractive"  # extractive | summary | llm | refusal
    support: float = 0.0  # lexical support of the best clause, the figure the refusal threshold applies to
    notes: list[str] = field(default_factory=list)  # e.g. LLM fallback reasons, dropped sentences
    overview: str = ""  # '主要有四方面：A[1]；B[2]。': the cited clauses' leads, each piece cited (a line of text)
    overview_pieces: list[tuple[str, int]] = field(default_factory=list)  # (lead as the document has it, marker)
    framing: list[str] = field(default_factory=list)  # lines of text that are no claim (document group headings)
    llm: dict = field(default_factory=dict)  # the LLM path's trace (sentences kept/dropped and why, fallback); eval reads it

    def citation(self, n: int) -> Citation | None:
        return next((c for c in self.citations if c.n == n), None)

    def to_dict(self) -> dict:
        """The JSON shape of `ask --json`."""
        return {
            "question": self.question,
            "answer": self.text,
            "answerable": self.answerable,
            "language": self.language,
            "citations": [c.to_dict() for c in self.citations],
            "related": [{"clause_id": c.id, "citation": c.citation, "text": c.text, "doc_title": c.doc_title,
                         "path": list(c.path)} for c in self.related],
        }
