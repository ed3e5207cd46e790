"""CLI subcommands `build` and `search` (single query, or --batch FILE: one query per line, one model load)."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from errors import UserError


def register(sub) -> None:
    p = sub.add_parser("build", help="build (or rebuild) the search index from the clause store")
    p.add_argument("--force", action="store_true", help="rebuild even when the index is current")
    p.set_defaults(func=run_build)
    p = sub.add_parser("search", help="hybrid search over clauses")
    p.add_argument("query", nargs="?", help="the question or keywords")
    p.add_argument("-k", type=int, default=10, help="number of hits (default 10)")
    add_filter_args(p)
    p.add_argument("--batch", type=Path, help="file with one query per line ('-' for stdin)")
    p.add_argument("--json", action="store_true", help="JSON output (one object per query and line)")
    p.set_defaults(func=run_search)


def _bar():
    """A tqdm progress callback for builds, on stderr."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int, rate=None, eta=None) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="clause", file=sys.stderr, leave=False)
        if rate:  # fresh passages/s and time left (tqdm's own rate would count cached vectors as work)
            from .vector_cache import format_rate

            bar.set_postfix_str(format_rate(rate, eta), refresh=False)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return progress


def run_build(args, settings) -> int:
    from kb import KnowledgeBase

    started = time.perf_counter()
    kb = KnowledgeBase(settings)
    done = kb.refresh(progress=_bar(), force=args.force)
    m = kb.index.manifest
    counts = m["counts"]
    kinds = ", ".join(f"{k} {v}" for k, v in counts.get("by_kind", {}).items())
    if done["built"]:
        print(f"built {counts['clauses']} clauses from {counts['documents']} document(s) ({kinds}) "
              f"in {time.perf_counter() - started:.1f}s — {done['built']}")
    else:
        print(f"index is current: {counts['clauses']} clauses from {counts['documents']} document(s) ({kinds}), built {m['built_at']}")
    store = m.get("vector_backend", "faiss") + (f" collection {m['milvus_collection']}" if m.get("milvus_collection") else "")
    print(f"model {m['model_id']} · {m['vector_index']} vectors ({store}) · {counts['bm25_vocab']} BM25 terms · {settings.build_dir / 'index'}")
    return 0


def _queries(args) -> list[str]:
    if args.batch is None:
        if not args.query or not args.query.strip():
            raise UserError("search: give a query, or --batch FILE")
        return [args.query]
    if args.query:
        raise UserError("search: give either a query or --batch FILE, not both")
    if str(args.batch) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = args.batch.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"{args.batch}: cannot read the batch file ({exc})") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def add_filter_args(p) -> None:
    """The filter options `search` and `ask` share: documents by id, kind, issuer, level, year; sections; clause kinds."""
    p.add_argument("--doc", help="only this document id")
    p.add_argument("--path", dest="path_prefix", help="only under this section, e.g. 6 or 6.3")
    p.add_argument("--kind", action="append", dest="kinds", help="only this clause kind (repeatable)")
    p.add_argument("--doc-kind", dest="doc_kind", help="only documents of this kind (规划, 方案, 条例…)")
    p.add_argument("--issuer", help="only documents whose issuer contains this (广东省人民代表大会常务委员会, 国务院…)")
    p.add_argument("--level", help="only documents of this level (中央, 省, 合作区)")
    p.add_argument("--year", type=int, help="only documents dated in this year")


def search_filter(args):
    """The one Filter from the filter options."""
    from core.filters import Filter

    return Filter(doc=args.doc or None, kind=getattr(args, "doc_kind", None) or None,
                  issuer=getattr(args, "issuer", None) or None,
                  level=getattr(args, "level", None) or None, year=getattr(args, "year", None),
                  path_prefix=getattr(args, "path_prefix", None) or None, clause_kinds=tuple(getattr(args, "kinds", None) or ()))


def run_search(args, settings) -> int:
    from cli import knowledge_base

    if args.k <= 0:
        raise UserError("search: -k must be at least 1")
    queries = _queries(args)
    kb = knowledge_base(settings, progress=None if args.json else _bar(), quiet=args.json)
    filters = search_filter(args)
    for query in queries:
        hits = kb.search(query, k=args.k, filters=filters)
        if args.json:
            out = {"query": query, "hits": [h.to_dict() for h in hits]}
            if getattr(kb, "refreshed", ""):  # rebuilt before answering (a changed corpus, a damaged store)
                out["rebuilt"] = kb.refreshed
            print(json.dumps(out, ensure_ascii=False), flush=True)
            continue
        if len(queries) > 1:
            print(f"## {query}")
        if not hits:
            print("no hits")
        for h in hits:
            text = h.clause.text.replace("\n", " ")
            print(f"{h.rank:2d}. {h.score:.4f} [{'+'.join(h.retrievers)}] {h.clause.citation}  ({h.clause.id})")
            print(f"    {text[:150]}{'…' if len(text) > 150 else ''}")
        if len(queries) > 1:
            print()
    return 0
