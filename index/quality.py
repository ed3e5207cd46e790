"""Retrieval quality on a query file: hit@5 and MRR@10 overall and by language (`python -m index.quality [FILE]`)."""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

DEV = Path(__file__).resolve().parent / "data" / "dev_queries.jsonl"


def load_queries(path: Path) -> list[dict]:
    """Lines of {"q", "lang", "expected": [clause ids]} or eval gold items {"question", "language", "gold_ids"}.

    Gold items without gold ids (unanswerable questions) are skipped: they measure refusal, not retrieval."""
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc})") from None
        if "question" in item:
            item = {"q": item["question"], "lang": item.get("language", "?"), "type": item.get("type", ""),
                    "expected": item.get("gold_ids") or []}
        if item.get("expected"):
            out.append(item)
    return out


def _short(clause_id: str) -> str:
    return clause_id.split("/", 1)[-1]


def evaluate(idx, queries: list[dict], k: int = 10) -> dict:
    """hit@1, hit@5, MRR@10 per language and overall; misses listed with the top 3 returned."""
    per: dict[str, list[tuple[int, float]]] = defaultdict(list)
    misses = []
    for item in queries:
        expected = {_short(e) for e in item["expected"]}
        hits = idx.search(item["q"], k=k)
        ids = [_short(h.clause.id) for h in hits]
        rank = next((n for n, cid in enumerate(ids, 1) if cid in expected), 0)
        per[item.get("lang", "?")].append((rank, 1.0 / rank if rank else 0.0))
        if not rank or rank > 5:
            misses.append({"q": item["q"], "expected": sorted(expected), "rank": rank, "top3": ids[:3]})

    def figures(rows):
        n = len(rows)
        return {"n": n, "hit@1": round(sum(1 for r, _ in rows if r == 1) / n, 3),
                "hit@5": round(sum(1 for r, _ in rows if 0 < r <= 5) / n, 3), "mrr@10": round(sum(m for _, m in rows) / n, 3)}

    all_rows = [r for rows in per.values() for r in rows]
    report = {"all": figures(all_rows), **{lang: figures(rows) for lang, rows in sorted(per.items())}}
    latin = per.get("en", []) + per.get("pt", [])
    if latin:
        report["en+pt"] = figures(latin)
    report["misses"] = misses
    return report


def main(argv: list[str] | None = None) -> int:
    from settings import Settings

    from . import open_index

    argv = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in argv] or [DEV]
    idx = open_index(Settings.load())
    for path in paths:
        report = evaluate(idx, load_queries(path))
        print(f"== {path}")
        for name, fig in report.items():
            if name != "misses":
                print(f"  {name:8s} n={fig['n']:3d}  hit@1 {fig['hit@1']:.3f}  hit@5 {fig['hit@5']:.3f}  MRR@10 {fig['mrr@10']:.3f}")
        for miss in report["misses"]:
            print(f"  miss (rank {miss['rank']}): {miss['q']}  expected {miss['expected']}  got {miss['top3']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
