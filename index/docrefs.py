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
_KIND_END = ("条例", "办法", "规定", "细则", "决定", "方案", "意见", "规划", "通知", "法", "典", "章程", "纲要")
_STATE = "中华人民共和国"
_QUOTED = re.compile(r"《([^《》]{1,60})》")
_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,30}?)(?:[的之中里内]|\s)*$")
_AFTER = re.compile(r"^\s*(?:of|in|do|da|de|no|na)\s+(?:the\s+|o\s+|a\s+)?([a-z][a-z ]{1,30})")


@lru_cache(maxsize=1)
def words() -> list[tuple[str, str]]:
    """(word, family) pairs, longest first, from the data file."""
    out = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, family = line.split("\t")[:2]
            out.append((word.strip(), family.strip()))
    return sorted(out, key=lambda w: -len(w[0]))


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
    if not run.endswith(_KIND_END):
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
    return None


def names_doc(names: tuple[str, ...], clause) -> bool:
    """Whether the clause's document answers to one of the names ("@regulation" names a family)."""
    return any(_answers(name, clause) for name in names)


def _answers(name: str, clause) -> bool:
    if name.startswith("@"):
        return (getattr(clause, "family", "") or "plan") == name[1:]
    title = fold((clause.doc_title or "").strip("《》"))
    name = fold(name)
    # national laws are written without the state's name: 民法典 is 《中华人民共和国民法典》
    short = title[len(_STATE):] if title.startswith(_STATE) else title
    if name in (title, short) or (len(name) >= 4 and name in title):
        return True
    aliases = getattr(clause, "doc_aliases", None) or []
    # "请问条例" ends with the alias 条例; an unindexed "总体发展规划" would end with 规划 too (a known limit)
    if any(name.endswith(fold(a)) for a in aliases):
        return True
    # no alias to go by (a document added without a manifest entry): the kind word its title ends with
    kind = getattr(clause, "doc_kind", "")
    return not aliases and bool(kind) and name.endswith(kind) and title.endswith(kind)
