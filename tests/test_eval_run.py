"""`cli.py eval` end to end on a tiny ingested plan, with a fake embedder, index and answerer; the gate."""
import json
from types import SimpleNamespace

import pytest

import cli
from eval import gate as G
from eval import resolve
from eval.gold import GoldItem, load_split, write_split
from eval.normalize import fold
from tests.test_eval_naive import FakeEmbedder

PLAN = """测试区产业发展规划（2025-2029年）

一、发展基础

（一）现状

截至2024年底，测试区企业实有100家，产业增加值50亿元，澳资企业20家。

（二）发展目标

到2029年，测试区产业增加值达到90亿元，高端人才数达到2000人。

二、发展现代金融产业

（一）丰富金融业态

加快引育各类金融机构。吸引证券公司、基金公司、期货公司落户测试区。

发展跨境理财业务。持续深化“跨境理财通”业务，便利澳门居民投资。

（二）推动跨境金融创新

深化自由贸易账户建设。支持金融机构依法合规开展离岸业务。
"""

DEV = [
    ("f1", "2029年测试区的产业增加值目标是多少？", "zh-Hans", "figure", ["产业增加值达到90亿元"], ["90亿元"]),
    ("f2", "規劃有冇提到跨境理財通？", "zh-Hant", "fact", ["持续深化“跨境理财通”业务"], ["跨境理财通"]),
    ("f3", "What does part 2 section 1 say?", "en", "lookup", ["加快引育各类金融机构", "发展跨境理财业务"], ["金融机构"]),
    ("f4", "证券公司和离岸业务方面有哪些安排", "zh-Hans", "multi", ["吸引证券公司", "支持金融机构依法合规开展离岸业务"], ["证券公司"]),
    ("f5", "Qual é o número de telefone do gabinete?", "pt", "unanswerable", [], []),
    ("f6", "个人所得税税率是多少", "zh-Hans", "unanswerable", [], []),
]


def _bigrams(s):
    s = fold(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


class FakeIndex:
    """Ranks clauses by shared character bigrams with the question."""

    def __init__(self, clauses):
        self.clauses = clauses

    def search(self, q, k=10):
        qb = _bigrams(q)
        scored = sorted(self.clauses, key=lambda c: -len(qb & _bigrams(c.text)))
        return [SimpleNamespace(rank=n, clause=c, score=len(qb & _bigrams(c.text))) for n, c in enumerate(scored[:k], 1)]


def fake_answer(question, index):
    """Extractive: the top clause's first sentence with [1]; refuses when nothing overlaps."""
    top = index.search(question, k=1)[0]
    if top.score < 2:
        return SimpleNamespace(text="已收录文件未对此作出规定。", citations=[], answerable=False)
    first = top.clause.text.split("。")[0] + "。"
    return SimpleNamespace(text=first + "[1]", citations=[{"n": 1, "clause_id": top.clause.id}], answerable=True)


@pytest.fixture
def env(tmp_path, monkeypatch):
    from ingest.pipeline import ingest
    from ingest.store import load_clauses

    corpus, build, gold = tmp_path / "corpus", tmp_path / "build", tmp_path / "gold"
    corpus.mkdir()
    gold.mkdir()
    (corpus / "test-plan.txt").write_text(PLAN, encoding="utf-8")
    assert ingest([corpus], corpus, build).ok
    clauses = load_clauses(build)
    items = [GoldItem(i, q, lang, t, [], ev, kp, t != "unanswerable") for i, q, lang, t, ev, kp in DEV]
    items, notes, _ = resolve.resolve(items, clauses)
    assert not notes
    write_split("dev", items, gold)
    write_split("heldout", [GoldItem("h1", "高端人才数量目标", "zh-Hans", "figure", [], ["高端人才数达到2000人"], ["2000人"], True)], gold)
    held, _, _ = resolve.resolve(load_split("heldout", gold), clauses)
    write_split("heldout", held, gold)

    monkeypatch.setenv("HQ_BUILD_DIR", str(build))
    monkeypatch.setenv("HQ_CORPUS_DIR", str(corpus))
    monkeypatch.setattr("eval.run.default_embedder", lambda settings: FakeEmbedder())
    monkeypatch.setattr("index.open_index", lambda settings: FakeIndex(load_clauses(build)), raising=False)
    monkeypatch.setattr("qa.answer", fake_answer, raising=False)
    floor = tmp_path / "floor.json"
    floor.write_text(json.dumps({"split": "dev", "retrieval": {"ours": {"hit@5": 0.5, "mrr@10": 0.3}},
                                 "answers": {"false_refusal_rate": 0.5}}))
    return SimpleNamespace(tmp=tmp_path, gold=gold, build=build, floor=floor, out=tmp_path / "reports")


def _run(env, *extra):
    return cli.main(["eval", "--split", "dev", "--gold-dir", str(env.gold), "--out", str(env.out), *extra])


def test_eval_command_end_to_end(env, capsys):
    assert _run(env, "--gate", "--floor", str(env.floor)) == 0
    out = capsys.readouterr().out
    assert "regression gate passed" in out
    data = json.loads((env.out / "eval-latest.json").read_text(encoding="utf-8"))
    assert list(data["headline"]) == ["ours", "naive-dense", "naive-bm25", "naive-fused"]
    assert data["headline"]["ours"]["n"] == 4  # answerable dev questions
    assert data["meta"]["questions"] == 6
    assert set(data["by_language"]["ours"]) >= {"zh-Hans", "zh-Hant", "en", "en+pt"}
    answers = data["answers"]["summary"]
    # two unanswerable questions share no bigram with the plan -> both refused
    assert answers["refusal_accuracy"] == 1.0
    # extractive fake answers copy a clause sentence and cite it -> fully supported
    assert answers["support_rate"] == 1.0
    md = (env.out / "eval-latest.md").read_text(encoding="utf-8")
    assert "## Headline" in md and "naive-fused" in md and "worst questions" in md and "passed" in md
    assert (env.out / "eval-latest.png").read_bytes()[:4] == b"\x89PNG"


def test_gate_fails_when_a_floor_is_not_met(env, capsys):
    env.floor.write_text(json.dumps({"split": "dev", "retrieval": {"ours": {"hit@1": 1.01}}}))
    assert _run(env, "--systems", "ours", "--gate", "--floor", str(env.floor)) == 1
    assert "regression gate FAILED" in capsys.readouterr().err
    assert "FAILED" in (env.out / "eval-latest.md").read_text(encoding="utf-8")


def test_broken_gold_stops_the_run_with_the_item_named(env, capsys):
    lines = (env.gold / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("产业增加值达到90亿元", "产业增加值达到95亿元")
    (env.gold / "dev.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _run(env, "--systems", "ours") == 2
    err = capsys.readouterr().err
    assert "dev:f1: evidence '产业增加值达到95亿元'" in err
    assert not (env.out / "eval-latest.json").exists()


def test_answers_are_skipped_cleanly_without_qa(env, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "qa", None)  # `from qa import answer` now raises ImportError
    assert _run(env, "--systems", "ours") == 0
    data = json.loads((env.out / "eval-latest.json").read_text(encoding="utf-8"))
    assert data["answers"] is None
    assert any("answers skipped" in n for n in data["notes"])


def test_gate_check_rules():
    result = {"meta": {"split": "dev"}, "headline": {"ours": {"hit@5": 0.9, "mrr@10": 0.7}},
              "by_language": {"ours": {"en+pt": {"hit@5": 0.6}}}, "answers": None}
    floor = {"split": "dev", "retrieval": {"ours": {"hit@5": 0.85, "mrr@10": 0.75, "hit@5[en+pt]": 0.8},
                                           "naive-fused": {"hit@5": 0.5}}}
    assert G.check(result, floor) == ["ours mrr@10 = 0.700 < floor 0.75", "ours hit@5[en+pt] = 0.600 < floor 0.8",
                                      "naive-fused: did not run"]
    with pytest.raises(G.FloorError, match="--split heldout"):
        G.check(result, dict(floor, split="heldout"))


def test_gate_checks_suite_floors():
    result = {"meta": {"split": "dev"}, "headline": {"ours": {"hit@5": 0.9}}, "by_language": {}, "answers": None,
              "suites": {"profiles": {"profile": {"dev": {"precision": 0.75, "recall": 0.9}}}}}
    floor = {"split": "dev", "retrieval": {"ours": {"hit@5": 0.85}},
             "suites": {"profiles": {"profile.dev.precision": 0.8, "profile.dev.recall": 0.85, "describe.dev.recall": 0.7}}}
    assert G.check(result, floor) == ["suite profiles profile.dev.precision = 0.750 < floor 0.8",
                                      "suite profiles describe.dev.recall = missing < floor 0.7"]


def test_parse_answer_accepts_citation_objects_and_dicts():
    from eval.answers import parse_answer, score_one
    from ingest.records import Clause

    c = Clause(id="d/1.p1", doc_id="d", doc_title="", doc_number="", issuer="", date="", kind="paragraph", path=[],
               path_code="1", ordinal=1, lead="", text="到2029年，澳资产业增加值90亿元。", citation="")
    as_object = SimpleNamespace(text="澳資產業增加值90億元。[1]", answerable=True, mode="extractive",
                                citations=[SimpleNamespace(n=1, clause=c)])
    as_dict = {"answer": "澳资产业增加值90亿元。[1]", "answerable": True, "citations": [{"n": 1, "clause_id": "d/1.p1"}]}
    item = GoldItem("q", "?", "zh-Hant", "figure", ["d/1.p1"], ["澳资产业增加值90亿元"], ["90亿元"], True)
    for ans in (as_object, as_dict):
        parsed = parse_answer(ans, {"d/1.p1": c})
        assert parsed["cited"] == ["d/1.p1"]
        row = score_one(item, parsed)
        assert row["key_point_coverage"] == 1.0 and row["support_rate"] == 1.0
        assert row["citation_precision"] == 1.0 and row["citation_recall"] == 1.0 and not row["refused"]
