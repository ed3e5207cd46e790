"""Enterprise profile: the dataclass, loading it from TOML, and mapping a free-text description to it."""
from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from typing import Callable

from errors import UserError
from index.normalize import fold

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


def _spans(folded: str, words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    pattern = _pattern(words)
    return [] if pattern is None else [(m.start(), m.end(), m.group()) for m in pattern.finditer(folded)]


def _axis_hits(folded: str, taxonomy: Taxonomy, axis: str, skip: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(tag, word) found in a description; overlapping words go to the longest ("金融科技" is not 科技)."""
    found = []
    for tag in taxonomy.tags[axis]:
        if tag.name in skip:
            continue
        blocked = {(s, e) for s, e, _ in _spans(folded, tag.not_terms)} if tag.not_terms else set()
        for s, e, w in _spans(folded, tag.words + tag.hints):
            if not any(s < be and bs < e for bs, be in blocked):  # as in clause tagging: no overlap at all
                found.append((s, e, tag.name, w))
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


def _choice(folded: str, choices, market_words: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The first choice named in the text, skipping mentions that are markets ("出口葡语国家")."""
    markets = [fold(m) for m in market_words]
    best = None
    for c in choices:
        for s, _e, w in _spans(folded, c.terms):
            before = re.sub(r"[\s到至往向]+$", "", folded[max(0, s - 12):s])
            if any(before.endswith(m) for m in markets):
                continue
            if best is None or s < best[0]:
                best = (s, c.name, w)
    return None if best is None else (best[1], best[2])


def profile_from_text(text: str, taxonomy: Taxonomy, nearest: Callable[[str], tuple[str, str] | None] | None = None) -> Mapping:
    """Rules first (taxonomy words and hints); `nearest` (embeddings: text -> (industry tag, evidence)
    or None) only fills an industry no word gave, marked as a guess for the person to check."""
    folded = fold(text or "")
    evidence: list[str] = []
    industries = []
    for name, word in _axis_hits(folded, taxonomy, "industry"):
        industries.append(name)
        evidence.append(f"行业：{name}（“{word}”）")
    # a sub-sector makes its own sector redundant
    industries = [n for n in industries if not any(taxonomy.sector_of(o) == n and o != n for o in industries)]
    if not industries and nearest is not None and folded.strip():
        guess = nearest(text)
        if guess:
            industries.append(guess[0])
            evidence.append(f"行业：{guess[0]}（语义推测，相近条款 {guess[1]}，请核对）")
    origin = _choice(folded, taxonomy.origins, taxonomy.market_words)
    size = _choice(folded, taxonomy.sizes)
    if origin:
        evidence.append(f"资本来源：{origin[0]}（“{origin[1]}”）")
    if size:
        evidence.append(f"规模：{size[0]}（“{size[1]}”）")
    types = []
    for name, word in _axis_hits(folded, taxonomy, "beneficiary", skip=taxonomy.derived_beneficiaries()):
        types.append(name)
        evidence.append(f"类型：{name}（“{word}”）")
    activities = []
    for name, word in _axis_hits(folded, taxonomy, "activity"):
        activities.append(name)
        evidence.append(f"活动：{name}（“{word}”）")
    interests = [name for name, _w in _axis_hits(folded, taxonomy, "instrument")]
    profile = Profile(name="", description=text.strip(), industries=industries, origin=origin[0] if origin else "",
                      size=size[0] if size else "", types=types, activities=activities, interests=interests)
    return Mapping(profile, evidence)
