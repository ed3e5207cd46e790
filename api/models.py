"""Request and response models of the HTTP API (response shapes equal the CLI's --json shapes)."""
from __future__ import annotations

from pydantic import BaseModel, Field


class AskRequest(BaseModel):
    question: str = Field(..., description="the question (Chinese, English or Portuguese)", examples=["2029年澳资产业增加值目标是多少"])
    use_llm: bool | None = Field(None, description="None: use the LLM when one is configured; false: extractive only")
    doc: str | None = Field(None, description="answer from this document id only")
    kind: str | None = Field(None, description="a document kind (规划, 方案, 条例) or a clause kind (paragraph, table_row)")
    issuer: str | None = Field(None, description="only documents whose issuer contains this")
    level: str | None = Field(None, description="only documents of this level (中央, 省, 合作区)")
    year: int | None = Field(None, description="only documents dated in this year")


class MatchRequest(BaseModel):
    description: str | None = Field(None, description="free text, e.g. 我们是一家澳门的中成药企业，想在横琴设厂")
    profile: dict | None = Field(None, description="a profile as in match/gold/profiles/*.toml (industries, origin, …)")
    semantic: bool = Field(True, description="false: rule tags only (no embedding model)")


class HitOut(BaseModel):
    rank: int
    clause_id: str
    score: float
    retrievers: list[str]
    doc_id: str
    doc_title: str
    citation: str
    path: list[str]
    text: str


class SearchOut(BaseModel):
    query: str
    hits: list[HitOut]


class HealthOut(BaseModel):
    status: str = Field(..., description='"ok" when the knowledge base can answer')
    state: str = Field(..., description="fresh | stale | missing | building")
    reason: str
    counts: dict


class ErrorOut(BaseModel):
    error: str = Field(..., description="what is wrong, naming the field, file or id")
    status: int
