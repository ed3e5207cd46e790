"""Load and validate the editable taxonomy file (axes, tags with terms, origins, sizes)."""
from __future__ import annotations

import hashlib
import sys
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from errors import UserError
from index.normalize import fold
from ingest.records import KINDS

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "taxonomy.toml"
AXES = ("industry", "beneficiary", "instrument", "activity")
TAG_FIELDS = {"tag", "terms", "synonyms", "hints", "not_terms", "parent", "needs", "types", "activities"}
CHOICE_FIELDS = {"name", "terms", "beneficiary"}
TOP_FIELDS = {"version", "axes", "matching", "describe", "origin", "size", *AXES}


class TaxonomyError(UserError):
    """The taxonomy file is missing or wrong; the message names the file and the tag."""


@dataclass(frozen=True)
class Tag:
    axis: str
    name: str
    terms: tuple[str, ...]
    synonyms: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    not_terms: tuple[str, ...] = ()
    parent: str = ""
    needs: tuple[str, ...] = ()  # activity only: instrument tags an enterprise doing this needs
    types: tuple[str, ...] = ()  # industry only: beneficiary tags an enterprise of it is (free text only)
    activities: tuple[str, ...] = ()  # industry only: activity tags an enterprise of it does (free text only)

    @property
    def words(self) -> tuple[str, ...]:
        """Everything that tags a clause: the documents' terms, then synonyms."""
        return self.terms + self.synonyms


@dataclass(frozen=True)
class Choice:
    """One value of a profile field with a fixed vocabulary (capital origin, size)."""

    name: str
    terms: tuple[str, ...]
    beneficiaries: tuple[str, ...] = ()  # beneficiary tags this value makes an enterprise count as


@dataclass
class Taxonomy:
    path: Path
    digest: str
    axis_labels: dict[str, str]
    tags: dict[str, list[Tag]]
    origins: list[Choice]
    sizes: list[Choice]
    market_words: tuple[str, ...]
    skip_kinds: tuple[str, ...]
    skip_headings: tuple[str, ...]
    provider_sectors: tuple[str, ...] = ()
    broad_beneficiaries: tuple[str, ...] = ()  # too wide to make a clause apply on their own
    own_regime_types: tuple[str, ...] = ()  # institutions general enterprise measures do not reach
    industry_enterprise: str = ""  # the beneficiary every enterprise of one of the taxonomy's industries counts as
    non_enterprise_types: tuple[str, ...] = ()  # types that are no enterprise (not an industry enterprise either)
    trader: dict = field(default_factory=dict)  # [describe] trader: activity, unless (list), industry
    source_words: tuple[str, ...] = ()  # [describe] words after a country that make it where goods come from
    want_words: tuple[str, ...] = ()  # [describe] words before an instrument the enterprise is looking for
    _by_name: dict[tuple[str, str], Tag] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._by_name = {(t.axis, t.name): t for axis in self.tags for t in self.tags[axis]}

    def tag(self, axis: str, name: str) -> Tag | None:
        return self._by_name.get((axis, name))

    def names(self, axis: str) -> list[str]:
        return [t.name for t in self.tags[axis]]

    def sectors(self) -> list[str]:
        return [t.name for t in self.tags["industry"] if not t.parent]

    def children(self, sector: str) -> list[str]:
        return [t.name for t in self.tags["industry"] if t.parent == sector]

    def sector_of(self, name: str) -> str:
        """The sector of an industry tag (itself for a sector), or ""."""
        t = self.tag("industry", name)
        return "" if t is None else (t.parent or t.name)

    def origin(self, name: str) -> Choice | None:
        return next((c for c in self.origins if c.name == name), None)

    def size(self, name: str) -> Choice | None:
        return next((c for c in self.sizes if c.name == name), None)

    def implied(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(types, activities) an enterprise of an industry tag has by nature: its sector's, then its own."""
        tag = self.tag("industry", name)
        if tag is None:
            return (), ()
        parent = self.tag("industry", tag.parent) if tag.parent else None
        chain = [t for t in (parent, tag) if t is not None]
        return (tuple(dict.fromkeys(x for t in chain for x in t.types)),
                tuple(dict.fromkeys(x for t in chain for x in t.activities)))

    def derived_beneficiaries(self) -> set[str]:
        """Beneficiary tags a profile gets only through its origin or size, never from other words."""
        return {b for c in self.origins + self.sizes for b in c.beneficiaries}


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """Read and validate a taxonomy file (default: the bundled one); cached per file content."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read the taxonomy file ({exc.strerror or exc})") from None
    return _parse(str(path), raw)


@lru_cache(maxsize=8)
def _parse(path_str: str, raw: bytes) -> Taxonomy:
    path = Path(path_str)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: not valid TOML ({exc})") from None
    return _validate(path, data, hashlib.sha1(raw).hexdigest()[:12])


def _validate(path: Path, data: dict, digest: str) -> Taxonomy:
    def fail(msg: str):
        raise TaxonomyError(f"{path}: {msg}")

    unknown = set(data) - TOP_FIELDS
    if unknown:
        fail(f"unknown section {sorted(unknown)[0]!r} (expected one of: {', '.join(sorted(TOP_FIELDS))})")
    labels = data.get("axes", {})
    if not isinstance(labels, dict):
        fail("[axes] must be a table of axis = label")
    tags: dict[str, list[Tag]] = {}
    for axis in AXES:
        entries = data.get(axis)
        if not entries:
            fail(f"no [[{axis}]] tags: every axis needs at least one tag")
        if not isinstance(entries, list):
            fail(f"{axis} must be written as [[{axis}]] tables")
        tags[axis] = [_tag(fail, axis, n, e) for n, e in enumerate(entries, 1)]
        _check_unique(fail, axis, tags[axis])
    _check_parents(fail, tags["industry"])
    for axis in AXES[1:]:
        for t in tags[axis]:
            if t.parent:
                fail(f"{axis} tag {t.name!r}: parent is only for industry tags")
    instruments = [t.name for t in tags["instrument"]]
    for axis in AXES:
        for t in tags[axis]:
            if t.needs and axis != "activity":
                fail(f"{axis} tag {t.name!r}: needs is only for activity tags")
            for key, target in (("types", "beneficiary"), ("activities", "activity")):
                values = getattr(t, key)
                if values and axis != "industry":
                    fail(f"{axis} tag {t.name!r}: {key} is only for industry tags")
                known = [x.name for x in tags[target]]
                bad = [v for v in values if v not in known]
                if bad:
                    fail(f"industry tag {t.name!r}: {key}: {bad[0]!r} is not one of the {target} tags "
                         f"({', '.join(known)})")
            bad = [n for n in t.needs if n not in instruments]
            if bad:
                fail(f"activity tag {t.name!r}: needs {bad[0]!r}, which is not an instrument tag "
                     f"(instruments: {', '.join(instruments)})")
    beneficiaries = {t.name for t in tags["beneficiary"]}
    origins = [_choice(fail, "origin", n, e, beneficiaries) for n, e in enumerate(_list(fail, data, "origin"), 1)]
    sizes = [_choice(fail, "size", n, e, beneficiaries) for n, e in enumerate(_list(fail, data, "size"), 1)]
    for kind, choices in (("origin", origins), ("size", sizes)):
        names = [c.name for c in choices]
        dup = next((n for n in names if names.count(n) > 1), None)
        if dup:
            fail(f"{kind} {dup!r} is defined twice")
    matching = data.get("matching", {})
    if not isinstance(matching, dict):
        fail("[matching] must be a table")
    skip_kinds = _strings(fail, "[matching] skip_kinds", matching.get("skip_kinds", []), allow_empty=True)
    bad = [k for k in skip_kinds if k not in KINDS]
    if bad:
        fail(f"[matching] skip_kinds: unknown clause kind {bad[0]!r} (known: {', '.join(KINDS)})")
    skip_headings = _strings(fail, "[matching] skip_headings", matching.get("skip_headings", []), allow_empty=True)
    providers = _strings(fail, "[matching] provider_sectors", matching.get("provider_sectors", []), allow_empty=True)
    sectors = [t.name for t in tags["industry"] if not t.parent]
    bad = [p for p in providers if p not in sectors]
    if bad:
        fail(f"[matching] provider_sectors: {bad[0]!r} is not an industry sector (sectors: {', '.join(sectors)})")
    broad = _strings(fail, "[matching] broad_beneficiaries", matching.get("broad_beneficiaries", []), allow_empty=True)
    regime = _strings(fail, "[matching] own_regime_types", matching.get("own_regime_types", []), allow_empty=True)
    for label, names in (("broad_beneficiaries", broad), ("own_regime_types", regime)):
        bad = [b for b in names if b not in beneficiaries]
        if bad:
            fail(f"[matching] {label}: {bad[0]!r} is not a beneficiary tag (beneficiaries: "
                 f"{', '.join(t.name for t in tags['beneficiary'])})")
    industry_enterprise = matching.get("industry_enterprise", "")
    if industry_enterprise and industry_enterprise not in beneficiaries:
        fail(f"[matching] industry_enterprise: {industry_enterprise!r} is not a beneficiary tag")
    non_enterprise = _strings(fail, "[matching] non_enterprise_types", matching.get("non_enterprise_types", []), allow_empty=True)
    if [b for b in non_enterprise if b not in beneficiaries]:
        fail(f"[matching] non_enterprise_types: {[b for b in non_enterprise if b not in beneficiaries][0]!r} is not a beneficiary tag")
    describe = data.get("describe", {})
    if not isinstance(describe, dict):
        fail("[describe] must be a table")
    keys = ("market_words", "source_words", "want_words", "trader")
    unknown = set(describe) - set(keys)
    if unknown:
        fail(f"[describe]: unknown key {sorted(unknown)[0]!r} (expected: {', '.join(keys)})")
    source = _strings(fail, "[describe] source_words", describe.get("source_words", []), allow_empty=True)
    want = _strings(fail, "[describe] want_words", describe.get("want_words", []), allow_empty=True)
    market = _strings(fail, "[describe] market_words", describe.get("market_words", []), allow_empty=True)
    trader = _trader(fail, describe.get("trader"), tags)
    return Taxonomy(path=path, digest=digest, axis_labels={a: str(labels.get(a, a)) for a in AXES}, tags=tags,
                    origins=origins, sizes=sizes, market_words=tuple(market), skip_kinds=tuple(skip_kinds),
                    skip_headings=tuple(skip_headings), provider_sectors=tuple(providers),
                    broad_beneficiaries=tuple(broad), own_regime_types=tuple(regime), trader=trader,
                    industry_enterprise=str(industry_enterprise), non_enterprise_types=tuple(non_enterprise),
                    source_words=tuple(source), want_words=tuple(want))


def _tag(fail, axis: str, n: int, entry) -> Tag:
    if not isinstance(entry, dict):
        fail(f"{axis} entry #{n} must be a table")
    name = entry.get("tag")
    if not isinstance(name, str) or not name.strip():
        fail(f"{axis} entry #{n}: missing 'tag' (the tag's name)")
    name = name.strip()
    label = f"{axis} tag {name!r}"
    unknown = set(entry) - TAG_FIELDS
    if unknown:
        fail(f"{label}: unknown field {sorted(unknown)[0]!r} (expected: {', '.join(sorted(TAG_FIELDS))})")
    if "terms" not in entry:
        fail(f"{label}: no 'terms' list — give at least one word that marks this tag in a clause")
    parent = entry.get("parent", "")
    if not isinstance(parent, str):
        fail(f"{label}: parent must be a tag name")
    return Tag(axis=axis, name=name, parent=parent.strip(),
               terms=tuple(_strings(fail, f"{label}: terms", entry["terms"])),
               synonyms=tuple(_strings(fail, f"{label}: synonyms", entry.get("synonyms", []), allow_empty=True)),
               hints=tuple(_strings(fail, f"{label}: hints", entry.get("hints", []), allow_empty=True)),
               not_terms=tuple(_strings(fail, f"{label}: not_terms", entry.get("not_terms", []), allow_empty=True)),
               needs=tuple(_strings(fail, f"{label}: needs", entry.get("needs", []), allow_empty=True)),
               types=tuple(_strings(fail, f"{label}: types", entry.get("types", []), allow_empty=True)),
               activities=tuple(_strings(fail, f"{label}: activities", entry.get("activities", []), allow_empty=True)))


def _strings(fail, label: str, value, allow_empty: bool = False) -> list[str]:
    if not isinstance(value, list):
        fail(f"{label} must be a list of strings")
    if not value and not allow_empty:
        fail(f"{label} is empty — give at least one word")
    out = []
    for v in value:
        if not isinstance(v, str) or not v.strip():
            fail(f"{label}: {v!r} is not a non-empty string")
        out.append(v.strip())
    return out


def _trader(fail, value, tags: dict[str, list[Tag]]) -> dict:
    """[describe] trader = {activity, unless (a list), industry}: tag names, or nothing."""
    if value is None:
        return {}
    label = "[describe] trader"
    axes = {"activity": "activity", "unless": "activity", "industry": "industry"}
    if not isinstance(value, dict) or set(value) != set(axes):
        fail(f"{label} must be a table with exactly the keys activity, unless, industry")
    out = dict(value, unless=_strings(fail, f"{label}: unless", value["unless"]))
    for key, axis in axes.items():
        names = [t.name for t in tags[axis]]
        for v in out[key] if key == "unless" else [out[key]]:
            if v not in names:
                fail(f"{label}: {key}: {v!r} is not an {axis} tag ({', '.join(names)})")
    return out


def _check_unique(fail, axis: str, tags: list[Tag]) -> None:
    """Tag names unique in an axis; a word tags one tag per axis, so a typo cannot hide a clash."""
    seen_names: set[str] = set()
    owner: dict[str, str] = {}
    for t in tags:
        if t.name in seen_names:
            fail(f"{axis} tag {t.name!r} is defined twice")
        seen_names.add(t.name)
        for word in t.words + t.hints:
            key = fold(word)
            if key in owner:
                other = owner[key]
                where = f"twice in {axis} tag {t.name!r}" if other == t.name else f"in both {axis} tags {other!r} and {t.name!r}"
                fail(f"duplicate term {word!r}: listed {where}")
            owner[key] = t.name


def _check_parents(fail, tags: list[Tag]) -> None:
    by_name = {t.name: t for t in tags}
    for t in tags:
        if not t.parent:
            continue
        parent = by_name.get(t.parent)
        if parent is None:
            fail(f"industry tag {t.name!r}: parent {t.parent!r} is not an industry tag (sectors: "
                 f"{', '.join(x.name for x in tags if not x.parent)})")
        if parent.parent:
            fail(f"industry tag {t.name!r}: parent {t.parent!r} is itself a sub-sector; parents must be sectors")


def _list(fail, data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or not value:
        fail(f"no [[{key}]] entries")
    return value


def _choice(fail, kind: str, n: int, entry, beneficiaries: set[str]) -> Choice:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        fail(f"{kind} entry #{n}: missing 'name'")
    name = entry["name"].strip()
    unknown = set(entry) - CHOICE_FIELDS
    if unknown:
        fail(f"{kind} {name!r}: unknown field {sorted(unknown)[0]!r} (expected: {', '.join(sorted(CHOICE_FIELDS))})")
    if "terms" not in entry:
        fail(f"{kind} {name!r}: no 'terms' list")
    ben = entry.get("beneficiary", [])
    bens = _strings(fail, f"{kind} {name!r}: beneficiary", [ben] if isinstance(ben, str) else ben, allow_empty=True)
    for b in bens:
        if b not in beneficiaries:
            fail(f"{kind} {name!r}: beneficiary {b!r} is not a beneficiary tag")
    return Choice(name=name, terms=tuple(_strings(fail, f"{kind} {name!r}: terms", entry["terms"])), beneficiaries=tuple(bens))


def main(argv: list[str] | None = None) -> int:
    """`python -m match.taxonomy [FILE]`: check a taxonomy file and print what it defines."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        tax = load_taxonomy(argv[0] if argv else None)
    except TaxonomyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for axis in AXES:
        print(f"{axis} ({tax.axis_labels[axis]}): {len(tax.tags[axis])} tags, "
              f"{sum(len(t.words) for t in tax.tags[axis])} terms")
    print(f"origins: {', '.join(c.name for c in tax.origins)}; sizes: {', '.join(c.name for c in tax.sizes)}")
    print(f"{tax.path}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
