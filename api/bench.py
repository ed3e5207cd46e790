"""Benchmark the HTTP API: requests/s and p95 of /search and /ask with 8 concurrent clients (prints `uptime`).

    python -m api.bench [--clients 8] [--requests 40] [--port 0]

Starts `python cli.py serve` as a separate process on a free loopback port (so clients and server do not share
one interpreter), waits for /health, then runs each endpoint in turn."""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["跨境理财通", "澳门居民就业创业", "集成电路设计", "六（三）", "第三十七条", "中医药产业发展", "财富岛",
           "QFLP试点", "Macau enterprises in finance", "税收优惠政策"]
QUESTIONS = ["2029年澳资产业增加值目标是多少", "横琴对澳门青年创业有什么支持", "合作区的管理体制是怎样的",
             "What support is there for traditional Chinese medicine?"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0.0


def run(base: str, name: str, call, clients: int, per_client: int) -> dict:
    def worker(n: int) -> tuple[list[float], int]:
        times, errors = [], 0
        with httpx.Client(base_url=base, timeout=120) as c:
            for i in range(per_client):
                t0 = time.perf_counter()
                r = call(c, n * per_client + i)
                times.append(time.perf_counter() - t0)
                errors += r.status_code != 200
        return times, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - started
    times = [t for ts, _ in results for t in ts]
    return {"endpoint": name, "requests": len(times), "errors": sum(e for _, e in results),
            "rps": len(times) / wall, "p50_ms": 1000 * _percentile(times, 50), "p95_ms": 1000 * _percentile(times, 95)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=40, help="requests per client and endpoint")
    ap.add_argument("--port", type=int, default=0, help="0: a free port")
    args = ap.parse_args(argv)
    port = args.port or _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, HQ_LLM_BASE_URL="")
    server = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port)], env=env, cwd=ROOT)
    try:
        deadline = time.time() + 900  # a first run refreshes (ingest + index build) before serving
        while time.time() < deadline:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                print("the server exited before answering", file=sys.stderr)
                return 1
            time.sleep(0.5)
        with httpx.Client(base_url=base) as warm:  # model and caches loaded before timing
            warm.get("/search", params={"q": QUERIES[0]})
            warm.post("/ask", json={"question": QUESTIONS[0]})
        rows = [
            run(base, "/search", lambda c, i: c.get("/search", params={"q": QUERIES[i % len(QUERIES)], "k": 10}),
                args.clients, args.requests),
            run(base, "/ask", lambda c, i: c.post("/ask", json={"question": QUESTIONS[i % len(QUESTIONS)], "use_llm": False}),
                args.clients, args.requests),
        ]
    finally:
        server.terminate()
        server.wait(10)
    print(f"HTTP API, {args.clients} concurrent clients, {args.requests} requests each (server: python cli.py serve)")
    for r in rows:
        print(f"{r['endpoint']:8s} {r['requests']:4d} requests  {r['errors']} errors  {r['rps']:6.1f} req/s  "
              f"p50 {r['p50_ms']:6.0f} ms  p95 {r['p95_ms']:6.0f} ms")
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    return 0 if not any(r["errors"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
