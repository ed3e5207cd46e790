"""Benchmark: HTML loading time for deep nesting and wide pages (prints figures; run `python -m ingest.loaders.bench_html`)."""
from __future__ import annotations

import os
import resource
import time
from pathlib import Path

from . import load
from .base import IngestError


def _cases() -> list[tuple[str, str]]:
    para = "横琴粤澳深度合作区支持澳门企业发展。"
    deep = "<html><body><div>" + "<span>文字" * 50_000 + "</span>" * 50_000 + "</div></body></html>"
    limit = "<html><body><div>" + ("<span>" + para) * 250 + "</span>" * 250 + "</div></body></html>"
    forest = "<html><body><div id='content'>" + (("<span>" + para) * 200 + "</span>" * 200 + "<p>" + para
                                                   + "</p>") * 50 + "</div></body></html>"
    wide = "<html><body><div id='content'>" + ("<p><span>" + para + "</span></p>") * 20_000 + "</div></body></html>"
    return [("50,000 nested spans (refused)", deep), ("250 nested spans with text", limit),
            ("50 × 200 nested spans", forest), ("20,000 paragraphs", wide)]


def main() -> None:
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)")
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_html.html"
    for name, html in _cases():
        tmp.write_text(html, encoding="utf-8")
        start = time.perf_counter()
        try:
            doc = load(tmp)
            outcome = f"{len(doc.lines)} lines"
        except IngestError as exc:
            outcome = f"refused: {exc}"
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name:32s} {len(html.encode()) / 1024:8.0f} KB  {took:7.2f} s  peak RSS {peak:6.0f} MB  {outcome[:90]}")
    tmp.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
