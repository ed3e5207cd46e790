"""The optional maxp stage: a long clause is found by its best sentence window; without window vectors it is dense."""
import numpy as np

from core.records import Clause
from index.windows import all_windows, clause_windows


def _clause(text, kind="paragraph", family="plan"):
    return Clause(id="d/1.p1", doc_id="d", doc_title="《测试》", doc_number="", issuer="", date="", kind=kind,
                  path=["一、总则"], path_code="1", ordinal=1, lead="", text=text, citation="《测试》一第1段",
                  family=family)


def test_long_clauses_get_windows_short_ones_none():
    long = "第一句讲的是跨境金融的安排和账户体系的建设。" * 6 + "最后一句讲的是医疗机构的设置和药品的使用。" * 4
    windows = clause_windows(_clause(long))
    assert len(windows) >= 2 and all(w.startswith("一、总则\n") for w in windows)
    assert "".join(w.split("\n", 1)[1] for w in windows) == long  # every character in exactly one window
    assert clause_windows(_clause("一句短话。")) == []
    assert clause_windows(_clause(long, kind="table_row")) == []
    texts, owners = all_windows([_clause("短。"), _clause(long)])
    assert owners == [1] * len(texts)


def test_regulation_clauses_get_no_windows():
    """A regulation's clause is one 款 already; a programme's long item is windowed like a plan's paragraph."""
    long = "第一句讲的是跨境金融的安排和账户体系的建设。" * 6 + "最后一句讲的是医疗机构的设置和药品的使用。" * 4
    assert clause_windows(_clause(long, family="regulation")) == []
    assert len(clause_windows(_clause(long, family="programme"))) >= 2


def test_maxp_falls_back_to_dense_without_cached_windows(tmp_path):
    from index.retrievers.base import QueryContext
    from index.retrievers.maxp import MaxPassageRetriever

    class Stub:  # an index whose flat store holds two clause vectors; no window vectors cached
        clauses = [_clause("短。"), _clause("第一句讲跨境金融。" * 30)]
        build_dir = tmp_path
        gloss_mode = "none"
        weights = (1.0, 1.0)

        class vectors:
            _dense = np.eye(2, dtype=np.float32)

            @staticmethod
            def search(q, k, selection):
                return [(1, 1.0), (0, 0.0)][:k]

        class embedder:
            model_id = "stub"

            @staticmethod
            def query(text):
                return np.array([0.0, 1.0], np.float32)

    ctx = QueryContext(index=Stub, text="跨境金融", depth=2, selection=None, expansion=[], tokens=[], groups=[], own=True)
    run = MaxPassageRetriever().search(ctx, 2, None)
    assert run.name == "dense" and run.positions == [1, 0]
