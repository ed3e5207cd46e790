"""Corpus terms that must stay whole in jieba: derived from clause texts plus the curated list in data/."""
from __future__ import annotations

import re
from pathlib import Path

from .normalize import fold

DATA = Path(__file__).resolve().parent / "data"
USERDICT = DATA / "userdict.txt"

_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,16})[”\"」』]")
_ACRONYM_PAREN = re.compile(r"[（(]([A-Za-z][A-Za-z0-9]{1,9}(?:[\u4e00-\u9fff]{1,3})?)[）)]")
_ACRONYM_CJK = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9}[\u4e00-\u9fff]{2})(?=[\u4e00-\u9fff]|\b)")
_SPLIT = re.compile(r"[、，,；;—]")


def derive(texts: list[str]) -> list[str]:
    """Candidates from running text: quoted coinages (四新, 分线管理), acronyms (QFLP, EF账户)."""
    found: dict[str, None] = {}
    for text in texts:
        flat = re.sub(r"\s+", "", text)
        for m in _QUOTED.finditer(flat):
            for piece in _SPLIT.split(m.group(1)):
                if 2 <= len(piece) <= 12:
                    found[piece] = None
        for m in _ACRONYM_PAREN.finditer(flat):
            found[m.group(1)] = None
        for m in _ACRONYM_CJK.finditer(flat):
            if m.group(1).endswith(("账户", "评级")):  # EF账户, ESG评级 are terms; "GDP比重" is not
                found[m.group(1)] = None
    return [fold(t) for t in found]


def load_userdict(path: Path = USERDICT) -> list[str]:
    """Terms of the data file: one per line, '#' comments; only the first column counts."""
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.append(fold(line.split()[0]))
    return terms


def main() -> int:
    """Print candidates from the clause store that the data file does not have yet, to review and add."""
    from ingest.store import load_clauses
    from settings import Settings

    known = set(load_userdict())
    clauses = load_clauses(Settings.load().build_dir)
    for term in derive([c.text for c in clauses]):
        if term not in known:
            print(term)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
