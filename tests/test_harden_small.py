"""Small hardening items (issue 14, item 10): odd arguments, control characters, encodings, names, special
files, row/paragraph numbers that do not exist, the Streamlit upload limit."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from index.query_limit import QueryNotText, invalid_argument, limit_query
from ingest.chars import clean_text, display_name
from ingest.loaders import IngestError, load
from ingest.loaders.encoding import decode_bytes
from ingest.manifest import doc_id_for
from ingest.pipeline import discover, ingest, ingest_files
from ingest.store import load_clauses
from ingest.upload_names import MAX_NAME_BYTES, UploadNameError, safe_upload_name
from settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TEXT = "一、总则\n横琴粤澳深度合作区支持澳门企业发展，推动产业多元化，建设便利澳门居民生活就业的新家园。\n"


# -- invalid UTF-8 arguments --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["search", "ask", "cite"])
def test_invalid_utf8_argument_is_one_clear_error(tmp_path, command):
    env = {**os.environ, "HQ_BUILD_DIR": str(tmp_path / "build"), "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "cli.py", command, b"\xff\xfe\xe6\xbe\xb3"], cwd=ROOT, env=env,
                         capture_output=True, timeout=120)
    err = out.stderr.decode("utf-8", "replace")
    assert out.returncode == 2 and "not valid UTF-8" in err and "Traceback" not in err and "internal" not in err


def test_query_rule_refuses_undecodable_text_for_every_edge():
    bad = b"\xff\xfe".decode("utf-8", "surrogateescape") + "澳门"
    with pytest.raises(QueryNotText):
        limit_query(bad)
    assert "argument 1" in invalid_argument([bad]) and invalid_argument(["澳门", "-k", "3"]) == ""


# -- control characters -------------------------------------------------------------------------------------

def test_control_characters_never_reach_clause_text(tmp_path):
    nasty = "横琴\x1b[31m粤澳\x1b[0m深度\u202e合作区\u200b支持\x07澳门企业发展，推动产业多元化。"
    path = tmp_path / "nasty.txt"
    filler = "合作区建设便利澳门居民生活就业的新家园，推动产业多元化发展。" * 2200  # NUL past the 64 KB sniff
    path.write_text("一、总则\n" + nasty + "\n" + filler + "\x00尾部文字。\n", encoding="utf-8")
    result = ingest_files([path], tmp_path)
    assert result.reports[0].ok, result.reports[0].error
    text = "".join(c.text for c in result.clauses)
    assert "横琴粤澳深度合作区支持澳门企业发展" in text and "尾部文字" in text
    for ch in ("\x1b", "[31m", "\u202e", "\u200b", "\x07", "\x00"):
        assert ch not in text


def test_clean_text_keeps_ordinary_text():
    assert clean_text("Região Administrativa Especial de Macau") == "Região Administrativa Especial de Macau"
    assert clean_text("支持“澳门品牌”发展（第三条）。") == "支持“澳门品牌”发展（第三条）。"
    assert clean_text("a\u200db") == "a\u200db"  # ZWJ kept: it shapes scripts and emoji


# -- encodings and names ------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(tmp_path, encoding):
    path = tmp_path / "policy.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc = load(path)
    assert doc.encoding == encoding and "横琴粤澳深度合作区" in doc.lines[1].text
    assert decode_bytes("横琴粤澳深度合作区支持澳门企业".encode(encoding)).encoding == encoding


def test_non_utf8_file_name_is_ingested_and_stored(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    raw = os.fsencode(corpus) + b"/\xff\xfe\xd5\xfe.txt"  # not UTF-8 (a Latin-1/GBK archive name)
    with open(raw, "wb") as fh:
        fh.write(TEXT.encode("utf-8"))
    name = os.fsdecode(raw)
    assert doc_id_for(Path(name)).startswith("doc-")
    result = ingest([corpus], corpus, tmp_path / "build")
    assert result.ok and result.reports[0].file.endswith(".txt")
    assert display_name(Path(name).name) == result.reports[0].meta["file"]
    assert load_clauses(tmp_path / "build")


@pytest.mark.parametrize("name, words", [
    ("bad\x00name.txt", "NUL"),
    ("长" * 90 + ".txt", f"{MAX_NAME_BYTES} bytes"),
    ("x\u202etxt.exe.md", "control"),
    (".env.txt", "hidden"),
    ("../../etc/passwd", "PDF, DOCX"),
    ("", "no file name"),
])
def test_bad_upload_names_are_refused_with_a_message(name, words):
    with pytest.raises(UploadNameError) as exc:
        safe_upload_name(name)
    assert words in str(exc.value)


def test_good_upload_names_are_bare_and_normalised():
    assert safe_upload_name("C:\\Users\\me\\横琴规划.PDF") == "横琴规划.PDF"
    assert safe_upload_name("a/b/notice.html") == "notice.html"
    assert safe_upload_name("e\u0301.txt") == "\u00e9.txt"  # NFC


# -- special files in corpus/ -------------------------------------------------------------------------------

def test_links_loops_and_fifos_are_reported_by_name(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "dangling.txt").symlink_to(corpus / "nowhere.txt")
    (corpus / "loop-a.txt").symlink_to(corpus / "loop-b.txt")
    (corpus / "loop-b.txt").symlink_to(corpus / "loop-a.txt")
    os.mkfifo(corpus / "pipe.txt")
    result = ingest_files(discover([corpus]), corpus)  # returns: a FIFO is never opened
    errors = {Path(r.file).name: r.error for r in result.reports if not r.ok}
    assert "broken symbolic link" in errors["dangling.txt"]
    assert "loop" in errors["loop-a.txt"] and "loop" in errors["loop-b.txt"]
    assert "named pipe" in errors["pipe.txt"]
    assert [Path(r.file).name for r in result.reports if r.ok] == ["good.txt"]
    from ingest.freshness import corpus_fingerprint
    assert corpus_fingerprint(corpus)  # the corpus fingerprint skips them too (and does not block)


# -- row and paragraph numbers that do not exist -----------------------------------------------------------

@pytest.fixture(scope="module")
def plan_clauses(tmp_path_factory):
    build = tmp_path_factory.mktemp("plan")
    ingest([ROOT / "corpus"], ROOT / "corpus", build)
    return load_clauses(build)


@pytest.mark.parametrize("query, words", [("表2-1第0行", "no 第0行"), ("表2-1第99999行", "no 第99999行"),
                                          ("六（三）第-1段", "no 第-1段")])
def test_missing_rows_and_paragraphs_are_errors_not_the_whole_section(plan_clauses, query, words):
    from qa.lookup import LookupError_, lookup

    with pytest.raises(LookupError_) as exc:
        lookup(query, plan_clauses, doc="hq-industry-2025")
    assert words in str(exc.value) and "numbered from 1" in str(exc.value)


def test_existing_rows_and_paragraphs_still_resolve(plan_clauses):
    from qa.lookup import lookup

    assert len(lookup("表2-1第4行", plan_clauses, doc="hq-industry-2025").clauses) == 1
    assert len(lookup("六（三）第2段", plan_clauses, doc="hq-industry-2025").clauses) == 1


# -- Streamlit upload limit ---------------------------------------------------------------------------------

def test_streamlit_upload_limit_is_the_product_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == Settings().max_file_mb
