"""Parsed paragraphs per file, cached under the build dir by content hash and parser version (JSON, no pickle),
so re-ingesting re-parses only the files that changed."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from storage import sha256_file

from .clean import Para, paragraphs
from .loaders import load
from .loaders.base import RawDoc

CACHE_DIR = "parse_cache"
_FORMAT = 1  # bump when the entry layout changes
# What a file parses to depends on these modules: their source is part of the key, so a change there
# invalidates every entry without anyone having to remember to bump a number.
_PARSER_SOURCES = ("loaders", "clean.py", "chars.py", "structure.py", "tables.py")


def parser_version() -> str:
    h = hashlib.sha1(str(_FORMAT).encode())
    root = Path(__file__).parent
    for name in _PARSER_SOURCES:
        p = root / name
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            if f.is_file():
                h.update(f.name.encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:12]


class ParseCache:
    """get/put parsed files by sha256; counts hits and parses; a corrupt entry is discarded and reported."""

    def __init__(self, build_dir: Path):
        self.dir = Path(build_dir) / CACHE_DIR
        self.version = parser_version()
        self.hits = 0
        self.parsed: list[str] = []  # files parsed (not served from the cache) in this run
        self.notes: list[str] = []

    def _path(self, sha: str) -> Path:
        return self.dir / f"{sha}-{self.version}.json"

    def get(self, sha: str, source: Path) -> tuple[RawDoc, list[Para]] | None:
        path = self._path(sha)
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            raw = RawDoc(path=Path(source), lines=[], wrapped=bool(data["wrapped"]), pages=data["pages"],
                         page_labels={int(k): v for k, v in data["page_labels"].items()},
                         warnings=list(data["warnings"]), removed=list(data["removed"]), encoding=data["encoding"])
            paras = [Para(**p) for p in data["paras"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            path.unlink(missing_ok=True)
            self.notes.append(f"{source}: parse cache entry {path.name} was unreadable ({type(exc).__name__}) and was "
                              "discarded; the file was parsed again")
            return None
        self.hits += 1
        return raw, paras

    def put(self, sha: str, raw: RawDoc, paras: list[Para]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        data = {"version": self.version, "wrapped": raw.wrapped, "encoding": raw.encoding, "pages": raw.pages, "page_labels": {str(k): v for k, v in raw.page_labels.items()},
                "warnings": raw.warnings, "removed": raw.removed, "paras": [asdict(p) for p in paras]}
        tmp = self._path(sha).with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self._path(sha))  # a crash mid-write leaves no half entry under the real name

    def prune(self) -> int:
        """Remove entries written by other parser versions; returns how many."""
        if not self.dir.is_dir():
            return 0
        stale = [p for p in self.dir.glob("*.json") if not p.stem.endswith("-" + self.version)]
        for p in stale:
            p.unlink(missing_ok=True)
        return len(stale)


def parse_file(path: Path, max_mb: int, cache: ParseCache | None) -> tuple[RawDoc, list[Para], str, list[str]]:
    """Load and clean one file (or take it from the cache): raw document, paragraphs, sha256, cache notes."""
    if cache is None:
        raw = load(path, max_mb=max_mb)  # checks type and size before reading
        return raw, paragraphs(raw), sha256_file(path), []
    sha = sha256_file(path)
    before = len(cache.notes)
    hit = cache.get(sha, path)
    if hit is not None:
        return hit[0], hit[1], sha, []
    raw = load(path, max_mb=max_mb)
    paras = paragraphs(raw)
    cache.parsed.append(str(path))
    cache.put(sha, raw, paras)
    return raw, paras, sha, cache.notes[before:]
