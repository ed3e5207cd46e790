"""Vector stores behind one interface (base.VectorStore), one file per backend, chosen by name from this registry.

Adding a backend: a new file with a class implementing base.VectorStore, and one line in REGISTRY."""
from __future__ import annotations

import importlib

from errors import UserError

# name -> (module, class); imported only when used (Milvus pulls in pymilvus)
REGISTRY: dict[str, tuple[str, str]] = {
    "faiss": ("index.stores.faiss", "FaissStore"),
    "milvus": ("index.stores.milvus", "MilvusStore"),
}


class BackendSettingError(UserError):
    """HQ_VECTOR_BACKEND names no known vector store."""


def names() -> tuple[str, ...]:
    return tuple(REGISTRY)


def store_class(name: str):
    """The store class of a backend name; an unknown name is an error naming the setting and the known ones."""
    key = str(name or "faiss").strip().lower()
    if key not in REGISTRY:
        from .base import IndexStoreError

        raise IndexStoreError(f"unknown vector backend {name!r} (known: {', '.join(REGISTRY)})")
    module, cls = REGISTRY[key]
    return getattr(importlib.import_module(module), cls)


def backend_of(settings) -> str:
    """The configured backend name (setting vector_backend / HQ_VECTOR_BACKEND), checked against the registry."""
    backend = str(getattr(settings, "vector_backend", "faiss") or "faiss").strip().lower()
    if backend not in REGISTRY:
        raise BackendSettingError(f"setting vector_backend (HQ_VECTOR_BACKEND): unknown backend {backend!r}; "
                                  f"use one of {', '.join(REGISTRY)}")
    return backend


def store_options(settings, backend: str | None = None) -> dict:
    """The settings sub-table of a backend ([stores.NAME]), as its class reads it."""
    return store_class(backend or backend_of(settings)).options(settings)


def sub_table(settings, name: str) -> dict:
    """[stores.NAME] of settings.toml (an empty dict when absent)."""
    stores = getattr(settings, "stores", None) or {}
    table = stores.get(name, {}) if isinstance(stores, dict) else {}
    return dict(table) if isinstance(table, dict) else {}
