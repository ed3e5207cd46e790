"""The bundled gold sets: size, mix of languages and types, well-formed evidence, valid against the store."""
from collections import Counter
from pathlib import Path

from eval.gold import load_split
from eval.normalize import fold

ITEMS = load_split("all")


def test_size_and_split():
    dev, held = load_split("dev"), load_split("heldout")
    assert len(ITEMS) >= 120
    assert len(dev) >= 50 and len(held) >= 50
    assert not {i.id for i in dev} & {i.id for i in held}


def test_language_and_type_mix():
    langs = Counter(i.language for i in ITEMS)
    assert langs["zh-Hant"] >= 15 and langs["en"] >= 10 and langs["pt"] >= 8
    assert langs["zh-Hans"] > len(ITEMS) / 2
    types = Counter(i.type for i in ITEMS)
    assert types["unanswerable"] >= 15
    for t in ("fact", "figure", "lookup", "applicability", "multi"):
        assert types[t] >= 10, t
    for split in ("dev", "heldout"):
        assert sum(1 for i in ITEMS if i.split == split and not i.answerable) >= 7


def test_multi_questions_need_two_clauses():
    assert all(len(i.gold_ids) >= 2 for i in ITEMS if i.type == "multi")


def test_evidence_is_simplified_short_and_within_one_sentence():
    import opencc

    t2s = opencc.OpenCC("t2s")
    for i in ITEMS:
        for ev in i.evidence:
            assert t2s.convert(ev) == ev, (i.id, ev)
            assert 2 <= len(ev) <= 60, (i.id, ev)
            # long clauses are split at these marks; evidence across one could land in two parts
            assert not set("。！？；") & set(ev), (i.id, ev)


def test_questions_are_paraphrased_not_copied():
    for i in ITEMS:
        q = fold(i.question)
        copied = [ev for ev in i.evidence if len(fold(ev)) >= 8 and fold(ev) in q]
        assert not copied, (i.id, copied)


def test_gold_is_valid_against_the_current_clause_store():
    """Ingests the bundled corpus afresh, so a change to ingestion that breaks the gold fails here."""
    from eval import validate
    from ingest.pipeline import ingest_files

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    validate.check(ITEMS, ingest_files([corpus / "hengqin-industrial-development-plan-2025-2029.txt"], corpus).clauses)
