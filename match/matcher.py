"""Match an enterprise profile to applicable clauses: scored, ranked, grouped by part, with a reason each."""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from ingest.records import Clause

from .profile import Mapping, Profile, profile_from_text
from .tagging import TagSpace, clause_rule_tags, is_heading_tag
from .taxonomy import Taxonomy

# Weights of what a clause shares with a profile. The industry relation is one value (the best that
# applies); beneficiaries, activities and interests add up to a cap. Tuned on the dev gold profiles only.
# Rules on top (their word lists are in the taxonomy's [matching] table and activity `needs`): a clause
# about other industries never applies; one sharing only a broad beneficiary needs more (see score_clause);
# a beneficiary named with a capital origin ("澳门金融机构") counts only for enterprises of that origin.
W_EXACT = 3.0  # the clause names the enterprise's sub-sector, in a section of that sector
W_SECTOR = 2.0  # names its sector (no sibling), a sub-sector of a sector it named, or its sub-sector in passing
W_HEADING = 1.5  # only the section heading names the enterprise's industry
W_NEUTRAL = 1.0  # no industry named (a measure for every industry), or industry only in a long list
W_SIBLING = 0.0  # names the enterprise's sector, but about other sub-sectors of it
W_OTHER = -1.0  # the clause is about other industries only: it never applies, whoever it names
W_BENEFICIARY, MAX_BENEFICIARY = 2.0, 2
W_ACTIVITY, MAX_ACTIVITY = 0.5, 2
W_INTEREST, MAX_INTEREST = 0.5, 2
LIST_SECTORS, LIST_SUBS = 3, 4  # a clause naming this many sectors and sub-sectors is cross-cutting
LIST_SIBLINGS = 3  # a clause naming a sector and this many of its sub-sectors is about the whole sector
THRESHOLD = 3.0
AXIS_ORDER = ("beneficiary", "industry", "activity", "instrument")


@dataclass
class Match:
    clause: Clause
    score: float
    reasons: list[str]  # what the clause shares with the profile, in display order
    evidence: list[dict]  # the clause tags behind the reasons (axis, tag, why[, score])
    instruments: list[str]  # instrument tags of the clause: what it offers

    @property
    def reason(self) -> str:
        return "适用原因：" + " · ".join(self.reasons)

    def to_dict(self) -> dict:
        c = self.clause
        return {"id": c.id, "citation": c.citation, "doc_title": c.doc_title, "path": list(c.path), "text": c.text,
                "score": round(self.score, 2), "reason": self.reason, "reasons": self.reasons,
                "instruments": self.instruments, "evidence": self.evidence}


@dataclass
class Group:
    doc_title: str
    heading: str  # the part of the document, e.g. 六、发展现代金融产业
    matches: list[Match]

    def to_dict(self) -> dict:
        return {"doc_title": self.doc_title, "heading": self.heading, "matches": [m.to_dict() for m in self.matches]}


@dataclass
class MatchResult:
    profile: Profile
    matches: list[Match]  # ranked, best first
    groups: list[Group]  # the same matches by part of the document; parts ordered by their best match
    instruments: list[tuple[str, int]]  # instrument tag -> number of matched clauses offering it
    notes: list[str] = field(default_factory=list)  # how a description was read, for the person to check

    @property
    def ids(self) -> list[str]:
        return [m.clause.id for m in self.matches]

    def summary(self) -> str:
        if not self.matches:
            return "没有找到适用的条款。"
        parts = " · ".join(f"{name}（{n}条）" for name, n in self.instruments) or "无"
        return f"共{len(self.matches)}条适用条款；提供的政策工具：{parts}"

    def to_dict(self) -> dict:
        return {"profile": self.profile.to_dict(), "notes": self.notes, "summary": self.summary(),
                "instruments": [{"tag": t, "clauses": n} for t, n in self.instruments],
                "count": len(self.matches), "groups": [g.to_dict() for g in self.groups]}


class Matcher:
    """Holds clauses, their tags under the current taxonomy, and an optional embedder for semantic tags."""

    def __init__(self, clauses: list[Clause], taxonomy: Taxonomy, embedder=None, embed_clauses=None):
        self.clauses, self.taxonomy, self.embedder = list(clauses), taxonomy, embedder
        self.embed_clauses = embed_clauses  # optional cached clause embedding (see loader)
        # Rule tags are re-derived here (cheap) so a taxonomy edit applies without re-ingesting.
        self.rule = {c.id: clause_rule_tags(c, taxonomy) for c in self.clauses}
        self._semantic: dict[str, list[dict]] | None = None
        self._space: TagSpace | None = None
        self._lock = threading.Lock()

    def tags(self, clause: Clause) -> list[dict]:
        return self.rule.get(clause.id, []) + self.semantic_tags().get(clause.id, [])

    @property
    def space(self) -> TagSpace | None:
        """Embedding comparisons with the tags, built on first use (None without an embedder)."""
        if self.embedder is None:
            return None
        with self._lock:
            if self._space is None:
                self._space = TagSpace(self.embedder, self.taxonomy, [c for c in self.clauses if self.eligible(c)],
                                       embed_clauses=self.embed_clauses)
        return self._space

    def semantic_tags(self) -> dict[str, list[dict]]:
        """Embedding tags for clauses no rule covers on an axis; computed once, kept in memory."""
        space = self.space
        if space is None:
            return {}
        if self._semantic is None:
            self._semantic = space.clause_tags(self.rule)
        return self._semantic

    def eligible(self, clause: Clause) -> bool:
        """Only measures can apply: not titles, notices, background or targets (see [matching] in the taxonomy)."""
        if clause.kind in self.taxonomy.skip_kinds:
            return False
        return not any(word in heading for heading in clause.path for word in self.taxonomy.skip_headings)

    def describe(self, text: str) -> Mapping:
        space = self.space
        return profile_from_text(text, self.taxonomy, space.nearest if space is not None else None)

    def match(self, profile: Profile, notes: list[str] | None = None) -> MatchResult:
        order = {c.id: n for n, c in enumerate(self.clauses)}
        found = []
        for c in self.clauses:
            if self.eligible(c):
                m = score_clause(c, self.tags(c), profile, self.taxonomy)
                if m is not None:
                    found.append(m)
        found.sort(key=lambda m: (-m.score, order[m.clause.id]))
        return MatchResult(profile=profile, matches=found, groups=_group(found),
                           instruments=_instruments(found, self.taxonomy), notes=list(notes or []))


def _industry_sets(profile: Profile, taxonomy: Taxonomy) -> tuple[set[str], set[str], set[str]]:
    """(sub-sectors the enterprise named, sectors it named as a whole, all its sectors)."""
    subs, whole, sectors = set(), set(), set()
    for name in profile.industries:
        sector = taxonomy.sector_of(name)
        sectors.add(sector)
        (whole if sector == name else subs).add(name)
    return subs, whole, sectors


def industry_relation(tags: list[dict], profile: Profile, taxonomy: Taxonomy) -> tuple[float, list[dict]]:
    """How the clause's industry relates to the enterprise's: (weight, the tags behind it)."""
    subs, whole, sectors = _industry_sets(profile, taxonomy)
    if not sectors:
        return W_NEUTRAL, []
    providers = set(taxonomy.provider_sectors)
    every = {t["tag"]: t for t in tags if t["axis"] == "industry" and not is_heading_tag(t)}
    spread = {taxonomy.sector_of(n) for n in every}
    cross_cutting = len(spread) >= LIST_SECTORS and len([n for n in every if n not in spread]) >= LIST_SUBS
    # finance serves every industry: for an enterprise outside it, finance words are not "another industry"
    text = {n: t for n, t in every.items() if taxonomy.sector_of(n) not in providers - sectors}
    head = {t["tag"]: t for t in tags if t["axis"] == "industry" and is_heading_tag(t)}
    # a section's home sector makes other industries in it incidental, except for provider sectors:
    # a finance clause names its clients' industries ("支持银行为跨境电商…提供结算"), and a fund in
    # a technology section is still about funds
    home = {taxonomy.sector_of(n) for n in head} - providers

    own = [n for n in text if n in subs]
    if own:
        own_sectors = {taxonomy.sector_of(n) for n in own}
        in_passing = cross_cutting or (home and not home & own_sectors and not own_sectors & providers)
        # a section on a sibling sub-sector whose text is about that sibling: ours is named in passing
        topic = {n for n in head if taxonomy.sector_of(n) not in providers and taxonomy.sector_of(n) != n and n in text}
        if topic and not topic & set(own) and not own_sectors & providers:
            in_passing = True
        return (W_SECTOR if in_passing else W_EXACT), [text[n] for n in own]
    named = [n for n in text if n in sectors]
    inside = [n for n in text if n not in sectors and taxonomy.sector_of(n) in whole]
    siblings = [n for n in text if n not in sectors and taxonomy.sector_of(n) in sectors and n not in subs]
    if inside:
        return W_SECTOR, [text[n] for n in inside]
    if named and not (siblings and subs) or named and len(siblings) >= LIST_SIBLINGS:  # the sector as a whole
        return W_SECTOR, [text[n] for n in named]
    if named and not cross_cutting:  # the sector, but about its other sub-sectors
        return W_SIBLING, []
    head_subs = {n for n in head if taxonomy.sector_of(n) != n}
    # the heading names the enterprise's sub-sector, or its sector without narrowing it to another sub-sector
    heading = [n for n in head if n in subs
               or n in sectors and (n in whole or not any(taxonomy.sector_of(m) == n for m in head_subs))]
    if heading:
        return W_HEADING, [head[n] for n in heading]
    if not text and home and not home & sectors:  # silent text, but a section about another industry
        return W_OTHER, []
    if not text or named or cross_cutting:
        return W_NEUTRAL, []
    return W_OTHER, []


def score_clause(clause: Clause, tags: list[dict], profile: Profile, taxonomy: Taxonomy) -> Match | None:
    """The clause's match to a profile, or None when it does not apply."""
    ind_score, ind_tags = industry_relation(tags, profile, taxonomy)
    if ind_score <= W_OTHER and _for_every_industry(tags, profile, taxonomy):
        # "符合条件的产业企业减按15%…" stands for every industry even when the clause goes on to name
        # some (总体方案（十）: its third sentence is for tourism, services and high technology)
        ind_score = W_NEUTRAL
    if ind_score <= W_OTHER:  # a measure for other industries: no beneficiary or activity makes it apply
        return None
    reasons: dict[str, list[str]] = {a: [] for a in AXIS_ORDER}
    reasons["industry"] = [t["tag"] for t in ind_tags]
    evidence = list(ind_tags)
    score = ind_score
    for axis, wanted, weight, cap in (("beneficiary", profile.beneficiaries(taxonomy), W_BENEFICIARY, MAX_BENEFICIARY),
                                      ("activity", profile.activities, W_ACTIVITY, MAX_ACTIVITY),
                                      ("instrument", profile.interests, W_INTEREST, MAX_INTEREST)):
        got = list({t["tag"]: t for t in tags if t["axis"] == axis and t["tag"] in wanted
                    and not _other_origin(t, profile)}.values())
        score += weight * min(len(got), cap)
        reasons[axis] = [t["tag"] for t in got]
        evidence += got
    if score < THRESHOLD or not (ind_score >= W_HEADING or reasons["beneficiary"]):
        return None
    needed: list[dict] = []
    if broad_only(ind_score, reasons, taxonomy):
        # only a broad beneficiary (any Macau firm) agrees: the clause must also share an activity, offer an
        # instrument the enterprise asked for or its activities need, and not be a general enterprise
        # measure reaching an institution under its own regime (a bank, a university)
        if set(profile.types) & set(taxonomy.own_regime_types):
            return None
        needs = profile.needs(taxonomy)
        needed = list({t["tag"]: t for t in tags if t["axis"] == "instrument" and t["tag"] in needs}.values())
        known = profile.activities or profile.interests  # nothing known about what it does: nothing to check
        if known and not (needed or reasons["activity"] or reasons["instrument"]):
            return None
        if reasons["activity"] or reasons["instrument"]:
            needed = []  # the shared activity or interest is reason enough; keep the line short
    instruments = list(dict.fromkeys(t["tag"] for t in tags if t["axis"] == "instrument"))
    flat = [r for axis in AXIS_ORDER for r in dict.fromkeys(reasons[axis])] + [f"需要{t['tag']}" for t in needed]
    evidence += [dict(t, need=True) for t in needed]
    return Match(clause=clause, score=score, reasons=flat, evidence=evidence, instruments=instruments)


def _for_every_industry(tags: list[dict], profile: Profile, taxonomy: Taxonomy) -> bool:
    """The clause names the beneficiary every industry enterprise is, and the enterprise is one."""
    name = taxonomy.industry_enterprise
    return bool(name) and name in profile.beneficiaries(taxonomy) and any(t["axis"] == "beneficiary" and t["tag"] == name
                                                                         for t in tags)


def _other_origin(tag: dict, profile: Profile) -> bool:
    """A beneficiary the clause names only with a capital origin ("澳门金融机构") the enterprise does not have."""
    return bool(tag.get("origin")) and bool(profile.origin) and tag["origin"] != profile.origin


def broad_only(ind_score: float, reasons: dict[str, list[str]], taxonomy: Taxonomy) -> bool:
    """The clause's text does not name the enterprise's industry and every shared beneficiary is broad."""
    shared = reasons["beneficiary"]
    return bool(shared) and ind_score < W_SECTOR and all(b in taxonomy.broad_beneficiaries for b in shared)


def _group(matches: list[Match]) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for m in matches:  # already ranked: a part's first match is its best
        c = m.clause
        key = (c.doc_id, c.path[0] if c.path else "")
        if key not in groups:
            groups[key] = Group(doc_title=c.doc_title, heading=key[1], matches=[])
        groups[key].matches.append(m)
    return list(groups.values())


def _instruments(matches: list[Match], taxonomy: Taxonomy) -> list[tuple[str, int]]:
    counts = Counter(t for m in matches for t in m.instruments)
    rank = {name: n for n, name in enumerate(taxonomy.names("instrument"))}
    return sorted(counts.items(), key=lambda kv: (-kv[1], rank.get(kv[0], 99)))
