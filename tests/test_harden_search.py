"""Hardening of search (issue 14): the query-length rule and the FIFO engine gate."""
from __future__ import annotations

import threading
import time

import pytest

from index.gate import FifoGate
from index.query_limit import MAX_QUERY_CHARS, REFUSE_CHARS, QueryTooLong, is_long, limit_query
from tests.conftest import FakeEmbedder

LINE = "横琴粤澳深度合作区支持澳门企业发展，推动产业多元化，建设便利澳门居民生活就业的新家园。"


class SpyEmbedder(FakeEmbedder):
    """Records the length of every query text the model is asked to embed."""

    def __init__(self):
        super().__init__()
        self.lengths: list[int] = []
        self.workers = 2

    def query(self, text):
        self.lengths.append(len(text))
        return super().query(text)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    from index.build import build_index
    from index.open import settings_snapshot
    from index.search import Index
    from index.store import index_path, read_index
    from ingest.pipeline import ingest_files
    from ingest.store import write_store
    from settings import Settings

    tmp = tmp_path_factory.mktemp("idx")
    doc = tmp / "policy.txt"
    doc.write_text("一、总则\n" + LINE + "\n二、金融\n支持跨境金融创新发展，便利澳门居民跨境投资。\n", encoding="utf-8")
    result = ingest_files([doc], tmp)
    build = tmp / "build"
    write_store(build, result.clauses, result.documents)
    embedder = SpyEmbedder()
    build_index(build, result.clauses, result.documents, embedder, settings_snapshot(Settings.load(build_dir=build)))
    return Index(*read_index(index_path(build)), embedder)


# -- the query-length rule -----------------------------------------------------------------------------------

def test_short_queries_pass_unchanged():
    q = limit_query("  澳门企业 补贴  ")
    assert q.text == "澳门企业 补贴" and not q.cut and q.note == ""


def test_long_queries_are_cut_to_the_model_window_at_a_boundary():
    q = limit_query(LINE * 20)  # 860 characters
    assert q.cut and len(q.text) <= MAX_QUERY_CHARS and q.text[-1] in "。，"  # at a boundary
    assert q.original_length == len(LINE * 20) and str(MAX_QUERY_CHARS) in q.note
    no_boundary = limit_query("a" * 1500)
    assert len(no_boundary.text) == MAX_QUERY_CHARS


def test_absurd_queries_are_refused_with_the_limit():
    with pytest.raises(QueryTooLong) as exc:
        limit_query("字" * 100_000)
    assert "100,000" in str(exc.value) and f"{REFUSE_CHARS:,}" in str(exc.value)


def test_index_search_applies_the_rule(small_index):
    small_index.embedder.lengths.clear()
    hits = small_index.search(LINE * 20, k=3)  # cut, then searched: answered
    assert hits and max(small_index.embedder.lengths) <= MAX_QUERY_CHARS + 200  # + glossary expansion
    small_index.embedder.lengths.clear()
    with pytest.raises(QueryTooLong):
        small_index.search("金融" * 50_000)  # a 100,000-character query: refused before the model sees it
    assert small_index.embedder.lengths == []


def test_long_queries_take_their_own_gate(small_index):
    assert is_long(LINE * 4) and not is_long("澳门企业补贴")
    assert small_index._long_gate is not small_index._gate
    assert small_index._long_gate.capacity == small_index._gate.capacity - 1


# -- the FIFO gate ----------------------------------------------------------------------------------------------

def _line_up(gate: FifoGate, names: list[str], order: list[str]) -> list[threading.Thread]:
    """Start one waiter per name, each only after the previous one is in line."""
    threads = []
    for n, name in enumerate(names, 1):
        def run(name=name):
            with gate:
                order.append(name)
        t = threading.Thread(target=run)
        t.start()
        deadline = time.monotonic() + 5
        while gate.waiting < n and time.monotonic() < deadline:
            time.sleep(0.001)
        assert gate.waiting == n
        threads.append(t)
    return threads


def test_waiters_are_admitted_in_arrival_order():
    gate = FifoGate(1)
    order: list[str] = []
    gate.acquire()
    threads = _line_up(gate, ["a", "b", "c", "d"], order)
    gate.release()
    for t in threads:
        t.join(5)
    assert order == ["a", "b", "c", "d"]


def test_a_releasing_caller_cannot_barge_ahead():
    gate = FifoGate(1)
    order: list[str] = []
    gate.acquire()
    threads = _line_up(gate, ["waiter"], order)
    gate.release()
    gate.acquire()  # the caller that just released comes straight back: it must queue behind "waiter"
    order.append("returner")
    gate.release()
    threads[0].join(5)
    assert order == ["waiter", "returner"]


def test_capacity_timeout_and_misuse():
    gate = FifoGate(2)
    assert gate.acquire() and gate.acquire()
    assert gate.acquire(timeout=0.05) is False and gate.waiting == 0  # a timed-out waiter leaves the line
    gate.release()
    gate.release()
    with pytest.raises(RuntimeError):
        gate.release()
    with pytest.raises(ValueError):
        FifoGate(0)
