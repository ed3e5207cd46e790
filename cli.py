"""Command line: each package registers its own subcommands; domain errors become one-line messages."""
from __future__ import annotations

import argparse
import os
import sys

from errors import UserError
from settings import Settings

# Packages that contribute subcommands; each has a `commands` module with register(subparsers).
COMMAND_MODULES = ("ingest.commands", "index.commands", "qa.commands", "eval.commands", "match.commands", "api.commands",
                   "qa.llm_commands")

# What fixes a NotReady, said here at the edge (library messages never name a command).
FIX = "run `python cli.py build` to ingest and build"


def knowledge_base(settings, progress=None, quiet: bool = False):
    """The KnowledgeBase for the settings, refreshed first when stale, with a one-line notice on stderr
    (so a fresh clone still works: the first command builds)."""
    from kb import KnowledgeBase

    kb = KnowledgeBase(settings)
    status = kb.status()
    kb.refreshed = ""  # why this command rebuilt (--json output carries it as "rebuilt")
    if status["state"] != "fresh":
        if not quiet:
            print(f"note: knowledge base {status['state']} ({status['reason']}); refreshing…", file=sys.stderr)
        kb.refresh(progress)
        kb.refreshed = f"{status['state']}: {status['reason']}" if status["reason"] else status["state"]
    return kb


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(prog="cli.py", description="Hengqin policy knowledge base")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name in (name, name.split(".")[0]):  # that part of the product is not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    from index.query_limit import invalid_argument  # bytes that are not UTF-8: one clear line, not a crash

    bad = invalid_argument(sys.argv[1:] if argv is None else argv)
    if bad:
        print(f"error: {bad}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    try:
        settings = Settings.load()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.func(args, settings) or 0)
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except UserError as exc:
        from errors import NotReady

        print(f"error: {exc}" + (f" — {FIX}" if isinstance(exc, NotReady) else ""), file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: still no traceback for users unless they ask for one
        if os.environ.get("HQ_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (set HQ_DEBUG=1 to see the traceback)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
