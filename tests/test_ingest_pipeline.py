"""End-to-end ingestion of mixed folders: PDF/DOCX/HTML fixtures, bad files, duplicates, the CLI."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.store import load_clauses, load_documents
from tests.fixtures_build import make_docx, make_html, make_pdf, make_scanned_pdf, random_bytes, sparse_file, truncate_copy

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "corpus" / "hengqin-industrial-development-plan-2025-2029.txt"

PDF_PAGES = [
    ["横琴粤澳深度合作区支持措施（试行）", "一、总体要求", "（一）适用范围", "本措施适用于在合作区登记注册的企业。"],
    ["二、支持内容", "（一）研发支持", "对澳资企业研发投入给予补贴，最高不超过500万元。"],
]


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PLAN, corpus / PLAN.name)
    shutil.copy(ROOT / "corpus" / "manifest.toml", corpus / "manifest.toml")
    make_pdf(corpus / "measures.pdf", PDF_PAGES)
    make_docx(corpus / "rules.docx", [
        ("title", "合作区企业服务办法"),
        ("h1", "总则"), ("p", "为优化营商环境，制定本办法。"),
        ("h1", "服务内容"), ("p", "合作区为企业提供全链条落地服务。"),
        ("table", [["事项", "时限"], ["商事登记", "1个工作日"], ["税务登记", "即时办结"]]),
    ])
    make_html(corpus / "notice.html", "关于开展跨境电商试点的通知",
              "<h2>一、试点内容</h2><p>支持跨境电商企业在合作区开展网购保税业务。</p>"
              "<h2>二、申报方式</h2><p>企业通过合作区政务服务平台在线申报。</p>")
    return corpus


def _add_bad_files(corpus: Path) -> dict[str, str]:
    (corpus / "empty.txt").write_bytes(b"")
    random_bytes(corpus / "garbage.pdf")
    random_bytes(corpus / "garbage.txt", seed=3)
    truncate_copy(corpus / "measures.pdf", corpus / "truncated.pdf", keep=0.4)
    make_pdf(corpus / "locked.pdf", PDF_PAGES, user_password="secret")
    make_scanned_pdf(corpus / "scan.pdf")
    (corpus / "slides.xyz").write_text("x")
    sparse_file(corpus / "huge.pdf", mb=200)
    shutil.copy(corpus / PLAN.name, corpus / "plan-copy.txt")
    return {"empty.txt": "empty", "garbage.pdf": "", "garbage.txt": "", "truncated.pdf": "",
            "locked.pdf": "encrypted", "scan.pdf": "no text layer", "slides.xyz": "unsupported file type",
            "huge.pdf": "200 MB", "plan-copy.txt": "duplicate"}


def test_mixed_folder_with_bad_files(tmp_path):
    corpus = _corpus(tmp_path)
    expected_errors = _add_bad_files(corpus)
    result = ingest([corpus], corpus, tmp_path / "build")
    by_file = {Path(r.file).name: r for r in result.reports}
    for name, words in expected_errors.items():
        r = by_file[name]
        assert not r.ok, name
        assert "\n" not in r.error and "Traceback" not in r.error
        assert name in r.error and words in r.error, r.error
    ok = sorted(n for n, r in by_file.items() if r.ok)
    assert ok == sorted([PLAN.name, "measures.pdf", "rules.docx", "notice.html"])
    clauses = load_clauses(tmp_path / "build")
    docs = {d["meta"]["file"]: d for d in load_documents(tmp_path / "build")}
    assert len(docs) == 4
    # the PDF keeps page numbers and its structure
    pdf = [c for c in clauses if c.doc_id == "measures"]
    support = next(c for c in pdf if "500万元" in c.text)
    assert support.page == 2 and support.path == ["二、支持内容", "（一）研发支持"]
    assert next(c for c in pdf if "登记注册" in c.text).page == 1
    assert docs["measures.pdf"]["meta"]["title"] == "《横琴粤澳深度合作区支持措施（试行）》"
    # the DOCX: Word heading styles become the path; the table becomes rows with headers
    docx_clauses = [c for c in clauses if c.doc_id == "rules"]
    service = next(c for c in docx_clauses if "全链条" in c.text)
    assert service.path == ["服务内容"] and "“服务内容”" in service.citation
    rows = [c for c in docx_clauses if c.kind == "table_row"]
    assert [r.table["values"] for r in rows] == [{"事项": "商事登记", "时限": "1个工作日"}, {"事项": "税务登记", "时限": "即时办结"}]
    # the HTML: navigation and footer never reach a clause
    html_text = "".join(c.text for c in clauses if c.doc_id == "notice")
    assert "网购保税业务" in html_text and "政务服务平台" in html_text
    for noise in ("首页", "机构概况", "分享到", "版权所有", "侧栏推荐"):
        assert noise not in html_text


def test_failed_run_keeps_the_previous_store(tmp_path):
    corpus = _corpus(tmp_path)
    build = tmp_path / "build"
    first = ingest([corpus], corpus, build)
    assert first.ok
    before = (build / "clauses" / "clauses.jsonl").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    random_bytes(bad / "garbage.pdf")
    again = ingest([bad], corpus, build)
    assert not again.ok
    assert (build / "clauses" / "clauses.jsonl").read_bytes() == before


def _cli(*args, env_build: Path):
    env = {"HQ_BUILD_DIR": str(env_build), "PATH": "/usr/bin:/bin", "HOME": str(env_build)}
    import os

    env = {**os.environ, **env}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT)


def test_cli_ingest_and_clauses(tmp_path):
    out = _cli("ingest", env_build=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "hq-industry-2025" in out.stdout and "table_row 11" in out.stdout
    summary = json.loads(_cli("ingest", "--json", env_build=tmp_path).stdout)
    docs = {d["doc_id"]: d for d in summary["documents"]}  # the bundled corpus holds three documents
    assert set(docs) == {"hq-industry-2025", "hq-master-plan-2021", "hq-promotion-regulation"}
    assert docs["hq-industry-2025"]["kinds"]["table_row"] == 11
    assert docs["hq-promotion-regulation"]["meta"]["family"] == "regulation"
    assert docs["hq-master-plan-2021"]["meta"]["family"] == "programme"
    listing = json.loads(_cli("clauses", "--doc", "hq-industry-2025", "--json", env_build=tmp_path).stdout)
    assert listing[0]["id"] == "hq-industry-2025/front.p1" and len(listing) == docs["hq-industry-2025"]["clauses"]


@pytest.mark.parametrize("name,content", [("empty.txt", b""), ("garbage.pdf", b"\x00\x01notapdf" * 100)])
def test_cli_nothing_ingested_exits_non_zero_without_traceback(tmp_path, name, content):
    bad = tmp_path / name
    bad.write_bytes(content)
    out = _cli("ingest", str(bad), env_build=tmp_path / "build")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    assert name in out.stdout and "previous clause store is unchanged" in out.stderr


def test_store_knows_when_the_corpus_folder_changed(tmp_path):
    from ingest.freshness import stale_reason

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PLAN, corpus / PLAN.name)
    build = tmp_path / "build"
    assert stale_reason(build, corpus) == "no clause store yet"
    ingest([corpus], corpus, build)
    assert stale_reason(build, corpus) == ""
    (corpus / "extra.txt").write_text("一、总则\n（一）适用范围\n本办法适用于合作区内登记注册的各类企业。\n", encoding="utf-8")
    assert "changed" in stale_reason(build, corpus)
    ingest([corpus], corpus, build)
    assert stale_reason(build, corpus) == ""


def test_a_listed_document_whose_content_changed_is_flagged(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "manifest.toml", corpus / "manifest.toml")
    (corpus / PLAN.name).write_text(PLAN.read_text(encoding="utf-8").replace("90亿元", "95亿元"), encoding="utf-8")
    result = ingest([corpus], corpus, tmp_path / "build")
    assert any("differs from the sha256" in w for w in result.reports[0].warnings)
    shutil.copy(PLAN, corpus / PLAN.name)
    assert not any("sha256" in w for w in ingest([corpus], corpus, tmp_path / "build").reports[0].warnings)
