"""Split a question of several parts into its parts, by its own punctuation and conjunctions.

"管委會主任由邊個做？執委會主任又係點揀出嚟、邊個任免？" asks three things: who heads the 管委会, how the 执委会
主任 is chosen, who appoints and removes him. Each part is searched and answered on its own (qa/multipart.py), so
that the second and third are not outranked by the first. A part that has no subject of its own ("边个任免")
inherits the subject of the part before it. Things a question lists and asks about each of become one part each:
named in quotes (「一節兩辦」「一賽兩地」), listed with 、/和/同 before 分别/各自/有什么不同 (jieba's words and tags
find where each thing ends), or documents ("总体方案和条例对……怎么规定", "the Overall Plan and the regulation").
A question of one part is returned as it is, alone.
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.docrefs import KIND_END, words
from index.normalize import strip_accents

MAX_PARTS = 4  # more pieces than this are a list of items, not separate questions
MIN_PART = 4  # characters (CJK) or letters: a shorter piece is a particle or a fragment, not a question

# Question marks end a part; so does a semicolon between two questions.
_END = re.compile(r"[？?；;]+")
# Conjunctions that start another part after a comma: "……，另外……", ", and also …", ", e …".
_CONJ_ZH = r"又|还有|還有|另外|以及|同时|同時|并且|並且|此外"
_CONJ_AFTER_COMMA = re.compile(rf"[，,、]\s*(?=(?:{_CONJ_ZH}))")
# English/Portuguese: "and"/"also"/"e"/"bem como" joining two questions (the second starts with a question word);
# "and" inside a noun phrase ("Guangdong and Macao") never splits.
_Q_EN = r"(?:what|which|who|whom|whose|how|when|where|why|whether|is|are|does|do|did|can|could|will|would|should|must)"
_Q_PT = r"(?:o que|que|qual|quais|quem|como|quando|onde|porque|quanto|quantos|quantas|ha|há|existe|existem|pode|podem)"
_CONJ_LATIN = re.compile(rf",?\s+(?:and\s+(?:also\s+)?(?={_Q_EN}\b)|also\s+(?={_Q_EN}\b)|e\s+(?={_Q_PT}\b)|bem como\s+)",
                         re.IGNORECASE)
# A Chinese piece after 、 or ， that is a question of its own: it starts with a question word ("、边个任免").
_WH = "边个|邊個|谁|誰|哪|什么|甚么|什麼|甚麼|咩|乜|怎么|怎麼|怎样|怎樣|如何|点样|點樣|点|點|几|幾|多少"
_WH_ZH = rf"(?:{_WH})"
_Q_ZH = rf"(?:{_WH}|是否|有没有|有沒有|有冇)"  # …and the yes/no questions, where a predicate starts
_PIECE_ZH = re.compile(rf"[、，,]\s*(?={_WH_ZH})")  # a yes/no tail ("，有冇限制") goes on asking the same thing
# Where a Chinese part's predicate starts: what comes before is its subject (执委会主任|又系点拣出嚟).
# (not 会/會, which ends the names of bodies: 管委会, 执委会)
_PREDICATE = re.compile(rf"又|由|是|系|係|可以|在|喺|{_Q_ZH}")
# Named things in quotes, two or more in a row: 「一節兩辦」「一賽兩地」, “澳门监造”“澳门监制”.
_QUOTED = re.compile(r"[「“\"'‘]([^「」“”\"'‘’]{1,30})[」”\"'’]")
_QUOTE_RUN = re.compile(r"(?:[「“\"‘][^「」“”\"‘’]{1,30}[」”\"’]\s*[、，,和与與及跟同/]?\s*){2,}")
_LEAD_CONJ = re.compile(rf"^(?:{_CONJ_ZH}|and\s+(?:also\s+)?|also\s+|e\s+|bem como\s+)", re.IGNORECASE)


def split(question: str, without_names=None) -> list[str]:
    """The parts of a question, in order; [question] when it asks one thing."""
    return parts_of(question, without_names)[0]


def parts_of(question: str, without_names=None) -> tuple[list[str], bool]:
    """(parts, listed): listed when the parts are the things of a list the question asks about each of
    (「A」「B」, "A、B同C各自…"), each of which the documents are expected to state apart.

    without_names(text): the text with the indexed documents' names blanked (Index.without_document_names), so that
    a part holding only a document's name and question words ("总体方案原话怎么说的") is no part of its own."""
    question = (question or "").strip()
    if not question:
        return [], False
    parts: list[str] = []
    for sentence in _pieces(question, _END):
        for clause in _pieces(sentence, _CONJ_AFTER_COMMA):
            for piece in _pieces(clause, _CONJ_LATIN):
                parts += _pieces(piece, _PIECE_ZH) if _cjk(piece) else [piece]
    parts = [p for p in (_LEAD_CONJ.sub("", p).strip(" ，,、：:") for p in parts) if _size(p) >= MIN_PART or
             _starts_with_question(p)]
    parts = _with_subjects(parts)
    parts = _without_asides(parts, without_names)
    listed = len(parts) < 2
    if listed:
        parts = _quoted_parts(question)
    if len(parts) < 2:
        parts = _listed_parts(question)
    if len(parts) < 2:
        parts = document_parts(question)
    parts = list(dict.fromkeys(p for p in parts if _size(p) >= MIN_PART))
    if not 2 <= len(parts) <= MAX_PARTS:
        return [question], False
    return parts, listed


# What a part may hold besides a document's name and still ask nothing of its own: question words and the asking
# for its wording ("总体方案原话怎么说的" after "听说要把长途费、漫游费砍掉？" asks for the first part's provision)
_ASIDE = re.compile(rf"{_WH}|原话|原文|说法|讲法|规定|怎么|说|讲|写|的|了|呢|吗|啊|呀|嘅|㗎|是|系|係|都|里|裏|中|对此|对这|"
                    rf"这个|呢个|具体|原本|到底|究竟|" + "|".join(KIND_END))


def _without_asides(parts: list[str], without_names=None) -> list[str]:
    """The parts without those that ask nothing of their own (a document's name and "what does it say")."""
    def topic(p: str) -> int:
        from .text import fold

        rest = without_names(p) if without_names is not None else fold(p)
        return len(re.findall(r"[\u3400-\u9fff]", _ASIDE.sub("", rest)))

    kept = [p for p in parts if not _cjk(p) or topic(p) >= 2]
    return kept if kept else parts[:1]


def _pieces(text: str, pattern: re.Pattern) -> list[str]:
    return [p.strip() for p in pattern.split(text) if p and p.strip()]


def _cjk(text: str) -> bool:
    return len(re.findall(r"[\u3400-\u9fff]", text)) >= len(re.findall(r"[A-Za-z]", text))


def _size(text: str) -> int:
    return len(re.findall(r"[\u3400-\u9fff]", text)) + len(re.findall(r"[A-Za-z]+", text)) * 2


def _starts_with_question(part: str) -> bool:
    return _cjk(part) and bool(re.match(_WH_ZH, part))


def _subject(part: str) -> str:
    """The words before a Chinese part's predicate ("执委会主任" of "执委会主任又系点拣出嚟"), "" when none."""
    m = _PREDICATE.search(part)
    return part[: m.start()].strip(" ，,") if m and m.start() >= 2 else ""


def _with_subjects(parts: list[str]) -> list[str]:
    """A Chinese part that starts with its question word ("边个任免") gets the subject of the part before it."""
    out: list[str] = []
    subject = ""
    for p in parts:
        if _starts_with_question(p) and subject:
            p = subject + p
        else:
            subject = _subject(p) if _cjk(p) else ""
        out.append(p)
    return out


def _quoted_parts(question: str) -> list[str]:
    """One part per named thing of a quoted run: "「A」「B」具體係搞咩" -> "「A」具體係搞咩", "「B」具體係搞咩"."""
    run = _QUOTE_RUN.search(question)
    if not run:
        return [question]
    names = _QUOTED.findall(run.group(0))
    if len(names) < 2:
        return [question]
    head, tail = question[: run.start()], question[run.end():]
    return [f"{head}「{n}」{tail}".strip() for n in names]


# A question asking about each of several things it lists: "分别/各自/各有/有什么不同", "each", "respectively".
_EACH = re.compile(r"分别|分別|各自|各有|各(?=[怎点點系係是写寫管负負规規])|有什么不同|有什麼不同|有何不同|有咩唔同|有乜唔同|"
                   r"区别|區別|异同|異同|\beach\b|\brespectively\b|\bboth\b|\bcada\b|\bambos\b|\brespetivamente\b")
_JOIN = frozenset("和 与 與 同 跟 及 以及 、".split())
# Where a listed thing ends (jieba tags: prepositions, verbs, adverbs, pronouns, particles) or words that do.
_END_TAGS = ("p", "v", "d", "r", "u", "c", "f", "m", "q", "zg", "y", "e")
_END_WORDS = frozenset("各自 各有 各 分别 分別 在 喺 对 對 入面 里面 里 的 嘅 有 是 系 係 都 上 中".split())


def _listed_parts(question: str) -> list[str]:
    """One part per thing of a list the question asks about each of: "管委会、执委会同广东省派出机构各自负责咩"
    -> "管委会各自负责咩", "执委会各自负责咩", "广东省派出机构各自负责咩" (jieba's words and tags find the things)."""
    from .support import _pos_table, _words
    from .text import fold

    if not _cjk(question):
        return [question]
    words = _words(fold(question))
    tags = _pos_table()

    def thing(w: str) -> bool:
        if w in _JOIN or w in _END_WORDS or w[0] in "各分" or not re.search(r"[\u3400-\u9fff]", w):
            return False
        return not tags.get(w, "n").startswith(_END_TAGS)

    joins = [i for i, w in enumerate(words) if w in _JOIN and 0 < i < len(words) - 1 and thing(words[i - 1])
             and thing(words[i + 1])]
    if not joins:
        return [question]
    start = joins[0]
    while start > 0 and thing(words[start - 1]):
        start -= 1
    items, cur, i = [], [], start
    while i < len(words):  # things and joins, up to the first word that is neither
        w = words[i]
        if w in _JOIN and cur and i + 1 < len(words) and thing(words[i + 1]):
            items.append("".join(cur))
            cur = []
        elif thing(w):
            cur.append(w)
        else:
            break
        i += 1
    items.append("".join(cur))
    if len(items) < 2 or not (_EACH.search(question) or all(item.endswith(_DOC_KIND) for item in items)):
        return [question]  # a list not asked about each ("合作区和澳门怎样合作"), unless it lists documents
    head, tail = "".join(words[:start]), "".join(words[i:])
    return [f"{head}{item}{tail}" for item in items]


# The last word of a Chinese document name (index/docrefs.KIND_END, without the one-character 法 and 典, which end
# ordinary words too): "总体方案和条例对……怎么规定" asks each document.
_DOC_KIND = tuple(k for k in KIND_END if len(k) > 1)


@lru_cache(maxsize=1)
def _doc_run() -> re.Pattern:
    """Two or more English/Portuguese document names in a list: "the Overall Plan and the regulation"."""
    names = "|".join(re.escape(w) for w, _ in words() if len(w) >= 4)
    one = rf"(?:(?:the|o|a|os|as)\s+(?:[a-z]+\s+){{0,2}}?)?(?:{names})s?"  # modifiers after a determiner only
    return re.compile(rf"\b({one})((?:\s*,\s*{one})*)\s*,?\s+(?:and|e)\s+({one})\b", re.IGNORECASE)


def document_parts(question: str) -> list[str]:
    """One part per document of a list of document names in an English/Portuguese question."""
    text = strip_accents(question)  # same length: the spans found in it are the question's
    if len(text) != len(question) or _cjk(question):
        return [question]
    m = _doc_run().search(text)
    if not m:
        return [question]
    middle = [x.strip() for x in m.group(2).split(",") if x.strip()]
    items = [m.group(1).strip()] + middle + [m.group(3).strip()]
    items = [question[text.find(i, m.start()):text.find(i, m.start()) + len(i)] for i in items]
    head, tail = question[: m.start()], question[m.end():]
    return [f"{head}{item}{tail}" for item in items]
