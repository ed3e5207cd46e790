"""jieba tokens of folded text for BM25, with the corpus' own terms kept whole."""
from __future__ import annotations

import logging
import re
import threading

from .normalize import fold, strip_accents
from .terms import load_userdict

# Function words and question scaffolding that carry no topic; BM25 idf would damp them anyway,
# but short questions are dominated by them otherwise.
STOPWORDS = frozenset(
    """的 了 和 与 及 以及 或 等 在 是 为 对 把 被 将 从 向 于 由 其 之 这 那 有 也 都 并 而 及其 中 上 下
    吗 呢 吧 啊 么 什么 哪些 哪个 哪 怎么 怎样 如何 多少 几 是否 有没有 请问 请 一下 关于 方面 有关 相关 提到 提出 说 讲 规定 内容
    我 我们 我司 公司 你 你们 他们 可以 能 能否 会 要 需要 想 该 这个 那个 一个 哪里 为什么 吗？
    the a an of to in on for and or is are be what which how does do did about with by from at as that this
    o a os as de da do das dos em no na nos nas para por com que qual quais como é e um uma sobre
    甚么 什麼 讲了 说了 讲的 说的 写了 写的 怎么说 怎样说
    say says said tell mention mentions plan document text content
    diz dizem fala falam dizer plano documento texto conteudo""".split()
)
VERSION = "jieba-search-v3"  # bump when tokens() changes: stored BM25 postings depend on it
_WORD = re.compile(r"[\w%+·.-]+", re.UNICODE)
_init_lock = threading.Lock()


class Tokenizer:
    """One jieba instance per term list, so indexes with different corpora never share a dictionary."""

    def __init__(self, extra_terms: list[str] | None = None):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.terms = sorted(set(load_userdict()) | {fold(t) for t in (extra_terms or [])})
        self._jieba = jieba.Tokenizer()
        with _init_lock:
            base = _base_dictionary()
            # jieba's own initialize() re-reads its 350k-word dictionary (~0.7 s); a copy of one loaded base is ~30 ms
            self._jieba.FREQ, self._jieba.total, self._jieba.initialized = dict(base.FREQ), base.total, True
            for term in self.terms:
                self._jieba.add_word(term, freq=max(2000, 200 * len(term)))

    def tokens(self, text: str) -> list[str]:
        """Search-mode jieba tokens of the folded text (words plus their in-dictionary parts), stopwords dropped.

        Accents are stripped first (jieba splits 'características' at the accent otherwise) and Latin
        words lose a plural ending, so 'contas EF' and 'conta EF' match alike."""
        out = []
        for tok in self._jieba.cut_for_search(strip_accents(fold(text))):
            tok = tok.strip()
            if not tok or tok in STOPWORDS or not _WORD.fullmatch(tok):
                continue
            if len(tok) == 1 and not ("\u4e00" <= tok <= "\u9fff"):
                continue
            if tok.isascii() and tok.isalpha():
                tok = latin_stem(tok)
            out.append(tok)
        return out


_base = None


def _base_dictionary():
    """jieba's default dictionary, loaded once per process (call with _init_lock held)."""
    global _base
    if _base is None:
        import jieba

        _base = jieba.Tokenizer()
        _base.initialize()
    return _base


def latin_stem(word: str) -> str:
    """A deliberately tiny English/Portuguese plural stripper (companies->company, contas->conta)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
