"""Precision and recall of profile matching against the gold profiles; `python -m match.evaluate`."""
from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from errors import UserError

from .loader import open_matcher
from .profile import Profile, load_profile

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "profiles"
SPLITS = ("dev", "heldout")


class GoldError(UserError):
    """A gold profile file is wrong."""


@dataclass
class GoldProfile:
    key: str  # file stem
    profile: Profile
    split: str
    clause_ids: list[str]
    # exact substrings (whitespace ignored), one per gold clause of a document whose clause ids may change
    # (the related documents): resolved against the clause store by resolve_evidence
    evidence: list[str] = field(default_factory=list)


def resolve_evidence(golds: list[GoldProfile], clauses) -> list[GoldProfile]:
    """Add the clause each evidence string names; a string in no clause or in several is a gold error."""
    from core.text import fold  # the "compact" fold: evidence is matched without whitespace (match must not import eval)

    def compact(text: str) -> str:
        return fold(text, "compact")

    texts = [(c.id, compact(c.text)) for c in clauses]
    for g in golds:
        for ev in g.evidence:
            found = [cid for cid, t in texts if compact(ev) in t]
            if len(found) != 1:
                where = "is not in the clause store" if not found else \
                    f"is in {len(found)} clauses of the clause store ({', '.join(found[:3])}); it must name exactly one"
                raise GoldError(f"{GOLD_DIR / (g.key + '.toml')}: evidence {ev!r} {where}")
            if found[0] not in g.clause_ids:
                g.clause_ids.append(found[0])
    return golds


def load_gold(taxonomy, gold_dir: Path = GOLD_DIR, clauses=None) -> list[GoldProfile]:
    """The gold profiles; with clauses, their evidence strings resolved into clause ids."""
    out = []
    for path in sorted(Path(gold_dir).glob("*.toml")):
        profile = load_profile(path, taxonomy)
        gold = tomllib.loads(path.read_text(encoding="utf-8")).get("gold")
        if not isinstance(gold, dict) or not gold.get("clauses"):
            raise GoldError(f"{path}: no [gold] table with a clauses list")
        split = gold.get("split", "dev")
        if split not in SPLITS:
            raise GoldError(f"{path}: [gold] split must be one of {', '.join(SPLITS)}, not {split!r}")
        doc = gold.get("doc", "")
        ids = [i if "/" in i or not doc else f"{doc}/{i}" for i in gold["clauses"]]
        evidence = gold.get("evidence", [])
        if not isinstance(evidence, list) or not all(isinstance(e, str) and e.strip() for e in evidence):
            raise GoldError(f"{path}: [gold] evidence must be a list of non-empty strings")
        out.append(GoldProfile(path.stem, profile, split, ids, list(evidence)))
    if not out:
        raise GoldError(f"{gold_dir}: no gold profiles")
    return resolve_evidence(out, clauses) if clauses is not None else out


def prf(predicted: list[str], gold: list[str]) -> tuple[float, float]:
    """(precision, recall); an empty prediction has precision 1 by convention only if gold is empty."""
    p, g = set(predicted), set(gold)
    tp = len(p & g)
    precision = tp / len(p) if p else (1.0 if not g else 0.0)
    recall = tp / len(g) if g else 1.0
    return precision, recall


def _summary(rows: list[dict]) -> dict:
    if not rows:
        return {}
    tp = sum(r["tp"] for r in rows)
    npred = sum(r["predicted"] for r in rows)
    ngold = sum(r["gold"] for r in rows)
    return {"profiles": len(rows),
            "precision": round(sum(r["precision"] for r in rows) / len(rows), 3),
            "recall": round(sum(r["recall"] for r in rows) / len(rows), 3),
            "micro_precision": round(tp / npred, 3) if npred else 0.0,
            "micro_recall": round(tp / ngold, 3) if ngold else 0.0}


def evaluate(settings, idx=None, semantic: bool = True, gold_dir: Path = GOLD_DIR) -> dict:
    """Scores per split for structured profiles ("profile") and for their free-text descriptions ("describe")."""
    matcher = open_matcher(settings, idx, semantic=semantic)
    known = {c.id for c in matcher.clauses}
    result: dict = {"profiles": [], "gold_dir": str(gold_dir), "semantic": semantic}
    for g in load_gold(matcher.taxonomy, gold_dir, clauses=matcher.clauses):
        missing = [i for i in g.clause_ids if i not in known]
        if missing:
            raise GoldError(f"{gold_dir / (g.key + '.toml')}: gold clause {missing[0]} is not in the clause store")
        row = {"key": g.key, "name": g.profile.name, "split": g.split, "gold": len(g.clause_ids)}
        for mode in ("profile", "describe"):
            profile = g.profile if mode == "profile" else matcher.describe(g.profile.description).profile
            ids = matcher.match(profile).ids
            p, r = prf(ids, g.clause_ids)
            tp = len(set(ids) & set(g.clause_ids))
            row[mode] = {"precision": round(p, 3), "recall": round(r, 3), "predicted": len(ids), "tp": tp,
                         "gold": len(g.clause_ids), "missed": sorted(set(g.clause_ids) - set(ids)),
                         "extra": [i for i in ids if i not in g.clause_ids]}
        result["profiles"].append(row)
    for mode in ("profile", "describe"):
        result[mode] = {split: _summary([r[mode] for r in result["profiles"] if r["split"] == split]) for split in SPLITS}
        result[mode]["all"] = _summary([r[mode] for r in result["profiles"]])
    return result


def main(argv: list[str] | None = None) -> int:
    from settings import Settings

    parser = argparse.ArgumentParser(prog="python -m match.evaluate", description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-semantic", action="store_true", help="rule tags only (no embedding model)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed and extra clauses")
    parser.add_argument("--split", choices=SPLITS, help="only this split (tune on dev; look at heldout last)")
    args = parser.parse_args(argv)
    try:
        res = evaluate(Settings.load(), semantic=not args.no_semantic)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    for r in res["profiles"]:
        if args.split and r["split"] != args.split:
            continue
        p, d = r["profile"], r["describe"]
        print(f"{r['split']:7} {r['key']:32} P={p['precision']:.2f} R={p['recall']:.2f} ({p['predicted']:2} found, "
              f"{r['gold']:2} gold) | describe P={d['precision']:.2f} R={d['recall']:.2f}")
        if args.verbose:
            print(f"          missed {' '.join(i.split('/')[-1] for i in p['missed'])}   extra {' '.join(i.split('/')[-1] for i in p['extra'])}")
    for mode in ("profile", "describe"):
        for split in ((args.split,) if args.split else (*SPLITS, "all")):
            s = res[mode][split]
            print(f"{mode:8} {split:7} profiles={s['profiles']:2}  precision={s['precision']:.3f} recall={s['recall']:.3f}"
                  f"  (micro P={s['micro_precision']:.3f} R={s['micro_recall']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
