"""Benchmark: parser limits — a DOCX bomb, deep HTML nesting, wide pages (prints time and peak memory with the
machine's load; run `python -m ingest.loaders.bench_limits`)."""
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


def _docx_bomb(path: Path, mb: int) -> Path:
    """A DOCX whose word/document.xml expands to `mb` MB of whitespace (a few hundred KB on disk)."""
    import zipfile

    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as member:
            member.write(f'<w:document xmlns:w="{ns}"><w:body><w:p><w:r><w:t>'.encode())
            for _ in range(mb):
                member.write(b" " * (1024 * 1024))
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def _run(name: str, path: Path, size: int) -> None:
    start = time.perf_counter()
    try:
        doc = load(path)
        outcome = f"{len(doc.lines)} lines"
    except IngestError as exc:
        outcome = f"refused: {exc}"
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:32s} {size / 1024:8.0f} KB  {took:7.2f} s  peak RSS {peak:6.0f} MB  {outcome[:90]}")


def main() -> None:
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)")
    tmp_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    for mb in (200, 1000):
        bomb = _docx_bomb(tmp_dir / "bench_bomb.docx", mb)
        _run(f"DOCX expanding to {mb} MB", bomb, bomb.stat().st_size)
        bomb.unlink()
    tmp = tmp_dir / "bench_html.html"
    for name, html in _cases():
        tmp.write_text(html, encoding="utf-8")
        _run(name, tmp, len(html.encode()))
    tmp.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
