"""A question naming several documents gets each named document's best clauses in turn, not one document's run."""
from types import SimpleNamespace

from index.search import Index


def _rows(docs):
    """(position, score, retrievers) rows, best first, for clauses of the given documents."""
    return [(i, 1.5 - i / 100, ["dense"]) for i in range(len(docs))]


def test_named_documents_take_turns_and_scores_stay_sorted():
    docs = ["reg", "reg", "reg", "master", "reg", "master"]
    fake = SimpleNamespace(clauses=[SimpleNamespace(doc_id=d) for d in docs])
    rows = _rows(docs)
    out = Index._by_document(fake, rows)
    assert [docs[pos] for pos, _, _ in out] == ["reg", "master", "reg", "master", "reg", "reg"]
    assert [pos for pos, _, _ in out] == [0, 3, 1, 5, 2, 4]  # each document's own order is kept
    assert [s for _, s, _ in out] == [s for _, s, _ in rows]  # the same sorted scores, the top one unchanged


def test_one_document_is_left_as_it_was():
    docs = ["master"] * 4
    fake = SimpleNamespace(clauses=[SimpleNamespace(doc_id=d) for d in docs])
    assert Index._by_document(fake, _rows(docs)) == _rows(docs)
