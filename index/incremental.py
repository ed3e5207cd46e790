"""Adding documents to a built index in seconds: ingest only the new files, append their clauses, swap in whole.

The result equals a full rebuild over the clause store (same order: the new clauses come last in both):
vectors are appended (flat FAISS: the same matrix; HNSW: inserted into a copy of the graph), BM25 weights are
recomputed globally from the stored term frequencies (idf and avgdl change with every document), and the
corpus terms are extended by the new document's — when it brings a term of its own (a quoted coinage, an
acronym), the old clauses containing it are re-tokenised, since jieba now keeps it whole. (Adding a word also
moves jieba's total frequency a hair, which could in principle flip the segmentation of some other near-tie
text; the tests on the bundled corpus find none.) Anything else (a removed or edited file, an edited manifest, a changed stage or setting) is a full rebuild."""
from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from ingest.records import Clause
from ingest.store import append_store, store_path

from . import passages
from .build import Progress, build_lock, corpus_hash, embed_passages
from .normalize import fold
from .retrievers.phrase import PUNCT
from .store import HNSW_THRESHOLD, index_path, write_index
from .terms import derive, load_userdict
from .tokenize import Tokenizer


class CannotAppend(Exception):
    """This change is not a pure addition to the built index (the caller rebuilds instead); says why."""


def new_files(build_dir: Path, corpus_dir: Path, documents: list[dict], stages: list[str]) -> list[Path]:
    """The corpus files that are not in the clause store, when everything else is exactly what the store was
    ingested from (same files, same bytes, same manifest, same stages); CannotAppend otherwise."""
    from ingest.freshness import SOURCE_FILE, _hash_files
    from ingest.pipeline import discover

    corpus_dir = Path(corpus_dir)
    try:
        recorded = json.loads((store_path(build_dir) / SOURCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise CannotAppend("the clause store records no corpus state") from None
    if recorded.get("corpus_dir") != str(corpus_dir.resolve()):
        raise CannotAppend("the clause store was ingested from another folder")
    if list(recorded.get("stages", [])) != list(stages):
        raise CannotAppend("the post-ingest stages changed")
    known = {str((d.get("meta") or {}).get("file", "")) for d in documents}
    files = discover([corpus_dir])
    fresh = [f for f in files if f.name not in known]
    rest = sorted(set(f for f in files if f.name in known) | {p for p in [corpus_dir / "manifest.toml"] if p.exists()})
    if _hash_files(corpus_dir, rest) != recorded.get("fingerprint"):
        raise CannotAppend("a corpus file was removed or changed (or one failed before)")
    return fresh


def append_documents(settings, index, documents: list[dict], files: list[Path], stages, embedder,
                     options: dict, progress: Progress | None = None) -> dict:
    """Ingest `files`, append them to the clause store and the index in `settings.build_dir`; returns
    {"reports": [...], "seconds": {...}}. CannotAppend (nothing written) when a full rebuild is needed."""
    from ingest.freshness import record_source
    from ingest.pipeline import ingest_files, stage_names

    build_dir, corpus_dir = Path(settings.build_dir), Path(settings.corpus_dir)
    if index.bm25.tf is None:
        raise CannotAppend("the index keeps no BM25 term frequencies (built by an older version)")
    t0 = time.perf_counter()
    result = ingest_files(files, corpus_dir, cap=settings.clause_cap, floor=settings.clause_floor,
                          max_mb=settings.max_file_mb, stages=stages)
    if any(not r.ok for r in result.reports):
        raise CannotAppend("; ".join(r.error for r in result.reports if not r.ok)[:300])
    shas = {(d.get("meta") or {}).get("sha256") for d in documents}
    ids = {(d.get("meta") or {}).get("doc_id") for d in documents}
    for d in result.documents:  # duplicates and id clashes are resolved by the full ingest's order
        if d["meta"].get("sha256") in shas or d["meta"].get("doc_id") in ids:
            raise CannotAppend(f"{d['meta'].get('file')}: same content or document id as an indexed document")
    taken = {c.id for c in index.clauses}
    if any(c.id in taken for c in result.clauses):
        raise CannotAppend("a new clause id is already indexed")
    t1 = time.perf_counter()
    with build_lock(build_dir):
        append_store(build_dir, index.clauses, result.clauses, list(documents) + result.documents)
        record_source(build_dir, corpus_dir, stage_names(stages))
        manifest, parts = appended_index(build_dir, index, result.clauses, embedder, corpus_hash(build_dir), options,
                                         progress)
        from .open import adopt

        adopt(settings, parts)  # the next load_index finds it in memory: no read-back, no re-verification
    return {"reports": result.reports, "manifest": manifest,
            "seconds": {"ingest": round(t1 - t0, 2), "index": round(time.perf_counter() - t1, 2)}}


def add_clauses(build_dir: Path, index, new: list[Clause], embedder, chash: str, options: dict,
                progress: Progress | None = None) -> dict:
    """Write the index of index.clauses + new into build_dir (swapped in whole); returns its manifest.

    `index` is the loaded index.search.Index of build_dir, left untouched (readers keep using it)."""
    return appended_index(build_dir, index, new, embedder, chash, options, progress)[0]


def appended_index(build_dir: Path, index, new: list[Clause], embedder, chash: str, options: dict,
                   progress: Progress | None = None) -> tuple[dict, tuple]:
    """add_clauses, also returning the parts of the written index (manifest as on disk, store, clauses, BM25,
    terms), so the caller can use them without reading 150,000 clauses back."""
    started = time.perf_counter()
    if index.bm25.tf is None:
        raise CannotAppend("the index keeps no BM25 term frequencies (built by an older version)")
    clauses = list(index.clauses) + list(new)
    # derive() over all clauses gives the old terms then the new document's (first-seen order): only the new
    # document is scanned (a folded duplicate may be listed once less; the tokenizer keeps a set either way)
    known = set(index.terms)
    terms = list(index.terms) + [t for t in dict.fromkeys(derive([c.text for c in new])) if t not in known]
    tokenizer = index.tokenizer
    affected: dict[int, list[str]] = {}
    if set(load_userdict()) | {fold(t) for t in terms} != set(index.tokenizer.terms):
        tokenizer = Tokenizer(terms)
        added = [PUNCT.sub("", t) for t in set(tokenizer.terms) - set(index.tokenizer.terms)]
        added = [t for t in added if t]
        # jieba keeps the new terms whole from now on: the old clauses holding one are tokenised again
        for i, (text, path) in enumerate(zip(index.compact, index._paths)):
            if any(t in text or t in path for t in added):
                affected[i] = tokenizer.tokens(passages.keyword_text(index.clauses[i]))
    clock = {"terms": time.perf_counter() - started}
    if progress:
        progress("tokenize", 0, len(new))
    bm25 = index.bm25.extended([tokenizer.tokens(passages.keyword_text(c)) for c in new], affected)
    if progress:
        progress("tokenize", len(new), len(new))
    clock["bm25"] = time.perf_counter() - started
    vectors = embed_passages(embedder, [passages.passage(c) for c in new], build_dir, progress)
    clock["embed"] = time.perf_counter() - started
    threshold = int(index.manifest.get("hnsw_threshold", HNSW_THRESHOLD))
    store = index.vectors.append(vectors, new, build_dir, options, threshold)
    clock["vectors"] = time.perf_counter() - started
    old = index.manifest
    by_kind = dict(old.get("counts", {}).get("by_kind", {}))
    for c in new:
        by_kind[c.kind] = by_kind.get(c.kind, 0) + 1
    manifest = {k: v for k, v in old.items() if k != "files"}
    manifest.update(
        corpus_hash=chash,
        counts=dict(old.get("counts", {}), clauses=len(clauses), documents=len({c.doc_id for c in clauses}),
                    by_kind=by_kind, terms=len(tokenizer.terms), bm25_vocab=len(bm25.vocab)),
        vector_index=store.kind,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        build_id=uuid.uuid4().hex,
        build_seconds=round(time.perf_counter() - started, 2),
        appended={"clauses": len(new), "retokenised": len(affected), "onto": len(index.clauses),
                  # seconds since the start at the end of each step (the write follows)
                  "at": {k: round(v, 2) for k, v in clock.items()}},
    )
    manifest.update(store.manifest_extra())
    try:
        write_index(build_dir, manifest, store, clauses, bm25, terms, kept=len(index.clauses))
    except BaseException:
        store.discard()
        raise
    from .store import read_manifest

    return manifest, (read_manifest(index_path(build_dir)), store, clauses, bm25, terms)
