"""LLM errors (issue 14): the user sees a fixed message; the server's text reaches only the log, redacted."""
from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from qa.llm import llm_answer, redact

KEY = "sk-live-0123456789abcdefSECRET"


class EchoHeaders(BaseHTTPRequestHandler):
    """A misbehaving OpenAI-compatible server: its 401 error message repeats the request headers."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        echoed = "; ".join(f"{k}: {v}" for k, v in self.headers.items())
        data = json.dumps({"error": {"message": f"invalid request, you sent {echoed}", "type": "auth"}}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def echo_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHeaders)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _draft():
    clause = SimpleNamespace(id="d/1.p1", citation="《规划》一第1段", text="支持澳门企业在合作区发展。")
    return SimpleNamespace(picks=[SimpleNamespace(clause=clause)], related=[])


def test_server_error_text_never_reaches_the_user_and_is_logged_redacted(echo_server, caplog):
    port = echo_server.server_address[1]
    settings = SimpleNamespace(llm_base_url=f"http://127.0.0.1:{port}/v1", llm_model="m",
                               llm_api_key=KEY, llm_timeout=5.0)
    fallback = SimpleNamespace(notes=[])
    with caplog.at_level(logging.WARNING, logger="qa.llm"):
        out = llm_answer("问题", "zh-Hans", _draft(), settings, fallback)
    assert out is fallback
    shown = " ".join(out.notes)
    assert shown.startswith("LLM unavailable (") and "extractive answer shown" in shown
    for leak in (KEY, "sk-", "Bearer", "you sent"):
        assert leak not in shown
    logged = caplog.text
    assert "you sent" in logged and "Bearer ***" in logged  # the server's text is in the log …
    assert KEY not in logged and "0123456789" not in logged  # … redacted


@pytest.mark.parametrize("text, secret", [
    ("Authorization: Bearer abc.def-ghi_123", "abc.def-ghi_123"),
    ("key sk-proj-AAAABBBBCCCC in body", "AAAABBBBCCCC"),
    ('{"api_key": "k-9f8e7d6c"}', "k-9f8e7d6c"),
    ("x-api-key=QWERTY123456&x=1", "QWERTY123456"),
    ("https://user:p%40ss@host.example/v1", "p%40ss"),
    ("password: hunter2", "hunter2"),
])
def test_redact_masks_credentials(text, secret):
    assert secret not in redact(text) and "***" in redact(text)


def test_redact_masks_the_configured_key_and_keeps_ordinary_text():
    assert redact("token was plainsecret99", "plainsecret99").count("plainsecret99") == 0
    assert redact("connection refused by 127.0.0.1:8000") == "connection refused by 127.0.0.1:8000"
