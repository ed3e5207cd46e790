"""Enterprise profile: the dataclass, loading it from TOML, and mapping a free-text description to it."""
from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from typing import Callable

from errors import UserError
from index.normalize import fold, strip_accents

from .tagging import _pattern
from .taxonomy import Taxonomy

LIST_FIELDS = {"industries": "industry", "types": "beneficiary", "activities": "activity", "interests": "instrument"}
PROFILE_FIELDS = {"name", "description", "origin", "size", *LIST_FIELDS}
# Free text -> industry by embeddings when no word matched: description (query) vs tag (passage).
DESCRIBE_MIN = 0.80
DESCRIBE_MARGIN = 0.01


class ProfileError(UserError):
    """A profile file or field is wrong; the message names the file and field."""


@dataclass
class Profile:
    name: str = ""
    description: str = ""
    industries: list[str] = field(default_factory=list)  # industry tags: sectors or sub-sectors
    origin: str = ""  # capital origin: 澳资 / 港资 / 内地 / 外资 / 葡语国家
    size: str = ""  # 初创 / 小微 / 中型 / 大型
    types: list[str] = field(default_factory=list)  # beneficiary tags the enterprise is (金融机构, 高校/科研机构 …)
    activities: list[str] = field(default_factory=list)  # activity tags
    interests: list[str] = field(default_factory=list)  # instrument tags it is looking for (optional)

    def beneficiaries(self, taxonomy: Taxonomy) -> list[str]:
        """Beneficiary tags the enterprise counts as: its types plus what its origin and size imply."""
        out = list(self.types)
        for choice in (taxonomy.origin(self.origin), taxonomy.size(self.size)):
            for b in choice.beneficiaries if choice is not None else ():
                if b not in out:
                    out.append(b)
        # an enterprise of one of the zone's industries is an "industry enterprise" of the tax measures
        # (whether it is in the catalogue is for the tax office to confirm; the reason line names the term)
        if (self.industries and taxonomy.industry_enterprise and taxonomy.industry_enterprise not in out
                and not set(self.types) & set(taxonomy.non_enterprise_types)):
            out.append(taxonomy.industry_enterprise)
        return out

    def needs(self, taxonomy: Taxonomy) -> list[str]:
        """Instrument tags the enterprise's activities need (taxonomy `needs`), beyond what it asked for."""
        out: list[str] = []
        for name in self.activities:
            tag = taxonomy.tag("activity", name)
            for n in tag.needs if tag is not None else ():
                if n not in out and n not in self.interests:
                    out.append(n)
        return out

    def is_empty(self) -> bool:
        return not (self.industries or self.origin or self.size or self.types or self.activities or self.interests)

    def to_dict(self) -> dict:
        return asdict(self)


def profile_from_dict(data: dict, taxonomy: Taxonomy, source: str = "profile", extra: set[str] = frozenset()) -> Profile:
    """Build and validate a profile; unknown fields or tag names give a message naming the field."""
    unknown = set(data) - PROFILE_FIELDS - set(extra)
    if unknown:
        raise ProfileError(f"{source}: unknown field {sorted(unknown)[0]!r} (expected: {', '.join(sorted(PROFILE_FIELDS))})")
    kw: dict = {}
    for key in ("name", "description", "origin", "size"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ProfileError(f"{source}: {key} must be a string, not {value!r}")
        kw[key] = value.strip()
    for key, axis in LIST_FIELDS.items():
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProfileError(f"{source}: {key} must be a list of tag names")
        names = taxonomy.names(axis)
        for v in value:
            if v not in names:
                raise ProfileError(f"{source}: {key}: unknown {axis} tag {v!r} (known: {', '.join(names)})")
        kw[key] = list(dict.fromkeys(v.strip() for v in value))
    for key, choices in (("origin", taxonomy.origins), ("size", taxonomy.sizes)):
        if kw[key] and kw[key] not in [c.name for c in choices]:
            raise ProfileError(f"{source}: {key}: unknown value {kw[key]!r} (known: {', '.join(c.name for c in choices)})")
    return Profile(**kw)


def load_profile(path: Path | str, taxonomy: Taxonomy) -> Profile:
    """A profile TOML file (gold files may also carry a [gold] table, ignored here)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read the profile ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc})") from None
    profile = profile_from_dict(data, taxonomy, source=str(path), extra={"gold"})
    if profile.is_empty() and not profile.description:
        raise ProfileError(f"{path}: empty profile — give industries, origin, size, types, activities or a description")
    return profile


@dataclass
class Mapping:
    """A profile read from free text, with the evidence for each field so a person can correct it."""

    profile: Profile
    evidence: list[str]


def _plain(text: str) -> str:
    """Matching form of a description: folded and without accents (people type "exportacao" too)."""
    return strip_accents(fold(text or ""))


def _spans(folded: str, words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, word as the taxonomy spells it) of each occurrence in a _plain text."""
    pattern = _pattern(tuple(strip_accents(w) for w in words))
    if pattern is None:
        return []
    spelled = {_plain(w): w for w in words}
    return [(m.start(), m.end(), spelled.get(m.group(), m.group())) for m in pattern.finditer(folded)]


def _tag_spans(folded: str, tag) -> list[tuple[int, int, str]]:
    """A tag's words and hints in a description, outside its not_terms (as in clause tagging: no overlap)."""
    blocked = _spans(folded, tag.not_terms) if tag.not_terms else []
    return [(s, e, w) for s, e, w in _spans(folded, tag.words + tag.hints)
            if not any(s < be and bs < e for bs, be, _ in blocked)]


def _after_market(folded: str, start: int, markets: tuple[str, ...]) -> bool:
    """The word at `start` follows a market or client word ("出口葡语国家", "投资科技企业")."""
    before = re.sub(r"[\s到至往向]+$", "", folded[max(0, start - 12):start])
    return any(before.endswith(_plain(m)) for m in markets)


def _axis_hits(folded: str, taxonomy: Taxonomy, axis: str, skip: set[str] = frozenset(),
               markets: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(tag, word) found in a description; overlapping words go to the longest ("金融科技" is not 科技);
    words after a market word are someone else (the enterprise's clients), not the enterprise."""
    found = []
    for tag in taxonomy.tags[axis]:
        if tag.name not in skip:
            found += [(s, e, tag.name, w) for s, e, w in _tag_spans(folded, tag)
                      if not _after_market(folded, s, markets)]
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, str, str]] = []
    for s, e, name, w in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append((s, name, w))
    seen, hits = set(), []
    for _, name, w in sorted(out):
        if name not in seen:
            seen.add(name)
            hits.append((name, w))
    return hits


def _choice(folded: str, choices, market_words: tuple[str, ...] = (), source_words: tuple[str, ...] = (),
            by_order: bool = False) -> tuple[str, str] | None:
    """The first choice named in the text (with by_order: the first listed of those named), skipping
    mentions that are markets ("出口葡语国家") or where goods come from ("从葡萄牙进口")."""
    sources = [_plain(m) for m in source_words]
    best = None
    for c in choices:
        for s, e, w in _spans(folded, c.terms):
            after = re.sub(r"^[\s的等]+", "", folded[e:e + 12])
            if _after_market(folded, s, market_words) or any(after.startswith(m) for m in sources):
                continue
            if best is None or s < best[0]:
                best = (s, c.name, w)
        if by_order and best is not None:
            break
    return None if best is None else (best[1], best[2])


def profile_from_text(text: str, taxonomy: Taxonomy, nearest: Callable[[str], tuple[str, str] | None] | None = None) -> Mapping:
    """Rules first (taxonomy words and hints); `nearest` (embeddings: text -> (industry tag, evidence)
    or None) only fills an industry no word gave, marked as a guess for the person to check. Then what
    the industry implies (taxonomy `types`/`activities`) and the trader rule, marked as inferred."""
    folded = _plain(text)
    evidence: list[str] = []
    industries = []
    for name, word in _axis_hits(folded, taxonomy, "industry"):
        industries.append(name)
        evidence.append(f"行业：{name}（“{word}”）")
    if not industries and nearest is not None and folded.strip():
        guess = nearest(text)
        if guess:
            industries.append(guess[0])
            evidence.append(f"行业：{guess[0]}（语义推测，相近条款 {guess[1]}，请核对）")
    origin = _choice(folded, taxonomy.origins, taxonomy.market_words, taxonomy.source_words)
    # "a small start-up" is a start-up; "服务中小企业" is about clients
    size = _choice(folded, taxonomy.sizes, taxonomy.market_words, by_order=True)
    if origin:
        evidence.append(f"资本来源：{origin[0]}（“{origin[1]}”）")
    if size:
        evidence.append(f"规模：{size[0]}（“{size[1]}”）")
    # a beneficiary after a market or want word is a client or a resource ("申请人才公寓"), not the enterprise
    types = []
    for name, word in _axis_hits(folded, taxonomy, "beneficiary", skip=taxonomy.derived_beneficiaries(),
                                  markets=taxonomy.market_words + taxonomy.want_words):
        types.append(name)
        evidence.append(f"类型：{name}（“{word}”）")
    activities = []
    for name, word in _axis_hits(folded, taxonomy, "activity"):
        activities.append(name)
        evidence.append(f"活动：{name}（“{word}”）")
    # a sub-sector makes its own sector redundant
    industries = [n for n in industries if not any(taxonomy.sector_of(o) == n and o != n for o in industries)]
    industries = _own_industries(industries, types, evidence, taxonomy)
    _add_implied(industries, types, activities, evidence, taxonomy)
    trade = _trader_industry(industries, activities, taxonomy)
    if trade:
        industries.append(trade)
        why = f"{taxonomy.trader['activity']}而无{'、'.join(taxonomy.trader['unless'])}"
        evidence.append(f"行业：{trade}（{why}，推断，请核对）")
    interests = _interests(folded, activities, evidence, taxonomy)
    profile = Profile(name="", description=text.strip(), industries=industries, origin=origin[0] if origin else "",
                      size=size[0] if size else "", types=types, activities=activities, interests=interests)
    return Mapping(profile, evidence)


def _own_industries(industries: list[str], types: list[str], evidence: list[str], taxonomy: Taxonomy) -> list[str]:
    """A financial institution (a bank, a fund manager) names its clients' industries ("投资科技企业"): its own
    are the provider-sector ones. Anyone else naming finance ("寻求风险投资") keeps every industry."""
    providers = [n for n in industries if taxonomy.sector_of(n) in taxonomy.provider_sectors]
    if not providers or len(providers) == len(industries) or not set(types) & set(taxonomy.own_regime_types):
        return industries
    dropped = [n for n in industries if n not in providers]
    evidence.append(f"行业：未采用{'、'.join(dropped)}（金融机构所写的其他行业视为客户的行业，请核对）")
    return providers


SENTENCE_END = re.compile(r"[。！？；;!?\n]|\.(?:\s|$)")


def _interests(folded: str, activities: list[str], evidence: list[str], taxonomy: Taxonomy) -> list[str]:
    """Instruments the enterprise is looking for. A description names instruments it offers too ("推出保险
    产品"), so a word counts only after a want word in its sentence ("需要厂房"), or when the enterprise's
    own activities need that instrument (activity `needs`: "保税进口" for a trader, "办展" for an organiser)."""
    needs = {n for a in activities for n in (taxonomy.tag("activity", a).needs if taxonomy.tag("activity", a) else ())}
    wants = [s for s, _e, _w in _spans(folded, taxonomy.want_words)]
    ends = [0] + [m.end() for m in SENTENCE_END.finditer(folded)]
    out = []
    for tag in taxonomy.tags["instrument"]:
        for s, _e, word in _tag_spans(folded, tag):
            start = max(e for e in ends if e <= s)  # the sentence the word is in
            wanted = any(start <= w < s for w in wants)
            if wanted or tag.name in needs:
                out.append(tag.name)
                evidence.append(f"关注：{tag.name}（“{word}”{'' if wanted else '，经营活动所需'}）")
                break
    return out


def _trader_industry(industries: list[str], activities: list[str], taxonomy: Taxonomy) -> str:
    """The trader rule ([describe] trader): an enterprise that exports or imports but neither makes nor
    develops anything sells goods others make, so it is also in the trade industry, unless its industries
    already are in that sector or in a provider sector (a bank financing trade is no trader)."""
    rule = taxonomy.trader
    if not rule or rule["activity"] not in activities or set(rule["unless"]) & set(activities):
        return ""
    sector = taxonomy.sector_of(rule["industry"])
    if rule["industry"] in industries or any(taxonomy.sector_of(n) in {sector, *taxonomy.provider_sectors}
                                              for n in industries):
        return ""
    return rule["industry"]


def _add_implied(industries: list[str], types: list[str], activities: list[str], evidence: list[str],
                 taxonomy: Taxonomy) -> None:
    """What the industries imply an enterprise is and does (taxonomy `types`, `activities`). Types are not
    implied for an institution under its own regime: a university lab in technology is no tech enterprise."""
    institution = bool(set(types) & set(taxonomy.own_regime_types))
    for name in industries:
        implied_types, implied_activities = taxonomy.implied(name)
        for t in () if institution else implied_types:
            if t not in types:
                types.append(t)
                evidence.append(f"类型：{t}（由行业“{name}”推断，请核对）")
        for a in implied_activities:
            if a not in activities:
                activities.append(a)
                evidence.append(f"活动：{a}（由行业“{name}”推断，请核对）")
