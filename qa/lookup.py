"""Clause lookup for staff: a section reference ("六（三）", "第六部分第三节", "6.3", "表2-1第4行") or a keyword."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from errors import UserError
from index.refs import SectionRef, detect, is_section, matches, resolve, to_int, wanted

from .refnotes import documents_in_scope, missing_note
from .text import fold

_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{1,3})\s*$")  # 6.3.2 = part 6, section 3, paragraph 2
_BARE_PART = re.compile(r"^\s*([零〇一二两三四五六七八九十]{1,3})\s*、?\s*$")  # 十一 or 十一、: part 十一
_ROW = re.compile(r"第\s*(\d{1,3})\s*行|\brow\s*(\d{1,3})|\blinha\s*(\d{1,3})", re.IGNORECASE)


class LookupError_(UserError):
    """A reference that names no clause, or an empty query; `note` says in Chinese what the document has."""

    def __init__(self, message: str, note: str = ""):
        super().__init__(message)
        self.note = note


@dataclass
class LookupResult:
    query: str
    kind: str  # "section" (a reference) or "keyword"
    code: str = ""  # "6.3", "6", "table2-1", "preface"; "" for keyword lookups
    heading: str = ""  # e.g. "六、发展现代金融产业 / （三）推动跨境金融创新发展"
    clauses: list = field(default_factory=list)  # in document order, one document after another
    documents: list = field(default_factory=list)  # per document found: {"doc_id", "doc_title", "heading", "count"}

    def to_dict(self) -> dict:
        return {"query": self.query, "kind": self.kind, "code": self.code, "heading": self.heading,
                "documents": list(self.documents),
                "clauses": [{"clause_id": c.id, "citation": c.citation, "text": c.text, "doc_title": c.doc_title,
                             "path": list(c.path), "page": c.page} for c in self.clauses]}


def parse(query: str) -> list[SectionRef]:
    """Section references in a text, with "6.3.2" and "第4行" (table rows) understood as well."""
    m = _DOTTED.match(query or "")
    if m:
        return [SectionRef(f"{int(m.group(1))}.{int(m.group(2))}", int(m.group(3)))]
    bare = _BARE_PART.match(query or "")
    if bare and to_int(bare.group(1)):
        return [SectionRef(str(to_int(bare.group(1))), span=(0, len(query)))]
    refs = detect(query or "")
    row = _ROW.search(query or "")
    if row and refs and refs[0].code.startswith("table"):
        n = int(next(g for g in row.groups() if g))
        refs[0] = SectionRef(refs[0].code, n, refs[0].span)
    return refs


def section_clauses(ref: SectionRef, clauses: list, doc: str | None = None) -> list:
    """The clauses under a reference in document order; with a paragraph number, just that paragraph."""
    clauses = [c for c in clauses if doc is None or c.doc_id == doc]
    ref = resolve(ref, clauses)
    found = [c for c in clauses if matches(ref, c)]
    if ref.paragraph and ref.code.startswith("table"):
        found = [c for c in found if (c.table or {}).get("row") == ref.paragraph or c.ordinal == ref.paragraph]
    elif ref.paragraph or ref.item:
        found = [c for c in found if wanted(ref, c)]
    return found


def by_document(clauses: list) -> list[dict]:
    """The documents a list of clauses comes from, in order, each with the headings its clauses share."""
    groups: dict[str, list] = {}
    for c in clauses:
        groups.setdefault(c.doc_id, []).append(c)
    return [{"doc_id": d, "doc_title": cs[0].doc_title, "heading": heading_of(cs), "count": len(cs)}
            for d, cs in groups.items()]


def reference_note(question: str, clauses: list, language: str = "zh-Hans", corpus_dir=None) -> tuple[str, bool]:
    """For a question whose every reference names nothing (条例第八十条): what the documents have instead, and
    whether the named document is indexed at all; ("", True) when a reference is found or there is none."""
    refs = parse(question)
    if not refs or any(section_clauses(ref, clauses) for ref in refs):
        return "", True
    known = all(documents_in_scope(ref, clauses) for ref in refs)
    notes = (missing_note(ref, clauses, language, corpus_dir) for ref in refs)
    return "".join(dict.fromkeys(n for n in notes if n)).strip(), known


def heading_of(clauses: list) -> str:
    """The headings shared by all the clauses (the referenced part or section)."""
    if not clauses:
        return ""
    common = list(clauses[0].path)
    for c in clauses[1:]:
        n = 0
        while n < min(len(common), len(c.path)) and common[n] == c.path[n]:
            n += 1
        common = common[:n]
    if not common and all(c.kind == "preamble" for c in clauses):
        return "前言"
    if clauses[0].kind == "table_row" and clauses[0].table:
        common = common + [clauses[0].table.get("title", "")]
    return " / ".join(p for p in common if p)


def lookup(query: str, clauses: list, doc: str | None = None, limit: int = 50) -> LookupResult:
    """A reference gives its clauses in order; anything else is a keyword found in clause texts."""
    query = (query or "").strip()
    if not query:
        raise LookupError_("lookup: give a clause reference such as 六（三） or a keyword")
    if doc is not None and not any(c.doc_id == doc for c in clauses):
        docs = sorted({c.doc_id for c in clauses})
        raise LookupError_(f"lookup: unknown document id {doc!r} (indexed: {', '.join(docs)})")
    refs = parse(query)
    for ref in refs:
        _check_number(query, ref, clauses, doc)
        found = section_clauses(ref, clauses, doc)
        if found:
            docs = by_document(found)
            heading = docs[0]["heading"] if len(docs) == 1 else " · ".join(
                f"{d['doc_title']} {d['heading']}".strip() for d in docs)
            return LookupResult(query, "section", resolve(ref, clauses).code, heading, found, docs)
    if refs and (_looks_like_reference(query) or _BARE_PART.match(query)):
        scope = [c for c in clauses if doc is None or c.doc_id == doc]
        note = "".join(dict.fromkeys(n for n in (missing_note(r, scope) for r in refs) if n))
        raise LookupError_(f"lookup: no clauses under {query!r} in the indexed documents" + (f" — {note}" if note else ""),
                           note)
    needle = fold(query)
    hits = [c for c in clauses if (doc is None or c.doc_id == doc)
            and (needle in fold(c.text) or needle in fold(" ".join(c.path)))]
    if not hits:
        raise LookupError_(f"lookup: nothing found for {query!r} — try a reference like 六（三） or another keyword")
    return LookupResult(query, "keyword", "", "", hits[:limit], by_document(hits[:limit]))


_EXPLICIT = re.compile(r"第\s*([-－]?\d+)\s*([行段款])")  # a row or paragraph number as typed, any size or sign


def _check_number(query: str, ref: SectionRef, clauses: list, doc: str | None) -> None:
    """A row/paragraph number that does not exist (第0行, 第99999行, 第-1段) is an error, never the whole table
    or section (the reference parsers read only 1-3 digit positive numbers and dropped the rest)."""
    m = _EXPLICIT.search(query)
    if not m:
        return
    n = int(m.group(1).replace("－", "-"))
    whole = section_clauses(SectionRef(ref.code, None, ref.span, ref.fallback), clauses, doc)
    if not whole or (n >= 1 and section_clauses(SectionRef(ref.code, n, ref.span, ref.fallback), clauses, doc)):
        return
    unit = m.group(2)
    if ref.code.startswith("table"):
        count = len({(c.table or {}).get("row") for c in whole})
    else:
        count = max((c.ordinal for c in whole if is_section(ref, c)), default=0)
    where = f"{heading_of(whole)}" or query
    raise LookupError_(f"lookup: {query!r}: there is no 第{n}{unit} — {where} has {count} "
                       f"{'rows' if unit == '行' else 'paragraphs'} (numbered from 1)")


def _looks_like_reference(query: str) -> bool:
    """A query that is only a reference (no keyword left): '六（十）' should be reported, not searched as text."""
    rest = fold(query)
    for ref in detect(query):
        rest = rest[: ref.span[0]] + rest[ref.span[1]:]
    return len(re.sub(r"[\W\d_第段行节部分]", "", rest)) <= 1


def reference_label(clause) -> str:
    """Short reference of a clause: 六（三）第2段, 表2-1第2行, 前言第1段."""
    cite = clause.citation or ""
    title = clause.doc_title or ""
    return cite[len(title):] if title and cite.startswith(title) else cite
