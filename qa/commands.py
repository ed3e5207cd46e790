"""CLI subcommands `ask` (one question, or a batch file) and `cite` (clauses of a numbered part)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from errors import UserError
from index.commands import add_filter_args, search_filter


class BatchFileError(UserError):
    """The --batch file cannot be read."""


def register(sub) -> None:
    p = sub.add_parser("ask", help="answer a question from the indexed documents, citing clauses")
    p.add_argument("question", nargs="?", help="the question (Chinese, English or Portuguese)")
    p.add_argument("--batch", type=Path, help="a file with one question per line; one JSON object per line out")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--no-llm", action="store_true", help="extractive answer even when an LLM is configured")
    add_filter_args(p)  # answer from these documents only (--doc, --doc-kind, --issuer, --level, --year, …)
    p.set_defaults(func=run_ask)
    p = sub.add_parser("cite", help="the clauses of a numbered part: 六（三）, 第六部分第三节, 6.3, 表2-1")
    p.add_argument("reference", help="a clause reference or a keyword")
    p.add_argument("--doc", help="only this document id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_cite)


def _progress(stage: str, done: int, total: int) -> None:
    print(f"\rbuilding index: {stage} {done}/{total}", end="", file=sys.stderr, flush=True)


def run_ask(args, settings) -> int:
    from cli import knowledge_base

    if bool(args.question) == bool(args.batch):
        raise UserError("ask: give either a question or --batch FILE")
    questions = [args.question] if args.question else _read_batch(args.batch)
    kb = knowledge_base(settings, progress=None if args.json else _progress, quiet=args.json)
    use_llm = False if args.no_llm else None
    filters = search_filter(args)
    for q in questions:
        a = kb.ask(q, use_llm=use_llm, filters=None if filters.empty else filters)
        if args.json or args.batch:
            out = a.to_dict()
            if getattr(kb, "refreshed", ""):  # rebuilt before answering (a changed corpus, a damaged store)
                out["rebuilt"] = kb.refreshed
            print(json.dumps(out, ensure_ascii=False, indent=None if args.batch else 1), flush=True)
        else:
            print(format_answer(a))
    return 0


def _read_batch(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BatchFileError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise BatchFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise BatchFileError(f"{path}: cannot be read ({exc.strerror})") from None
    questions = [line.strip() for line in text.splitlines() if line.strip()]
    if not questions:
        raise BatchFileError(f"{path}: no questions (one per line)")
    return questions


def format_answer(a) -> str:
    """Plain-text answer: the text, then each cited clause with its citation label."""
    out = [a.text, ""]
    if a.citations:
        out.append("引用条款：")
        for c in a.citations:
            out.append(f"[{c.n}] {c.clause.citation}\n    {c.clause.text}")
    if a.related:
        out.append("相关条款（仅供参考，并非答案）：" if not a.answerable else "相关条款：")
        for c in a.related:
            out.append(f"- {c.citation}")
    for note in a.notes if a.mode == "llm" or any("LLM" in n for n in a.notes) else []:
        out.append(f"note: {note}")
    return "\n".join(out).rstrip()


def run_cite(args, settings) -> int:
    from cli import knowledge_base

    result = knowledge_base(settings, quiet=args.json).lookup(args.reference, doc=args.doc)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return 0
    if result.heading:
        print(result.heading)
    for c in result.clauses:
        print(f"{c.citation}\n    {c.text}")
    return 0
