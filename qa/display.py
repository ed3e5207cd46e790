"""Display-only script conversion: Simplified document text shown in Traditional, converted word by word."""
from __future__ import annotations

import logging
import threading
from functools import lru_cache

from ingest.chars import converter

SCRIPTS = ("zh-Hans", "zh-Hant")

_lock = threading.Lock()
_segmenter = None


def _words(text: str) -> list[str]:
    """jieba words of a text (its own instance: the search tokenizers add glossary terms to theirs)."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                seg = jieba.Tokenizer()
                seg.initialize()
                _segmenter = seg
    return list(_segmenter.cut(text, HMM=False))


@lru_cache(maxsize=1)
def simplified_only() -> frozenset[str]:
    """Characters only Simplified uses: those OpenCC's s2t changes and whose Traditional form t2s maps back."""
    chars = [chr(c) for c in range(0x4E00, 0xA000)] + [chr(c) for c in range(0x3400, 0x4DC0)]
    # one call per table: a line break ends any phrase, so each character is converted alone
    trad = converter("s2t").convert("\n".join(chars)).split("\n")
    back = converter("t2s").convert("\n".join(trad)).split("\n")
    return frozenset(s for s, t, b in zip(chars, trad, back) if t != s and b == s)


def simplified_left(shown: str) -> set[str]:
    """Simplified-only characters in a Traditional display text that OpenCC would still convert there.

    A few such characters are right in context and OpenCC's phrase tables keep them (准入, 公里): a character
    counts as left over only when s2t of the word it stands in (read back from Simplified) changes it."""
    odd = simplified_only()
    base = converter("t2s").convert(shown)
    if len(base) != len(shown):
        return {c for c in shown if c in odd}
    again = "".join(converter("s2t").convert(w) for w in _words(base))
    if len(again) != len(shown):
        return {c for c in shown if c in odd}
    return {c for c, d in zip(shown, again) if c in odd and c != d}


@lru_cache(maxsize=8192)
def _word_hant(word: str) -> str:
    """One word in Macau/Hong Kong Traditional.

    The word alone goes through OpenCC's phrase tables, so a phrase cannot straddle two words (发展基础和面临
    would otherwise read 和面 'knead dough' and give 麪). s2hk gives the Hong Kong forms Macau readers write
    (為, 裏); where those are forms that are also Simplified (户, 税) the standard Traditional form is kept."""
    hk = converter("s2hk").convert(word)
    std = converter("s2t").convert(word)
    if len(hk) != len(std):
        return std
    odd = simplified_only()
    return "".join(s if h in odd else h for h, s in zip(hk, std))


@lru_cache(maxsize=4096)
def _hant(text: str) -> str:
    return "".join(_word_hant(w) if not w.isascii() else w for w in _words(text))


def to_script(text: str, script: str) -> str:
    """Text in the reader's script; the stored clause text is never changed, only what is displayed."""
    if script == "zh-Hant" and text:
        return _hant(text)
    return text


def to_simplified(text: str) -> str:
    """For matching a Traditional display string back to the document's Simplified wording."""
    return converter("t2s").convert(text) if text else text


def on_topic(question: str, clause, clauses: list) -> bool:
    """Whether a related clause is about what the question is about: it names the question's rarest thing
    (its focus concept of highest idf), whole or in part (金融业 ~ 金融). When that thing is named nowhere in
    the documents (社保), no clause is on the topic, however many words it shares (比例 in 持股比例)."""
    from .support import analyse, clause_context, stats_for, unknown
    from .text import fold

    stats = stats_for(clauses)
    query = analyse(question, stats)
    focus = [c for c in query.concepts if c.focus]
    if not focus:
        return False
    absent = {id(c) for c in unknown(query, stats)}
    top = max(focus, key=lambda c: (c.weight, id(c) not in absent))
    if id(top) in absent:
        return False
    return top.credit(stats.folded.get(clause.id) or fold(clause_context(clause))) > 0
