"""The index on disk: FAISS vectors, clause records, BM25 and a manifest; written whole, verified on load."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from storage import sha256_file, swapped_dir, write_jsonl
from ingest.records import Clause

from .bm25 import BM25, TF_FILE
from .stores import names as store_names, store_class
from .stores.base import HNSW_THRESHOLD, IndexStoreError, Selection, Where  # noqa: F401 — re-exported
from .stores.faiss import FaissStore

VectorStore = FaissStore  # the older name of the FAISS store

INDEX_DIR = "index"
FORMAT_VERSION = 1
DATA_FILES = ("clauses.jsonl", "bm25.npz", "bm25_vocab.json", "terms.json")
OPTIONAL_FILES = (TF_FILE,)  # verified when the manifest lists them (older indexes lack them)
FILES = ("vectors.faiss",) + DATA_FILES  # the FAISS backend's files; the Milvus one has vectors.milvus.json instead
BACKENDS = store_names()  # registered vector stores (index/stores/__init__.py)


def index_path(build_dir: Path) -> Path:
    return Path(build_dir) / INDEX_DIR


def write_index(build_dir: Path, manifest: dict, vectors, clauses: list[Clause], bm25: BM25, terms: list[str],
                kept: int = 0) -> Path:
    """Write every file into a temporary directory, then swap it in whole: a failed build never damages the index in use.

    kept: the first `kept` clauses are those of the index in use, in order (an incremental add): their lines are
    copied from its clauses.jsonl instead of serialised again (the new file is checksummed like any other)."""
    final = index_path(build_dir)
    with swapped_dir(final) as tmp:
        vectors.save(tmp / vectors.FILE)
        if kept:
            shutil.copyfile(final / "clauses.jsonl", tmp / "clauses.jsonl")
            with open(tmp / "clauses.jsonl", "a", encoding="utf-8") as fh:
                for c in clauses[kept:]:
                    fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        else:
            write_jsonl(tmp / "clauses.jsonl", clauses)
        bm25.save(tmp)
        (tmp / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        names = (vectors.FILE,) + DATA_FILES + tuple(n for n in OPTIONAL_FILES if (tmp / n).exists())
        manifest = dict(manifest, files={name: {"bytes": (tmp / name).stat().st_size, "sha256": sha256_file(tmp / name)} for name in names})
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return final


def read_manifest(directory: Path) -> dict:
    """The manifest, or IndexStoreError naming the file and what is wrong with it."""
    path = Path(directory) / "manifest.json"
    if not path.exists():
        raise IndexStoreError(f"{path}: no index yet")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise IndexStoreError(f"{path}: corrupt manifest ({exc})") from None
    missing = [k for k in ("format", "model_id", "corpus_hash", "counts", "files") if not isinstance(manifest, dict) or k not in manifest]
    if missing:
        raise IndexStoreError(f"{path}: incomplete manifest (missing {', '.join(missing)})")
    if manifest["format"] != FORMAT_VERSION:
        raise IndexStoreError(f"{path}: index format {manifest['format']} but this version reads {FORMAT_VERSION}")
    return manifest


def read_index(directory: Path, milvus_uri: str | None = None, options: dict | None = None) -> tuple:
    """Load and verify every file against the manifest (size and sha256), so truncation is caught early.

    options: the store's settings sub-table to reconnect with (a Milvus URI may carry credentials the manifest
    does not keep); milvus_uri is the older spelling of options={"uri": …}."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    cls = store_class(manifest.get("vector_backend", "faiss"))
    if options is None:
        options = {"uri": milvus_uri} if milvus_uri is not None else {}
    for name in (cls.FILE,) + DATA_FILES + tuple(n for n in OPTIONAL_FILES if n in manifest["files"]):
        path = directory / name
        expect = manifest["files"].get(name, {})
        if not path.exists():
            raise IndexStoreError(f"{path}: missing from the index")
        size = path.stat().st_size
        if size != expect.get("bytes") or sha256_file(path) != expect.get("sha256"):
            raise IndexStoreError(
                f"{path}: corrupt or truncated ({size} bytes, manifest says {expect.get('bytes')})"
            )
    vectors = cls.open(directory / cls.FILE, options)
    try:
        with open(directory / "clauses.jsonl", encoding="utf-8") as fh:
            clauses = [Clause.from_dict(json.loads(line)) for line in fh]
        bm25 = BM25.load(directory)
        terms = json.loads((directory / "terms.json").read_text(encoding="utf-8"))
    except (ValueError, TypeError, KeyError, OSError) as exc:
        raise IndexStoreError(f"{directory}: unreadable index files ({exc})") from None
    n = manifest["counts"].get("clauses")
    if not (vectors.size == len(clauses) == bm25.matrix.shape[0] == n):
        raise IndexStoreError(
            f"{directory}: inconsistent index ({vectors.size} vectors, {len(clauses)} clauses, manifest {n})"
        )
    return manifest, vectors, clauses, bm25, terms
