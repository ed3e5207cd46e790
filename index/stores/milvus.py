"""Vector store on Milvus (a milvus-lite file by default, a server via HQ_MILVUS_URI): the FAISS store's interface, filters pushed down."""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path

import numpy as np

from core.sections import by_heading, section_prefix
from errors import UserError
from ingest.records import Clause

from .. import refs as refmod
from ..normalize import fold
from . import sub_table
from .base import HNSW_THRESHOLD, IndexStoreError, Selection, Where, as_selection
# connection helpers re-exported: callers and tests use index.milvus_store.connect / release / _clients
from .milvus_client import (INSTALL, LOCAL_FILE, MilvusUnavailableError, _clients, _first_line, _is_local,  # noqa: F401
                            _unreachable, connect, redact, release, resolve_uri)

BATCH = 2000  # rows per insert: 2000 x 384 floats ~ 3 MB, well under the 64 MB gRPC message cap
MAX_TOPK = 16384  # Milvus refuses larger limits
_UNQUOTABLE = set('"\\')  # values holding quotes or backslashes are filtered by position instead
_WILDCARDS = set("%_")  # ... and so are LIKE prefixes holding wildcards

def namespace(build_dir: Path) -> str:
    """Collection-name prefix of one build directory, so deployments sharing a server never collect each other's."""
    return "hq_" + hashlib.sha1(str(Path(build_dir).resolve()).encode("utf-8")).hexdigest()[:10] + "_"


def _literal(value: str, like: bool = False) -> str | None:
    """A double-quoted Milvus string literal, or None when the value needs escaping we do not rely on."""
    bad = _UNQUOTABLE | _WILDCARDS if like else _UNQUOTABLE
    return None if any(ch in bad or ord(ch) < 32 for ch in value) else f'"{value}"'


def filter_expr(where: Where | None) -> str | None:
    """The Milvus filter expression equal to Index.allowed for these filters; "" = no filter, None = not expressible."""
    if where is None:
        return ""
    parts = []
    if where.doc:
        lit = _literal(where.doc)
        if lit is None:
            return None
        parts.append(f"doc_id == {lit}")
    if where.kinds:
        lits = [_literal(k) for k in where.kinds]
        if None in lits:
            return None
        parts.append(f"kind in [{', '.join(lits)}]")
    prefix = section_prefix(where.path_prefix)
    if prefix:  # core.sections.under_section compiled: the section code or below it; a heading prefix when not numeric
        if _literal(prefix, like=True) is None:
            return None
        alts = [f'section == "{prefix}"', f'section like "{prefix}.%"']
        if by_heading(prefix):
            alts.append(f'path_text like "{prefix}%"')
        parts.append("(" + " or ".join(alts) + ")")
    return " and ".join(parts)


class MilvusStore:
    """Inner product over L2-normalised vectors in one Milvus collection; row primary key = position in the clause list."""

    BACKEND = "milvus"
    FILE = "vectors.milvus.json"  # descriptor: the vectors themselves live in Milvus

    def __init__(self, client, uri_setting: str, collection: str, dim: int, count: int, kind: str):
        self.client = client
        self.uri_setting = uri_setting
        self.collection = collection
        self.dim = dim
        self.count = count
        self.kind = kind
        self.last_filter = ""  # the expression sent with the latest search (tests check the push-down)

    @property
    def size(self) -> int:
        return self.count

    # -- build --------------------------------------------------------------------------------
    @classmethod
    def build(cls, vectors: np.ndarray, clauses: list[Clause], build_dir: Path, uri_setting: str = "",
              threshold: int = HNSW_THRESHOLD, keep: str = "", progress=None) -> "MilvusStore":
        """A new collection with these vectors and filter fields; older collections of this build dir except `keep`
        (the one the current index uses, which other processes may still be reading) are dropped first."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) != len(clauses):
            raise ValueError(f"{len(vectors)} vectors for {len(clauses)} clauses")
        dim = int(vectors.shape[1])
        client = connect(resolve_uri(uri_setting, build_dir))  # first: a missing pymilvus is a UserError, not ImportError
        from pymilvus import DataType, MilvusClient

        prefix = namespace(build_dir)
        name = prefix + uuid.uuid4().hex[:12]
        kind = "flat" if len(vectors) < threshold else "hnsw"
        try:
            for old in client.list_collections():
                if old.startswith(prefix) and old != keep:
                    client.drop_collection(old)
            schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("pos", DataType.INT64, is_primary=True)
            schema.add_field("clause_id", DataType.VARCHAR, max_length=1024)
            schema.add_field("doc_id", DataType.VARCHAR, max_length=512)
            schema.add_field("path_code", DataType.VARCHAR, max_length=256)
            schema.add_field("section", DataType.VARCHAR, max_length=256)  # refs.section_code: what path filters match
            schema.add_field("path_text", DataType.VARCHAR, max_length=65535)  # folded heading path
            schema.add_field("kind", DataType.VARCHAR, max_length=64)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
            client.create_collection(name, schema=schema)
            for start in range(0, len(clauses), BATCH):
                rows = [{
                    "pos": i, "clause_id": c.id, "doc_id": c.doc_id, "path_code": c.path_code or "",
                    "section": refmod.section_code(c), "path_text": fold(" ".join(c.path)), "kind": c.kind,
                    "vector": vectors[i].tolist(),
                } for i, c in enumerate(clauses[start:start + BATCH], start)]
                client.insert(name, rows)
                if progress:
                    progress("milvus", min(start + BATCH, len(clauses)), len(clauses))
            client.flush(name)
            params = MilvusClient.prepare_index_params()
            if kind == "flat":
                params.add_index(field_name="vector", index_name="vector_ip", index_type="FLAT", metric_type="IP")
            else:
                params.add_index(field_name="vector", index_name="vector_ip", index_type="HNSW", metric_type="IP",
                                 params={"M": 32, "efConstruction": 80})
            # index after the bulk insert; polled here because pymilvus' own wait sleeps 0.5 s per round and calls
            # AllocTimestamp, which milvus-lite does not implement (a logged server error on every build)
            client.create_index(name, params, sync=False)
            _wait_for_index(client, name, "vector_ip")
            client.load_collection(name)
        except UserError:
            raise
        except Exception as exc:
            cls._drop(client, name)
            raise MilvusUnavailableError(f"setting milvus_uri (HQ_MILVUS_URI): building collection {name} in Milvus at "
                                         f"{redact(resolve_uri(uri_setting, build_dir))} failed ({_first_line(exc)})") from None
        return cls(client, uri_setting, name, dim, len(clauses), kind)

    # -- the store interface (index/stores/base.py) ---------------------------------------------
    @classmethod
    def options(cls, settings) -> dict:
        """[stores.milvus] uri = … in settings.toml; HQ_MILVUS_URI (and the older top-level milvus_uri) still work,
        the environment winning over the file."""
        import os

        table = sub_table(settings, cls.BACKEND)
        env = os.environ.get("HQ_MILVUS_URI")
        if env is not None:
            table["uri"] = env
        elif not str(table.get("uri", "") or "").strip():
            table["uri"] = getattr(settings, "milvus_uri", "") or ""
        table["uri"] = str(table["uri"] or "").strip()
        return table

    @classmethod
    def fingerprint(cls, options: dict) -> dict:
        return {"milvus_uri": redact(_options_uri(options) or "")}  # another instance is a rebuild; never credentials

    @classmethod
    def create(cls, vectors: np.ndarray, clauses: list, build_dir: Path, options: dict,
               threshold: int = HNSW_THRESHOLD, progress=None) -> "MilvusStore":
        from ..store import index_path

        keep = current_collection(index_path(build_dir))  # the collection the index in use reads stays
        return cls.build(vectors, clauses, build_dir, _options_uri(options) or "", threshold, keep=keep, progress=progress)

    @classmethod
    def open(cls, path: Path, options: dict) -> "MilvusStore":
        return cls.load(path, milvus_uri=_options_uri(options))

    def manifest_extra(self) -> dict:
        return {"milvus_collection": self.collection}

    def discard(self) -> None:
        """Drop this store's collection (a build that failed after creating it), or the rows an append inserted."""
        base = getattr(self, "appended_from", None)
        if base is not None:
            try:
                self.client.delete(self.collection, filter=f"pos >= {int(base)}")
            except Exception:
                pass
            return
        self._drop(self.client, self.collection)

    def append(self, vectors: np.ndarray, clauses: list, build_dir: Path, options: dict,
               threshold: int = HNSW_THRESHOLD) -> "MilvusStore":
        """The new rows inserted into this collection at positions size, size+1, …; the store in use (count rows)
        never returns them (see search), so the swap stays atomic for readers."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) != len(clauses):
            raise ValueError(f"{len(vectors)} vectors for {len(clauses)} clauses")
        try:
            for start in range(0, len(clauses), BATCH):
                rows = [{
                    "pos": self.count + i, "clause_id": c.id, "doc_id": c.doc_id, "path_code": c.path_code or "",
                    "section": refmod.section_code(c), "path_text": fold(" ".join(c.path)), "kind": c.kind,
                    "vector": vectors[i].tolist(),
                } for i, c in enumerate(clauses[start:start + BATCH], start)]
                self.client.insert(self.collection, rows)
            self.client.flush(self.collection)
        except Exception as exc:
            grown = MilvusStore(self.client, self.uri_setting, self.collection, self.dim, self.count, self.kind)
            grown.appended_from = self.count
            grown.discard()
            raise MilvusUnavailableError(f"setting milvus_uri (HQ_MILVUS_URI): adding rows to collection "
                                         f"{self.collection} failed ({_first_line(exc)})") from None
        grown = MilvusStore(self.client, self.uri_setting, self.collection, self.dim, self.count + len(clauses), self.kind)
        grown.appended_from = self.count
        return grown

    @staticmethod
    def _drop(client, name: str) -> None:
        try:
            client.drop_collection(name)
        except Exception:
            pass

    # -- search -------------------------------------------------------------------------------
    def search(self, qvec: np.ndarray, n: int, selection: Selection | np.ndarray | None = None,
               where: Where | None = None) -> list[tuple[int, float]]:
        """Best n positions by inner product. Filters go to Milvus as an expression on the scalar fields; filters that
        cannot be written as one (quotes, LIKE wildcards in the value) go as the allowed positions instead."""
        allowed, where = as_selection(selection, where)
        if self.size == 0 or n <= 0:
            return []
        expr = filter_expr(where) if where is not None else ("" if allowed is None else None)
        if expr is None:
            ids = np.flatnonzero(allowed) if allowed is not None else np.zeros(0, dtype=np.int64)
            if not len(ids):
                return []
            expr = f"pos in [{', '.join(map(str, ids.tolist()))}]"
        self.last_filter = expr
        params: dict = {"metric_type": "IP"}
        if self.kind == "hnsw":
            params["params"] = {"ef": max(64, 2 * n)}
        q = np.ascontiguousarray(qvec, dtype=np.float32).reshape(-1)
        try:
            result = self.client.search(self.collection, data=[q.tolist()], filter=expr, limit=min(n, self.size, MAX_TOPK),
                                        output_fields=["pos"], search_params=params)
        except Exception as exc:
            raise MilvusUnavailableError(f"setting milvus_uri (HQ_MILVUS_URI): search in Milvus collection "
                                         f"{self.collection} failed ({_first_line(exc)})") from None
        hits = [(int(h.get("pos", h.get("id"))), float(h["distance"])) for h in result[0]]
        hits = [(i, s) for i, s in hits if i < self.count]  # rows an append is adding belong to the next index
        if allowed is not None:  # belt and braces: the expression is built to equal the mask
            hits = [(i, s) for i, s in hits if allowed[i]]
        hits.sort(key=lambda h: (-h[1], h[0]))  # ties in position order, as the flat FAISS store gives them
        return hits

    # -- save / load --------------------------------------------------------------------------
    def describe(self) -> dict:
        return {"backend": self.BACKEND, "uri": redact(self.uri_setting), "collection": self.collection, "dim": self.dim,
                "count": self.count, "metric": "IP", "kind": self.kind}

    def save(self, path: Path) -> None:
        """Write the descriptor (the rows are already in Milvus, flushed by build)."""
        Path(path).write_text(json.dumps(self.describe(), ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path, milvus_uri: str | None = None) -> "MilvusStore":
        """Reconnect to the collection a descriptor names; milvus_uri (the setting, which may carry credentials) wins
        over the redacted URI in the file. A missing or short collection is an IndexStoreError (-> rebuild)."""
        path = Path(path)
        try:
            desc = json.loads(path.read_text(encoding="utf-8"))
            collection, dim, count, kind = desc["collection"], int(desc["dim"]), int(desc["count"]), desc["kind"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexStoreError(f"{path}: unreadable Milvus descriptor ({exc})") from None
        setting = desc.get("uri", "") if milvus_uri is None else milvus_uri
        build_dir = path.parent.parent  # build_dir/index/vectors.milvus.json
        uri = resolve_uri(setting, build_dir)
        client = connect(uri)
        try:
            present = client.has_collection(collection)
            rows = int(client.get_collection_stats(collection)["row_count"]) if present else 0
            if present:
                client.load_collection(collection)
        except Exception as exc:
            raise MilvusUnavailableError(_unreachable(uri, exc)) from None
        if not present:
            raise IndexStoreError(f"{path}: collection {collection} is missing from Milvus at {redact(uri)}")
        if rows < count:
            raise IndexStoreError(f"{path}: collection {collection} holds {rows} rows, the index {count}")
        return cls(client, setting, collection, dim, count, kind)


def _options_uri(options: dict) -> str | None:
    uri = (options or {}).get("uri")
    return None if uri is None else str(uri).strip()


def _wait_for_index(client, collection: str, index: str, timeout: float = 3600.0) -> None:
    delay, deadline = 0.005, time.monotonic() + timeout
    while True:
        info = client.describe_index(collection, index) or {}
        state = str(info.get("state", "Finished"))
        if state.endswith("Finished") and not info.get("pending_index_rows"):
            return
        if state.endswith("Failed"):
            raise RuntimeError(f"index {index} failed: {info.get('index_state_fail_reason') or info}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"index {index} not built after {timeout:.0f} s ({state})")
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def current_collection(index_dir: Path) -> str:
    """The collection the index on disk uses ("" when none), kept by the next build."""
    try:
        return json.loads((Path(index_dir) / MilvusStore.FILE).read_text(encoding="utf-8")).get("collection", "")
    except (OSError, ValueError, AttributeError):
        return ""
