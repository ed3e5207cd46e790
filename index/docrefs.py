"""Which document a reference names: "条例第十二条", "《发展促进条例》第四十九条", "article 49 of the regulation".

A name is read from the words written right before the reference (or after it, in English and Portuguese), and
matched later against each clause's document (title, manifest aliases, family), so detection needs no corpus."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .normalize import fold, strip_accents

_DATA = Path(__file__).parent / "data" / "doc_words.tsv"
# The last word of a Chinese document name: a run of characters before a reference is a name only when it
# ends like one (请问第十二条 names no document; 民法典第十二条 names one that may not be indexed).
KIND_END = ("条例", "办法", "规定", "细则", "决定", "方案", "意见", "规划", "通知", "法", "典", "章程", "纲要")
_STATE = "中华人民共和国"
_QUOTED = re.compile(r"《([^《》]{1,60})》")
_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,30}?)(?:[的之中里内]|\s)*$")
_AFTER = re.compile(r"^\s*(?:of|in|do|da|de|no|na)\s+(?:the\s+|o\s+|a\s+)?([a-z][a-z ]{1,30})")
MIN_LATIN = 4  # characters: "law", "lei" are too common in running English/Portuguese ("Macau law") to name a document


@lru_cache(maxsize=1)
def words() -> list[tuple[str, str]]:
    """(word, family) pairs, longest first, from the data file."""
    out = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, family = line.split("\t")[:2]
            out.append((word.strip(), family.strip()))
    return sorted(out, key=lambda w: -len(w[0]))


# A one-word family name that is also the head of a longer one ("plan" in "overall plan", "plano" in "plano geral")
# is the common noun of running text too ("which existing plan", "a new plan"): it names a document only after a
# definite determiner within the few words before it ("the plan", "the industrial development plan", "do plano").
# A possessive ("Hengqin's plan", "the zone's plan") is a determiner too.
_DEFINITE = r"(?:the|this|that|its|o|os|do|dos|no|nos|pelo|ao|deste|desse|neste|nesse|este|esse|[a-z]+['’]s)"
_GAP = r"(?:[a-z0-9'’-]+\s+){0,2}"  # up to two modifiers between the determiner and the word


@lru_cache(maxsize=1)
def _latin_patterns() -> list[tuple[re.Pattern, str]]:
    latin = [(strip_accents(w), fam) for w, fam in words() if len(w) >= MIN_LATIN]
    return [(re.compile((_definite(w) if _head(w, latin) else "") + r"\b" + re.escape(w) + r"s?\b"), fam)
            for w, fam in latin]


def _head(word: str, latin: list[tuple[str, str]]) -> bool:
    """Whether a one-word family name is the first or last word of a longer one ("plan" of "overall plan")."""
    return " " not in word and any(w != word and word in (w.split()[0], w.split()[-1]) for w, _ in latin)


def _definite(word: str) -> str:
    """The prefix a common-noun family name needs: a definite determiner, then up to two words before it."""
    return r"\b" + _DEFINITE + r"\s+" + _GAP


def families_named(text: str) -> list[str]:
    """The families an English/Portuguese question names anywhere ("under the Overall Plan", "o regulamento"),
    longest word first: a matched word is blanked so that "overall plan" is not read again as "plan"."""
    text, found = strip_accents(fold(text)), []
    for pattern, family in _latin_patterns():
        if pattern.search(text):
            text = pattern.sub(" ", text)
            found += [family] if family not in found else []
    return found


def without_family_words(text: str) -> str:
    """An English/Portuguese text with the words naming a document's family blanked ("under the Overall Plan, …"):
    the document named is where to look, not a word the answer must hold."""
    text = strip_accents(fold(text))
    for pattern, _ in _latin_patterns():
        text = pattern.sub(" ", text)
    return text


def name_before(text: str, start: int) -> tuple[str, int] | None:
    """The document name written just before position `start` of a folded query, with where it starts."""
    head = text[:start]
    quoted = list(_QUOTED.finditer(head))
    if quoted and not head[quoted[-1].end():].strip(" 的之中里内第"):
        return quoted[-1].group(1), quoted[-1].start()
    m = _BEFORE.search(head)
    if not m:
        return None
    run = m.group(1)
    if not run.endswith(KIND_END):
        return None
    return run, m.start(1)


def name_after(text: str, end: int) -> tuple[str, int] | None:
    """The document named after a Latin reference ("article 49 of the regulation"), with where it ends."""
    m = _AFTER.match(strip_accents(text[end:]))
    if not m:
        return None
    phrase = m.group(1)
    for word, family in words():
        if phrase.startswith(strip_accents(word)) and (len(phrase) == len(word) or not phrase[len(word)].isalpha()):
            return "@" + family, end + m.start(1) + len(word)
    other = _OTHER_LAW.match(phrase)  # "article 12 of the Civil Code": a text that may not be indexed, as 民法典第十二条
    if other:
        return other.group(1).strip(), end + m.start(1) + other.end(1)
    return None


# A law named in English or Portuguese after a reference that no family word covers: a modifier and a kind word
# ("civil code", "company law", "basic law", "código civil"). A bare "law" or "lei" is a family word of
# index/data/doc_words.tsv (the regulation at hand), matched before this.
_OTHER_LAW = re.compile(r"((?:[a-z]+\s+){1,3}?(?:code|law|act|constitution)|(?:codigo|constituicao)(?:\s+(?:d[aoe]s?\s+)?"
                        r"[a-z]+){1,2})\b")


def names_doc(names: tuple[str, ...], clause) -> bool:
    """Whether the clause's document answers to one of the names ("@regulation" names a family)."""
    return any(_tier(name, clause) for name in names)


def meant(names: tuple[str, ...], documents: dict) -> set[str]:
    """The documents the names mean, among doc_id -> one clause of it: for each name, the documents that answer
    to it most precisely. "条例" is the alias of one document and only the kind word of 87 regulations added
    without a manifest entry: it means the one. A family word ("the regulation") that several documents share
    means those the manifest describes (they carry aliases), when there are any."""
    out: set[str] = set()
    for name in names:
        tiers = {doc: _tier(name, clause) for doc, clause in documents.items()}
        best = min((t for t in tiers.values() if t), default=0)
        found = {doc for doc, t in tiers.items() if t and t == best}
        if best == _WEAK:
            found = {doc for doc in found if getattr(documents[doc], "doc_aliases", None)} or found
        out |= found
    return out


_TITLE, _ALIAS_END, _WEAK = 1, 2, 3  # how precisely a name fits a document: title or alias, alias suffix, kind/family


def _tier(name: str, clause) -> int:
    """0 when the document does not answer to the name, else how precisely it does (_TITLE best).

    "=doc-id" names one document by id (a name already resolved by `meant`), "@family" a document family."""
    if name.startswith("="):
        return _TITLE if clause.doc_id == name[1:] else 0
    if name.startswith("@"):
        return _WEAK if (getattr(clause, "family", "") or "plan") == name[1:] else 0
    title = fold((clause.doc_title or "").strip("《》"))
    name = fold(name)
    # national laws are written without the state's name: 民法典 is 《中华人民共和国民法典》
    short = title[len(_STATE):] if title.startswith(_STATE) else title
    aliases = [fold(a) for a in (getattr(clause, "doc_aliases", None) or [])]
    if name in (title, short) or (len(name) >= 4 and name in title) or name in aliases:
        return _TITLE
    # "请问条例" ends with the alias 条例; an unindexed "总体发展规划" would end with 规划 too (a known limit)
    if any(name.endswith(a) for a in aliases):
        return _ALIAS_END
    # no alias to go by (a document added without a manifest entry): the kind word its title ends with
    kind = getattr(clause, "doc_kind", "")
    return _WEAK if not aliases and kind and name.endswith(kind) and title.endswith(kind) else 0
