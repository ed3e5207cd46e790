"""The English/Portuguese intro: which document addresses the question, where, and what each cited clause is about."""
from __future__ import annotations

import re
from functools import lru_cache

from .docinfo import DocInfo, doc_info
from .text import fold

# Portuguese variants are told from English ones by accents or a Portuguese function word; the glossary
# lists English names first by convention, so the first unmarked Latin variant is the English name
_PT_MARK = re.compile(r"[ãõçâêôáéíóúà]|\b(?:de|da|do|das|dos|e|para|com|por|em|ao|aos|no|na|nas|nos)\b", re.IGNORECASE)
MAX_TOPICS = 2  # glossary terms named per clause
# A Portuguese variant without accents or function words ("economia digital", "turismo", "dados") is told by its
# word endings; the English name comes first, so only later variants are read this way. "Macao" is the English
# spelling of Macau (Portuguese writes Macau), "data"/"media"/"area" are English words with a Portuguese ending.
_PT_END = re.compile(r"(?:[ao]s?|ção|ções|ão|ões|dade|dades|mento|mentos|ismo)$", re.IGNORECASE)
_NOT_PT = frozenset({"macao", "data", "media", "area", "agenda"})


@lru_cache(maxsize=1)
def _terms() -> tuple[tuple[str, str, str], ...]:
    """(folded document term, English name, Portuguese name) as the glossary writes them, longest terms first."""
    try:
        from index.glossary import Glossary

        rows = Glossary.rows()
    except Exception:  # the intro still says where the clauses are without the glossary
        return ()
    out = []
    for term, variants in rows:
        latin = [v for v in variants if re.search(r"[a-z]", v, re.IGNORECASE) and not re.search(r"[\u3400-\u9fff]", v)]
        en = next((v for v in latin if v.isascii() and not _PT_MARK.search(v)), "")
        pt = next((v for v in latin if _PT_MARK.search(v)), "") or next((v for v in latin[1:] if _pt_words(v)), "")
        if en or pt:
            out.append((fold(term), en or pt, pt or en))
    out.sort(key=lambda t: -len(t[0]))
    return tuple(out)


def _pt_words(variant: str) -> bool:
    words = [w.lower() for w in re.findall(r"[a-zà-ÿ]+", variant, re.IGNORECASE) if len(w) > 3]
    return bool(words) and not _NOT_PT & set(words) and any(_PT_END.search(w) for w in words)


def topics(clause, language: str) -> list[str]:
    """Glossary names of what a clause is about, read from its heading and lead (else its first sentence)."""
    head = clause.path[-1] if clause.path else ""
    lead = clause.lead or re.split(r"[。；]", clause.text or "", maxsplit=1)[0]
    text = fold(head + " " + lead)
    found: list[str] = []
    for term, en, pt in _terms():
        if len(term) >= 3 and term in text:  # two-character terms (琴澳, 澳门) are what every clause is about
            name = en if language == "en" else pt
            text = text.replace(term, " ")
            if name.lower() not in (f.lower() for f in found):
                found.append(name)
        if len(found) >= MAX_TOPICS:
            break
    return found


def place(clause, info: DocInfo, language: str) -> str:
    """Where a clause sits, in Latin script: 'article 37', 'item (10)', 'part 6, section 3', 'table 2-1'."""
    en = language == "en"
    code = clause.path_code or ""
    art = re.search(r"art(\d+)", code)
    if art:
        return f"article {art.group(1)}" if en else f"artigo {art.group(1)}.º"
    if code.startswith("table"):
        return ("table " if en else "quadro ") + code[5:]
    if clause.kind == "preamble":
        return "the preface" if en else "o preâmbulo"
    if clause.kind in ("front_matter", "title"):
        return "the issuing notice" if en else "a nota de publicação"
    if clause.kind == "back_matter":
        return "the closing notes" if en else "as notas finais"
    parts = [p for p in code.split(".") if p]
    if info.kind == "方案" and len(parts) >= 2 and parts[1].isdigit():
        return f"item ({parts[1]})"  # the 总体方案's items run on across its parts
    if len(parts) >= 2:
        return f"part {parts[0]}, section {parts[1]}" if en else f"parte {parts[0]}, secção {parts[1]}"
    if not parts:
        return "the document" if en else "o documento"
    return f"part {parts[0]}" if en else f"parte {parts[0]}"


def _em(where: str) -> str:
    """Portuguese "em" joined to the place's article: na parte 6, no artigo 12.º, no item (10), no preâmbulo."""
    if where.startswith("o "):
        return "n" + where
    return ("na " if where.startswith("parte") else "no ") + where


def foreign_intro(language: str, mode: str, citations: list, corpus_dir=None) -> str:
    """One line in English or Portuguese naming each cited document and what each cited clause is about."""
    if language not in ("en", "pt") or not citations:
        return ""
    en = language == "en"
    by_doc: dict[str, tuple[DocInfo, dict[str, list[str]]]] = {}
    for c in citations:  # one entry per place, with the topics of every clause cited there
        info = doc_info(c.clause, corpus_dir)
        about = by_doc.setdefault(info.doc_id, (info, {}))[1].setdefault(place(c.clause, info, language), [])
        about += [t for t in topics(c.clause, language) if t not in about]
    pieces = []
    joiner = " and " if en else " e "
    for info, where_about in by_doc.values():
        places = [w + ((" (on " if en else " (sobre ") + ", ".join(a[:MAX_TOPICS + 1]) + ")" if a else "")
                  for w, a in where_about.items()]
        where = ", ".join(places[:-1]) + joiner + places[-1] if len(places) > 1 else places[0]
        if en:
            verb = "sets out" if mode == "summary" else "addresses this in"
            pieces.append(f"{info.foreign(language)} {verb} {where}")
        else:
            verb = "dispõe" if mode == "summary" else "trata disto"
            pieces.append(f"{info.foreign(language)} {verb} {_em(where)}")
    tail = "; the cited sentences (original Chinese) follow:" if en else \
        "; seguem-se as frases citadas (texto original em chinês):"
    # a later document's name continues the sentence: "…; the Development Promotion Regulation (条例, 2023) …"
    pieces[1:] = [p[0].lower() + p[1:] if p.split(" ", 1)[0] in ("The", "O", "A", "Os", "As") else p for p in pieces[1:]]
    return "; ".join(pieces) + tail
