"""KnowledgeBase's profile-matching workflow: a profile from a form or a description, matching, export."""
from __future__ import annotations

from pathlib import Path

from errors import BadInput

FORM_FIELDS = ("name", "description", "industries", "origin", "size", "types", "activities", "interests")


def profile_from_form(values: dict):
    """A match.profile.Profile from form values (every choice offered by the taxonomy, so none to validate)."""
    from match.profile import Profile

    lists = ("industries", "types", "activities", "interests")
    return Profile(**{f: (list(values.get(f) or []) if f in lists else str(values.get(f) or ""))
                      for f in FORM_FIELDS})


def read_description(matcher, text: str):
    """(profile, notes): the profile read from a free-text description, with the markets and partners it
    names ("出口葡语国家": export, and the Lusophone market) added, and the evidence lines to show."""
    from match.markets import apply

    mapping = matcher.describe(text)
    markets = apply(mapping.profile, text, matcher.taxonomy)
    return mapping.profile, list(mapping.evidence) + markets


def match(matcher, profile=None, description: str | None = None, profile_path: Path | None = None,
          notes: list[str] | None = None):
    """Applicable clauses (match.matcher.MatchResult) for a Profile, a profile dict or TOML file, or a description."""
    from match.profile import Profile, load_profile, profile_from_dict

    notes = list(notes or [])
    if profile_path is not None:
        prof = load_profile(profile_path, matcher.taxonomy)
    elif isinstance(profile, Profile):
        prof = profile
    elif profile is not None:
        prof = profile_from_dict(profile, matcher.taxonomy)
    elif (description or "").strip():
        mapping = matcher.describe(description)
        prof, notes = mapping.profile, notes + list(mapping.evidence)
        if prof.is_empty():
            raise BadInput("match: no profile field could be read from the description; name the industry "
                           "(e.g. 中医药, 集成电路, 跨境电商) or the kind of enterprise")
    else:
        raise BadInput("match: give a profile or a description")
    return matcher.match(prof, notes=notes)


def export_match(result, fmt: str) -> str:
    """A match result as Markdown ("md") or CSV ("csv") text."""
    from match.export import to_csv, to_markdown

    if fmt == "md":
        return to_markdown(result)
    if fmt == "csv":
        return to_csv(result)
    raise BadInput(f"export: unknown format {fmt!r} (md or csv)")
