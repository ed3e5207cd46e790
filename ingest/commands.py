"""CLI subcommands `ingest` and `clauses`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .pipeline import discover, ingest


def register(sub) -> None:
    p = sub.add_parser("ingest", help="parse documents into the clause store")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the corpus folder)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--replace", action="store_true",
                   help="the store holds only these files (default: add or update them, keep the other documents)")
    p.set_defaults(func=run_ingest)
    p = sub.add_parser("clauses", help="list the clauses of the store")
    p.add_argument("--doc", help="only this document id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_clauses)
    p = sub.add_parser("documents", help="list the indexed documents and their metadata")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_documents)


def run_ingest(args, settings) -> int:
    paths = args.paths or [settings.corpus_dir]
    files = discover(paths)
    from match.stage import tagging_stage  # the edge composes the stages; ingest itself knows no matcher

    bar = None
    if len(files) > 3 and not args.json:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=sys.stderr)
    result = ingest(paths, settings.corpus_dir, settings.build_dir, stages=[tagging_stage()],
                    replace=True if args.replace else None, cap=settings.clause_cap,
                    floor=settings.clause_floor, max_mb=settings.max_file_mb,
                    progress=(lambda _p: bar.update(1)) if bar else None)
    if bar:
        bar.close()
    if args.json:
        print(json.dumps({"ok": result.ok, "documents": [r.to_dict() for r in result.reports]}, ensure_ascii=False, indent=1))
    else:
        for r in result.reports:
            print(_summary_line(r))
        if not files:
            print(f"no files found under {', '.join(map(str, paths))}")
        elif result.ok:
            print(f"clause store written to {settings.build_dir / 'clauses'} ({len(result.clauses)} clauses)")
        else:
            print("nothing could be ingested; the previous clause store is unchanged", file=sys.stderr)
    return 0 if result.ok else 1


def _summary_line(r) -> str:
    if not r.ok:
        return f"✗ {r.error}"
    kinds = ", ".join(f"{k} {v}" for k, v in r.kinds.items())
    lines = [f"✓ {r.file}: {r.title} [{r.doc_id}] — {r.clauses} clauses ({kinds})" + (f", {r.pages} pages" if r.pages else "")]
    if r.inferred:
        lines.append("    inferred (no manifest entry): " + "; ".join(r.inferred))
    lines += [f"    warning: {w}" for w in r.warnings]
    return "\n".join(lines)


def run_clauses(args, settings) -> int:
    from cli import knowledge_base

    clauses = knowledge_base(settings, quiet=args.json).clauses()
    if args.doc:
        clauses = [c for c in clauses if c.doc_id == args.doc]
        if not clauses:
            print(f"error: no clauses for document id '{args.doc}'", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps([c.to_dict() for c in clauses], ensure_ascii=False, indent=1))
    else:
        for c in clauses:
            print(f"{c.id}\t{c.citation}\n    {c.text}")
    return 0


def run_documents(args, settings) -> int:
    from cli import knowledge_base

    docs = knowledge_base(settings, quiet=args.json).documents()
    if args.json:
        print(json.dumps(docs, ensure_ascii=False, indent=1))
    else:
        for d in docs:
            bits = [d.get(k) for k in ("kind", "level", "doc_number", "issuer", "date") if d.get(k)]
            print(f"{d['doc_id']}\t{d.get('title', '')}  ({' · '.join(bits)}; {d.get('clauses', 0)} clauses)")
    return 0
