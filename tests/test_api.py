"""The HTTP API: TestClient unit tests and a real uvicorn server under concurrent load (fake embedder, real corpus)."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

fastapi = pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from fastapi.testclient import TestClient  # noqa: E402

from tests.conftest import FakeEmbedder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "s3cret-token"
QUERIES = ["跨境理财通", "澳门居民就业", "集成电路", "六（三）", "第三十七条", "中医药产业发展", "财富岛", "QFLP"]
QUESTIONS = ["2029年澳资产业增加值目标是多少", "横琴的社保缴费比例是多少"]


def _settings(build: Path, corpus: Path, **kw):
    from index.embedders import register_embedder
    from settings import Settings

    register_embedder("fake", FakeEmbedder)
    return Settings.load(build_dir=build, corpus_dir=corpus, embedder="fake", llm_base_url="", llm_model="",
                         admin_token=kw.pop("admin_token", TOKEN), **kw)


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    """A KnowledgeBase over a copy of the bundled corpus (uploads never touch the repository)."""
    from kb import KnowledgeBase

    base = tmp_path_factory.mktemp("api")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    kb = KnowledgeBase(_settings(base / "build", corpus))
    kb.refresh()
    return kb


@pytest.fixture(scope="module")
def client(kb):
    from api import create_app

    return TestClient(create_app(kb))


@pytest.fixture
def small_kb(tmp_path):
    """A KnowledgeBase over one tiny document, for uploads (max 1 MB)."""
    from kb import KnowledgeBase

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rules.txt").write_text("一、总则\n（一）适用范围\n本办法适用于合作区内登记注册的各类企业。\n", encoding="utf-8")
    kb = KnowledgeBase(_settings(tmp_path / "build", corpus, max_file_mb=1))
    kb.refresh()
    return kb


def test_health_documents_toc_and_clause(client, kb):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["state"] == "fresh" and health["counts"]["documents"] == 3
    docs = client.get("/documents").json()
    by_id = {d["doc_id"]: d for d in docs}
    assert set(by_id) == {"hq-industry-2025", "hq-master-plan-2021", "hq-promotion-regulation"}
    assert by_id["hq-promotion-regulation"]["kind"] == "条例" and by_id["hq-master-plan-2021"]["level"] == "中央"
    assert docs == kb.documents()
    toc = client.get("/documents/hq-industry-2025/toc").json()
    assert toc["doc_id"] == "hq-industry-2025" and toc["outline"]
    assert client.get("/documents/no-such-doc/toc").status_code == 404
    first = kb.clauses()[5]
    got = client.get(f"/clauses/{first.id}")  # ids carry a slash: hq-industry-2025/…
    assert got.status_code == 200 and got.json() == first.to_dict()
    missing = client.get("/clauses/hq-industry-2025/99.99.p9")
    assert missing.status_code == 404 and "99.99.p9" in missing.json()["error"]


def test_search_is_the_cli_json_shape_and_equals_in_process(client, kb):
    data = client.get("/search", params={"q": "跨境理财通", "k": 3}).json()
    assert list(data) == ["query", "hits"]
    assert data["hits"] == [h.to_dict() for h in kb.search("跨境理财通", k=3)]
    assert list(data["hits"][0]) == ["rank", "clause_id", "score", "retrievers", "doc_id", "doc_title", "citation",
                                     "path", "text"]


def test_search_filters_by_document_and_kind(client):
    only = client.get("/search", params={"q": "澳门", "k": 10, "doc": "hq-promotion-regulation"}).json()
    assert only["hits"] and {h["doc_id"] for h in only["hits"]} == {"hq-promotion-regulation"}
    by_kind = client.get("/search", params={"q": "澳门", "k": 10, "kind": "方案"}).json()
    assert by_kind["hits"] and {h["doc_id"] for h in by_kind["hits"]} == {"hq-master-plan-2021"}
    rows = client.get("/search", params={"q": "增加值", "k": 5, "kind": "table_row"}).json()
    assert rows["hits"] and all("/t" in h["clause_id"] or "表" in h["citation"] for h in rows["hits"])


def test_search_and_ask_filter_by_issuer_level_and_year(client):
    by_issuer = client.get("/search", params={"q": "企业所得税", "k": 10, "issuer": "广东省人民代表大会"}).json()
    assert by_issuer["hits"] and {h["doc_id"] for h in by_issuer["hits"]} == {"hq-promotion-regulation"}
    by_level = client.get("/search", params={"q": "企业所得税", "k": 10, "level": "中央", "year": 2021}).json()
    assert by_level["hits"] and {h["doc_id"] for h in by_level["hits"]} == {"hq-master-plan-2021"}
    a = client.post("/ask", json={"question": "合作区企业所得税税率是多少？", "kind": "方案"}).json()
    assert a["answerable"] and {c["clause_id"].split("/")[0] for c in a["citations"]} == {"hq-master-plan-2021"}
    none = client.post("/ask", json={"question": "合作区企业所得税税率是多少？", "year": 1999})
    assert none.status_code == 400 and "no indexed document matches year=1999" in none.json()["error"]


def test_bad_input_is_400_with_a_message(client):
    for params, word in (({"q": "  "}, "empty"), ({"q": "金融", "doc": "nope"}, "nope"),
                         ({"q": "金融", "kind": "法律"}, "法律"), ({"q": "金融", "k": 0}, "k")):
        r = client.get("/search", params=params)
        assert r.status_code == 400 and word in r.json()["error"], (params, r.text)
    assert client.get("/search").status_code == 400  # q missing
    assert client.post("/ask", json={"question": ""}).status_code == 400
    assert client.post("/ask", json={}).status_code == 400
    assert client.post("/match", json={}).status_code == 400


def test_ask_cite_and_match(client, kb):
    a = client.post("/ask", json={"question": QUESTIONS[0]}).json()
    assert a == kb.ask(QUESTIONS[0]).to_dict() and a["answerable"]
    cite = client.get("/cite", params={"ref": "六（三）", "doc": "hq-industry-2025"}).json()
    assert cite["clauses"] and all(c["clause_id"].startswith("hq-industry-2025/6.3.") for c in cite["clauses"])
    assert client.get("/cite", params={"ref": "六（十）", "doc": "hq-industry-2025"}).status_code == 404
    m = client.post("/match", json={"description": "我们是一家澳门的中成药企业，想在横琴设厂", "semantic": False})
    assert m.status_code == 200 and m.json()["count"] > 0 and m.json()["groups"]
    bad = client.post("/match", json={"profile": {"industries": ["no-such-tag"]}, "semantic": False})
    assert bad.status_code == 400 and "no-such-tag" in bad.json()["error"]


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/documents", "/documents/{doc_id}/toc", "/search", "/ask", "/cite", "/match", "/rebuild"} <= set(paths)


def test_admin_refused_without_or_with_a_wrong_token(client, tmp_path):
    from api import create_app
    from kb import KnowledgeBase

    assert client.post("/rebuild").status_code == 401
    assert client.post("/rebuild", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/rebuild", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert client.post("/documents", files={"file": ("x.txt", b"abc")}).status_code == 401
    closed = TestClient(create_app(KnowledgeBase(_settings(tmp_path / "b", tmp_path / "c", admin_token=""))))
    r = closed.post("/rebuild", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and "HQ_ADMIN_TOKEN" in r.json()["error"]


def test_upload_named_with_dotdot_stays_in_the_corpus(small_kb, tmp_path):
    from api import create_app

    client = TestClient(create_app(small_kb))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = "一、金融\n（一）跨境理财\n持续深化跨境理财通业务，便利澳门居民投资。\n".encode()
    r = client.post("/documents", headers=auth, files={"file": ("../../x.txt", body, "text/plain")})
    assert r.status_code == 201, r.text
    corpus = Path(small_kb.settings.corpus_dir)
    assert (corpus / "x.txt").exists() and not (tmp_path / "x.txt").exists() and not (corpus.parent.parent / "x.txt").exists()
    assert small_kb.search("跨境理财通", k=1)[0].clause.doc_id == r.json()["doc_id"]
    for name, word in (("a" * 300 + ".txt", "255"), ("tool.exe", "unsupported"), ("x.txt", "already"), ("..", "no file name")):
        r = client.post("/documents", headers=auth, files={"file": (name, body, "text/plain")})
        assert r.status_code == 400 and word in r.json()["error"], (name, r.text)
    r = client.post("/documents", headers=auth, files={"file": ("scan.pdf", b"\x00\x01 not a pdf", "application/pdf")})
    assert r.status_code == 400 and "scan.pdf" in r.json()["error"] and not (corpus / "scan.pdf").exists()


def test_add_document_refuses_nul_and_long_names_in_process(small_kb):
    body = "一、金融\n（一）跨境理财\n持续深化跨境理财通业务。\n".encode()
    for name, word in (("bad\0name.txt", "NUL"), ("长" * 90 + ".txt", "255 bytes"), ("../../.hidden.txt", "hidden")):
        result = small_kb.add_document(name, body)
        assert not result.ok and word in result.messages[0], (name, result.messages)
    assert sorted(p.name for p in Path(small_kb.settings.corpus_dir).iterdir()) == ["rules.txt"]


def test_oversized_upload_is_413_and_leaves_the_corpus_alone(small_kb):
    from api import create_app

    client = TestClient(create_app(small_kb))
    before = sorted(p.name for p in Path(small_kb.settings.corpus_dir).iterdir())
    big = ("一、总则\n" + "本办法适用于合作区内登记注册的各类企业。" * 40000).encode()  # ~2.4 MB > 1 MB
    r = client.post("/documents", headers={"Authorization": f"Bearer {TOKEN}"}, files={"file": ("big.txt", big)})
    assert r.status_code == 413 and "1 MB" in r.json()["error"]
    assert sorted(p.name for p in Path(small_kb.settings.corpus_dir).iterdir()) == before


# -- a real server -----------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(kb):
    from api import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(kb), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_real_server_8_clients_x_50_requests_with_a_rebuild_during_the_load(server, kb):
    expected_search = {q: [h.to_dict() for h in kb.search(q, k=5)] for q in QUERIES}
    expected_ask = {q: kb.ask(q).to_dict() for q in QUESTIONS}
    failures: list[str] = []
    rebuilt = threading.Event()

    def client_run(n: int) -> int:
        done = 0
        with httpx.Client(base_url=server, timeout=60) as c:
            for i in range(50):
                if (n + i) % 10 == 0:
                    q = QUESTIONS[(n + i) % len(QUESTIONS)]
                    r = c.post("/ask", json={"question": q})
                    ok = r.status_code == 200 and r.json() == expected_ask[q]
                else:
                    q = QUERIES[(n * 7 + i) % len(QUERIES)]
                    r = c.get("/search", params={"q": q, "k": 5})
                    ok = r.status_code == 200 and r.json()["hits"] == expected_search[q]
                if not ok:
                    failures.append(f"client {n} request {i}: {r.status_code} {r.text[:200]}")
                done += 1
        return done

    def rebuild() -> None:
        time.sleep(0.5)
        with httpx.Client(base_url=server, timeout=120) as c:
            r = c.post("/rebuild", headers={"Authorization": f"Bearer {TOKEN}"})
        if r.status_code != 200 or not r.json()["built"]:
            failures.append(f"rebuild: {r.status_code} {r.text[:200]}")
        rebuilt.set()

    before = kb.index
    with ThreadPoolExecutor(9) as pool:
        rb = pool.submit(rebuild)
        counts = list(pool.map(client_run, range(8)))
        rb.result()
    assert rebuilt.is_set() and not failures, failures[:5]
    assert counts == [50] * 8
    assert kb.index is not before  # the rebuilt state was swapped in
