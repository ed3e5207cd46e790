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
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    assert len(files) >= 3
    validate.check(ITEMS, ingest_files(files, corpus).clauses)


NEW_DOCS = ("hq-master-plan-2021", "hq-promotion-regulation")


def test_new_documents_have_their_own_questions_in_both_splits():
    new = [i for i in ITEMS if set(i.doc) & set(NEW_DOCS)]
    assert len(new) >= 80
    for split in ("dev", "heldout"):
        mine = [i for i in new if i.split == split]
        assert len(mine) >= 35, split
        assert {i.language for i in mine} == {"zh-Hans", "zh-Hant", "en", "pt"}, split
        assert sum(1 for i in mine if len(i.doc) > 1) >= 8, split  # cross-document questions
        assert sum(1 for i in mine if not i.answerable) >= 6, split
    for doc in NEW_DOCS:
        assert sum(1 for i in new if i.doc == [doc] and i.type == "lookup") >= 8, doc


def test_doc_field_names_every_document_its_gold_comes_from():
    for i in ITEMS:
        assert i.answerable <= bool(i.doc), i.id  # an answerable question is about some document
        assert all(g.split("/")[0] in i.doc for g in i.gold_ids), (i.id, i.doc, i.gold_ids)


def test_expected_citation_labels_follow_the_documents_convention():
    import re

    # an item, or a paragraph of a multi-paragraph item (（三）第1段)
    pattern = re.compile(r"^《横琴粤澳深度合作区(建设总体方案》（[一二三四五六七八九十]+）(第\d+段)?"
                         r"|发展促进条例》第[一二三四五六七八九十]+条(第[一二三四五六七八九十]+款(第（[一二三四五六七八九十]+）项)?)?)$")
    for i in ITEMS:
        if not set(i.doc) & set(NEW_DOCS) or not i.answerable:
            continue
        assert i.citation_labels, i.id
        assert all(pattern.match(lb) for lb in i.citation_labels), (i.id, i.citation_labels)
    # 条例第三十七条第一款 and 总体方案（十） carry the 15% enterprise income tax
    tax = [i for i in ITEMS if "《横琴粤澳深度合作区发展促进条例》第三十七条第一款" in i.citation_labels]
    assert any("《横琴粤澳深度合作区建设总体方案》（十）" in i.citation_labels for i in tax)


def test_rewriting_a_split_keeps_the_fields_the_scorer_does_not_read(tmp_path):
    """`python -m eval.resolve` rewrites dev.jsonl: the `written` provenance of q305-q362 must survive it."""
    from eval.gold import write_split

    dev = load_split("dev")
    written = {i.id: i.extra["written"] for i in dev if "written" in i.extra}
    assert len(written) >= 50
    write_split("dev", dev, tmp_path)
    again = load_split("dev", tmp_path)
    assert {i.id: i.extra.get("written") for i in again if i.id in written} == written
    assert [i.to_dict() for i in again] == [i.to_dict() for i in dev]
