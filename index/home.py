"""The home documents: those the manifest describes (the zone's own), ranked first for a question they fit as well
as the background laws added in bulk do, by how close their best dense match comes to the collection's best.

A knowledge base serves its described documents; hundreds or thousands of laws ingested without a manifest entry
are there to be cited when a question is theirs (民法典 on tort, 公司法 on shareholders), not to push the zone's
answer to 外商投资准入 or 人才住房 out of the top five because a law says something close. The decision is per
question and calibrated, not a filter: the e5 cosine of the best home clause against the best clause anywhere.
Measured on the 271k-clause LawRefBook index (e5-onnx): for the dev questions the home documents answer, the gap is
at most 0.03 for 90% of them (0.05 at most, reference lookups aside); for questions only a background law answers
(eval/gold/background.jsonl) it is 0.05-0.10. The weight falls from 1 to 0 around GAP_MID with a logistic of width
GAP_SCALE, and lifts the home documents' own ranking (a fused search within them) by up to HOME_VOTES top-rank
votes, so a clause of a background law that answers clearly better keeps its place. Off below the document
prior's MIN_DOCUMENTS documents (a corpus of the zone's own documents has nothing to tell apart) and when no
document, or every document, is described."""
from __future__ import annotations

import math

import numpy as np

from .docprior import MIN_DOCUMENTS

GAP_MID = 0.05  # cosine: home best this far below the collection's best gets weight 1/2 (see the module docstring)
GAP_SCALE = 0.004  # cosine: the logistic's width; 0.042 -> 0.88, 0.05 -> 0.5, 0.058 -> 0.12
HOME_VOTES = 3.0  # top-rank votes a fully fitting home clause gains over its own fused score within the home scope
MIN_WEIGHT = 0.02  # below, the home ranking is not consulted at all (saves the scoped search)


class HomeScope:
    """Positions of the described documents' clauses, and the weight of a question's fit to them."""

    def __init__(self, clauses: list):
        docs: dict[str, bool] = {}
        for c in clauses:
            if c.doc_id not in docs:
                docs[c.doc_id] = bool(getattr(c, "doc_aliases", None))
        self.doc_ids = tuple(sorted(d for d, described in docs.items() if described))
        self.active = bool(self.doc_ids) and len(self.doc_ids) < len(docs) and len(docs) >= MIN_DOCUMENTS
        self.mask = np.array([docs[c.doc_id] for c in clauses], dtype=bool) if self.active else None

    def is_home(self, doc_id: str) -> bool:
        return doc_id in self.doc_ids

    def weight(self, vectors, qvec: np.ndarray, selection_all, selection_home) -> float:
        """0..1: how well the home documents fit the question, from the dense cosines (1 when they hold the best)."""
        best = vectors.search(qvec, 1, selection_all)
        home = vectors.search(qvec, 1, selection_home)
        if not best or not home:
            return 0.0
        return fit(best[0][1] - home[0][1])


def dense_text(index, text: str) -> str:
    """The text the dense stage embeds for a query (glossary terms appended in "concat" mode): its vector is cached."""
    if index.gloss_mode != "concat":
        return text
    expansion = index.glossary.expand(text)
    return text + " " + " ".join(expansion) if expansion else text


def fit(gap: float) -> float:
    """The logistic weight of a cosine gap (collection best minus home best)."""
    z = (gap - GAP_MID) / GAP_SCALE
    return 0.0 if z > 50 else 1.0 / (1.0 + math.exp(z))


def lift(rows: list, home_rows: list, weight: float, votes: float) -> list:
    """The global (position, score, retrievers) rows with the home ranking merged in: a home clause scores the
    higher of its global score and weight * (its score within the home scope + `votes`), best first."""
    if weight < MIN_WEIGHT or not home_rows:
        return rows
    lifted = {pos: (weight * (score + votes), names) for pos, score, names in home_rows}
    out = []
    for pos, score, names in rows:
        if pos in lifted and lifted[pos][0] > score:
            score, names = lifted.pop(pos)
        else:
            lifted.pop(pos, None)
        out.append((pos, score, names))
    out += [(pos, score, names) for pos, (score, names) in lifted.items()]
    order = {pos: n for n, (pos, _, _) in enumerate(out)}
    out.sort(key=lambda r: (-r[1], order[r[0]]))
    return out
