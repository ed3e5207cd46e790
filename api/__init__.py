"""HTTP API over the KnowledgeBase (FastAPI): `python cli.py serve`; create_app(kb) for tests and embedding."""
from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'api' has no attribute {name!r}")
