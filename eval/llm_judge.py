"""Probe: can an LLM tell whether the extractive answer gives what the question asks? Refusals beside the default's.

    python -m eval.llm_judge --sets fresh-2026-12-02x,fresh-2026-12-02y [--zero-shot] [--out FILE]

Needs an OpenAI-compatible endpoint that returns logprobs (HQ_LLM_BASE_URL / HQ_LLM_MODEL; `python cli.py llm
serve` is one) and is never run by CI. For every question the default system answers extractively, the model reads
the answer's sentences (as the documents word them) and the question, and is asked whether the sentences state
what is asked; P(是) from the first token's top logprobs is its score. The figures: for each cut, the false
refusals and refusals the default pipeline makes plus those the judge would add (a question refused by the default
stays refused). Measured with Qwen2.5-Coder-1.5B in qa/CALIBRATION.md (Session 10): not adopted.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
import urllib.request
from pathlib import Path

PASSAGE_CHARS = 700  # the shown sentences; a 1.5B model on two cores reads ~60 tokens/s
CUTS = (0.5, 0.6, 0.7, 0.76, 0.8, 0.85)
YES, NO = ("是", "yes", "Yes"), ("否", "no", "No")
SYSTEM = "你是严谨的政策文件核查员。判断条款是否写明了问题所问的具体信息。只回答“是”或“否”。"
# Three worked examples, written for this probe (2026-12-02), not taken from any gold set: without examples the small
# model says 是 to nearly everything (AUC 0.81, measured with a longer one-message instruction, not --zero-shot's
# plain prompt; 0.89 with them). Two are near-topic questions whose asked detail (a subsidy rate, opening hours) the
# clause does not state.
SHOTS = (("合作区对澳门青年创业团队的租金补贴标准是多少？", "支持澳门青年在合作区创新创业，完善创业孵化服务体系。", "否"),
         ("合作区对澳门青年创业团队有什么支持？", "支持澳门青年在合作区创新创业，完善创业孵化服务体系。", "是"),
         ("横琴口岸每天开放到几点？", "推进横琴口岸通关模式改革，实施“合作查验、一次放行”。", "否"))


def judge_messages(question: str, passage: str, shots: bool = True) -> list[dict]:
    """The chat messages asking whether `passage` states what `question` asks."""
    msgs = [{"role": "system", "content": SYSTEM}]
    for q, p, a in SHOTS if shots else ():
        msgs += [{"role": "user", "content": f"条款：{p}\n问题：{q}"}, {"role": "assistant", "content": a}]
    return msgs + [{"role": "user", "content": f"条款：{passage}\n问题：{question}"}]


def yes_probability(reply: dict) -> float | None:
    """P(是) / (P(是) + P(否)) over the first token's top logprobs; None when the reply has none of either."""
    try:
        top = reply["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
        yes = sum(math.exp(t["logprob"]) for t in top if t["token"].strip() in YES)
        no = sum(math.exp(t["logprob"]) for t in top if t["token"].strip() in NO)
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return yes / (yes + no) if yes + no > 0 else None


def ask_judge(messages: list[dict], settings) -> dict:
    """One chat completion of one token with its top logprobs (raises on network errors and timeouts)."""
    body = {"model": settings.llm_model, "messages": messages, "max_tokens": 1, "temperature": 0,
            "logprobs": True, "top_logprobs": 10}
    headers = {"Content-Type": "application/json"}
    if settings.llm_api_key:
        headers["Authorization"] = f"Bearer {settings.llm_api_key}"
    url = settings.llm_base_url.rstrip("/") + "/chat/completions"
    req = urllib.request.Request(url, json.dumps(body).encode("utf-8"), headers)
    with urllib.request.urlopen(req, timeout=settings.llm_timeout) as resp:
        return json.load(resp)


def judge_row(item, index, settings, shots: bool = True, ask=ask_judge) -> dict:
    """The default answer's decision for one gold question (an eval.gold.GoldItem) and, when it answered
    extractively, the judge's score."""
    from qa.answer import answer

    a = answer(item.question, index, settings, use_llm=False)
    row = {"split": item.split, "id": item.id, "answerable": item.answerable, "refused": not a.answerable,
           "mode": a.mode}
    if a.answerable and a.mode == "extractive" and a.sentences:
        passage = "".join(s.source for s in a.sentences)[:PASSAGE_CHARS]
        t0 = time.perf_counter()
        try:
            row["p"] = yes_probability(ask(judge_messages(item.question, passage, shots), settings))
        except Exception as exc:  # a timeout or a refused connection leaves the default decision standing
            row["error"] = type(exc).__name__
        row["ms"] = round((time.perf_counter() - t0) * 1000, 1)
    return row


def figures(rows: list[dict], cuts=CUTS) -> dict:
    """Default refusals, then for each cut the default's plus the judge's (P(是) < cut refuses)."""
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]

    def count(rs, cut):
        return sum(1 for r in rs if r["refused"] or (cut is not None and r.get("p") is not None and r["p"] < cut))

    out = {"answerable": len(ans), "unanswerable": len(una), "judged": sum(1 for r in rows if "p" in r),
           "errors": sum(1 for r in rows if "error" in r),
           "default": {"false_refusals": count(ans, None), "refused": count(una, None)}}
    out["cuts"] = {str(c): {"false_refusals": count(ans, c), "refused": count(una, c)} for c in cuts}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.llm_judge", description=__doc__.splitlines()[0])
    ap.add_argument("--sets", required=True, help="comma-separated gold set names (eval/gold/NAME.jsonl)")
    ap.add_argument("--zero-shot", action="store_true", help="without the worked examples")
    ap.add_argument("--out", default=None, help="write the rows as JSON lines here")
    args = ap.parse_args(argv)
    from errors import UserError
    from index.open import load_index
    from settings import Settings

    from .gold import gold_path, load_file

    settings = Settings.load()
    if not (settings.llm_base_url and settings.llm_model):
        print("llm_judge: set HQ_LLM_BASE_URL and HQ_LLM_MODEL (e.g. python cli.py llm serve)", file=sys.stderr)
        return 2
    try:  # every set is read (and checked) before the first call to the model
        items = [i for name in args.sets.split(",") if name.strip() for i in load_file(gold_path(name.strip()))]
        index = load_index(settings)
    except UserError as exc:  # a missing or malformed gold file, an index not built yet
        print(f"llm_judge: {exc}", file=sys.stderr)
        return 2
    rows = [judge_row(item, index, settings, shots=not args.zero_shot) for item in items]
    if args.out:
        Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(json.dumps(figures(rows), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
