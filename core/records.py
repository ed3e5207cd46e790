"""The typed records on the ground floor: Clause (the unit of retrieval and citation), DocMeta, TableRow."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
import re
from dataclasses import asdict, dataclass, field

_YEAR_COLUMN = re.compile(r"\d{4}年")  # a table column holding one year's values

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


class TableRow(Mapping):
    """One table row: number, title, headers, cells, row number, indicator and values (header -> cell).

    Typed access (row.title, row.values) replaces reading the stored dict with .get(..) or dict(zip(..)); it still
    reads like that dict (row.get("title")) for older code, and stores as exactly the dict it was read from."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping | None = None, **fields):
        self._data = dict(data or {}, **fields)

    @property
    def number(self) -> str:
        return str(self._data.get("number", "") or "")

    @property
    def title(self) -> str:
        return str(self._data.get("title", "") or "")

    @property
    def headers(self) -> list[str]:
        return list(self._data.get("headers") or [])

    @property
    def cells(self) -> list[str]:
        return list(self._data.get("cells") or [])

    @property
    def row(self) -> int | None:
        return self._data.get("row")

    @property
    def values(self) -> dict[str, str]:
        """Header -> cell (stored, or paired from headers and cells)."""
        return dict(self._data.get("values") or zip(self.headers, self.cells))

    @property
    def indicator(self) -> str:
        return str(self._data.get("indicator") or self.values.get("指标", "") or "")

    def sentence(self, fallback: str = "") -> str:
        """The row as a sentence: '表2-1 合作区产业发展主要指标：澳资产业增加值，单位 亿元，2024年 30.04，2029年 90（目标）'."""
        if not self.title:
            return fallback
        parts = []
        values = self.values
        # a planning table sets a base year beside a target year: the latest of two or more year columns is
        # the target (2024年 / 2029年 in the plan's table 2-1), whatever the years are
        years = [h for h in values if _YEAR_COLUMN.fullmatch(h)]
        target = max(years) if len(years) >= 2 else None
        for head, value in values.items():
            if head in ("序号", "指标") or not value:
                continue
            label = f"{head}（目标）" if head == target else head
            parts.append(f"{label} {value}")
        return f"{self.title}：{self.indicator}，" + "，".join(parts)

    def to_dict(self) -> dict:
        return dict(self._data)

    # Mapping: the stored dict's keys
    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other) -> bool:
        return isinstance(other, Mapping) and dict(self._data) == dict(other)

    def __repr__(self) -> str:
        return f"TableRow({self._data!r})"

    def __deepcopy__(self, memo):  # dataclasses.asdict deep-copies field values: keep the plain dict on disk
        return dict(self._data)


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
    table: TableRow | None = None  # for table_row: number, title, headers, cells, row, indicator, values
    hash: str = ""  # sha1 of text, to detect changed content under a stable id
    tags: list[dict] = field(default_factory=list)  # filled by later stages (profile matching)
    family: str = ""  # the document's family: regulation | programme | plan (how it numbers and cites)
    doc_kind: str = ""  # the document's kind (条例, 方案, 规划 …)
    doc_aliases: list[str] = field(default_factory=list)  # the document's short names, for references in questions

    def __post_init__(self):
        if self.table is not None and not isinstance(self.table, TableRow):
            self.table = TableRow(self.table)

    def to_dict(self) -> dict:
        out = asdict(self)  # TableRow deep-copies to its plain dict: the JSONL format is unchanged
        if isinstance(out.get("table"), TableRow):
            out["table"] = out["table"].to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Clause":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


def text_hash(text: str) -> str:
    """Short content hash of a clause text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
