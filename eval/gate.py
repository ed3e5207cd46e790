"""Regression gate: compare headline figures with the floors committed in eval/floor.json."""
from __future__ import annotations

import json
from pathlib import Path

from errors import UserError

FLOOR_PATH = Path(__file__).resolve().parent / "floor.json"


class FloorError(UserError):
    """The floor file is missing or malformed, or does not fit the run."""


def load_floor(path: Path = FLOOR_PATH) -> dict:
    path = Path(path)
    if not path.exists():
        raise FloorError(f"{path}: floor file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise FloorError(f"{path}: not valid JSON ({exc})") from None
    for key in ("split", "retrieval"):
        if key not in data:
            raise FloorError(f"{path}: missing field {key!r}")
    if not isinstance(data["retrieval"], dict):
        raise FloorError(f"{path}: 'retrieval' must map system -> {{metric: floor}}")
    return data


def check(result: dict, floor: dict) -> list[str]:
    """One message per figure below its floor (or missing); empty when the gate passes."""
    if result["meta"]["split"] != floor["split"]:
        raise FloorError(f"the floor is for split {floor['split']!r}; run the gate with --split {floor['split']}")
    failures = []
    for system, floors in floor["retrieval"].items():
        got = result["headline"].get(system)
        if got is None:
            failures.append(f"{system}: did not run")
            continue
        for metric, minimum in floors.items():
            value = _lookup(result, system, metric)
            if value is None or value < minimum:
                failures.append(f"{system} {metric} = {'missing' if value is None else f'{value:.3f}'} < floor {minimum}")
    answers = (result.get("answers") or {}).get("summary")
    for metric, bound in (floor.get("answers") or {}).items():
        if answers is None:
            failures.append("answers: not scored (qa not available) but the floor sets answer figures")
            break
        value = _answer_lookup(result["answers"], metric)
        # rates named *_rate that count failures (false refusals) are ceilings, everything else floors
        ceiling = metric.split("[", 1)[0] == "false_refusal_rate"
        worse = value is None or (value > bound if ceiling else value < bound)
        if worse:
            failures.append(f"answers {metric} = {'missing' if value is None else f'{value:.3f}'} "
                            f"{'>' if ceiling else '<'} bound {bound}")
    for suite, floors in (floor.get("suites") or {}).items():
        figures = (result.get("suites") or {}).get(suite)
        for path, minimum in floors.items():
            value = _dotted(figures, path)
            if value is None or value < minimum:
                failures.append(f"suite {suite} {path} = {'missing' if value is None else f'{value:.3f}'} < floor {minimum}")
    return failures


def _answer_lookup(answers: dict, metric: str):
    """'key_point_coverage' from the answer summary; 'key_point_coverage[hq-industry-2025]' from its
    by-document table (or by-language)."""
    if "[" not in metric:
        return answers["summary"].get(metric)
    name, group = metric.rstrip("]").split("[", 1)
    for table in ("by_doc", "by_language"):
        found = ((answers.get(table) or {}).get(group) or {}).get(name)
        if found is not None:
            return found
    return None


def _dotted(figures, path: str):
    """'profile.dev.precision' -> figures['profile']['dev']['precision'], or None."""
    for key in path.split("."):
        if not isinstance(figures, dict) or key not in figures:
            return None
        figures = figures[key]
    return figures if isinstance(figures, (int, float)) else None


def _lookup(result: dict, system: str, metric: str):
    """'hit@5' from the headline; 'hit@5[zh-Hant]' or 'hit@5[en+pt]' from the by-language table,
    'hit@5[hq-promotion-regulation]' or 'hit@5[cross-document]' from the by-document table."""
    if "[" in metric:
        name, group = metric.rstrip("]").split("[", 1)
        for table in ("by_language", "by_doc"):
            found = (result.get(table, {}).get(system, {}).get(group) or {}).get(name)
            if found is not None:
                return found
        return None
    return result["headline"][system].get(metric)
