"""Language of a question: zh-Hans, zh-Hant, en or pt (short texts, no model)."""
from __future__ import annotations

import re
import unicodedata

from ingest.chars import converter

# Cantonese particles are written with Traditional characters in Macau and mark a zh-Hant reader
# even when every other character happens to be the same in both scripts.
_CANTONESE = set("喺嘅咩唔乜嘢咗冇啲佢哋嗰噉睇諗")
_PT_WORDS = {
    "o", "os", "as", "da", "do", "das", "dos", "de", "em", "no", "na", "nos", "nas", "para", "pelo", "pela",
    "que", "qual", "quais", "quanto", "quantos", "quantas", "como", "onde", "quem", "é", "são", "um", "uma",
    "não", "sim", "com", "por", "sobre", "existe", "existem", "podemos", "pode", "meta", "plano", "zona",
    "empresas", "empresa", "apoio", "medidas", "somos", "está", "ao", "aos", "à", "às",
    # the reference words of a bare Portuguese lookup ("artigo 37.º do regulamento"), where "do" ties with English
    "artigo", "artigos", "regulamento", "lei", "parte", "secção", "capítulo", "alínea", "número",
}
_EN_WORDS = {
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "what", "which", "how", "does",
    "do", "did", "who", "when", "where", "can", "we", "our", "plan", "zone", "about", "with", "by", "show", "me",
    "there", "any", "will", "be", "it", "its", "this", "that", "target",
}
_WORD = re.compile(r"[a-zà-ÿ]+", re.IGNORECASE)




def detect(text: str) -> str:
    """zh-Hant when more characters are Traditional-only than Simplified-only; Latin text by word lists."""
    text = unicodedata.normalize("NFC", text or "")
    han = "".join(c for c in text if "\u3400" <= c <= "\u9fff")
    if han:
        latin = len(_WORD.findall(text))
        if len(han) >= 2 or latin == 0:
            trad = sum(a != b for a, b in zip(han, converter("t2s").convert(han)))
            simp = sum(a != b for a, b in zip(han, converter("s2t").convert(han)))
            if any(c in _CANTONESE for c in han):
                trad += 2
            return "zh-Hant" if trad > simp else "zh-Hans"
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return "zh-Hans"
    # accents and the ordinal indicator (37.º, 2.ª) are Portuguese spelling English never has
    pt = sum(w in _PT_WORDS for w in words) + 2 * len(re.findall(r"[ãõçâêôáíúºª]", text.lower()))
    en = sum(w in _EN_WORDS for w in words)
    return "pt" if pt > en else "en"
