"""The FastAPI application: routers thin over the KnowledgeBase; domain errors become JSON with a status."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from errors import BadInput, NotFound, NotReady, UserError

from .routes import admin, public


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def create_app(kb=None, settings=None) -> FastAPI:
    """An app serving `kb` (default: a KnowledgeBase for `settings`, refreshed first when stale)."""
    if kb is None:
        from kb import KnowledgeBase

        kb = KnowledgeBase(settings)
        kb.ensure_fresh()  # the API's edge decision: refresh at start-up, never inside a request
    app = FastAPI(title="横琴政策知识库 API", version="1",
                  description="Search, cited answers, clause lookups and profile matching over the Hengqin policy documents.")
    app.state.kb = kb

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound):
        return _error(404, str(exc))

    @app.exception_handler(NotReady)
    async def not_ready(_: Request, exc: NotReady):
        return _error(503, f"the knowledge base is not ready: {exc}")

    @app.exception_handler(UserError)  # BadInput and every other domain error the caller can act on
    async def bad_input(_: Request, exc: UserError):
        return _error(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError):
        parts = ["/".join(str(x) for x in e.get("loc", ())) + ": " + str(e.get("msg", "")) for e in exc.errors()]
        return _error(400, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    app.include_router(public.router)
    app.include_router(admin.router)
    return app


__all__ = ["create_app", "BadInput"]
