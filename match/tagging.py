"""Tag clauses along the taxonomy axes: rule tags (matched term as reason) and semantic tags (score)."""
from __future__ import annotations

import re
import threading
from functools import lru_cache

import numpy as np

from index.normalize import fold

from .taxonomy import AXES, Tag, Taxonomy, TaxonomyError, load_taxonomy

# Kinds worth tagging semantically: the others are titles, notices and distribution lists.
CONTENT_KINDS = ("paragraph", "table_row")
# Semantic tags. Raw cosine from the small e5 model hardly separates tags (rule-confirmed pairs ~0.88,
# others ~0.86, and one "hub" tag is closest to almost everything), so each tag's similarity is
# standardised over the clause collection (z-score) first. Measured on the bundled plan with the index's
# passage text: the top tag at z >= 2.5 is a rule tag of the clause for 19/19 industry and 2/2 activity
# cases; at z >= 2.0 a generic clause (八（三）营商环境) already drew a wrong industry (专业服务, z 2.13).
SEMANTIC_MIN_Z = {"industry": 2.5, "activity": 2.5}
SEMANTIC_MARGIN_Z = 0.3  # the best tag must beat the runner-up by this much
MIN_COLLECTION = 20  # fewer clauses than this give no usable statistics: no semantic tags
NEAREST_K, NEAREST_VOTES = 5, 3  # free text: a tag must be on 3 of the 5 nearest clauses


def _is_ascii_word(word: str) -> bool:
    return all(ord(ch) < 128 for ch in word) and any(ch.isalnum() for ch in word)


@lru_cache(maxsize=4096)
def _pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """One regex for a list of words: longest first; Latin words only as whole words ("ic" ≠ "logistics")."""
    parts = []
    for w in sorted({fold(w) for w in words}, key=len, reverse=True):
        esc = re.escape(w)
        parts.append(rf"(?<![a-z0-9]){esc}(?![a-z0-9])" if _is_ascii_word(w) else esc)
    return re.compile("|".join(parts)) if parts else None


def _original(tag: Tag, folded_hit: str, words: tuple[str, ...]) -> str:
    """The word as the taxonomy file spells it, for the reason shown to users."""
    return next((w for w in words if fold(w) == folded_hit), folded_hit)


def find_spans(tag: Tag, folded: str, words: tuple[str, ...] | None = None) -> list[tuple[int, str]]:
    """(offset, word) of every occurrence of a tag's words in an already-folded text, outside its not_terms."""
    words = tag.words if words is None else words
    pattern = _pattern(words)
    if pattern is None:
        return []
    blocker = _pattern(tag.not_terms) if tag.not_terms else None
    if blocker is not None:  # blank out the excluded phrases, keeping offsets
        folded = blocker.sub(lambda m: "\x00" * len(m.group()), folded)
    return [(m.start(), _original(tag, m.group(), words)) for m in pattern.finditer(folded)]


def find_terms(tag: Tag, folded: str, words: tuple[str, ...] | None = None) -> list[str]:
    """Words of a tag found in an already-folded text, in text order, outside the tag's not_terms."""
    seen, out = set(), []
    for _start, word in find_spans(tag, folded, words):
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def rule_tags(text: str, taxonomy: Taxonomy, headings: list[str] | None = None) -> list[dict]:
    """Tags whose terms occur in the text; industry tags also from the headings above the clause.

    A beneficiary named only with a capital origin before it ("澳门金融机构", "澳资金融机构") records that
    origin: the measure is for such institutions of that origin, not for every one."""
    folded = fold(text)
    out: list[dict] = []
    derived = taxonomy.derived_beneficiaries()  # tags an origin or size grants: already origin-bound
    for axis in AXES:
        for tag in taxonomy.tags[axis]:
            spans = find_spans(tag, folded)
            if spans:
                found = {"axis": axis, "tag": tag.name, "why": f"term: {spans[0][1]}"}
                if axis == "beneficiary" and tag.name not in derived:
                    origin = _qualifying_origin(folded, spans, taxonomy)
                    if origin:
                        found["origin"] = origin
                out.append(found)
    if headings:  # the section's topic, kept even when the text names it too (it sets the clause's home sector)
        folded_head = fold(" ".join(headings))
        for tag in taxonomy.tags["industry"]:
            hits = find_terms(tag, folded_head)
            if hits:
                out.append({"axis": "industry", "tag": tag.name, "why": f"heading: {hits[0]}"})
    return out


ORIGIN_GAP = re.compile(r"(?:的|之)?$")  # "澳门的科研团队" is as origin-bound as "澳门科研团队"


def _qualifying_origin(folded: str, spans: list[tuple[int, str]], taxonomy: Taxonomy) -> str:
    """The capital origin every occurrence is qualified by (a term of it right before, or the word starting
    with one), or "" when any occurrence is unqualified or origins differ."""
    found = set()
    for start, word in spans:
        before = folded[max(0, start - 12):start]
        before = before[:len(before) - len(ORIGIN_GAP.search(before).group())]
        name = next((c.name for c in taxonomy.origins for t in c.terms
                     if before.endswith(fold(t)) or fold(word).startswith(fold(t))), "")
        if not name:
            return ""
        found.add(name)
    return found.pop() if len(found) == 1 else ""


def clause_rule_tags(clause, taxonomy: Taxonomy) -> list[dict]:
    return rule_tags(clause.text, taxonomy, headings=list(clause.path))


def is_heading_tag(tag: dict) -> bool:
    return str(tag.get("why", "")).startswith("heading:")


def tag_clauses(clauses: list, taxonomy: Taxonomy | None = None) -> list[str]:
    """Ingest hook: set rule tags on each clause in place; returns warnings (a broken taxonomy never stops ingest)."""
    try:
        taxonomy = taxonomy or load_taxonomy()
    except TaxonomyError as exc:
        return [f"clauses not tagged: {exc}"]
    for c in clauses:
        c.tags = clause_rule_tags(c, taxonomy)
    return []


def tag_prompt(tag: Tag) -> str:
    """What a tag means, for the embedding model: its name and its first words."""
    return f"{tag.name}：{'、'.join(tag.words[:10])}"


class TagSpace:
    """Embedding side of tagging: clause-to-tag and description-to-tag similarity, standardised per tag.

    Vectors and statistics are computed once per collection and kept in memory (no model at ingest)."""

    def __init__(self, embedder, taxonomy: Taxonomy, clauses: list, embed_clauses=None):
        """embed_clauses(clauses) -> (n, dim) vectors; default: the embedder on heading + text, uncached."""
        self.embedder, self.taxonomy = embedder, taxonomy
        self.embed_clauses = embed_clauses or (lambda cs: embedder.passages([_passage(c) for c in cs]))
        self.clauses = [c for c in clauses if c.kind in CONTENT_KINDS]
        self._lock = threading.Lock()
        self._clause_vecs: np.ndarray | None = None
        self._axes: dict[str, dict] = {}

    def _ensure(self, axis: str) -> dict:
        with self._lock:
            if self._clause_vecs is None:
                self._clause_vecs = (np.asarray(self.embed_clauses(self.clauses), dtype=np.float32) if self.clauses
                                     else np.zeros((0, 1), dtype=np.float32))
            if axis not in self._axes:
                tags = self.taxonomy.tags[axis]
                prompts = [tag_prompt(t) for t in tags]
                as_query = np.stack([np.asarray(self.embedder.query(p), dtype=np.float32) for p in prompts])
                sims = self._clause_vecs @ as_query.T if len(self.clauses) else np.zeros((0, len(tags)))
                mean, std = (sims.mean(0), sims.std(0) + 1e-6) if len(self.clauses) else (0.0, 1.0)
                self._axes[axis] = {"tags": tags, "sims": sims, "mean": mean, "std": std}
            return self._axes[axis]

    def clause_tags(self, rule: dict[str, list[dict]], axes=tuple(SEMANTIC_MIN_Z)) -> dict[str, list[dict]]:
        """Semantic tags per clause id, only on axes where the clause has no rule tag (heading tags aside)."""
        out: dict[str, list[dict]] = {c.id: [] for c in self.clauses}
        if len(self.clauses) < MIN_COLLECTION:
            return out
        for axis in axes:
            space = self._ensure(axis)
            z = (space["sims"] - space["mean"]) / space["std"]
            floor = self._floors(axis, rule)
            for n, c in enumerate(self.clauses):
                if any(t["axis"] == axis and not is_heading_tag(t) for t in rule.get(c.id, [])):
                    continue
                best = _best(z[n], SEMANTIC_MIN_Z[axis])
                if best is not None and space["sims"][n, best] >= floor[best]:
                    out[c.id].append({"axis": axis, "tag": space["tags"][best].name, "why": "semantic",
                                      "score": round(float(space["sims"][n, best]), 3), "z": round(float(z[n, best]), 2)})
        return out

    def _floors(self, axis: str, rule: dict[str, list[dict]]) -> np.ndarray:
        """Per tag, the mean similarity of the clauses the rules gave that tag: a semantic tag must look at
        least as close as those (a z-score alone would crown the least unlike clause). inf without any."""
        space = self._axes[axis]
        floors = np.full(len(space["tags"]), np.inf, dtype=np.float32)
        for j, tag in enumerate(space["tags"]):
            rows = [n for n, c in enumerate(self.clauses)
                    if any(t["axis"] == axis and t["tag"] == tag.name and not is_heading_tag(t) for t in rule.get(c.id, []))]
            if rows:
                floors[j] = float(space["sims"][rows, j].mean())
        return floors

    def nearest(self, text: str, axis: str = "industry") -> tuple[str, str] | None:
        """The tag a free-text description most likely has, as (name, evidence), or None.

        Short descriptions and tag names are not comparable directly (their similarities carry no
        usable scale), so the description retrieves its nearest clauses (what e5 is trained for) and
        their rule tags vote: a tag needs NEAREST_VOTES of the NEAREST_K clauses and a clear lead."""
        if len(self.clauses) < MIN_COLLECTION or not text.strip():
            return None
        self._ensure(axis)
        sims = self._clause_vecs @ np.asarray(self.embedder.query(text), dtype=np.float32)
        top = [self.clauses[i] for i in np.argsort(-sims)[:NEAREST_K]]
        votes: dict[str, list[str]] = {}
        for c in top:
            for name in {t["tag"] for t in clause_rule_tags(c, self.taxonomy) if t["axis"] == axis and not is_heading_tag(t)}:
                if axis != "industry" or self.taxonomy.tag(axis, name).parent:  # sub-sectors say more than sectors
                    votes.setdefault(name, []).append(c.id.rsplit("/", 1)[-1])
        ranked = sorted(votes.items(), key=lambda kv: -len(kv[1]))
        if not ranked or len(ranked[0][1]) < NEAREST_VOTES or (len(ranked) > 1 and len(ranked[1][1]) >= len(ranked[0][1])):
            return None
        return ranked[0][0], "、".join(ranked[0][1])


def _best(z: np.ndarray, min_z: float) -> int | None:
    order = np.argsort(-z)
    top = float(z[order[0]])
    second = float(z[order[1]]) if len(order) > 1 else -np.inf
    return int(order[0]) if top >= min_z and top - second >= SEMANTIC_MARGIN_Z else None


def _passage(clause) -> str:
    heads = " ".join(clause.path[-1:])
    return f"{heads} {clause.text}".strip()
