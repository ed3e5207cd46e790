"""What answers say about a document: short name, kind, date, English name and relations, from the manifest."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from errors import UserError
from ingest.manifest import MANIFEST_NAME, read_manifest

# English and Portuguese names of the document kinds the manifest uses (规划/方案/条例/意见/通知/办法).
KIND_NAMES = {
    "规划": ("Plan", "Plano"), "方案": ("Plan", "Plano"), "条例": ("Regulation", "Regulamento"),
    "意见": ("Opinions", "Pareceres"), "通知": ("Notice", "Aviso"), "办法": ("Measures", "Medidas"),
}


@dataclass(frozen=True)
class DocInfo:
    doc_id: str
    title: str  # with 《》
    short: str  # the first manifest alias, else the title without 《》
    kind: str = ""
    date: str = ""
    based_on: tuple[str, ...] = field(default_factory=tuple)
    names: tuple[str, str] = ("", "")  # the manifest's name_en / name_pt ("Overall Plan", "Plano Geral")

    @property
    def year(self) -> str:
        return self.date[:4]

    def foreign(self, language: str) -> str:
        """'the Overall Plan (总体方案, 2021)': an English/Portuguese name with the Chinese short name and year."""
        en = language == "en"
        names = KIND_NAMES.get(self.kind, ("document", "documento"))
        # the document's own name where the manifest gives one, else the name of its kind ("the Regulation")
        name = (self.names[0] if en else self.names[1]) or (names[0] if en else names[1])
        article = "The" if en else ("O" if name.startswith(("Plano", "Regulamento", "Aviso")) else "As")
        short = self.short if self.short and self.short.isascii() is False else self.title.strip("《》")
        year = f", {self.year}" if self.year else ""
        return f"{article} {name} ({short}{year})"

    def heading(self) -> str:
        """The group heading of an answer drawing on several documents: '《总体方案》（方案，2021-09-05）'."""
        bits = [b for b in (self.kind, self.date) if b]
        return f"《{self.short}》" + (f"（{'，'.join(bits)}）" if bits else "")


def _entries(corpus_dir: Path | None) -> dict[str, dict]:
    path = Path(corpus_dir) / MANIFEST_NAME if corpus_dir else None
    if path is None or not path.exists():
        return {}
    return _read(str(path.parent), path.stat().st_mtime_ns)  # re-read when the manifest changes


@lru_cache(maxsize=8)
def _read(corpus_dir: str, _mtime: int) -> dict[str, dict]:
    try:
        return {str(e["id"]): e for e in read_manifest(Path(corpus_dir))}
    except UserError:
        return {}  # the manifest is validated at ingest; answers only lose the short names


def doc_info(clause, corpus_dir: Path | None = None) -> DocInfo:
    """The document of a clause, as answers name it (manifest entry when there is one, else the clause's fields)."""
    entry = _entries(corpus_dir).get(clause.doc_id, {})
    aliases = [a for a in entry.get("aliases", []) or getattr(clause, "doc_aliases", []) if isinstance(a, str) and a]
    title = entry.get("title") or clause.doc_title or clause.doc_id
    short = aliases[0] if aliases else title.strip("《》")
    kind = str(entry.get("kind") or getattr(clause, "doc_kind", "") or "")
    return DocInfo(clause.doc_id, title, short, kind, str(entry.get("date") or clause.date or ""),
                   tuple(entry.get("based_on", []) or ()), (str(entry.get("name_en", "")), str(entry.get("name_pt", ""))))
