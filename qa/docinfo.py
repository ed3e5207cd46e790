"""What answers say about a document: short name, kind, date, English name and relations, from the manifest."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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

    @property
    def year(self) -> str:
        return self.date[:4]

    def foreign(self, language: str) -> str:
        """'the Overall Plan (总体方案, 2021)': an English/Portuguese name with the Chinese short name and year."""
        en = language == "en"
        names = KIND_NAMES.get(self.kind, ("document", "documento"))
        name = names[0] if en else names[1]
        if "总体" in self.title and self.kind == "方案":
            name = "Overall Plan" if en else "Plano Geral"
        elif "产业" in self.title and self.kind == "规划":
            name = "Industrial Development Plan" if en else "Plano de Desenvolvimento Industrial"
        elif "促进条例" in self.title:
            name = "Development Promotion Regulation" if en else "Regulamento de Promoção do Desenvolvimento"
        article = "The" if en else ("O" if name.startswith(("Plano", "Regulamento", "Aviso")) else "As")
        short = self.short if self.short and self.short.isascii() is False else self.title.strip("《》")
        year = f", {self.year}" if self.year else ""
        return f"{article} {name} ({short}{year})"

    def heading(self) -> str:
        """The group heading of an answer drawing on several documents: '《总体方案》（方案，2021-09-05）'."""
        bits = [b for b in (self.kind, self.date) if b]
        return f"《{self.short}》" + (f"（{'，'.join(bits)}）" if bits else "")


def _entries(corpus_dir: Path | None) -> dict[str, dict]:
    path = Path(corpus_dir) / "manifest.toml" if corpus_dir else None
    if path is None or not path.exists():
        return {}
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # the manifest is validated at ingest; answers only lose the short names
    return {str(e.get("id")): e for e in data.get("documents", []) if isinstance(e, dict) and e.get("id")}


@lru_cache(maxsize=8)
def _cached(corpus_dir: str) -> dict[str, dict]:
    return _entries(Path(corpus_dir) if corpus_dir else None)


def doc_info(clause, corpus_dir: Path | None = None) -> DocInfo:
    """The document of a clause, as answers name it (manifest entry when there is one, else the clause's fields)."""
    entry = _cached(str(corpus_dir or "")).get(clause.doc_id, {})
    aliases = [a for a in entry.get("aliases", []) if isinstance(a, str) and a]
    title = entry.get("title") or clause.doc_title or clause.doc_id
    short = aliases[0] if aliases else re.sub(r"^《横琴粤澳深度合作区|》$", "", title).strip("《》") or title
    return DocInfo(clause.doc_id, title, short, str(entry.get("kind", "")), str(entry.get("date") or clause.date or ""),
                   tuple(entry.get("based_on", []) or ()))
