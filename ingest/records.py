"""The clause record and document metadata: the unit of retrieval and citation."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

# Clause kinds, in the order they usually appear in a document.
KINDS = ("front_matter", "title", "preamble", "paragraph", "table_row", "back_matter")


@dataclass
class DocMeta:
    """What is known about one document: from the manifest or inferred from its text."""

    doc_id: str
    title: str  # with 《》
    doc_number: str = ""  # 文号, e.g. 粤澳深合执字〔2025〕28号
    issuer: str = ""
    date: str = ""  # ISO yyyy-mm-dd where known
    file: str = ""
    language: str = "zh-Hans"
    status: str = "bundled"  # bundled | added | expected
    source: str = "manifest"  # manifest | inferred
    sha256: str = ""
    kind: str = ""  # 规划 / 方案 / 条例 / 意见 / 通知 / 办法 …
    level: str = ""  # 中央 / 省 / 合作区 …
    effective: str = ""  # in force from (ISO date)
    validity: str = ""  # 现行有效 …
    aliases: list[str] = field(default_factory=list)  # short names people write: 条例, 促进条例
    based_on: list[str] = field(default_factory=list)  # ids of the documents it rests on
    family: str = ""  # regulation | programme | plan, recognised from the text when ingested

    @property
    def short(self) -> str:
        """The name people use for it: its first alias, else the title without 《》."""
        return self.aliases[0] if self.aliases else self.title.strip("《》")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Clause:
    """One citable clause: a paragraph under its headings, a table row, or front/back matter."""

    id: str  # stable, from doc id + structural path, e.g. hq-industry-2025/6.3.p2
    doc_id: str
    doc_title: str
    doc_number: str
    issuer: str
    date: str
    kind: str  # one of KINDS
    path: list[str]  # headings above the clause, from the top
    path_code: str  # numeric path, e.g. "6.3"; "" for front/back matter and preamble
    ordinal: int  # paragraph ordinal under its innermost heading (1-based)
    lead: str  # the clause's own title sentence, or ""
    text: str  # cleaned clause text, as the document says it
    citation: str  # human citation label
    page: int | None = None  # source page (1-based) where the clause starts
    page_label: str = ""  # printed page number where the document shows one
    start: int = 0  # offsets into the cleaned document text
    end: int = 0
    part: int = 0  # 1.. when a long clause was split at sentence boundaries, else 0
    table: dict | None = None  # for table_row: title, headers, cells
    hash: str = ""  # sha1 of text, to detect changed content under a stable id
    tags: list[dict] = field(default_factory=list)  # filled by later stages (profile matching)
    family: str = ""  # the document's family: regulation | programme | plan (how it numbers and cites)
    doc_kind: str = ""  # the document's kind (条例, 方案, 规划 …)
    doc_aliases: list[str] = field(default_factory=list)  # the document's short names, for references in questions

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Clause":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


def text_hash(text: str) -> str:
    """Short content hash of a clause text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
