"""Admin endpoints (Bearer token): upload a document, rebuild; the new state is swapped in whole."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request

from ..deps import get_kb, require_admin
from ..models import ErrorOut

router = APIRouter(dependencies=[Depends(require_admin)])
ERRORS = {400: {"model": ErrorOut}, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 413: {"model": ErrorOut}}
CHUNK = 1 << 16


@router.post("/documents", status_code=201, responses=ERRORS)
async def add_document(request: Request, kb=Depends(get_kb)) -> dict:
    """Multipart upload in the field `file`; refused over settings.max_file_mb (413) before the body is parsed."""
    from starlette.concurrency import run_in_threadpool

    limit = int(kb.settings.max_file_mb) * 1024 * 1024
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:  # multipart framing allowance
        raise HTTPException(413, f"upload is over the {kb.settings.max_file_mb} MB limit")
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("file")
    if upload is None or not hasattr(upload, "read"):
        raise HTTPException(400, "file: send the document as the multipart field `file`")
    chunks, size = [], 0
    while block := await upload.read(CHUNK):
        size += len(block)
        if size > limit:
            raise HTTPException(413, f"{upload.filename}: over the {kb.settings.max_file_mb} MB limit")
        chunks.append(block)
    result = await run_in_threadpool(kb.add_document, upload.filename or "", b"".join(chunks))
    if not result.ok:
        raise HTTPException(400, "; ".join(result.messages))
    return result.to_dict()


@router.post("/rebuild", responses=ERRORS)
def rebuild(kb=Depends(get_kb)) -> dict:
    """Rebuild the index (re-ingesting a changed corpus); requests in flight keep the state they started with."""
    done = kb.refresh(force=True)
    return {"ingested": done["ingested"], "built": done["built"], "status": done["status"]}
