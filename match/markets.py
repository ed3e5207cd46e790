"""Markets and partners named in a description (出口葡语国家, 东盟, 大湾区) mapped to taxonomy tags."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from errors import UserError

MARKETS = Path(__file__).resolve().parent / "data" / "markets.toml"


@dataclass(frozen=True)
class Market:
    name: str
    terms: tuple[str, ...]
    tags: dict  # axis -> tag names


def load(path: Path = MARKETS) -> list[Market]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: cannot read the market list ({exc})") from exc
    out = []
    for i, m in enumerate(data.get("market", []), 1):
        if not m.get("name") or not m.get("terms"):
            raise UserError(f"{path}: market #{i} needs a name and terms")
        out.append(Market(m["name"], tuple(t.lower() for t in m["terms"]), dict(m.get("tags") or {})))
    return out


def _plain(text: str) -> str:
    from ingest.chars import converter

    return converter("t2s").convert(text or "").lower()


def read(text: str, markets: list[Market] | None = None) -> list[tuple[Market, str]]:
    """The markets a description names, in order of first mention, each with the word that named it."""
    folded = _plain(text)
    hits = []
    for m in markets if markets is not None else load():
        spans = [(folded.find(t), t) for t in m.terms if t in folded]
        if spans:
            hits.append((min(spans)[0], m, min(spans)[1]))
    return [(m, word) for _, m, word in sorted(hits, key=lambda h: h[0])]


def apply(profile, text: str, taxonomy) -> list[str]:
    """Add the tags of the markets a description names to a profile; the evidence lines to show."""
    notes = []
    derived = set(taxonomy.derived_beneficiaries())  # given by a capital origin, never chosen as a type
    for market, word in read(text):
        added = []
        for axis, names in market.tags.items():
            field = {"beneficiary": "types", "activity": "activities", "instrument": "interests"}.get(axis)
            for name in names:
                if (field and name in taxonomy.names(axis) and name not in derived
                        and name not in getattr(profile, field)):
                    getattr(profile, field).append(name)
                    added.append(name)
        notes.append(f"市场：{market.name}（“{word}”）" + (f"→ {'、'.join(added)}" if added else ""))
    return notes


def check(taxonomy, markets: list[Market] | None = None) -> list[str]:
    """Tags named in the market list that the taxonomy does not have."""
    bad = []
    for m in markets if markets is not None else load():
        for axis, names in m.tags.items():
            known = set(taxonomy.names(axis)) if axis in ("industry", "beneficiary", "instrument", "activity") else set()
            bad += [f"{m.name}: {axis} {n}" for n in names if n not in known]
    return bad


if __name__ == "__main__":  # python -m match.markets: check the list against the taxonomy
    from match.taxonomy import load_taxonomy

    problems = check(load_taxonomy())
    print("\n".join(problems) if problems else f"{len(load())} markets, all tags known")
    raise SystemExit(1 if problems else 0)
