"""Gold loading, the validator and the resolver against a hand-made clause list."""
import json

import pytest

from eval import resolve, validate
from eval.gold import GoldError, GoldItem, load_split
from ingest.records import Clause


def clause(cid: str, text: str) -> Clause:
    return Clause(id=cid, doc_id="d", doc_title="《测试》", doc_number="", issuer="", date="", kind="paragraph",
                  path=[], path_code="", ordinal=1, lead="", text=text, citation=cid)


CLAUSES = [
    clause("d/1.1.p1", "截至2024年底，企业实有100家，产业增加值50亿元。"),
    clause("d/1.2.p1", "到2029年，产业增加值达到90亿元。"),
    clause("d/2.1.p1", "持续深化“跨境理财通”业务。"),
    clause("d/table1.r1", "1 产业增加值 亿元 50 90 预期性"),
]


def item(**kw) -> GoldItem:
    base = dict(id="q1", question="2029年目标是多少", language="zh-Hans", type="figure",
                gold_ids=["d/1.2.p1"], evidence=["产业增加值达到90亿元"], key_points=["90亿元"], answerable=True, split="dev")
    base.update(kw)
    return GoldItem(**base)


def test_valid_item_has_no_problems():
    assert validate.problems([item()], CLAUSES) == []


def test_validator_catches_a_broken_evidence_string():
    found = validate.problems([item(evidence=["产业增加值达到95亿元"])], CLAUSES)
    assert any("evidence '产业增加值达到95亿元' is in none of its gold clauses" in p for p in found)
    assert any("d/1.2.p1 contains none of the evidence" in p for p in found)


def test_validator_catches_an_unknown_id_and_a_lost_key_point():
    found = validate.problems([item(gold_ids=["d/1.2.p1", "d/9.9.p9"], key_points=["95亿元"])], CLAUSES)
    assert "dev:q1: gold id d/9.9.p9 is not in the clause store" in found
    assert "dev:q1: key point '95亿元' is in none of its gold clauses" in found


def test_check_raises_one_error_listing_every_broken_item():
    items = [item(), item(id="q2", evidence=["不存在的句子"]), item(id="q3", gold_ids=["d/x"])]
    with pytest.raises(validate.GoldValidationError) as exc:
        validate.check(items, CLAUSES)
    msg = str(exc.value)
    assert "dev:q2" in msg and "dev:q3" in msg and "dev:q1" not in msg


def test_evidence_matching_ignores_layout_spaces():
    # table cells are joined with spaces; evidence written without them still matches
    ok = item(gold_ids=["d/table1.r1"], evidence=["产业增加值亿元5090"], key_points=["90"])
    assert validate.problems([ok], CLAUSES) == []


def test_unanswerable_items_are_not_checked_against_clauses():
    assert validate.problems([item(type="unanswerable", answerable=False, gold_ids=[], evidence=[], key_points=[])], CLAUSES) == []


def test_resolver_fills_ids_from_evidence_and_flags_ambiguity():
    fresh = item(gold_ids=[], evidence=["产业增加值"])  # in 1.1.p1, 1.2.p1 and the table row
    ids, notes = resolve.resolve_item(fresh, CLAUSES)
    assert ids == ["d/1.1.p1", "d/1.2.p1", "d/table1.r1"]
    assert "in 3 clauses" in notes[0]
    # a previous choice among the candidates is kept, silently
    chosen = item(gold_ids=["d/table1.r1"], evidence=["产业增加值"])
    assert resolve.resolve_item(chosen, CLAUSES) == (["d/table1.r1"], [])


def test_resolver_reports_evidence_found_nowhere():
    ids, notes = resolve.resolve_item(item(gold_ids=[], evidence=["跨境理财通", "没有这句话"]), CLAUSES)
    assert ids == ["d/2.1.p1"]
    assert notes == ["q1: evidence '没有这句话' is in no clause — fix the string"]


def test_resolver_repairs_ids_after_renumbering():
    stale = item(gold_ids=["d/1.3.p1"])  # the clause moved: evidence still finds it
    items, _, changed = resolve.resolve([stale], CLAUSES)
    assert changed == 1 and items[0].gold_ids == ["d/1.2.p1"]


def test_load_split_names_file_and_line_of_a_bad_item(tmp_path):
    good = item().to_dict()
    bad = dict(good, id="q2", language="fr")
    (tmp_path / "dev.jsonl").write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"dev.jsonl:2: language 'fr'"):
        load_split("dev", tmp_path)


def test_load_split_rejects_duplicates_and_evidence_on_unanswerable(tmp_path):
    d = item().to_dict()
    (tmp_path / "dev.jsonl").write_text(json.dumps(d) + "\n" + json.dumps(d) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="duplicate id q1"):
        load_split("dev", tmp_path)
    u = dict(d, answerable=False, type="unanswerable")
    (tmp_path / "heldout.jsonl").write_text(json.dumps(u) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="unanswerable question must have no evidence"):
        load_split("heldout", tmp_path)
