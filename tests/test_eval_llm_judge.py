"""eval/llm_judge: the judge's score read from logprobs of a local stub server, errors, and the refusal figures."""
from __future__ import annotations

import importlib
import json
import math
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest

from eval import llm_judge
from eval.gold import GoldItem


def completion(probs: dict[str, float]) -> dict:
    top = [{"token": t, "logprob": math.log(p)} for t, p in probs.items()]
    return {"choices": [{"message": {"content": top[0]["token"]}, "logprobs": {"content": [{"top_logprobs": top}]}}]}


class Stub(BaseHTTPRequestHandler):
    reply: dict = {}
    seen: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Stub.seen.append((self.path, self.headers.get("Authorization"), body))
        data = json.dumps(Stub.reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Stub.seen = []
    yield SimpleNamespace(llm_base_url=f"http://127.0.0.1:{httpd.server_port}/v1", llm_model="stub",
                          llm_api_key="k-123", llm_timeout=5.0)
    httpd.shutdown()


def test_the_score_is_yes_over_yes_and_no_from_the_servers_logprobs(server):
    Stub.reply = completion({"否": 0.6, "是": 0.2, "不是": 0.1})
    reply = llm_judge.ask_judge(llm_judge.judge_messages("补贴标准是多少？", "支持澳门青年创业。"), server)
    assert llm_judge.yes_probability(reply) == pytest.approx(0.25)
    path, auth, body = Stub.seen[0]
    assert path == "/v1/chat/completions" and auth == "Bearer k-123"
    assert body["max_tokens"] == 1 and body["logprobs"] is True and body["model"] == "stub"
    # the worked examples come before the question, the question last with its passage
    assert len(body["messages"]) == 1 + 2 * len(llm_judge.SHOTS) + 1
    assert body["messages"][-1]["content"] == "条款：支持澳门青年创业。\n问题：补贴标准是多少？"


@pytest.mark.parametrize("reply", [{}, {"choices": []}, completion({"好": 0.9}),
                                   {"choices": [{"logprobs": None}]}])
def test_a_reply_without_yes_or_no_logprobs_has_no_score(reply):
    assert llm_judge.yes_probability(reply) is None


def test_zero_shot_asks_the_question_alone():
    msgs = llm_judge.judge_messages("Q", "P", shots=False)
    assert [m["role"] for m in msgs] == ["system", "user"]


def test_an_unreachable_judge_leaves_the_default_decision(monkeypatch):
    answer_module = importlib.import_module("qa.answer")  # qa exports a function of the same name
    answer = SimpleNamespace(answerable=True, mode="extractive", sentences=[SimpleNamespace(source="合作区面积约106平方公里。")])
    monkeypatch.setattr(answer_module, "answer", lambda *a, **k: answer)

    def down(messages, settings):
        raise TimeoutError("timed out")

    item = GoldItem(id="q1", question="面积多大？", language="zh-Hans", type="figure", split="set")
    row = llm_judge.judge_row(item, None, None, ask=down)
    assert row["error"] == "TimeoutError" and "p" not in row and row["refused"] is False


def test_figures_add_the_judges_refusals_to_the_defaults():
    rows = [{"answerable": True, "refused": False, "p": 0.9}, {"answerable": True, "refused": False, "p": 0.55},
            {"answerable": True, "refused": True}, {"answerable": False, "refused": True},
            {"answerable": False, "refused": False, "p": 0.65}, {"answerable": False, "refused": False, "p": None},
            {"answerable": False, "refused": False, "error": "TimeoutError"}]
    out = llm_judge.figures(rows, cuts=(0.5, 0.6, 0.7))
    assert out["default"] == {"false_refusals": 1, "refused": 1}
    assert out["cuts"]["0.5"] == {"false_refusals": 1, "refused": 1}
    assert out["cuts"]["0.6"] == {"false_refusals": 2, "refused": 1}
    assert out["cuts"]["0.7"] == {"false_refusals": 2, "refused": 2}
    assert out["errors"] == 1 and out["judged"] == 4


def test_the_command_without_an_endpoint_says_what_to_set(monkeypatch, capsys):
    monkeypatch.delenv("HQ_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("HQ_LLM_MODEL", raising=False)
    assert llm_judge.main(["--sets", "dev"]) == 2
    assert "HQ_LLM_BASE_URL" in capsys.readouterr().err


def test_a_gold_set_that_does_not_exist_is_named_before_any_model_call(monkeypatch, capsys):
    monkeypatch.setenv("HQ_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("HQ_LLM_MODEL", "stub")
    assert llm_judge.main(["--sets", "dev,no-such-set"]) == 2
    err = capsys.readouterr().err
    assert "no-such-set.jsonl" in err and "not found" in err
