"""Scale benchmark on a real law corpus (LawRefBook): ingest all of it, check article counts, build and search.

    python -m index.bench_corpus --corpus /tmp/lawref            # ingest all, build on a 300-document sample
    python -m index.bench_corpus --corpus lawrefbook.tar.xz --full  # build the whole corpus (~25 min, 2 cores)

Ingestion of every file is CPU-light and always runs over the whole corpus: each file is ingested or
reported with its reason, and each document's article count is compared with the source's `第X条` lines.
The build (embedding) runs on --sample documents unless --full; the Hengqin regulation and the 民法典 book
holding 第一千一百六十五条 are always in the sample so the routing check has its target.

Vector index for 150k+ clauses: FAISS HNSW (IndexHNSWFlat, M=32, index/store.py above 20,000 vectors),
not IVF. Why: HNSW needs no training pass, so appending one document's clauses to a built index is an add,
not a retrain (IVF's centroids drift as the corpus grows and want re-training); at 150k x 384 float32
the flat vectors are ~230 MB and the graph ~40 MB, well inside 4 GB; on the real vectors of the whole corpus
recall@10 is 0.983 at efSearch 256 (0.959 at 64), without an nprobe to tune; and a filter to one of 3,500 documents (an IDSelector over a few dozen ids) stays
fast on HNSW, where an IVF scan with a selective filter probes lists that hold none of the allowed ids.
IVF-PQ would only pay off past a few million vectors, when flat vectors no longer fit in memory.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMERAL = "零〇一二三四五六七八九十百千万两0-9０-９"
ARTICLE_LINE = re.compile(rf"^\s*第[{NUMERAL}]+条(?:之[一二三四五六七八九十]+)?(?=[\s　]|$)")
ARTICLE_PATH = re.compile(rf"^第[{NUMERAL}]+条(?:之[一二三四五六七八九十]+)?$")
QUERIES = [
    "民法典第一千一百六十五条", "行为人因过错侵害他人民事权益造成损害的", "劳动合同解除的经济补偿", "个人所得税的纳税义务人",
    "横琴粤澳深度合作区发展促进条例", "合作区企业所得税优惠", "食品安全标准", "未成年人保护", "行政处罚的听证程序",
    "环境影响评价", "政府信息公开的申请", "消费者权益保护 七日无理由退货", "道路交通事故责任", "土地承包经营权流转",
    "What does the law say about personal data protection?", "數據安全保護義務", "第十条", "著作权的保护期",
]


def peak_mb() -> float:
    """Peak resident memory of this process in MB (VmHWM: ru_maxrss would carry the parent's over exec)."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def load() -> str:
    return "load average %.2f %.2f %.2f on %d cores" % (*os.getloadavg(), os.cpu_count() or 1)


def unpack(corpus: Path) -> Path:
    """A directory of the corpus: DIR as given, or a .tar.xz unpacked once under /tmp."""
    if corpus.is_dir():
        return corpus
    target = Path("/tmp") / (corpus.name.split(".tar")[0])
    if not target.exists():
        with tarfile.open(corpus) as tar:
            tar.extractall(target, filter="data")
    return target


def source_articles(path: Path) -> int:
    """`第X条` lines of the source: articles start a line (references inside a sentence do not)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    body = text.split("<!-- INFO END -->", 1)[-1]
    return sum(1 for line in body.splitlines() if ARTICLE_LINE.match(line))


def ingested_articles(clauses) -> int:
    """Distinct articles among a document's clauses: a path level `第X条` (one article, many 款)."""
    seen = set()
    for c in clauses:
        for depth, level in enumerate(c.path):
            if ARTICLE_PATH.match(level.replace(" ", "")):
                seen.add(tuple(c.path[: depth + 1]))
                break
    return len(seen)


def skip_reason(path: Path) -> str:
    """Files of the collection that are not documents (the site's section stubs)."""
    if path.name == "_index.md":
        return "section index of the collection's website (front matter only), not a document"
    return ""


def ingest_all(corpus: Path, cap: int, floor: int):
    from ingest.pipeline import discover, ingest_files

    files = discover([corpus])
    skipped = {f: skip_reason(f) for f in files if skip_reason(f)}
    todo = [f for f in files if f not in skipped]
    started = time.perf_counter()
    result = ingest_files(todo, corpus, cap=cap, floor=floor)
    seconds = time.perf_counter() - started
    print(f"\n== ingest: {len(files)} files in {seconds:.0f} s ({len(files) / seconds:.0f} files/s), "
          f"peak RSS {peak_mb():.0f} MB, {load()}")
    ok = [r for r in result.reports if r.ok]
    failed = [r for r in result.reports if not r.ok]
    print(f"ingested {len(ok)} · refused {len(failed)} · skipped {len(skipped)} · clauses {len(result.clauses)}")
    for f, why in list(skipped.items())[:3]:
        print(f"  skipped {f.relative_to(corpus)}: {why}")
    if len(skipped) > 3:
        print(f"  … and {len(skipped) - 3} more section indexes")
    reasons = Counter(re.sub(r"^.*?: ", "", r.error)[:80] for r in failed)
    for why, n in reasons.most_common():
        print(f"  refused x{n}: {why}")
    return files, result, skipped


def article_check(corpus: Path, result) -> list[str]:
    """Per document: source `第X条` lines vs articles in the clauses; returns the mismatching files."""
    by_doc = defaultdict(list)
    for c in result.clauses:
        by_doc[c.doc_id].append(c)
    rows = []
    for r in result.reports:
        if r.ok:
            rows.append((Path(r.file), source_articles(Path(r.file)), ingested_articles(by_doc[r.doc_id])))
    src_total, got_total = sum(s for _, s, _ in rows), sum(g for _, _, g in rows)
    equal = [row for row in rows if row[1] == row[2]]
    print(f"\n== article check over {len(rows)} documents: source 第X条 lines {src_total}, articles ingested "
          f"{got_total}; equal in {len(equal)} documents ({100 * len(equal) / max(1, len(rows)):.1f}%)")
    bad = [row for row in rows if row[1] != row[2]]
    folders = Counter(row[0].relative_to(corpus).parts[0] for row in bad)
    print("  mismatches by folder: " + ", ".join(f"{k} {v}" for k, v in folders.most_common()))
    for path, src, got in sorted(bad, key=lambda r: -abs(r[1] - r[2]))[:12]:
        print(f"  {path.relative_to(corpus)}: source {src}, ingested {got}")
    return [str(p) for p, _, _ in bad]


def sample(result, n: int, must: list[str]):
    """Every k-th document plus the ones the checks need; the same sample on every run."""
    docs = [r for r in result.reports if r.ok]
    step = max(1, len(docs) // max(1, n))
    chosen = {r.doc_id for r in docs[::step][:n]}
    chosen |= {r.doc_id for r in docs if any(m in r.file for m in must)}
    clauses = [c for c in result.clauses if c.doc_id in chosen]
    documents = [d for d in result.documents if d["meta"]["doc_id"] in chosen]
    return clauses, documents


def latency(idx, queries: list[str], callers: int, rounds: int = 3, **kw) -> tuple[float, float]:
    """(p50, p95) ms of idx.search over the queries, with `callers` threads at once."""
    times: list[float] = []
    lock = threading.Lock()

    def worker(offset: int):
        for r in range(rounds):
            for q in queries[offset:] + queries[:offset]:
                t0 = time.perf_counter()
                idx.search(q, k=10, **kw)
                with lock:
                    times.append(1000 * (time.perf_counter() - t0))

    threads = [threading.Thread(target=worker, args=(i % len(queries),)) for i in range(callers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def build_and_search(build_dir: Path, clauses, documents, embedder_spec: str, threshold: int) -> None:
    from ingest.store import write_store
    from settings import Settings

    from .build import build_index
    from .embedders import get_embedder
    from .open import settings_snapshot

    write_store(build_dir, clauses, documents)
    settings = Settings.load(build_dir=build_dir, corpus_dir=build_dir / "no-corpus", embedder=embedder_spec)
    rates: list[str] = []

    def progress(stage, done, total, rate=None, eta=None):
        from .vector_cache import format_rate

        if stage == "embed" and rate and (done == total or done % 2000 < 32):
            rates.append(f"{done}/{total} {format_rate(rate, eta)}")
            print(f"  embed {rates[-1]}", flush=True)

    gc.collect()
    before = peak_mb()
    started = time.perf_counter()
    manifest = build_index(build_dir, clauses, documents, get_embedder(embedder_spec), settings_snapshot(settings),
                           progress, threshold=threshold)
    seconds = time.perf_counter() - started
    print(f"\n== build: {len(clauses)} clauses of {len(documents)} documents in {seconds:.0f} s "
          f"({len(clauses) / seconds:.1f} clauses/s incl. cached vectors), vector index {manifest.get('vector_index')}, "
          f"peak RSS {max(before, peak_mb()):.0f} MB, {load()}")
    probe = subprocess.run([sys.executable, "-m", "index.bench_corpus", "--probe", str(build_dir), "--embedder", embedder_spec],
                           capture_output=True, text=True, cwd=ROOT)
    print(probe.stdout.strip() or probe.stderr.strip()[-2000:])


def probe(build_dir: Path, embedder_spec: str) -> None:
    """In a fresh process: load time and memory of the built index, latency, a one-document filter, routing."""
    from .embedders import get_embedder
    from .search import Index
    from .store import index_path, read_index

    t0 = time.perf_counter()
    embedder = get_embedder(embedder_spec)
    embedder.query("预热")
    model_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    idx = Index(*read_index(index_path(build_dir)), embedder)  # as open_index loads it, minus the staleness checks
    load_s = time.perf_counter() - t0
    print(f"== load (fresh process): model {model_s:.1f} s, index {load_s:.1f} s ({len(idx.clauses)} clauses), "
          f"peak RSS {peak_mb():.0f} MB, {load()}")
    from .window_vectors import all_windows, prepare_if_needed

    t0 = time.perf_counter()
    idx.build_dir = build_dir
    prepare_if_needed(idx, build_dir)  # the window stage's sentence vectors, as a refresh embeds them (cached after once)
    print(f"window stage: {len(all_windows(idx.clauses)[0])} sentence vectors ready in {time.perf_counter() - t0:.1f} s "
          f"(embedded where the cache lacked them), peak RSS {peak_mb():.0f} MB")
    for q in QUERIES:
        idx.search(q, k=10)  # warm: query vectors cached, as a served index would have most of them
    p50, p95 = latency(idx, QUERIES, 1)
    print(f"search warm, 1 caller: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    p50, p95 = latency(idx, QUERIES, 8)
    print(f"search warm, 8 concurrent callers: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {load()}")
    fresh = [f"{q} 的规定是什么" for q in QUERIES]
    p50, p95 = latency(idx, fresh, 1, rounds=1)
    print(f"search cold (new query text, embedding included), 1 caller: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    docs = Counter(c.doc_id for c in idx.clauses)
    target = next((c.doc_id for c in idx.clauses if "民法典" in c.doc_title and "第一千一百六十五条" in c.text[:12]), None)
    doc = target or docs.most_common(1)[0][0]
    p50, p95 = latency(idx, QUERIES, 1, doc=doc)
    print(f"filter to one of {len(docs)} documents ({doc}, {docs[doc]} clauses): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    hits = idx.search("民法典第一千一百六十五条", k=5)
    top = hits[0] if hits else None
    routed = bool(top and "民法典" in top.clause.doc_title and "第一千一百六十五条" in top.clause.citation)
    print(f"routing '民法典第一千一百六十五条': {'OK' if routed else 'NOT routed'} — top hit "
          f"{top.clause.citation if top else None}: {top.clause.text[:40] if top else ''}")


def add_probe(build_dir: Path, file: Path, embedder_spec: str) -> None:
    """In a fresh process: add one document to the built index (ingest, clause store, BM25, embed, vectors, write)."""
    from ingest.pipeline import ingest_files
    from ingest.store import append_store, load_documents

    from .build import corpus_hash
    from .embedders import get_embedder
    from .incremental import appended_index
    from .search import Index
    from .store import index_path, read_index

    embedder = get_embedder(embedder_spec)
    embedder.query("预热")
    idx = Index(*read_index(index_path(build_dir)), embedder)
    documents = load_documents(build_dir)
    print(f"== add one document to the built index ({len(idx.clauses)} clauses), {load()}")
    t0 = time.perf_counter()
    result = ingest_files([file], file.parent)
    new = list(result.clauses)
    t_ingest = time.perf_counter() - t0
    append_store(build_dir, idx.clauses, new, list(documents) + list(result.documents))
    t_store = time.perf_counter() - t0 - t_ingest
    (manifest, parts), t_add = _timed(appended_index, build_dir, idx, new, embedder, corpus_hash(build_dir), {})
    grown = Index(*parts, embedder)
    t_total = time.perf_counter() - t0
    steps = manifest["appended"]
    hits = grown.search(new[0].doc_title.strip("《》") + " " + new[len(new) // 2].text[:30], k=5)
    found = sum(h.clause.doc_id == new[0].doc_id for h in hits)
    print(f"{file.name}: {len(new)} clauses; ingest {t_ingest:.1f} s + clause store {t_store:.1f} s + index "
          f"{t_add:.1f} s (steps end at {steps['at']} s; re-tokenised {steps['retokenised']} old clauses) "
          f"= {t_total:.1f} s; its clauses in the top 5 of a query about it: {found}; "
          f"peak RSS {peak_mb():.0f} MB, {load()}")


def milvus_probe(build_dir: Path, embedder_spec: str, n_queries: int = 200) -> None:
    """The same built corpus on Milvus (milvus-lite) for the dense part: build from the cached vectors, compare."""
    from ingest.store import load_clauses, load_documents, write_store

    from .build import build_index
    from .embedders import get_embedder
    from .search import Index
    from .store import index_path, read_index

    embedder = get_embedder(embedder_spec)
    clauses, documents = load_clauses(build_dir), load_documents(build_dir)
    work = build_dir.parent / (build_dir.name + "-milvus")
    work.mkdir(exist_ok=True)
    write_store(work, clauses, documents)
    if not (work / "cache").exists():
        (work / "cache").symlink_to((build_dir / "cache").resolve())  # the same vectors: the store is compared
    print(f"== Milvus (milvus-lite) on the same {len(clauses)} clauses, {load()}")
    t0 = time.perf_counter()
    build_index(work, clauses, documents, embedder, {"bench": "milvus"}, backend="milvus")
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    milvus = Index(*read_index(index_path(work)), embedder)
    loaded = time.perf_counter() - t0
    faiss_idx = Index(*read_index(index_path(build_dir)), embedder)
    rng = random.Random(5)
    queries = QUERIES + [c.text[:40] for c in rng.sample(clauses, n_queries)]
    overlap, same_top1, hybrid_same = [], 0, 0
    for q in queries:
        v = embedder.query(q)
        a = [i for i, _ in faiss_idx.vectors.search(v, 10)]
        b = [i for i, _ in milvus.vectors.search(v, 10)]
        overlap.append(len(set(a) & set(b)) / 10)
        same_top1 += bool(a and b and a[0] == b[0])
        ha = [h.clause.id for h in faiss_idx.search(q, k=10)]
        hybrid_same += ha == [h.clause.id for h in milvus.search(q, k=10)]
    p50, p95 = latency(milvus, QUERIES, 1)
    print(f"build from cached vectors {built:.0f} s (store + BM25 + insert), load {loaded:.1f} s, peak RSS "
          f"{peak_mb():.0f} MB; {len(queries)} queries: dense top-10 overlap with FAISS {faiss_idx.vectors.kind} "
          f"mean {statistics.mean(overlap):.3f} (min {min(overlap):.1f}), same top 1 {same_top1}, hybrid top-10 "
          f"identical {hybrid_same}; Milvus search warm p50 {p50:.1f} ms, p95 {p95:.1f} ms, {load()}")


def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("/work/shared/corpora/lawrefbook-laws-2f4c5c2.tar.xz"))
    ap.add_argument("--build-dir", type=Path, default=Path("/tmp/hq-bench-corpus"))
    ap.add_argument("--sample", type=int, default=300, help="documents to embed and index (ignored with --full)")
    ap.add_argument("--full", action="store_true", help="build the whole corpus (~150,000 clauses)")
    ap.add_argument("--embedder", default="e5-onnx")
    ap.add_argument("--no-build", action="store_true", help="ingest and check only")
    ap.add_argument("--hnsw-threshold", type=int, default=0,
                    help="vectors above which the store uses HNSW (default: the store's, or 5,000 for a sample so "
                         "the sample exercises the graph the full corpus uses)")
    ap.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--add", type=Path, help="with --probe DIR: add this document to the built index and time it")
    ap.add_argument("--milvus", action="store_true", help="with --probe DIR: the same corpus on milvus-lite, compared")
    args = ap.parse_args(argv)
    if args.probe and args.milvus:
        milvus_probe(args.probe, args.embedder)
        return 0
    if args.probe and args.add:
        add_probe(args.probe, args.add, args.embedder)
        return 0
    if args.probe:
        probe(args.probe, args.embedder)
        return 0
    from settings import Settings

    s = Settings.load()
    print(f"bench_corpus: {load()}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    corpus = unpack(args.corpus)
    files, result, skipped = ingest_all(corpus, s.clause_cap, s.clause_floor)
    mismatched = article_check(corpus, result)
    report = {"files": len(files), "ingested": sum(r.ok for r in result.reports), "skipped": len(skipped),
              "refused": [{"file": r.file, "error": r.error} for r in result.reports if not r.ok],
              "clauses": len(result.clauses), "article_mismatches": mismatched}
    args.build_dir.mkdir(parents=True, exist_ok=True)
    (args.build_dir / "ingest-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.no_build:
        return 0
    must = ["横琴粤澳深度合作区发展促进条例", "侵权责任编"]
    clauses, documents = (result.clauses, result.documents) if args.full else sample(result, args.sample, must)
    from .store import HNSW_THRESHOLD

    threshold = args.hnsw_threshold or (HNSW_THRESHOLD if args.full else min(HNSW_THRESHOLD, 5000))
    build_and_search(args.build_dir / ("full" if args.full else f"sample-{args.sample}"), clauses, documents,
                     args.embedder, threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
