"""Per-document figures, citation-label exactness and the distractor file choice, on tiny hand-computed cases."""
from types import SimpleNamespace

import pytest

from eval import resolve
from eval.distractors import DistractorError, pick
from eval.gold import CROSS, GoldItem, write_split
from eval.labels import clause_labels, label_exact, labels_in_store
from eval.run import run_eval

PLAN = """测试区产业发展规划（2025-2029年）

一、发展基础

（一）现状

截至2024年底，测试区企业实有100家，产业增加值50亿元。

（二）发展目标

到2029年，测试区产业增加值达到90亿元，高端人才数达到2000人。

二、发展现代金融产业

（一）丰富金融业态

加快引育各类金融机构。吸引证券公司、基金公司、期货公司落户测试区。
"""

REG = """# 测试区发展促进条例

2023年1月9日 测试省人民代表大会常务委员会第一次会议通过

<!-- INFO END -->
## 第一章 总 则

第一条 为了促进测试区发展，制定本条例。

第二条 本条例适用于测试区建设活动。

## 第二章 产业

第三条 对测试区符合条件的产业企业，减按15%的税率征收企业所得税。

第四条 测试区支持发展会展产业和文旅产业。
"""

# question id -> (docs, evidence of the gold clauses, evidence of what the scripted index returns, best first)
CASES = {
    "a": (["plan"], ["产业增加值达到90亿元"], ["产业增加值达到90亿元", "吸引证券公司"]),
    "b": (["plan"], ["吸引证券公司"], ["产业增加值50亿元", "减按15%的税率", "吸引证券公司"]),
    "c": (["reg"], ["本条例适用于测试区建设活动"], ["减按15%的税率", "本条例适用于测试区建设活动"]),
    "d": (["plan", "reg"], ["减按15%的税率", "产业增加值达到90亿元"], ["支持发展会展产业", "减按15%的税率"]),
}


class ScriptedIndex:
    """Returns, for each question, the clauses holding the scripted evidence strings in that order."""

    def __init__(self, clauses, questions):
        self.clauses, self.questions = clauses, questions

    def search(self, q, k=10):
        out = []
        for ev in self.questions.get(q, []):
            c = next(c for c in self.clauses if ev in c.text.replace(" ", ""))
            out.append(SimpleNamespace(clause=c))
        return out[:k]


@pytest.fixture
def two_docs(tmp_path):
    from ingest.pipeline import ingest
    from ingest.store import load_clauses

    corpus, build, gold = tmp_path / "corpus", tmp_path / "build", tmp_path / "gold"
    corpus.mkdir()
    gold.mkdir()
    (corpus / "test-plan.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "test-regulation.md").write_text(REG, encoding="utf-8")
    assert ingest([corpus], corpus, build).ok
    clauses = load_clauses(build)
    doc_of = {c.doc_id: c.doc_id for c in clauses}
    plan_id = next(d for d in doc_of if "plan" in d)
    reg_id = next(d for d in doc_of if d != plan_id)
    ids = {"plan": plan_id, "reg": reg_id}
    items, questions = [], {}
    for qid, (docs, gold_ev, returned) in CASES.items():
        q = f"问题{qid}"
        items.append(GoldItem(qid, q, "zh-Hans", "fact", [], gold_ev, [], True, doc=[ids[d] for d in docs]))
        questions[q] = returned
    items.append(GoldItem("e", "问题e", "zh-Hans", "unanswerable", [], [], [], False, doc=[reg_id]))
    items, notes, _ = resolve.resolve(items, clauses)
    assert not notes
    write_split("dev", items, gold)
    write_split("heldout", [], gold)
    settings = SimpleNamespace(build_dir=build, corpus_dir=corpus, embedder="fake")
    return SimpleNamespace(settings=settings, gold=gold, ids=ids, index=ScriptedIndex(clauses, questions))


def test_figures_per_document_and_for_cross_document_questions(two_docs, monkeypatch):
    res = run_eval(two_docs.settings, "dev", "ours", gold_dir=two_docs.gold, open_index=lambda s: two_docs.index,
                   answers=False, clauses=two_docs.index.clauses)
    by_doc = res["by_doc"]["ours"]
    plan, reg = two_docs.ids["plan"], two_docs.ids["reg"]
    assert list(by_doc) == [plan, reg, CROSS]  # the unanswerable question counts in no retrieval figure
    # plan: a found at rank 1, b at rank 3 -> hit@1 0.5, hit@5 1, MRR (1 + 1/3) / 2
    assert by_doc[plan]["n"] == 2 and by_doc[plan]["hit@1"] == 0.5 and by_doc[plan]["hit@5"] == 1.0
    assert by_doc[plan]["mrr@10"] == pytest.approx(2 / 3)
    # reg: c at rank 2 -> MRR 0.5; cross: d has two gold clauses, one found at rank 2 -> recall@10 0.5
    assert by_doc[reg]["n"] == 1 and by_doc[reg]["mrr@10"] == 0.5 and by_doc[reg]["hit@1"] == 0.0
    assert by_doc[CROSS]["n"] == 1 and by_doc[CROSS]["mrr@10"] == 0.5 and by_doc[CROSS]["recall@10"] == 0.5
    assert res["headline"]["ours"]["mrr@10"] == pytest.approx((1 + 1 / 3 + 0.5 + 0.5) / 4)
    from eval.report import markdown

    md = markdown(res)
    assert "## By document" in md and f"{plan} (2)" in md and f"{CROSS} (1)" in md


def test_label_exact_counts_only_labels_shown_exactly():
    reg = SimpleNamespace(citation="第三十七条第一款", doc_title="《测试条例》")
    full = SimpleNamespace(citation="《测试方案》（十）", doc_title="《测试方案》")
    old = SimpleNamespace(citation="《测试条例》第四章第三十七条第1款", doc_title="《测试条例》")
    assert clause_labels(reg) == {"第三十七条第一款", "《测试条例》第三十七条第一款"}
    assert clause_labels(None) == set()
    want = ["《测试条例》第三十七条第一款", "《测试方案》（十）"]
    assert label_exact(want, [clause_labels(reg), clause_labels(full)]) == 1.0
    assert label_exact(want, [clause_labels(old), clause_labels(full)]) == 0.5  # the chapter does not belong in the label
    assert label_exact(want, ["《测试方案》 （十）"]) == 0.5  # whitespace is ignored
    assert label_exact([], [clause_labels(reg)]) is None
    items = [GoldItem("q", "?", "zh-Hans", "fact", [], ["x"], [], True, citation_labels=want)]
    found = labels_in_store(items, [old, full])
    assert (found["expected"], found["exact"], found["share"]) == (2, 1, 0.5)
    assert found["missing_examples"] == ["q: 《测试条例》第三十七条第一款"]
    # with gold clauses named, the label must be the gold clause's own: another clause carrying it does not count
    reg.id, full.id = "reg/art37.p1", "plan/item10"
    named = [GoldItem("g", "?", "zh-Hans", "fact", ["plan/item10"], ["x"], [], True, citation_labels=want[:1]),
             GoldItem("h", "?", "zh-Hans", "fact", ["reg/art37.p1"], ["x"], [], True, citation_labels=want[:1])]
    found = labels_in_store(named, [reg, full])
    assert (found["expected"], found["exact"]) == (2, 1) and found["missing_examples"] == ["g: 《测试条例》第三十七条第一款"]
    assert found["pinpointed"] == 0
    para = SimpleNamespace(id="plan/item4.p2", citation="《测试方案》（四）第2段", doc_title="《测试方案》")
    item = GoldItem("k", "?", "zh-Hans", "fact", ["plan/item4.p2"], ["x"], [], True, citation_labels=["《测试方案》（四）"])
    found = labels_in_store([item], [para])
    assert (found["exact"], found["pinpointed"]) == (0, 1)  # the item cited at its paragraph: not exact, within the unit
    assert labels_in_store([item], [full])["pinpointed"] == 0  # （十） is another item, not a pinpoint of （四）


def test_distractors_skip_the_documents_already_in_the_corpus(tmp_path):
    corpus, source = tmp_path / "corpus", tmp_path / "laws"
    corpus.mkdir()
    (source / "sub").mkdir(parents=True)
    (corpus / "reg.md").write_text(REG, encoding="utf-8")
    (source / "sub" / "same-bytes(2023-02-08).md").write_text(REG, encoding="utf-8")
    (source / "same-title.md").write_text("# 测试区发展促进条例\n\n第一条 修订本。\n", encoding="utf-8")
    (source / "other.md").write_text("# 另一地方条例\n\n第一条 为了别的事项。\n", encoding="utf-8")
    (source / "_index.md").write_text("# 目录\n", encoding="utf-8")
    (source / "notes.json").write_text("{}", encoding="utf-8")
    add, skipped = pick(source, [corpus / "reg.md"], {"《测试区发展促进条例》"})
    assert [p.name for p in add] == ["other.md"]
    assert sorted(p.name for p in skipped) == ["same-bytes(2023-02-08).md", "same-title.md"]
    with pytest.raises(DistractorError, match="not a folder"):
        pick(tmp_path / "missing", [], set())
    with pytest.raises(DistractorError, match="no document to add"):
        pick(corpus, [corpus / "reg.md"], set())


def test_eval_writes_to_the_build_directory_unless_asked_to_update_reports(monkeypatch, tmp_path):
    import eval.commands as C

    seen = {}
    monkeypatch.setattr(C, "run_eval", lambda *a, **k: {"headline": {}, "notes": []})
    monkeypatch.setattr(C, "fresh_kb", lambda settings: SimpleNamespace(clauses=lambda: [], index=None))
    monkeypatch.setattr(C, "write_reports", lambda result, out, failures: seen.setdefault("out", out) and {"md": out / "x.md"})
    settings = SimpleNamespace(build_dir=tmp_path / "b")

    def run(*argv):
        import argparse

        p = argparse.ArgumentParser()
        sub = p.add_subparsers()
        C.register(sub)
        seen.clear()
        args = p.parse_args(["eval", *argv])
        assert C.handle(args, settings) == 0
        return seen["out"]

    assert run() == tmp_path / "b" / "reports"
    assert run("--update-reports") == C.ROOT / "reports"
    assert run("--update-reports", "--split", "heldout") == C.ROOT / "reports" / "heldout"
    assert run("--out", str(tmp_path / "r")) == tmp_path / "r"


def test_gate_reads_floors_per_document():
    from eval import gate as G

    result = {"meta": {"split": "dev"}, "headline": {"ours": {"hit@5": 0.9}},
              "by_language": {"ours": {"en": {"hit@5": 0.8}}},
              "by_doc": {"ours": {"plan": {"hit@5": 1.0, "mrr@10": 0.85}, "cross-document": {"hit@5": 0.7}}},
              "answers": {"summary": {"key_point_coverage": 0.8, "false_refusal_rate": 0.1},
                          "by_doc": {"plan": {"key_point_coverage": 0.95, "false_refusal_rate": 0.2}}}}
    floor = {"split": "dev", "retrieval": {"ours": {"hit@5[plan]": 0.97, "mrr@10[plan]": 0.89, "hit@5[cross-document]": 0.6,
                                                    "hit@5[en]": 0.75, "hit@5[nowhere]": 0.1}},
             "answers": {"key_point_coverage[plan]": 0.9, "false_refusal_rate[plan]": 0.05, "key_point_coverage": 0.85}}
    assert G.check(result, floor) == ["ours mrr@10[plan] = 0.850 < floor 0.89", "ours hit@5[nowhere] = missing < floor 0.1",
                                      "answers false_refusal_rate[plan] = 0.200 > bound 0.05",
                                      "answers key_point_coverage = 0.800 < bound 0.85"]
