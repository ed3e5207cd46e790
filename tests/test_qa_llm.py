"""LLM mode against a tiny local OpenAI-compatible server started by the test (no network, no real model)."""
from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from qa import answer
from tests.qa_fixtures import built_index, built_settings

QUESTION = "澳资企业在合作区发展金融业有哪些支持？"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        time.sleep(self.server.delay)
        if self.server.status != 200:
            payload, status = {"error": {"message": "stub failure", "type": "server_error"}}, self.server.status
        else:
            content = self.server.reply(body)
            payload, status = {"id": "stub-1", "object": "chat.completion", "created": 0, "model": body.get("model"),
                               "choices": [{"index": 0, "finish_reason": "stop",
                                            "message": {"role": "assistant", "content": content}}],
                               "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}, 200
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


@pytest.fixture
def stub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests, server.delay, server.status = [], 0.0, 200
    server.reply = lambda body: "NO_ANSWER"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def llm_settings(server, timeout=5.0):
    from dataclasses import replace

    return replace(built_settings(), llm_base_url=f"http://127.0.0.1:{server.server_address[1]}/v1",
                   llm_model="stub-model", llm_api_key="test-key", llm_timeout=timeout)


def provided(body) -> dict[int, str]:
    """The numbered clause texts the model was given, parsed back out of the request."""
    user = body["messages"][-1]["content"]
    return {int(n): text for n, text in re.findall(r"\[(\d+)\] 《[^\n]*\n([^\n]+)", user)}


def first_sentence(text: str) -> str:
    return text.split("。")[1] + "。" if text.split("。")[1] else text.split("。")[0] + "。"


def test_llm_answer_is_verified_and_invalid_markers_dropped(stub):
    def reply(body):
        clauses = provided(body)
        return (f"{first_sentence(clauses[1])}[1]\n"
                f"{first_sentence(clauses[2])}[2]\n"
                "合作区对澳资金融机构给予全额税收返还。[9]")
    stub.reply = reply
    a = answer(QUESTION, index=built_index(), settings=llm_settings(stub))
    assert a.mode == "llm" and a.answerable
    req = stub.requests[0]
    assert req["path"].endswith("/chat/completions") and req["body"]["model"] == "stub-model"
    assert req["auth"] == "Bearer test-key" and QUESTION in req["body"]["messages"][-1]["content"]
    given = provided(req["body"])
    assert "[9]" not in a.text and "全额税收返还" not in a.text
    assert any("[9]" in n for n in a.notes)
    assert [c.n for c in a.citations] == [1, 2]
    for c, n in zip(a.citations, (1, 2)):
        assert all(part in c.clause.text for part in given[n].split("…"))  # a long clause is given as an excerpt
        assert f"{first_sentence(given[n])}[{c.n}]" in a.text


def test_llm_unsupported_sentence_is_dropped_and_all_bad_falls_back(stub):
    stub.reply = lambda body: "合作区将免征澳门居民个人所得税。[1]\n所有澳资企业都可获得1000万元补贴。[2]"
    a = answer(QUESTION, index=built_index(), settings=llm_settings(stub))
    assert len(stub.requests) == 1
    assert a.mode == "extractive" and a.answerable
    assert "个人所得税" not in a.text and "1000万元" not in a.text
    assert any("passed verification" in n for n in a.notes)


def test_llm_timeout_falls_back_to_extractive(stub):
    stub.delay = 3.0
    stub.reply = lambda body: "这句话来得太迟。[1]"
    start = time.monotonic()
    a = answer(QUESTION, index=built_index(), settings=llm_settings(stub, timeout=0.5))
    assert time.monotonic() - start < 2.5
    assert a.mode == "extractive" and a.answerable and "[1]" in a.text
    assert any("LLM unavailable" in n and "Timeout" in n for n in a.notes)


@pytest.mark.parametrize("status, content", [(500, ""), (200, "NO_ANSWER")])
def test_llm_error_or_no_answer_falls_back(stub, status, content):
    stub.status = status
    stub.reply = lambda body: content
    a = answer(QUESTION, index=built_index(), settings=llm_settings(stub))
    assert a.mode == "extractive" and a.answerable and a.notes


def test_llm_not_called_when_unconfigured_or_refused(stub):
    a = answer(QUESTION, index=built_index(), settings=built_settings())
    assert a.mode == "extractive"
    r = answer("横琴的社保缴费比例是多少", index=built_index(), settings=llm_settings(stub))
    assert not r.answerable
    assert stub.requests == []
