"""Dependencies: the shared KnowledgeBase of the app, and the admin check (Bearer token, constant-time)."""
from __future__ import annotations

import hmac

from fastapi import Header, HTTPException, Request


def get_kb(request: Request):
    """The KnowledgeBase the app was created with (read-only across requests; refresh swaps its state)."""
    return request.app.state.kb


def require_admin(request: Request, authorization: str | None = Header(None, description="Bearer <HQ_ADMIN_TOKEN>")) -> None:
    """403 when no admin token is configured; 401 when the header is missing or the token is wrong."""
    token = str(getattr(request.app.state.kb.settings, "admin_token", "") or "")
    if not token:
        raise HTTPException(403, "admin calls are disabled: no admin token is configured (HQ_ADMIN_TOKEN)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "admin call without a token: send Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(401, "wrong admin token", headers={"WWW-Authenticate": "Bearer"})
