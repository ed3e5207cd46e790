"""CLI subcommand `serve`: the HTTP API on uvicorn (refreshes a stale knowledge base first)."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the HTTP API (OpenAPI docs at /docs)")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.set_defaults(func=run_serve)


def run_serve(args, settings) -> int:
    import uvicorn

    from cli import knowledge_base

    from .app import create_app

    kb = knowledge_base(settings)
    kb.index  # loaded before the first request
    print(f"serving on http://{args.host}:{args.port} (docs: /docs)", file=sys.stderr)
    uvicorn.run(create_app(kb), host=args.host, port=args.port, log_level="warning")
    return 0
