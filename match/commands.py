"""CLI subcommand `match`: applicable clauses for an enterprise profile file or a free-text description."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from errors import UserError

from .export import profile_lines, to_csv, to_markdown
from .matcher import MatchResult


class DescribeError(UserError):
    """A description from which no profile field could be read."""


def register(sub) -> None:
    p = sub.add_parser("match", help="which clauses apply to an enterprise (profile file or description)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--profile", type=Path, metavar="FILE.toml", help="enterprise profile (see match/gold/profiles/)")
    src.add_argument("--describe", metavar="TEXT", help='free text, e.g. "我们是一家澳门的中成药企业，想在横琴设厂"')
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--markdown", type=Path, metavar="FILE.md", help="also write the result as Markdown")
    p.add_argument("--csv", type=Path, metavar="FILE.csv", help="also write the result as CSV (UTF-8 with BOM)")
    p.add_argument("--no-semantic", action="store_true", help="rule tags only: do not load the embedding model")
    p.set_defaults(func=run_match)


def run_match(args, settings) -> int:
    from cli import knowledge_base
    from errors import BadInput

    kb = knowledge_base(settings, quiet=args.json)
    try:
        result = kb.match(profile_path=args.profile, description=args.describe, semantic=not args.no_semantic)
    except BadInput as exc:
        if args.profile is None and "description" in str(exc):
            raise DescribeError(f"{exc}, or use --profile FILE.toml") from None
        raise
    for path, text, encoding in ((args.markdown, to_markdown(result) if args.markdown else "", "utf-8"),
                                 (args.csv, to_csv(result) if args.csv else "", "utf-8-sig")):
        if path is not None:
            try:
                Path(path).write_text(text, encoding=encoding)
            except OSError as exc:
                raise UserError(f"{path}: cannot write ({exc.strerror or exc})") from None
            print(f"written: {path}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(render_text(result))
    return 0


def render_text(result: MatchResult, width: int = 90) -> str:
    """The result for a terminal: profile, how a description was read, summary, then parts and clauses."""
    lines = ["画像：" + "；".join(profile_lines(result.profile)[:1] + [x for x in profile_lines(result.profile)[1:]])]
    if result.notes:
        lines.append("从描述识别（可用 --profile 更正）：" + "；".join(result.notes))
    lines.append(result.summary())
    rank = {m.clause.id: n for n, m in enumerate(result.matches, 1)}
    for group in result.groups:
        lines += ["", f"{group.doc_title} {group.heading}".strip()]
        for m in group.matches:
            c = m.clause
            text = c.text.replace("\n", " ")
            lines.append(f"  {rank[c.id]:>2}. {c.citation.split('》')[-1]}  [{c.id}]  得分 {m.score:.1f}")
            lines.append(f"      {m.reason}")
            lines.append(f"      {text[:width]}{'…' if len(text) > width else ''}")
    return "\n".join(lines)
