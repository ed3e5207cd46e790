"""Connections to Milvus: one client per URI and process, milvus-lite files, URIs without credentials in messages."""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from errors import UserError

LOCAL_FILE = "milvus.db"  # under build_dir when milvus_uri is empty: milvus-lite keeps its data in this directory
INSTALL = "pip install pymilvus==3.0.2 milvus-lite==3.2.2"
# milvus-lite logs a traceback when it cannot open a file; we raise a one-line UserError instead (an app that
# configures logging still gets the record through its root handlers)
logging.getLogger("milvus_lite").addHandler(logging.NullHandler())


class MilvusUnavailableError(UserError):
    """Milvus is configured but cannot be used: pymilvus missing, server unreachable, local file locked."""


def redact(uri: str) -> str:
    """The URI without user:password, safe to write into the manifest and messages."""
    parts = urlsplit(uri)
    if parts.scheme and "@" in parts.netloc:
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    return uri


def resolve_uri(setting: str, build_dir: Path) -> str:
    """The URI to connect to: the setting, or the milvus-lite file under build_dir when it is empty."""
    setting = (setting or "").strip()
    if not setting:
        return str(Path(build_dir).resolve() / LOCAL_FILE)
    if _is_local(setting):
        return str(Path(setting).expanduser().resolve())  # a milvus-lite .db path
    return setting  # a server URI (pymilvus names what is wrong with a malformed one)


def _is_local(uri: str) -> bool:
    return uri.endswith(".db") and "://" not in uri


_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


def connect(uri: str):
    """One MilvusClient per URI and process (gRPC channels are thread-safe); a clear UserError when unusable."""
    with _clients_lock:
        if uri in _clients:
            return _clients[uri]
        try:
            from pymilvus import MilvusClient
        except ImportError as exc:
            raise MilvusUnavailableError(
                f"setting vector_backend (HQ_VECTOR_BACKEND=milvus): pymilvus is not installed ({exc}); "
                f"run `{INSTALL}` or set HQ_VECTOR_BACKEND=faiss") from None
        if _is_local(uri) and not Path(uri).parent.is_dir():
            Path(uri).parent.mkdir(parents=True, exist_ok=True)
        try:
            client = MilvusClient(uri=uri)
        except Exception as exc:  # pymilvus raises MilvusException and friends; all mean "cannot use it"
            raise MilvusUnavailableError(_unreachable(uri, exc)) from None
        _clients[uri] = client
        return client


def _unreachable(uri: str, exc: Exception) -> str:
    detail = _first_line(exc)
    if _is_local(uri):
        return (f"setting milvus_uri (HQ_MILVUS_URI): milvus-lite could not open {uri} ({detail}); another process may "
                f"hold it (milvus-lite serves one process per file: use a Milvus server for several), or set "
                f"HQ_VECTOR_BACKEND=faiss")
    return (f"setting milvus_uri (HQ_MILVUS_URI): cannot reach Milvus at {redact(uri)} ({detail}); start the server, "
            f"fix HQ_MILVUS_URI, or set HQ_VECTOR_BACKEND=faiss")


def release(uri: str) -> None:
    """Close the client and, for a milvus-lite file, stop its in-process server (tests; before deleting the file)."""
    with _clients_lock:
        client = _clients.pop(uri, None)
    if client is not None:
        try:
            client.close()
        except Exception:
            pass
    if _is_local(uri):
        try:
            from milvus_lite.server_manager import server_manager_instance
        except ImportError:
            return
        server_manager_instance.release_server(uri)


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "message", "") or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
