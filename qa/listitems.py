"""A sentence that introduces a list (统筹决定合作区下列重大事项…：) brings the list's items: the lead alone says nothing."""
from __future__ import annotations

from .compose import Pick
from .support import clause_sentences

MAX_ITEMS = 12  # a regulation's longest list of 项 here has 9; a longer one is named by its first twelve
_LEADS = ("：", ":")
_positions: dict = {}


def with_items(picks: list[Pick], clauses: list) -> list[Pick]:
    """The picks with, after each sentence ending a clause with a colon, the first sentence of each of the
    clause's items (第六条第二款 → its 第（一）项…第（四）项) not picked already."""
    taken = {p.clause.id for p in picks}
    out: list[Pick] = []
    for p in picks:
        out.append(p)
        if not p.clause.text.rstrip().endswith(_LEADS) or not p.source.rstrip("。").rstrip().endswith(_LEADS):
            continue
        for item in _items(p.clause, clauses)[:MAX_ITEMS]:
            if item.id in taken:
                continue
            taken.add(item.id)
            sents = clause_sentences(item)
            if sents:
                pos, shown, source = sents[0]
                out.append(Pick(item, shown, source, pos, p.score, p.own, p.dense))
    return out


def _items(lead, clauses: list) -> list:
    """The clauses right after `lead` in document order whose ids extend its id (ch2.art6.p2 → ch2.art6.p2.i1…)."""
    pos = _position(clauses).get(lead.id)
    if pos is None:
        return []
    prefix = lead.id + "."
    found = []
    for c in clauses[pos + 1:]:
        if not c.id.startswith(prefix):
            break
        found.append(c)
    return found


def _position(clauses: list) -> dict[str, int]:
    """Clause id -> position, built once per clause list (one tuple, replaced whole, for concurrent readers)."""
    cached = _positions.get("entry")
    if cached is None or cached[0] is not clauses or cached[1] != len(clauses):
        cached = _positions["entry"] = (clauses, len(clauses), {c.id: i for i, c in enumerate(clauses)})
    return cached[2]
