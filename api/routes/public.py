"""Public endpoints: health, documents, table of contents, clauses, search, ask, cite, match."""
from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Depends, Query

from core.filters import Filter

from ..deps import get_kb
from ..models import AskRequest, ErrorOut, HealthOut, MatchRequest, SearchOut

router = APIRouter()
ERRORS = {400: {"model": ErrorOut}, 404: {"model": ErrorOut}, 503: {"model": ErrorOut}}


@router.get("/health", response_model=HealthOut)
def health(kb=Depends(get_kb)):
    status = kb.status()
    ready = kb._state is not None  # noqa: SLF001 — loaded state: requests can be answered
    return {"status": "ok" if ready else "unavailable", **status}


@router.get("/documents", responses=ERRORS)
def documents(kb=Depends(get_kb)) -> list[dict]:
    return kb.documents()


@router.get("/documents/{doc_id}/toc", responses=ERRORS)
def toc(doc_id: str, kb=Depends(get_kb)) -> dict:
    return kb.toc(doc_id)


@router.get("/clauses/{clause_id:path}", responses=ERRORS)
def clause(clause_id: str, kb=Depends(get_kb)) -> dict:
    return kb.clause(clause_id).to_dict()


def search_filter(doc: str | None, kind: str | None, kinds: set[str]) -> Filter:
    """`kind` names a clause kind (paragraph, table_row…) or a document kind (规划, 方案, 条例…): the two never overlap."""
    if kind and kind in kinds:
        return Filter(doc=doc or None, clause_kinds=(kind,))
    return Filter(doc=doc or None, kind=kind or None)


@router.get("/search", response_model=SearchOut, responses=ERRORS)
def search(q: str = Query(..., description="the question or keywords"), k: int = Query(10, ge=1, le=100),
           doc: str | None = Query(None, description="only this document id"),
           kind: str | None = Query(None, description="a clause kind (paragraph, table_row) or a document kind (规划, 条例)"),
           path: str | None = Query(None, description="only under this section, e.g. 6 or 6.3"),
           issuer: str | None = Query(None, description="only documents whose issuer contains this"),
           level: str | None = Query(None, description="only documents of this level (中央, 省, 合作区)"),
           year: int | None = Query(None, description="only documents dated in this year"),
           kb=Depends(get_kb)):
    from core.records import KINDS

    f = replace(search_filter(doc, kind, set(KINDS)), path_prefix=path or None, issuer=issuer or None,
                level=level or None, year=year)
    hits = kb.search(q, k=k, filters=f)
    return {"query": q, "hits": [h.to_dict() for h in hits]}


@router.post("/ask", responses=ERRORS)
def ask(body: AskRequest, kb=Depends(get_kb)) -> dict:
    from core.records import KINDS

    f = replace(search_filter(body.doc, body.kind, set(KINDS)), issuer=body.issuer or None, level=body.level or None,
                year=body.year)
    return kb.ask(body.question, use_llm=body.use_llm, filters=None if f.empty else f).to_dict()


@router.get("/cite", responses=ERRORS)
def cite(ref: str = Query(..., description="a clause reference (六（三）, 第三十七条) or a keyword"),
         doc: str | None = Query(None, description="only this document id"), kb=Depends(get_kb)) -> dict:
    return kb.lookup(ref, doc=doc).to_dict()


@router.post("/match", responses=ERRORS)
def match(body: MatchRequest, kb=Depends(get_kb)) -> dict:
    return kb.match(profile=body.profile, description=body.description, semantic=body.semantic).to_dict()
