"""A sentence that introduces a list (统筹决定合作区下列重大事项…：) brings the list's items: the lead alone says nothing."""
from __future__ import annotations

from .compose import Pick
from .support import clause_sentences

MAX_ITEMS = 12  # a regulation's longest list of 项 here has 9; a longer one is named by its first twelve
_LEADS = ("：", ":")


def with_items(picks: list[Pick], index, allowed: set[str] | None = None) -> list[Pick]:
    """The picks with, after each sentence ending a clause with a colon, the first sentence of each of the
    clause's items (index.following: 第六条第二款 → its 第（一）项…第（四）项) not picked already; `allowed`: the ids
    an answer may cite (a filtered scope), None for all."""
    following = getattr(index, "following", None)  # absent on a stand-in index (tests' fakes)
    if following is None:
        return picks
    taken = {p.clause.id for p in picks}
    out: list[Pick] = []
    for p in picks:
        out.append(p)
        if not p.clause.text.rstrip().endswith(_LEADS) or not p.source.rstrip("。").rstrip().endswith(_LEADS):
            continue
        for item in following(p.clause.id)[:MAX_ITEMS]:
            if item.id in taken or (allowed is not None and item.id not in allowed):
                continue
            taken.add(item.id)
            sents = clause_sentences(item)
            if sents:
                pos, shown, source = sents[0]
                out.append(Pick(item, shown, source, pos, p.score, p.own, p.dense))
    return out
