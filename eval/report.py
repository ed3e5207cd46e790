"""Write an evaluation result as Markdown, JSON and a PNG chart into a reports folder."""
from __future__ import annotations

import json
from pathlib import Path

from .answers import ANSWER_KEYS, LABEL_KEY
from .run import HEADLINE, LABEL_K

NAME = "eval-latest"


def fmt(v, digits: int = 3) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def write_reports(result: dict, out_dir: Path, gate: list[str] | None = None) -> dict[str, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / f"{NAME}.json", "md": out_dir / f"{NAME}.md", "png": out_dir / f"{NAME}.png"}
    _atomic(paths["json"], dump_json(result))
    _atomic(paths["md"], markdown(result, gate, png_name=paths["png"].name))
    chart(result, paths["png"])
    return paths


def dump_json(result: dict) -> str:
    """Indented JSON, except the per-question rows: one line each, so the file stays small and diffable."""
    body = dict(result)
    rows = body.pop("questions", [])
    head = json.dumps(body, ensure_ascii=False, indent=1, default=_jsonable)
    lines = ",\n".join("  " + json.dumps(r, ensure_ascii=False, default=_jsonable) for r in rows)
    return head[:-2] + ',\n "questions": [\n' + lines + "\n ]\n}\n"


def _jsonable(v):
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    return str(v)


def _atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def markdown(result: dict, gate: list[str] | None = None, png_name: str = f"{NAME}.png") -> str:
    meta = result["meta"]
    systems = list(result["headline"])
    lines = [
        "# Evaluation report",
        "",
        f"Split **{meta['split']}** · {meta['questions']} questions ({meta['answerable']} answerable) · "
        f"systems {', '.join(systems)} · embedder `{meta['embedder']}` · k={meta['k']} · {meta['date']}"
        + (f" · commit `{meta['commit']}`" if meta.get("commit") else ""),
        "",
        f"Questions by language: {_counts(meta['by_language'])}; by type: {_counts(meta['by_type'])}.",
        "",
    ]
    if gate is not None:
        lines += ["**Regression gate: " + ("passed**" if not gate else "FAILED** — " + "; ".join(gate)), ""]
    for note in result.get("notes", []):
        lines.append(f"> note: {note}")
    if result.get("notes"):
        lines.append("")
    lines += ["## Headline — retrieval on answerable questions", ""]
    rows = [[k] + [fmt(result["headline"][s][k]) for s in systems] for k in HEADLINE]
    lk = f"label_exact@{LABEL_K}"
    rows.append([f"{lk} (n={result['headline'][systems[0]].get('n_labelled', 0)})"]
                + [fmt(result["headline"][s].get(lk)) for s in systems])
    rows.append(["latency p50 / p95 (ms)"] + [f"{fmt(result['headline'][s]['latency_ms_p50'], 1)} / "
                                               f"{fmt(result['headline'][s]['latency_ms_p95'], 1)}" for s in systems])
    lines += _table(["metric"] + systems, rows) + ["", f"![chart]({png_name})", ""]
    lines += _labels_md(result.get("labels"))
    for title, key in (("document", "by_doc"), ("language", "by_language"), ("type", "by_type")):
        if not result.get(key):
            continue
        lines += [f"## By {title} — hit@5 / MRR@10 (n)", ""]
        groups = list(dict.fromkeys(g for s in systems for g in result[key].get(s, {})))
        trows = []
        for g in groups:
            cells = []
            for s in systems:
                v = result[key].get(s, {}).get(g)
                cells.append(f"{fmt(v['hit@5'], 2)} / {fmt(v['mrr@10'], 2)}" if v else "–")
            n = next((result[key][s][g]["n"] for s in systems if g in result[key].get(s, {})), 0)
            trows.append([f"{g} ({n})"] + cells)
        lines += _table([title] + systems, trows) + [""]
    lines += _distractors_md(result.get("distractors"))
    lines += _answers_md(result.get("answers"))
    lines += _llm_md(result)
    lines += _suites_md(result.get("suites") or {})
    lines += _worst_md(result.get("worst") or [])
    return "\n".join(lines) + "\n"


def _counts(d: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in d.items())


def _answers_md(answers: dict | None) -> list[str]:
    lines = ["## Answers (ours)", ""]
    if not answers:
        return lines + ["Skipped: the answering package is not available yet (see notes).", ""]
    if answers.get("errors"):
        lines += [f"**{len(answers['errors'])} questions raised an error** (left out of the figures): "
                  + "; ".join(answers["errors"][:5]), ""]
    keys = ANSWER_KEYS + ("refusal_accuracy", "false_refusal_rate", "answer_length_mean",
                          "latency_ms_p50", "latency_ms_p95")
    s = answers["summary"]
    langs = list(answers["by_language"])
    rows = [[k, fmt(s.get(k))] + [fmt(answers["by_language"][g].get(k)) for g in langs] for k in keys]
    lines += _table(["metric", "all"] + langs, rows) + [""]
    types = list(answers["by_type"])
    per = ANSWER_KEYS + (LABEL_KEY, "refusal_accuracy", "false_refusal_rate")
    rows = [[k] + [fmt(answers["by_type"][t].get(k)) for t in types] for k in per]
    lines += _table(["by type"] + types, rows) + [""]
    docs = list(answers.get("by_doc") or {})
    if docs:
        rows = [[k] + [fmt(answers["by_doc"][d].get(k)) for d in docs] for k in per]
        rows.append(["questions"] + [str(answers["by_doc"][d]["n"]) for d in docs])
        lines += _table(["by document"] + docs, rows) + [""]
    return lines


def llm_rows(result: dict) -> list[list[str]]:
    """[figure, ours, llm] rows: the answer figures side by side, then what verification did to the LLM's."""
    ours = (result.get("answers") or {}).get("summary") or {}
    llm = result["llm"]
    s, x = llm["summary"], llm["llm"]
    names = {"key_point_coverage": "key points", "citation_precision": "citation precision",
             "citation_recall": "citation recall", "support_rate": "support rate",
             "refusal_accuracy": "unanswerable refused", "false_refusal_rate": "false refusals",
             "answer_length_mean": "answer length (chars)", "latency_ms_p50": "latency p50 (ms)",
             "latency_ms_p95": "latency p95 (ms)"}
    digits = {"answer_length_mean": 0, "latency_ms_p50": 0, "latency_ms_p95": 0}
    rows = [[names[k], fmt(ours.get(k), digits.get(k, 3)), fmt(s.get(k), digits.get(k, 3))] for k in names]
    n = x["llm_called"]
    rows += [
        ["LLM called / answers written by it", "–", f"{n} / {x['llm_answers']}"],
        ["verified-sentence rate", "–", f"{fmt(x['verified_sentence_rate'])} ({x['sentences_verified']}/{x['sentences_generated']})"],
        ["sentences rejected: figure / marker / name / wording", "–",
         f"{x['figures_rejected']} / {x['markers_rejected']} / {x['names_rejected']} / {x['wording_rejected']}"],
        ["fallback rate (to the extractive answer)", "–", fmt(x["fallback_rate"])],
        ["fallbacks by reason", "–", ", ".join(f"{k} {v}" for k, v in x["fallbacks"].items()) or "–"],
        ["NO_ANSWER on answerable / unanswerable", "–", f"{x['no_answer_on_answerable']} / {x['no_answer_on_unanswerable']}"],
        ["unanswerable: LLM answer shown / figures rejected", "–",
         f"{x['unanswerable_with_llm_answer']} / {x['figures_rejected_on_unanswerable']}"],
        ["key points where the LLM's words are shown", fmt(x["key_points_ours_same_questions"]),
         f"{fmt(x['key_points_llm_written'])} (n={x['n_llm_written_answerable']})"],
        ["model time p50 / p95 (ms)", "–", f"{fmt(x['model_ms_p50'], 0)} / {fmt(x['model_ms_p95'], 0)}"],
    ]
    return rows


def _llm_md(result: dict) -> list[str]:
    if not result.get("llm"):
        return []
    llm = result["llm"]
    lines = [f"## Answers — ours (extractive) and llm side by side", "",
             f"LLM `{llm['model']}` at `{llm['endpoint']}`; each LLM sentence is verified against the clause it cites "
             "(figures as values, dates, names, markers, wording); an answer with nothing verified falls back to ours.", ""]
    if llm.get("errors"):
        lines += [f"**{len(llm['errors'])} questions raised an error**: " + "; ".join(llm["errors"][:3]), ""]
    return lines + _table(["figure", "ours", "llm"], llm_rows(result)) + [""]


def _labels_md(labels: dict | None) -> list[str]:
    if not labels or not labels.get("expected"):
        return []
    lines = [f"**Citation labels**: {labels['exact']} of {labels['expected']} expected labels "
             f"(gold `citation_labels`, the documents' own convention) are carried exactly by the question's own gold "
             f"clause ({fmt(labels['share'])}); `label_exact@{LABEL_K}` is the share shown by the top {LABEL_K}."]
    if labels.get("pinpointed"):
        lines.append(f"Of those not carried, {labels['pinpointed']} are carried with a pinpoint inside the unit "
                     "expected (（四） expected, its paragraph labelled （四）第2段).")
    if labels.get("missing_examples"):
        lines.append("Not carried, e.g.: " + "; ".join(f"`{m}`" for m in labels["missing_examples"][:4]))
    return lines + [""]


def _distractors_md(d: dict | None) -> list[str]:
    """The same questions over the corpus plus unrelated regulations: what is lost."""
    if not d:
        return []
    lines = ["## Distractor run — the same questions with unrelated regulations added", "",
             f"{d['added']} documents added from `{d['source']}` ({d['skipped']} skipped as already in the corpus: "
             f"{', '.join(d['skipped_names'][:3]) or '–'}); {d['clauses']} clauses in all, build dir `{d['build_dir']}`.", ""]
    groups = list(d["by_doc"])
    rows = [["all", fmt(d["base"]["hit@5"]), fmt(d["headline"]["hit@5"]), fmt(d["headline"]["hit@5"] - d["base"]["hit@5"]),
             fmt(d["base"]["mrr@10"]), fmt(d["headline"]["mrr@10"])]]
    for g in groups:
        b = d["base_by_doc"].get(g)
        x = d["by_doc"][g]
        rows.append([f"{g} ({x['n']})", fmt(b["hit@5"]) if b else "–", fmt(x["hit@5"]),
                     fmt(x["hit@5"] - b["hit@5"]) if b else "–", fmt(b["mrr@10"]) if b else "–", fmt(x["mrr@10"])])
    lines += _table(["questions", "hit@5 corpus", "hit@5 +distractors", "change", "MRR@10 corpus", "MRR@10 +distractors"], rows)
    bg = d.get("background")
    if bg:  # questions only an added law answers: ranking the corpus's own documents first must not hide them
        lines += ["", f"Background-law questions ({bg['file']}, {bg['n']} whose laws this build holds): "
                  f"hit@5 {fmt(bg['hit@5'])}, MRR@10 {fmt(bg['mrr@10'])}."]
    return lines + ["", f"Target: at most {d['target']} hit@5 lost; "
                    + ("met." if d["base"]["hit@5"] - d["headline"]["hit@5"] <= d["target"] + 1e-9 else "**not met**."), ""]


def _suites_md(suites: dict) -> list[str]:
    """A suite giving a "table" ({header, rows, note}) is shown as that table; others as their JSON."""
    lines = []
    for name, figures in suites.items():
        t = figures.get("table") if isinstance(figures, dict) else None
        if isinstance(t, dict) and t.get("header") and isinstance(t.get("rows"), list):
            lines += [f"## {figures.get('title') or 'Suite: ' + name}", ""] + _table(t["header"], t["rows"]) + [""]
            lines += [t["note"], ""] if t.get("note") else []
            continue
        lines += [f"## Suite: {name}", "", "```json", json.dumps(figures, ensure_ascii=False, indent=1, default=str)[:3000], "```", ""]
    return lines


def _worst_md(worst: list[dict]) -> list[str]:
    lines = [f"## The {len(worst)} worst questions (lowest MRR@10, primary system)", ""]
    for w in worst:
        m = w["metrics"]
        lines.append(f"**{w['id']}** ({w['language']}, {w['type']}) — {w['question']}  ")
        lines.append(f"MRR@10 {fmt(m['mrr@10'], 2)}, recall@10 {fmt(m['recall@10'], 2)}; gold: "
                     + ", ".join(f"`{g}`" for g in w["gold_ids"]) + "  ")
        for rank, r in enumerate(w["retrieved"][:5], 1):
            mark = " ✓" if r["covers"] else ""
            snippet = r["text"][:50].replace("\n", " ").replace("|", "/")
            lines.append(f"{rank}. `{r['key']}`{mark} {snippet}…  ")
        lines.append("")
    return lines


def chart(result: dict, path: Path) -> None:
    """Grouped bars: headline metrics per system, and hit@5 per language per system."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = list(result["headline"])
    metrics = ["hit@1", "hit@5", "hit@10", "recall@10", "mrr@10", "ndcg@10"]
    langs = list(dict.fromkeys(g for s in systems for g in result["by_language"].get(s, {})))
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
    width = 0.8 / max(1, len(systems))
    for i, s in enumerate(systems):
        vals = [result["headline"][s][m] or 0 for m in metrics]
        axes[0].bar([x + i * width for x in range(len(metrics))], vals, width, label=s)
        lv = [(result["by_language"].get(s, {}).get(g) or {}).get("hit@5") or 0 for g in langs]
        axes[1].bar([x + i * width for x in range(len(langs))], lv, width, label=s)
    for ax, labels, title in ((axes[0], metrics, "Retrieval (answerable questions)"), (axes[1], langs, "hit@5 by language")):
        ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(labels))], labels)
        ax.set_ylim(0, 1.05)
        ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8, loc="lower right")
    meta = result["meta"]
    fig.suptitle(f"split {meta['split']} · {meta['answerable']} answerable questions · {meta['date']}", fontsize=9)
    fig.tight_layout()
    tmp = path.with_suffix(".tmp.png")
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    tmp.replace(path)
