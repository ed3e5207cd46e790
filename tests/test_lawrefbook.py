"""A 30-file sample of the LawRefBook law corpus: every file ingested or refused with a reason; article counts."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from index.bench_corpus import ingested_articles, skip_reason, source_articles
from ingest.pipeline import discover, ingest_files

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lawrefbook"
FILES = [f for f in discover([FIXTURES]) if not skip_reason(f)]


@pytest.fixture(scope="module")
def ingested():
    result = ingest_files(FILES, FIXTURES)
    by_doc = defaultdict(list)
    for c in result.clauses:
        by_doc[c.doc_id].append(c)
    return {Path(r.file).name: (r, by_doc[r.doc_id]) for r in result.reports}


def test_sample_covers_the_formats():
    names = [f.name for f in FILES]
    assert len(FILES) >= 30
    assert any(" " in n for n in names) and any("（" in n for n in names) and any("(" in n for n in names)
    texts = {f.name: f.read_text(encoding="utf-8") for f in FILES}
    assert any("## 第一编" in t or "# 第一编" in t for t in texts.values())  # 编
    assert any("### 第一节" in t for t in texts.values())  # 节
    assert any(source_articles(f) > 5 and "## 第" not in texts[f.name] for f in FILES)  # articles, no chapters
    assert any("决定" in n and source_articles(f) == 0 for n, f in zip(names, FILES))  # 决定 without articles
    assert any(t.startswith("# ") and t.split("\n\n")[1].startswith("# ") for t in texts.values())  # title over two lines


def test_every_file_is_ingested_or_refused_with_its_reason(ingested):
    assert set(ingested) == {f.name for f in FILES}
    for name, (report, clauses) in ingested.items():
        assert report.ok or name in report.error, (name, report.error)
        if report.ok:
            assert clauses and all(c.text.strip() for c in clauses), name


def test_section_index_stubs_are_skipped_with_a_reason():
    stub = FIXTURES / "民法典" / "_index.md"
    assert stub.exists() and "section index" in skip_reason(stub)


@pytest.mark.parametrize("path", FILES, ids=[f.name[:40] for f in FILES])
def test_article_count_equals_the_sources_lines(path, ingested):
    report, clauses = ingested[path.name]
    assert report.ok, report.error
    assert ingested_articles(clauses) == source_articles(path)


def test_source_article_lines_are_counted_as_the_corpus_readme_says():
    law = FIXTURES / "社会法" / "劳动合同法(2012-12-28).md"
    assert source_articles(law) == 98  # 第一条 … 第九十八条, references inside sentences not counted


def test_civil_code_article_is_found_by_its_short_name():
    """民法典第一千一百六十五条: a national law written without 中华人民共和国, a four-digit article number."""
    from qa.lookup import lookup

    books = [f for f in FILES if f.name in ("侵权责任编.md", "继承编.md")]
    clauses = ingest_files(books, FIXTURES).clauses
    found = lookup("民法典第一千一百六十五条", clauses)
    assert [c.citation for c in found.clauses] == ["《中华人民共和国民法典》第一千一百六十五条第一款",
                                                   "《中华人民共和国民法典》第一千一百六十五条第二款"]
