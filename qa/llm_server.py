"""The local llama.cpp server (xllamacpp, in process): OpenAI-compatible, bound to 127.0.0.1, a few CPU threads."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Callable

from errors import UserError

from .llm_model import MODEL_NAME, is_ready, model_path

HOST = "127.0.0.1"  # never another interface: the server has no key and answers anyone who reaches it
CONTEXT = 4096  # tokens: the system prompt, six clauses of ≤600 characters, the question and a short answer
MAX_TOKENS = 320  # a reply is a few short sentences; a runaway generation stops here


class LocalLLMError(UserError):
    """The local model cannot be served, or the configured server does not answer."""


def local_base_url(settings) -> str:
    return f"http://{HOST}:{settings.llm_port}/v1"


def params(settings):
    """CommonParams for xllamacpp: the verified GGUF, settings.llm_threads threads, greedy, one slot."""
    import xllamacpp as xlc

    p = xlc.CommonParams()
    p.model.path = str(model_path(settings.build_dir))
    p.model_alias = {MODEL_NAME}
    p.hostnames = [HOST]
    p.port = int(settings.llm_port)
    p.n_ctx = CONTEXT
    p.n_predict = MAX_TOKENS
    p.n_parallel = 1  # two cores: one answer at a time is faster than two interleaved
    p.cpuparams.n_threads = int(settings.llm_threads)
    p.cpuparams_batch.n_threads = int(settings.llm_threads)
    # On a 2-core machine that other jobs keep busy, 2 threads stall at each step waiting for the one not
    # scheduled (measured at load 7: 0.45 tokens/s with 2 threads, polling or not; 12 tokens/s with 1):
    # there, HQ_LLM_THREADS=1.
    p.sampling.temp = 0.0
    p.sampling.top_k = 1
    p.ui = False
    p.warmup = True
    return p


def start(settings):
    """The running server (it lives as long as the returned object); refuses an unverified model file."""
    if not is_ready(settings.build_dir):
        raise LocalLLMError(f"the local model is not set up ({model_path(settings.build_dir)}): "
                            "run `python cli.py llm setup` first")
    try:
        import xllamacpp as xlc
    except ImportError:
        raise LocalLLMError("xllamacpp is not installed: pip install -r requirements-llm.txt") from None
    server = xlc.Server(params(settings))
    if not wait_healthy(local_base_url(settings), 120):
        raise LocalLLMError(f"the llama.cpp server did not come up on {local_base_url(settings)}")
    return server


def health(base_url: str, timeout: float = 2.0) -> str:
    """'' when the OpenAI-compatible server at base_url answers /health with ok, else what is wrong."""
    root = base_url.rstrip("/")
    root = root[:-3] if root.endswith("/v1") else root
    try:
        with urllib.request.urlopen(root + "/health", timeout=timeout) as resp:
            body = resp.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return f"{root}/health answered HTTP {exc.code} (is the model still loading?)"
    except (urllib.error.URLError, OSError) as exc:
        return f"no server at {root} ({getattr(exc, 'reason', exc)})"
    try:
        status = json.loads(body).get("status", "")
    except (ValueError, AttributeError):
        status = ""
    return "" if status in ("ok", "") else f"{root}/health says {status!r}"


def wait_healthy(base_url: str, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not health(base_url, 1.0):
            return True
        time.sleep(0.5)
    return False


def serve(settings, log: Callable[[str], None] = print) -> None:
    """Serve until interrupted, printing the settings that point the answer path at this server."""
    taken = health(local_base_url(settings), 1.0)
    if not taken:
        raise LocalLLMError(f"a server already answers on {local_base_url(settings)} (set HQ_LLM_PORT for another port)")
    log(f"loading {model_path(settings.build_dir).name} with {settings.llm_threads} threads …")
    server = start(settings)
    log(f"llama.cpp server ready at {local_base_url(settings)} (model {MODEL_NAME})\n"
        f"use it:  export HQ_LLM_BASE_URL={local_base_url(settings)} HQ_LLM_MODEL={MODEL_NAME}\n"
        "stop with Ctrl-C")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        log("stopped")
    finally:
        del server
